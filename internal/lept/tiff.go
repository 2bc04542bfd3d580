package lept

// #include <stdlib.h>
// #include <leptonica/allheaders.h>
//
// // bilevel_tiff reads the first page of an in-memory TIFF through
// // libtiff; out gets a byte per pixel, 0 for black, 255 for white.
// static int bilevel_tiff(const l_uint8 *data, size_t n, l_int32 w, l_int32 h, unsigned char *out) {
// 	PIX *pix = pixReadMemTiff(data, n, 0);
// 	if (pix == NULL) return 1;
// 	if (pixGetDepth(pix) != 1 || pixGetWidth(pix) != w || pixGetHeight(pix) != h) {
// 		pixDestroy(&pix);
// 		return 2;
// 	}
// 	l_uint32 *bits = pixGetData(pix);
// 	l_int32 wpl = pixGetWpl(pix);
// 	for (l_int32 y = 0; y < h; y++)
// 		for (l_int32 x = 0; x < w; x++)
// 			*out++ = GET_DATA_BIT(bits + (size_t)y * wpl, x) ? 0 : 255;
// 	pixDestroy(&pix);
// 	return 0;
// }
import "C"

import (
	"errors"
	"image"
	"unsafe"
)

// DecodeBilevelTIFF decodes the first page of a TIFF held in memory, a
// bilevel page of w×h pixels, through libtiff (which Leptonica reads
// TIFFs with): the codings x/image does not read, CCITT group 3 with rows
// coded two-dimensionally among them. The result is 0 (black) and 255
// (white), whichever photometric interpretation the file states.
func DecodeBilevelTIFF(data []byte, w, h int) (*image.Gray, error) {
	if len(data) == 0 || w <= 0 || h <= 0 {
		return nil, errors.New("tiff: no data")
	}
	p := C.CBytes(data)
	defer C.free(p)
	g := image.NewGray(image.Rect(0, 0, w, h))
	switch C.bilevel_tiff((*C.l_uint8)(p), C.size_t(len(data)), C.l_int32(w), C.l_int32(h), (*C.uchar)(unsafe.Pointer(&g.Pix[0]))) {
	case 0:
		return g, nil
	case 2:
		return nil, errors.New("tiff: not the bilevel page its tags describe")
	}
	return nil, errors.New("tiff: cannot decode the page")
}
