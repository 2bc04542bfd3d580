package tesseract

// #include <stdlib.h>
// #include <string.h>
// #include <leptonica/allheaders.h>
//
// // fill_pix copies h rows of w grey bytes (stride apart) into an 8-bit
// // Pix: Leptonica keeps pixels in native 32-bit words, most significant
// // byte first, so on a little-endian machine each word's bytes turn.
// static void fill_pix(PIX *pix, const unsigned char *src, int w, int h, int stride) {
// 	l_uint32 *data = pixGetData(pix);
// 	int wpl = pixGetWpl(pix);
// 	for (int y = 0; y < h; y++) {
// 		l_uint32 *line = data + (size_t)y * wpl;
// 		const unsigned char *s = src + (size_t)y * stride;
// 		int x = 0;
// 		for (int k = 0; x + 4 <= w; k++, x += 4)
// 			line[k] = (l_uint32)s[x] << 24 | (l_uint32)s[x+1] << 16 | (l_uint32)s[x+2] << 8 | s[x+3];
// 		if (x < w) {
// 			l_uint32 v = 0;
// 			for (int i = 0; i < 4; i++)
// 				v = v << 8 | (x + i < w ? s[x+i] : 0xff);
// 			line[x / 4] = v;
// 		}
// 	}
// }
//
// // new_gray_pix returns a new 8-bit Pix holding the grey rows, or NULL.
// PIX *new_gray_pix(const unsigned char *src, int w, int h, int stride) {
// 	PIX *pix = pixCreateNoInit(w, h, 8);
// 	if (pix != NULL)
// 		fill_pix(pix, src, w, h, stride);
// 	return pix;
// }
//
// static int encode_jpeg(const unsigned char *src, int w, int h, int stride, int quality, l_uint8 **out, size_t *n) {
// 	PIX *pix = new_gray_pix(src, w, h, stride);
// 	if (pix == NULL)
// 		return 1;
// 	int err = pixWriteMemJpeg(out, n, pix, quality, 0);
// 	pixDestroy(&pix);
// 	return err;
// }
import "C"

import (
	"errors"
	"image"
	"unsafe"
)

// EncodeJPEG encodes a grey image as a baseline JPEG of the given quality
// (1..100, the IJG scale image/jpeg uses too) with Leptonica, that is with
// libjpeg-turbo: several times faster than image/jpeg for a whole page,
// with the same quantisation tables.
func EncodeJPEG(g *image.Gray, quality int) ([]byte, error) {
	b := g.Bounds()
	if b.Empty() {
		return nil, errors.New("ocr: empty image")
	}
	quality = min(max(quality, 1), 100)
	var out *C.l_uint8
	var n C.size_t
	pix := g.Pix[g.PixOffset(b.Min.X, b.Min.Y):]
	if C.encode_jpeg((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(b.Dx()), C.int(b.Dy()), C.int(g.Stride), C.int(quality), &out, &n) != 0 || out == nil {
		return nil, errors.New("ocr: jpeg encoding failed")
	}
	defer C.lept_free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}
