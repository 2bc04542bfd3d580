package ingest

import (
	"encoding/binary"
	"fmt"
	"io"
)

// maxTIFFPages bounds the IFD chain walk: no register volume has more pages,
// and a crafted chain must not make us collect offsets forever.
const maxTIFFPages = 100000

// tiffChain is the list of page IFDs of a TIFF file.
type tiffChain struct {
	order binary.ByteOrder
	pages []int64 // offsets of the full-resolution page IFDs, in file order
	// err is set when the chain breaks (bad offset, loop, truncated IFD)
	// after pages: the pages before the break are still usable.
	err error
}

// readTIFFChain walks the IFD chain of a classic (32-bit) TIFF. x/image/tiff
// decodes only the first IFD; knowing every IFD's offset lets Open present
// the decoder a view of the file whose header points at page n. Reduced
// resolution images (thumbnails) and transparency masks are not pages.
func readTIFFChain(r io.ReaderAt, size int64) (*tiffChain, error) {
	var hdr [8]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, fmt.Errorf("tiff: truncated header")
	}
	c := &tiffChain{}
	switch string(hdr[:2]) {
	case "II":
		c.order = binary.LittleEndian
	case "MM":
		c.order = binary.BigEndian
	default:
		return nil, fmt.Errorf("tiff: bad byte order mark")
	}
	switch c.order.Uint16(hdr[2:4]) {
	case 42:
	case 43:
		return nil, errBigTIFF
	default:
		return nil, fmt.Errorf("tiff: bad version number")
	}
	off := int64(c.order.Uint32(hdr[4:8]))
	seen := map[int64]bool{}
	var all []int64 // every IFD, used when all of them claim to be reduced
	for off != 0 {
		if off < 8 || off+2 > size {
			c.err = fmt.Errorf("tiff: bad ifd offset %d", off)
			break
		}
		if seen[off] {
			c.err = fmt.Errorf("tiff: ifd chain loops back to offset %d", off)
			break
		}
		if len(seen) >= maxTIFFPages {
			c.err = fmt.Errorf("tiff: more than %d ifds", maxTIFFPages)
			break
		}
		seen[off] = true
		var nb [2]byte
		if _, err := r.ReadAt(nb[:], off); err != nil {
			c.err = fmt.Errorf("tiff: truncated ifd at offset %d", off)
			break
		}
		n := int64(c.order.Uint16(nb[:]))
		if n == 0 {
			c.err = fmt.Errorf("tiff: empty ifd at offset %d", off)
			break
		}
		buf := make([]byte, 12*n+4)
		if off+2+int64(len(buf)) > size {
			c.err = fmt.Errorf("tiff: truncated ifd at offset %d", off)
			break
		}
		if _, err := r.ReadAt(buf, off+2); err != nil {
			c.err = fmt.Errorf("tiff: truncated ifd at offset %d", off)
			break
		}
		all = append(all, off)
		if !c.reduced(buf[:12*n]) {
			c.pages = append(c.pages, off)
		}
		off = int64(c.order.Uint32(buf[12*n:]))
	}
	if len(c.pages) == 0 {
		c.pages = all
	}
	if len(c.pages) == 0 {
		if c.err == nil {
			c.err = fmt.Errorf("tiff: no image directory")
		}
		return nil, c.err
	}
	return c, nil
}

var errBigTIFF = fmt.Errorf("tiff: bigtiff not supported")

// reduced reports whether the IFD entries describe a thumbnail or mask
// rather than a page (NewSubfileType bits 0 and 2, or old SubfileType 2).
func (c *tiffChain) reduced(entries []byte) bool {
	for i := 0; i+12 <= len(entries); i += 12 {
		e := entries[i : i+12]
		tag, typ := c.order.Uint16(e[0:2]), c.order.Uint16(e[2:4])
		var v uint32
		switch typ {
		case 3: // SHORT
			v = uint32(c.order.Uint16(e[8:10]))
		case 4: // LONG
			v = c.order.Uint32(e[8:12])
		default:
			continue
		}
		switch tag {
		case 254: // NewSubfileType
			if v&0b101 != 0 {
				return true
			}
		case 255: // SubfileType
			if v == 2 {
				return true
			}
		}
	}
	return false
}

// ifdView is a TIFF file whose header's first-IFD offset is replaced, so
// that a first-IFD-only decoder reads another page.
type ifdView struct {
	r   io.ReaderAt
	hdr [8]byte
}

func newIFDView(r io.ReaderAt, order binary.ByteOrder, ifd int64) (*ifdView, error) {
	v := &ifdView{r: r}
	if _, err := r.ReadAt(v.hdr[:], 0); err != nil {
		return nil, err
	}
	order.PutUint32(v.hdr[4:8], uint32(ifd))
	return v, nil
}

// ReadAt implements io.ReaderAt.
func (v *ifdView) ReadAt(p []byte, off int64) (int, error) {
	n, err := v.r.ReadAt(p, off)
	for i := off; i < int64(len(v.hdr)) && i-off < int64(n); i++ {
		if i >= 0 {
			p[i-off] = v.hdr[i]
		}
	}
	return n, err
}
