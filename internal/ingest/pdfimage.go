package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/lzw"
	"compress/zlib"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math/bits"

	"golang.org/x/image/ccitt"
	tifflzw "golang.org/x/image/tiff/lzw"

	"github.com/civreg/civreg/internal/lept"
	"github.com/civreg/civreg/internal/pdf"
	"github.com/civreg/civreg/registry"
)

// decodePDFImage decodes a page image found by internal/pdf. Errors name the
// codec ("flate: ...") but not the page.
func decodePDFImage(im *pdf.Image, o Options) (image.Image, error) {
	switch im.Filter {
	case "DCTDecode":
		return decodeDCT(im, o)
	case "CCITTFaxDecode":
		return decodeCCITT(im)
	case "FlateDecode", "LZWDecode", "RunLengthDecode", "":
		return decodeSamples(im)
	case "JPXDecode":
		return decodeJPX(im, o)
	case "JBIG2Decode":
		return decodeJBIG2(im, o)
	}
	return nil, registry.Errorf(registry.EUNSUPPORTED, "pdf image filter %s not supported", im.Filter)
}

func decodeDCT(im *pdf.Image, o Options) (image.Image, error) {
	// The JPEG's own header may claim more than the image dictionary did.
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(im.Data))
	if err != nil {
		return nil, decodeError(0, "jpeg", err)
	}
	if err := checkPixels(cfg.Width, cfg.Height, o); err != nil {
		return nil, decodeError(0, "jpeg", err)
	}
	if err := checkDecoded(cfg.Width, cfg.Height, bytesPerPixel(cfg.ColorModel), o); err != nil {
		return nil, decodeError(0, "jpeg", err)
	}
	img, err := jpeg.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return nil, decodeError(0, "jpeg", err)
	}
	return img, nil
}

// decodeCCITT decodes CCITT G3 (1-D or 2-D) and G4 data into a gray image,
// black 0 and white 255 as the page shows it.
func decodeCCITT(im *pdf.Image) (image.Image, error) {
	p := im.Params
	if c, ok := p["Columns"]; ok && c != im.Width {
		return nil, registry.Errorf(registry.EINVALID, "ccitt: columns %d differ from image width %d", c, im.Width)
	}
	var dst *image.Gray
	if p["K"] > 0 {
		var err error
		if dst, err = decodeG3TwoDim(im); err != nil {
			return nil, err
		}
	} else {
		sf := ccitt.Group4
		if p["K"] == 0 {
			sf = ccitt.Group3
		}
		dst = image.NewGray(image.Rect(0, 0, im.Width, im.Height))
		opts := &ccitt.Options{Align: p["EncodedByteAlign"] != 0}
		if err := ccitt.DecodeIntoGray(dst, bytes.NewReader(im.Data), ccitt.MSB, sf, opts); err != nil {
			return nil, decodeError(0, "ccitt", err)
		}
	}
	// The codes say which runs are black; BlackIs1 says which bit value the
	// filter emits for black, and the colour space (or /Decode [1 0]) says
	// which bit value shows as black. The two flips cancel out.
	if (p["BlackIs1"] != 0) != im.Invert {
		for i, v := range dst.Pix {
			dst.Pix[i] = ^v
		}
	}
	return dst, nil
}

// decodeG3TwoDim decodes G3 rows coded two-dimensionally (K > 0, a fax
// machine's T.4 coding), which x/image/ccitt does not read, through
// libtiff: the stream becomes the one strip of a TIFF G3 page of its own,
// min-is-white (0 bits in white runs, as the filter's default). libtiff
// finds each row by the end-of-line code before it, which T.4 requires but
// a PDF may leave out (/EndOfLine false): a stream that does not start
// with one is refused by name rather than misread.
func decodeG3TwoDim(im *pdf.Image) (*image.Gray, error) {
	k := im.Params["K"]
	if !startsWithEOL(im.Data) {
		return nil, registry.Errorf(registry.EUNSUPPORTED, "ccitt: group 3 2-d (k=%d) without end-of-line codes not supported", k)
	}
	t4 := uint32(t4TwoDim)
	if im.Params["EncodedByteAlign"] != 0 {
		t4 |= t4FillBits
	}
	w, h := uint32(im.Width), uint32(im.Height)
	img, err := lept.DecodeBilevelTIFF(g3TIFF(g3Page{w, h, 0, 1, t4, h}, [][]byte{im.Data}), im.Width, im.Height)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "ccitt: group 3 2-d (k=%d) rows cannot be decoded", k)
	}
	return img, nil
}

// startsWithEOL reports whether CCITT data begins with an end-of-line code
// (eleven or more 0 bits, fill included, then a 1).
func startsWithEOL(data []byte) bool {
	zeros := 0
	for _, b := range data {
		if b != 0 {
			return zeros+bits.LeadingZeros8(b) >= 11
		}
		zeros += 8
	}
	return false
}

// decodeSamples decodes raw samples (Flate, LZW, RunLength or uncompressed)
// with their predictor into a Gray, RGBA, CMYK or Paletted image.
func decodeSamples(im *pdf.Image) (image.Image, error) {
	name := map[string]string{"FlateDecode": "flate", "LZWDecode": "lzw", "RunLengthDecode": "runlength", "": "raw"}[im.Filter]
	comps, bpc := im.Components, im.BitsPerComponent
	if comps == 0 {
		return nil, registry.Errorf(registry.EUNSUPPORTED, "%s: colour space %q not supported", name, im.ColorSpace)
	}
	switch bpc {
	case 1, 2, 4, 8, 16:
	default:
		return nil, registry.Errorf(registry.EINVALID, "%s: %d bits per component", name, bpc)
	}
	w, h := im.Width, im.Height
	rowBytes := (w*comps*bpc + 7) / 8

	pred := 1
	if v, ok := im.Params["Predictor"]; ok {
		pred = v
	}
	stride := rowBytes
	switch {
	case pred >= 10:
		stride++ // a PNG filter-type byte starts every row
		colors, pbpc, cols := param(im.Params, "Colors", comps), param(im.Params, "BitsPerComponent", bpc), param(im.Params, "Columns", w)
		if (cols*colors*pbpc+7)/8 != rowBytes {
			return nil, registry.Errorf(registry.EINVALID, "%s: predictor row size differs from image row size", name)
		}
	case pred == 2:
		if bpc != 8 && bpc != 16 {
			return nil, registry.Errorf(registry.EUNSUPPORTED, "%s: tiff predictor with %d bits per component not supported", name, bpc)
		}
	case pred > 2:
		return nil, registry.Errorf(registry.EINVALID, "%s: predictor %d", name, pred)
	}

	var r io.Reader = bytes.NewReader(im.Data)
	switch im.Filter {
	case "FlateDecode":
		zr, err := zlib.NewReader(r)
		if err != nil {
			// Some writers omit the zlib header: try raw deflate.
			zr = flate.NewReader(bytes.NewReader(im.Data))
		}
		defer zr.Close()
		r = zr
	case "LZWDecode":
		var lr io.ReadCloser
		if v, ok := im.Params["EarlyChange"]; ok && v == 0 {
			lr = lzw.NewReader(r, lzw.MSB, 8)
		} else {
			lr = tifflzw.NewReader(r, tifflzw.MSB, 8)
		}
		defer lr.Close()
		r = lr
	case "RunLengthDecode":
		r = &runLength{r: bufio.NewReader(r)}
	}
	// The buffer is sized from the dimensions already checked against the
	// cap; whatever the stream would inflate beyond it is never read.
	buf := make([]byte, stride*h)
	if n, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, registry.Errorf(registry.EINVALID, "%s: image data is short (%d of %d bytes)", name, n, len(buf))
		}
		return nil, decodeError(0, name, err)
	}
	rows, err := unpredict(buf, h, rowBytes, stride, pred, comps, bpc)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "%s: %v", name, err)
	}
	return buildImage(im, rows, rowBytes), nil
}

func param(p map[string]int, key string, def int) int {
	if v, ok := p[key]; ok && v > 0 {
		return v
	}
	return def
}

// unpredict undoes the PNG (10-15) or TIFF (2) predictor in place and
// returns the rows packed without filter bytes.
func unpredict(buf []byte, h, rowBytes, stride, pred, comps, bpc int) ([]byte, error) {
	switch {
	case pred >= 10:
		bpp := max(1, (comps*bpc+7)/8)
		prev := make([]byte, rowBytes)
		out := buf[:0] // rows shift left by one byte each: safe in place
		for y := 0; y < h; y++ {
			ft, row := buf[y*stride], buf[y*stride+1:(y+1)*stride]
			switch ft {
			case 0:
			case 1:
				for i := bpp; i < len(row); i++ {
					row[i] += row[i-bpp]
				}
			case 2:
				for i := range row {
					row[i] += prev[i]
				}
			case 3:
				for i := range row {
					var left int
					if i >= bpp {
						left = int(row[i-bpp])
					}
					row[i] += byte((left + int(prev[i])) / 2)
				}
			case 4:
				for i := range row {
					var a, c int
					if i >= bpp {
						a, c = int(row[i-bpp]), int(prev[i-bpp])
					}
					row[i] += paeth(a, int(prev[i]), c)
				}
			default:
				return nil, errors.New("bad png predictor filter type")
			}
			copy(prev, row)
			out = append(out, row...)
		}
		return out, nil
	case pred == 2:
		for y := 0; y < h; y++ {
			row := buf[y*rowBytes : (y+1)*rowBytes]
			if bpc == 8 {
				for i := comps; i < len(row); i++ {
					row[i] += row[i-comps]
				}
				continue
			}
			for i := 2 * comps; i+1 < len(row); i += 2 {
				v := uint16(row[i])<<8 | uint16(row[i+1])
				p := uint16(row[i-2*comps])<<8 | uint16(row[i-2*comps+1])
				v += p
				row[i], row[i+1] = byte(v>>8), byte(v)
			}
		}
	}
	return buf, nil
}

func paeth(a, b, c int) byte {
	p := a + b - c
	pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
	switch {
	case pa <= pb && pa <= pc:
		return byte(a)
	case pb <= pc:
		return byte(b)
	}
	return byte(c)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// buildImage turns packed rows of samples into an image.
func buildImage(im *pdf.Image, rows []byte, rowBytes int) image.Image {
	w, h, comps, bpc := im.Width, im.Height, im.Components, im.BitsPerComponent
	rect := image.Rect(0, 0, w, h)
	// sample returns component c of pixel x in row as 8 bits.
	maxv := 1<<bpc - 1
	sample := func(row []byte, x, c int) uint8 {
		i := x*comps + c
		switch bpc {
		case 8:
			return row[i]
		case 16:
			return row[2*i]
		}
		bit := i * bpc
		v := int(row[bit/8]>>(8-bpc-bit%8)) & maxv
		return uint8(v * 255 / maxv)
	}
	index := func(row []byte, x int) uint8 { // raw value for a palette
		if bpc == 8 || bpc == 16 {
			return sample(row, x, 0)
		}
		bit := x * bpc
		return uint8(int(row[bit/8]>>(8-bpc-bit%8)) & maxv)
	}
	var inv uint8
	if im.Invert {
		inv = 0xff
	}
	switch {
	case im.ColorSpace == "Indexed":
		pal := make(color.Palette, 256)
		n := 1
		if im.PaletteBase == "DeviceRGB" {
			n = 3
		}
		for i := range pal {
			var c [3]byte
			if (i+1)*n <= len(im.Palette) {
				copy(c[:], im.Palette[i*n:(i+1)*n])
				if n == 1 {
					c[1], c[2] = c[0], c[0]
				}
			}
			pal[i] = color.RGBA{c[0], c[1], c[2], 0xff}
		}
		dst := image.NewPaletted(rect, pal)
		for y := 0; y < h; y++ {
			row := rows[y*rowBytes:]
			for x := 0; x < w; x++ {
				dst.Pix[y*dst.Stride+x] = index(row, x)
			}
		}
		return dst
	case comps == 1:
		dst := image.NewGray(rect)
		for y := 0; y < h; y++ {
			row := rows[y*rowBytes:]
			for x := 0; x < w; x++ {
				dst.Pix[y*dst.Stride+x] = sample(row, x, 0) ^ inv
			}
		}
		return dst
	case comps == 3:
		dst := image.NewRGBA(rect)
		for y := 0; y < h; y++ {
			row := rows[y*rowBytes:]
			for x := 0; x < w; x++ {
				p := dst.Pix[y*dst.Stride+4*x:]
				p[0], p[1], p[2], p[3] = sample(row, x, 0)^inv, sample(row, x, 1)^inv, sample(row, x, 2)^inv, 0xff
			}
		}
		return dst
	default: // 4: CMYK
		dst := image.NewCMYK(rect)
		for y := 0; y < h; y++ {
			row := rows[y*rowBytes:]
			for x := 0; x < w; x++ {
				p := dst.Pix[y*dst.Stride+4*x:]
				for c := 0; c < 4; c++ {
					p[c] = sample(row, x, c) ^ inv
				}
			}
		}
		return dst
	}
}

// runLength decodes the PDF RunLengthDecode filter and TIFF's PackBits.
type runLength struct {
	r   *bufio.Reader
	rep byte // byte to repeat
	n   int  // bytes left in the current run
	lit bool // the current run is literal
	eod bool
	// tiff reads a length byte of 128 as TIFF's PackBits does, as
	// nothing; the PDF filter ends its data there.
	tiff bool
}

func (d *runLength) Read(p []byte) (int, error) {
	i := 0
	for i < len(p) {
		if d.n == 0 {
			if d.eod {
				break
			}
			l, err := d.r.ReadByte()
			if err != nil {
				d.eod = true
				break
			}
			switch {
			case l == 128 && d.tiff:
				continue
			case l == 128:
				d.eod = true
				continue
			case l < 128:
				d.n, d.lit = int(l)+1, true
			default:
				b, err := d.r.ReadByte()
				if err != nil {
					d.eod = true
					break
				}
				d.n, d.lit, d.rep = 257-int(l), false, b
			}
			continue
		}
		if d.lit {
			b, err := d.r.ReadByte()
			if err != nil {
				d.eod, d.n = true, 0
				break
			}
			p[i] = b
		} else {
			p[i] = d.rep
		}
		i++
		d.n--
	}
	if i == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return i, nil
}
