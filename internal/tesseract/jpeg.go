package tesseract

// #cgo pkg-config: libjpeg
// #include <stdio.h>
// #include <stdlib.h>
// #include <string.h>
// #include <setjmp.h>
// #include <jpeglib.h>
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
// typedef struct { struct jpeg_error_mgr pub; jmp_buf jump; } jpeg_failure;
// static void jpeg_fail(j_common_ptr c) { longjmp(((jpeg_failure *)c->err)->jump, 1); }
// static void jpeg_silent(j_common_ptr c) { (void)c; }
//
// // encode_rows codes h rows of w pixels, stride bytes apart, in colour
// // space cs (JCS_GRAYSCALE, JCS_RGB, or JCS_EXT_RGBX: Go's RGBA, its
// // alpha byte skipped) as Leptonica's pixWriteStreamJpeg does: libjpeg's
// // defaults, no optimised Huffman tables, the quality with baseline
// // tables, no density and no comment. libjpeg-turbo turns RGBX into
// // YCbCr with the same arithmetic as RGB, so a page's bytes are those
// // Leptonica wrote, without its copying every pixel into a Pix and out
// // again. *out is malloc'd (free it); 1 on a libjpeg error.
// static int encode_rows(const unsigned char *src, int w, int h, int stride, int cs, int quality, unsigned char **out, unsigned long *n) {
// 	struct jpeg_compress_struct c;
// 	jpeg_failure f;
// 	c.err = jpeg_std_error(&f.pub);
// 	f.pub.error_exit = jpeg_fail;
// 	f.pub.output_message = jpeg_silent;
// 	*out = NULL;
// 	*n = 0;
// 	if (setjmp(f.jump)) {
// 		jpeg_destroy_compress(&c);
// 		return 1;
// 	}
// 	jpeg_create_compress(&c);
// 	jpeg_mem_dest(&c, out, n);
// 	c.image_width = w;
// 	c.image_height = h;
// 	c.in_color_space = cs;
// 	c.input_components = cs == JCS_GRAYSCALE ? 1 : cs == JCS_RGB ? 3 : 4;
// 	jpeg_set_defaults(&c);
// 	c.optimize_coding = FALSE;
// 	jpeg_set_quality(&c, quality, TRUE);
// 	jpeg_start_compress(&c, TRUE);
// 	while (c.next_scanline < c.image_height) {
// 		JSAMPROW row = (JSAMPROW)(src + (size_t)c.next_scanline * stride);
// 		jpeg_write_scanlines(&c, &row, 1);
// 	}
// 	jpeg_finish_compress(&c);
// 	jpeg_destroy_compress(&c);
// 	return 0;
// }
import "C"

import (
	"errors"
	"image"
	"unsafe"
)

// EncodeJPEG encodes a grey image as a baseline JPEG of the given quality
// (1..100, the IJG scale image/jpeg uses too) with libjpeg-turbo, as
// Leptonica does (encode_rows): several times faster than image/jpeg for a whole page,
// with the same quantisation tables.
func EncodeJPEG(g *image.Gray, quality int) ([]byte, error) {
	b := g.Bounds()
	if b.Empty() {
		return nil, errors.New("ocr: empty image")
	}
	return encodeRows(g.Pix[g.PixOffset(b.Min.X, b.Min.Y):], b.Dx(), b.Dy(), g.Stride, jcsGray, quality)
}

// libjpeg's colour spaces of the rows encodeRows codes.
const (
	jcsGray = C.JCS_GRAYSCALE
	jcsRGB  = C.JCS_RGB
	jcsRGBX = C.JCS_EXT_RGBX // Go's RGBA, the alpha byte skipped
)

// encodeRows codes the rows in pix (Go memory, read by libjpeg during the
// call) with encode_rows.
func encodeRows(pix []byte, w, h, stride int, cs C.J_COLOR_SPACE, quality int) ([]byte, error) {
	quality = min(max(quality, 1), 100)
	var out *C.uchar
	var n C.ulong
	if C.encode_rows((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(w), C.int(h), C.int(stride), C.int(cs), C.int(quality), &out, &n) != 0 || out == nil {
		return nil, errors.New("ocr: jpeg encoding failed")
	}
	defer C.free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}
