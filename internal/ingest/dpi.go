package ingest

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
)

// pngDPI reads the resolution of a PNG's pHYs chunk, which comes before
// the image data; 0 when there is none or its unit is not the metre.
func pngDPI(r io.ReaderAt) int {
	off := int64(8)
	for range 64 { // pHYs is among the first chunks, or absent
		var hdr [8]byte
		if _, err := r.ReadAt(hdr[:], off); err != nil {
			return 0
		}
		n, typ := int64(binary.BigEndian.Uint32(hdr[:4])), string(hdr[4:])
		switch typ {
		case "pHYs":
			var b [9]byte
			if n != 9 {
				return 0
			}
			if _, err := r.ReadAt(b[:], off+8); err != nil || b[8] != 1 {
				return 0
			}
			return int(math.Round(float64(binary.BigEndian.Uint32(b[:4])) * 0.0254))
		case "IDAT", "IEND":
			return 0
		}
		off += 12 + n
	}
	return 0
}

// jpegDPI reads the density of a JPEG's JFIF header (APP0); 0 when there
// is none or it gives an aspect ratio only.
func jpegDPI(r io.ReaderAt) int {
	var b [18]byte
	if _, err := r.ReadAt(b[:], 0); err != nil {
		return 0
	}
	if b[2] != 0xff || b[3] != 0xe0 || !bytes.Equal(b[6:11], []byte("JFIF\x00")) {
		return 0
	}
	d := float64(binary.BigEndian.Uint16(b[14:16]))
	switch b[13] {
	case 1:
		return int(d)
	case 2: // dots per centimetre
		return int(math.Round(d * 2.54))
	}
	return 0
}

// tiffDPI reads the IFD's XResolution and ResolutionUnit (inch unless it
// says centimetre); 0 when there is none or the unit is none.
func tiffDPI(r io.ReaderAt, order binary.ByteOrder, ifd int64) int {
	var nb [2]byte
	if _, err := r.ReadAt(nb[:], ifd); err != nil {
		return 0
	}
	n := int(order.Uint16(nb[:]))
	buf := make([]byte, 12*n)
	if _, err := r.ReadAt(buf, ifd+2); err != nil {
		return 0
	}
	var res float64
	unit := 2
	for i := range n {
		e := buf[12*i:]
		tag, typ := order.Uint16(e[0:2]), order.Uint16(e[2:4])
		switch {
		case tag == 282 && typ == 5: // XResolution, RATIONAL
			var v [8]byte
			if _, err := r.ReadAt(v[:], int64(order.Uint32(e[8:12]))); err != nil {
				return 0
			}
			if den := order.Uint32(v[4:]); den != 0 {
				res = float64(order.Uint32(v[:4])) / float64(den)
			}
		case tag == 296 && typ == 3: // ResolutionUnit
			unit = int(order.Uint16(e[8:10]))
		}
	}
	switch unit {
	case 2:
		return int(math.Round(res))
	case 3:
		return int(math.Round(res * 2.54))
	}
	return 0
}
