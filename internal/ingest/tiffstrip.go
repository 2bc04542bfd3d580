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
	one := func(tag uint16, def uint32) (uint32, bool) {
		v, has := tags[tag]
		switch {
		case !has:
			return def, true
		case len(v) == 1:
			return v[0], true
		}
		return 0, false
	}
	w, ok1 := one(tagWidth, 0)
	h, ok2 := one(tagHeight, 0)
	comp, ok3 := one(tagCompression, 1)
	photo, ok4 := one(tagPhotometric, 99)
	spp, ok5 := one(tagSamples, 1)
	rps, ok6 := one(tagRowsPerStrip, 0)
	planar, ok7 := one(tagPlanar, 1)
	pred, ok8 := one(tagPredictor, 1)
	extra, ok9 := one(tagExtraSamples, 0)
	format, ok10 := one(tagSampleFormat, 1)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && ok8 && ok9 && ok10) {
		return nil, false
	}
	if _, tiled := tags[tagTileWidth]; tiled || w == 0 || h == 0 || w > 1<<20 || h > 1<<20 ||
		planar != 1 || format != 1 || (pred != 1 && pred != 2) ||
		(comp != 1 && comp != 8 && comp != 32946) {
		return nil, false
	}
	bps := tags[tagBitsSample]
	if uint32(len(bps)) != spp {
		return nil, false
	}
	for _, b := range bps {
		if b != 8 {
			return nil, false
		}
	}
	width, height, n := int(w), int(h), int(spp)
	rect := image.Rect(0, 0, width, height)
	var pix []byte
	var stride int // bytes per row of pix
	switch {
	case (photo == 0 || photo == 1) && n == 1: // WhiteIsZero, BlackIsZero
		g := image.NewGray(rect)
		img, pix, stride = g, g.Pix, g.Stride
	case photo == 2 && n == 3:
		m := image.NewRGBA(rect)
		img, pix, stride = m, m.Pix, m.Stride
	case photo == 2 && n == 4 && extra == 1: // associated alpha
		m := image.NewRGBA(rect)
		img, pix, stride = m, m.Pix, m.Stride
	case photo == 2 && n == 4 && extra == 2: // unassociated alpha
		m := image.NewNRGBA(rect)
		img, pix, stride = m, m.Pix, m.Stride
	default:
		return nil, false
	}
	if rps == 0 || rps > h {
		rps = h
	}
	strips := (height + int(rps) - 1) / int(rps)
	offs, counts := tags[tagStripOffsets], tags[tagStripCounts]
	if len(offs) != strips || len(counts) != strips {
		return nil, false
	}
	rowBytes := width * n
	var tmp []byte // RGB rows, before they get their alpha
	if n == 3 {
		tmp = make([]byte, int(rps)*rowBytes)
	}
	for s := range strips {
		y0 := s * int(rps)
		rows := min(int(rps), height-y0)
		var dst []byte
		if n == 3 {
			dst = tmp[:rows*rowBytes]
		} else {
			dst = pix[y0*stride : (y0+rows)*stride] // stride == rowBytes
		}
		sec := io.NewSectionReader(r, int64(offs[s]), int64(counts[s]))
		if comp == 1 {
			// x/image/tiff reads the whole strip as its count says, and
			// fails on a count past the end of the file or over its cap.
			var last [1]byte
			if counts[s] == 0 || int64(counts[s]) > int64(width)*int64(rps)*8 {
				return nil, false
			}
			if _, err := r.ReadAt(last[:], int64(offs[s])+int64(counts[s])-1); err != nil {
				return nil, false
			}
			if _, err := io.ReadFull(sec, dst); err != nil {
				return nil, false
			}
		} else {
			zr, err := zlib.NewReader(sec)
			if err != nil {
				return nil, false
			}
			_, err = io.ReadFull(zr, dst)
			if err == nil {
				// The rest of the stream, for its checksum.
				_, err = io.Copy(io.Discard, zr)
			}
			if err != nil {
				return nil, false
			}
		}
		if pred == 2 {
			for y := range rows {
				row := dst[y*rowBytes : (y+1)*rowBytes]
				for i := n; i < len(row); i++ {
					row[i] += row[i-n]
				}
			}
		}
		switch {
		case n == 3:
			for y := range rows {
				src := dst[y*rowBytes : (y+1)*rowBytes]
				out := pix[(y0+y)*stride:][:4*width]
				for x := range width {
					out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = src[3*x], src[3*x+1], src[3*x+2], 0xff
				}
			}
		case photo == 0:
			for i, v := range dst {
				dst[i] = 0xff - v
			}
		}
	}
	return img, true
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
