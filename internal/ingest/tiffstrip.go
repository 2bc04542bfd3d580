package ingest

import (
	"compress/zlib"
	"encoding/binary"
	"image"
	"io"
)

// TIFF tags and values the strip reader looks at.
const (
	tagWidth        = 256
	tagHeight       = 257
	tagBitsSample   = 258
	tagCompression  = 259
	tagPhotometric  = 262
	tagStripOffsets = 273
	tagSamples      = 277
	tagRowsPerStrip = 278
	tagStripCounts  = 279
	tagPlanar       = 284
	tagPredictor    = 317
	tagTileWidth    = 322
	tagExtraSamples = 338
	tagSampleFormat = 339
)

// readStrips decodes the page whose IFD is at ifd when it is the common
// scanner output — 8-bit grey or RGB(A), one plane, in uncompressed or
// Deflate strips — straight into the image x/image/tiff would return, with
// the same pixels. x/image/tiff inflates each strip into a buffer grown by
// doubling, which for a one-strip A4 page at 300 dpi costs four times the
// inflating itself. Any other layout, and any error, gives ok false: the
// caller then decodes with x/image/tiff, which has the last word on what
// a file holds and on its errors.
func readStrips(r io.ReaderAt, order binary.ByteOrder, ifd int64) (img image.Image, ok bool) {
	tags, ok := readIFDTags(r, order, ifd)
	if !ok {
		return nil, false
	}
	l, ok := stripLayoutOf(tags)
	if !ok {
		return nil, false
	}
	img, pix, stride, ok := l.newImage()
	if !ok {
		return nil, false
	}
	if l.rps == 0 || l.rps > l.h {
		l.rps = l.h
	}
	strips := (l.height + int(l.rps) - 1) / int(l.rps)
	offs, counts := tags[tagStripOffsets], tags[tagStripCounts]
	if len(offs) != strips || len(counts) != strips {
		return nil, false
	}
	rowBytes := l.width * l.n
	var tmp []byte // RGB rows, before they get their alpha
	if l.n == 3 {
		tmp = make([]byte, int(l.rps)*rowBytes)
	}
	for s := range strips {
		y0 := s * int(l.rps)
		rows := min(int(l.rps), l.height-y0)
		var dst []byte
		if l.n == 3 {
			dst = tmp[:rows*rowBytes]
		} else {
			dst = pix[y0*stride : (y0+rows)*stride] // stride == rowBytes
		}
		if !l.readStrip(r, offs[s], counts[s], dst) {
			return nil, false
		}
		l.unpredict(dst, rows)
		switch {
		case l.n == 3:
			for y := range rows {
				src := dst[y*rowBytes : (y+1)*rowBytes]
				out := pix[(y0+y)*stride:][:4*l.width]
				for x := range l.width {
					out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = src[3*x], src[3*x+1], src[3*x+2], 0xff
				}
			}
		case l.photo == 0:
			for i, v := range dst {
				dst[i] = 0xff - v
			}
		}
	}
	return img, true
}

// stripLayout is what readStrips needs of a page's tags.
type stripLayout struct {
	w, h, comp, photo, spp, rps, pred, extra uint32
	width, height, n                         int // w, h and spp as ints
}

// stripLayoutOf reads the layout from a page's tags; ok is false for a
// layout readStrips leaves to x/image/tiff.
func stripLayoutOf(tags map[uint16][]uint32) (stripLayout, bool) {
	// one returns a tag's single value, def when it is absent; a tag with
	// several values makes the layout not ours.
	several := false
	one := func(tag uint16, def uint32) uint32 {
		v, has := tags[tag]
		switch {
		case !has:
			return def
		case len(v) == 1:
			return v[0]
		}
		several = true
		return 0
	}
	l := stripLayout{
		w: one(tagWidth, 0), h: one(tagHeight, 0), comp: one(tagCompression, 1),
		photo: one(tagPhotometric, 99), spp: one(tagSamples, 1), rps: one(tagRowsPerStrip, 0),
		pred: one(tagPredictor, 1), extra: one(tagExtraSamples, 0),
	}
	planar, format := one(tagPlanar, 1), one(tagSampleFormat, 1)
	if several {
		return l, false
	}
	if _, tiled := tags[tagTileWidth]; tiled || l.w == 0 || l.h == 0 || l.w > 1<<20 || l.h > 1<<20 ||
		planar != 1 || format != 1 || (l.pred != 1 && l.pred != 2) ||
		(l.comp != 1 && l.comp != 8 && l.comp != 32946) {
		return l, false
	}
	bps := tags[tagBitsSample]
	if uint32(len(bps)) != l.spp {
		return l, false
	}
	for _, b := range bps {
		if b != 8 {
			return l, false
		}
	}
	l.width, l.height, l.n = int(l.w), int(l.h), int(l.spp)
	return l, true
}

// newImage returns the image x/image/tiff would decode the page into,
// with its pixels and their stride; ok is false for a colour model
// readStrips leaves to x/image/tiff.
func (l *stripLayout) newImage() (img image.Image, pix []byte, stride int, ok bool) {
	rect := image.Rect(0, 0, l.width, l.height)
	switch {
	case (l.photo == 0 || l.photo == 1) && l.n == 1: // WhiteIsZero, BlackIsZero
		g := image.NewGray(rect)
		return g, g.Pix, g.Stride, true
	case l.photo == 2 && l.n == 3:
		m := image.NewRGBA(rect)
		return m, m.Pix, m.Stride, true
	case l.photo == 2 && l.n == 4 && l.extra == 1: // associated alpha
		m := image.NewRGBA(rect)
		return m, m.Pix, m.Stride, true
	case l.photo == 2 && l.n == 4 && l.extra == 2: // unassociated alpha
		m := image.NewNRGBA(rect)
		return m, m.Pix, m.Stride, true
	}
	return nil, nil, 0, false
}

// readStrip fills dst with the strip of count bytes at off, inflated
// if compressed; false on any error.
func (l *stripLayout) readStrip(r io.ReaderAt, off, count uint32, dst []byte) bool {
	sec := io.NewSectionReader(r, int64(off), int64(count))
	if l.comp == 1 {
		// x/image/tiff reads the whole strip as its count says, and
		// fails on a count past the end of the file or over its cap.
		var last [1]byte
		if count == 0 || int64(count) > int64(l.width)*int64(l.rps)*8 {
			return false
		}
		if _, err := r.ReadAt(last[:], int64(off)+int64(count)-1); err != nil {
			return false
		}
		_, err := io.ReadFull(sec, dst)
		return err == nil
	}
	zr, err := zlib.NewReader(sec)
	if err != nil {
		return false
	}
	_, err = io.ReadFull(zr, dst)
	if err == nil {
		// The rest of the stream, for its checksum.
		_, err = io.Copy(io.Discard, zr)
	}
	return err == nil
}

// unpredict undoes horizontal differencing (predictor 2) on rows of dst.
func (l *stripLayout) unpredict(dst []byte, rows int) {
	if l.pred != 2 {
		return
	}
	rowBytes := l.width * l.n
	for y := range rows {
		row := dst[y*rowBytes : (y+1)*rowBytes]
		for i := l.n; i < len(row); i++ {
			row[i] += row[i-l.n]
		}
	}
}

// readIFDTags reads the integer (SHORT and LONG) entries of the IFD at
// off; entries of other types are left out. ok is false for an IFD that
// cannot be read or holds more values than a page needs.
func readIFDTags(r io.ReaderAt, order binary.ByteOrder, off int64) (map[uint16][]uint32, bool) {
	var nb [2]byte
	if _, err := r.ReadAt(nb[:], off); err != nil {
		return nil, false
	}
	n := int(order.Uint16(nb[:]))
	buf := make([]byte, 12*n)
	if _, err := r.ReadAt(buf, off+2); err != nil {
		return nil, false
	}
	tags := map[uint16][]uint32{}
	for i := 0; i < n; i++ {
		e := buf[12*i : 12*i+12]
		tag, typ, count := order.Uint16(e[0:2]), order.Uint16(e[2:4]), order.Uint32(e[4:8])
		size := 0
		switch typ {
		case 3: // SHORT
			size = 2
		case 4: // LONG
			size = 4
		default:
			continue
		}
		if count == 0 || count > 1<<20 {
			return nil, false
		}
		data := e[8:12]
		if int(count)*size > 4 {
			data = make([]byte, int(count)*size)
			if _, err := r.ReadAt(data, int64(order.Uint32(e[8:12]))); err != nil {
				return nil, false
			}
		}
		vals := make([]uint32, count)
		for k := range vals {
			if size == 2 {
				vals[k] = uint32(order.Uint16(data[2*k:]))
			} else {
				vals[k] = order.Uint32(data[4*k:])
			}
		}
		tags[tag] = vals
	}
	return tags, true
}
