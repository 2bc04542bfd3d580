package lept

// #include <stdlib.h>
// #include <leptonica/allheaders.h>
//
// // g4_tiff writes a bilevel page (a byte per pixel, below 128 black) as
// // a one-strip G4 TIFF.
// static int g4_tiff(const unsigned char *src, int w, int h, l_uint8 **out, size_t *n) {
// 	PIX *pix = pixCreate(w, h, 1);
// 	if (pix == NULL) return 1;
// 	l_uint32 *data = pixGetData(pix);
// 	l_int32 wpl = pixGetWpl(pix);
// 	for (int y = 0; y < h; y++)
// 		for (int x = 0; x < w; x++)
// 			if (src[(size_t)y * w + x] < 128) SET_DATA_BIT(data + (size_t)y * wpl, x);
// 	int err = pixWriteMemTiff(out, n, pix, IFF_TIFF_G4);
// 	pixDestroy(&pix);
// 	return err;
// }
import "C"

import (
	"encoding/binary"
	"errors"
	"image"
	"image/draw"
	"unsafe"
)

// EncodeG4 codes a page as CCITT G4 (T.6) rows, pixels below 128 black:
// 0 bits white, as a PDF's CCITTFaxDecode (K -1) and a JBIG2 generic
// region coded MMR read them.
func EncodeG4(img image.Image) ([]byte, error) {
	b := img.Bounds()
	g, ok := img.(*image.Gray)
	if !ok || g.Stride != b.Dx() || b.Min != (image.Point{}) {
		g = image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(g, g.Rect, img, b.Min, draw.Src)
	}
	if len(g.Pix) == 0 {
		return nil, errors.New("g4: empty image")
	}
	var out *C.l_uint8
	var n C.size_t
	if C.g4_tiff((*C.uchar)(unsafe.Pointer(&g.Pix[0])), C.int(b.Dx()), C.int(b.Dy()), &out, &n) != 0 {
		return nil, errors.New("g4: cannot encode")
	}
	defer C.free(unsafe.Pointer(out))
	return tiffStrip(C.GoBytes(unsafe.Pointer(out), C.int(n)))
}

// tiffStrip returns the one strip of a little- or big-endian TIFF.
func tiffStrip(f []byte) ([]byte, error) {
	if len(f) < 8 {
		return nil, errors.New("g4: short tiff")
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if f[0] == 'M' {
		bo = binary.BigEndian
	}
	ifd := int(bo.Uint32(f[4:]))
	if ifd+2 > len(f) {
		return nil, errors.New("g4: bad tiff")
	}
	off, n := -1, -1
	for i := range int(bo.Uint16(f[ifd:])) {
		e := f[ifd+2+12*i:]
		val := func() int {
			if bo.Uint32(e[4:]) != 1 {
				return -1 // several strips
			}
			if bo.Uint16(e[2:]) == 3 {
				return int(bo.Uint16(e[8:]))
			}
			return int(bo.Uint32(e[8:]))
		}
		switch bo.Uint16(e) {
		case 273:
			off = val()
		case 279:
			n = val()
		}
	}
	if off < 0 || n < 0 || off+n > len(f) {
		return nil, errors.New("g4: not one strip")
	}
	return f[off : off+n], nil
}
