package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"image"
	"io"
	"math/bits"
	"slices"

	"golang.org/x/image/ccitt"
	tifflzw "golang.org/x/image/tiff/lzw"

	"github.com/civreg/civreg/internal/lept"
	"github.com/civreg/civreg/registry"
)

// Bilevel TIFF tags and compressions the bilevel reader looks at.
const (
	tagFillOrder  = 266
	tagT4Options  = 292
	compNone      = 1
	compG3        = 3
	compG4        = 4
	compLZW       = 5
	compPackBits  = 32773
	t4TwoDim      = 1 << 0 // T4Options: rows coded two-dimensionally
	t4FillBits    = 1 << 2 // T4Options: each EOL ends on a byte boundary
	fillLSBFirst  = 2      // FillOrder: the first pixel is a byte's lowest bit
	photoMinBlack = 1      // PhotometricInterpretation BlackIsZero
)

// readBilevel decodes the page whose IFD is at ifd when it is a bilevel
// page (1 bit, one sample) in strips, uncompressed or in G3 (1-D or 2-D), G4,
// LZW or PackBits, in either FillOrder and either photometric
// interpretation, into a Gray of 0 (black) and 255 (white).
//
// x/image/tiff reads a fax-coded page's white runs as white whatever the
// PhotometricInterpretation says; but a TIFF's fax codes say which bits
// are 0 (libtiff, which writes most of them, codes 0 bits as "white"
// runs), and BlackIsZero makes those bits black. An archive's G4 page in
// BlackIsZero came out as a negative and was refused as no register page.
//
// G3 rows coded two-dimensionally are read through libtiff (readG3TwoDim).
// Any other layout, and any error, gives ok false: the caller then decodes
// with x/image/tiff, which has the last word on a file's errors.
func readBilevel(r io.ReaderAt, order binary.ByteOrder, ifd int64) (img *image.Gray, ok bool, err error) {
	tags, ok := readIFDTags(r, order, ifd)
	if !ok {
		return nil, false, nil
	}
	one := func(tag uint16, def uint32) uint32 {
		switch v := tags[tag]; len(v) {
		case 0:
			return def
		case 1:
			return v[0]
		}
		return 1 << 31 // several values where one is due: no layout we take
	}
	w, h := one(tagWidth, 0), one(tagHeight, 0)
	comp, photo := one(tagCompression, compNone), one(tagPhotometric, 0)
	rps, fill, t4 := one(tagRowsPerStrip, h), one(tagFillOrder, 1), one(tagT4Options, 0)
	if _, tiled := tags[tagTileWidth]; tiled || one(tagBitsSample, 1) != 1 || one(tagSamples, 1) != 1 ||
		w == 0 || h == 0 || w > 1<<20 || h > 1<<20 || photo > 1 || fill > 2 || one(tagPredictor, 1) != 1 {
		return nil, false, nil
	}
	switch comp {
	case compNone, compLZW, compPackBits, compG4:
	case compG3:
	default:
		return nil, false, nil
	}
	if rps == 0 || rps > h {
		rps = h
	}
	width, height := int(w), int(h)
	strips := (height + int(rps) - 1) / int(rps)
	offs, counts := tags[tagStripOffsets], tags[tagStripCounts]
	if len(offs) != strips || len(counts) != strips {
		return nil, false, nil
	}
	if comp == compG3 && t4&t4TwoDim != 0 {
		// x/image/ccitt reads 1-D rows only (x/image/tiff then misreads
		// 2-D ones as "run length overflows width"): libtiff reads them.
		return readG3TwoDim(r, g3Page{w, h, photo, fill, t4, rps}, offs, counts)
	}
	rowBytes := (width + 7) / 8
	packed := make([]byte, rowBytes*height)
	for s := range strips {
		y0 := s * int(rps)
		rows := min(int(rps), height-y0)
		dst := packed[y0*rowBytes : (y0+rows)*rowBytes]
		sec := io.NewSectionReader(r, int64(offs[s]), int64(counts[s]))
		if !readBilevelStrip(sec, comp, fill, t4&t4FillBits != 0, width, rows, dst) {
			return nil, false, nil
		}
	}
	return expandBits(packed, width, height, photo == photoMinBlack), true, nil
}

// g3Page is the layout of a page in CCITT group 3.
type g3Page struct{ width, height, photo, fill, t4, rowsPerStrip uint32 }

// readG3TwoDim decodes a page of G3 rows coded two-dimensionally through
// libtiff (lept.DecodeBilevelTIFF): its strips are copied into a TIFF of
// that page alone, with the tags that say how to read them. A page libtiff
// cannot read is the file's error.
func readG3TwoDim(r io.ReaderAt, p g3Page, offs, counts []uint32) (*image.Gray, bool, error) {
	// Coded rows are no longer than twice the raw ones: a count beyond
	// that is a hostile file's, not to be allocated.
	budget := int64(p.width+7)/8*int64(p.height)*2 + 1<<16
	var strips [][]byte
	for i := range offs {
		if budget -= int64(counts[i]); budget < 0 {
			return nil, false, errG3
		}
		b := make([]byte, counts[i])
		if _, err := r.ReadAt(b, int64(offs[i])); err != nil {
			return nil, false, errG3
		}
		strips = append(strips, b)
	}
	img, err := lept.DecodeBilevelTIFF(g3TIFF(p, strips), int(p.width), int(p.height))
	if err != nil {
		return nil, false, errG3
	}
	return img, true, nil
}

var errG3 = registry.Errorf(registry.EINVALID, "tiff: ccitt group 3 page with 2-d coding cannot be decoded")

// g3TIFF writes a little-endian TIFF of one G3 page: the header, its
// strips, the strip offsets and counts, and the IFD.
func g3TIFF(p g3Page, strips [][]byte) []byte {
	le := binary.LittleEndian
	out := []byte{'I', 'I', 42, 0, 0, 0, 0, 0}
	var offs, counts []uint32
	for _, s := range strips {
		offs, counts = append(offs, uint32(len(out))), append(counts, uint32(len(s)))
		out = append(out, s...)
	}
	array := func(v []uint32) uint32 { // the value or, for several, where they are
		if len(v) == 1 {
			return v[0]
		}
		at := uint32(len(out))
		for _, x := range v {
			out = le.AppendUint32(out, x)
		}
		return at
	}
	offAt, countAt := array(offs), array(counts)
	type entry struct {
		tag      uint16
		typ      uint16 // 3 SHORT, 4 LONG
		n, value uint32
	}
	n := uint32(len(strips))
	entries := []entry{
		{tagWidth, 4, 1, p.width}, {tagHeight, 4, 1, p.height}, {tagBitsSample, 3, 1, 1},
		{tagCompression, 3, 1, compG3}, {tagPhotometric, 3, 1, p.photo}, {tagFillOrder, 3, 1, p.fill},
		{tagStripOffsets, 4, n, offAt}, {tagSamples, 3, 1, 1}, {tagRowsPerStrip, 4, 1, p.rowsPerStrip},
		{tagStripCounts, 4, n, countAt}, {tagT4Options, 4, 1, p.t4},
	}
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	le.PutUint32(out[4:], uint32(len(out)))
	out = le.AppendUint16(out, uint16(len(entries)))
	for _, e := range entries {
		out = le.AppendUint16(out, e.tag)
		out = le.AppendUint16(out, e.typ)
		out = le.AppendUint32(out, e.n)
		if e.typ == 3 && e.n == 1 {
			out = le.AppendUint16(out, uint16(e.value))
			out = le.AppendUint16(out, 0)
		} else {
			out = le.AppendUint32(out, e.value)
		}
	}
	return le.AppendUint32(out, 0)
}

// readBilevelStrip decodes one strip into dst, rows of packed bits, first
// pixel in the top bit, as stored (1 means the photometric's maximum).
// FillOrder is the order of the bits of the stored, still compressed
// bytes, as libtiff reads it.
func readBilevelStrip(sec *io.SectionReader, comp, fill uint32, padded bool, width, rows int, dst []byte) bool {
	var src io.Reader = sec
	if fill == fillLSBFirst || padded {
		// The strip is read whole to reorder or unpad its bits; it is no
		// bigger than the file, which is under its cap.
		data, err := io.ReadAll(sec)
		if err != nil {
			return false
		}
		if fill == fillLSBFirst {
			for i, b := range data {
				data[i] = bits.Reverse8(b)
			}
		}
		if padded {
			return readPaddedG3(data, width, rows, dst)
		}
		src = bytes.NewReader(data)
	}
	switch comp {
	case compG3, compG4:
		sf := ccitt.Group4
		if comp == compG3 {
			sf = ccitt.Group3
		}
		// Invert: the decoder's 1 bits are then the runs coded black,
		// which are the stored 1 bits.
		src = ccitt.NewReader(src, ccitt.MSB, sf, width, rows, &ccitt.Options{Invert: true})
	case compLZW:
		lr := tifflzw.NewReader(src, tifflzw.MSB, 8)
		defer lr.Close()
		src = lr
	case compPackBits:
		src = &runLength{r: bufio.NewReader(src), tiff: true}
	}
	_, err := io.ReadFull(src, dst)
	return err == nil
}

// readPaddedG3 decodes 1-D G3 rows whose EOLs are padded to end on a
// byte boundary, which x/image/ccitt does not expect, one row at a time:
// an EOL's eleven zeros occur in no row's codes, so a byte 0x01 after a
// byte whose low four bits are zero ends an EOL, and the next row starts
// at the next byte. Each row is decoded behind an EOL of its own, and its
// tail of zeros (fill, or the last code's) is left unread.
func readPaddedG3(data []byte, width, rows int, dst []byte) bool {
	rowBytes := (width + 7) / 8
	start, y := 0, 0
	row := func(seg []byte) bool {
		if y == rows || !slices.ContainsFunc(seg, func(b byte) bool { return b != 0 }) {
			return true // an RTC's EOLs, or fill before the first EOL
		}
		// EOL, then four bits the row's byte alignment skips.
		in := append([]byte{0x00, 0x10}, seg...)
		r := ccitt.NewReader(bytes.NewReader(in), ccitt.MSB, ccitt.Group3, width, 1, &ccitt.Options{Align: true, Invert: true})
		if _, err := io.ReadFull(r, dst[y*rowBytes:(y+1)*rowBytes]); err != nil {
			return false
		}
		y++
		return true
	}
	for i := 1; i < len(data); i++ {
		if data[i] == 0x01 && data[i-1]&0x0f == 0 {
			if !row(data[start:i]) {
				return false
			}
			start = i + 1
		}
	}
	return row(data[start:]) && y == rows
}

// expandBits turns packed rows into a Gray: a 1 bit is white when
// oneIsWhite (BlackIsZero), black otherwise (WhiteIsZero).
func expandBits(packed []byte, width, height int, oneIsWhite bool) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, width, height))
	rowBytes := (width + 7) / 8
	var one, zero uint8 = 0, 0xff
	if oneIsWhite {
		one, zero = 0xff, 0
	}
	for y := range height {
		row, out := packed[y*rowBytes:(y+1)*rowBytes], g.Pix[y*g.Stride:][:width]
		for x := range out {
			if row[x>>3]&(0x80>>(x&7)) != 0 {
				out[x] = one
			} else {
				out[x] = zero
			}
		}
	}
	return g
}
