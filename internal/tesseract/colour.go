package tesseract

// #include <stdlib.h>
// #include <leptonica/allheaders.h>
//
// // fit_jpeg decodes a JPEG once at 1/reduction of its size in the DCT
// // domain (libjpeg's scaled decoding: most of the inverse transform is
// // skipped) and encodes the result at each of the nq qualities in turn
// // until one takes at most max_bytes: *out is that one (NULL if none did,
// // with err 0), *q its quality.
// static int fit_jpeg(const l_uint8 *data, size_t size, int reduction, const int *qualities, int nq, size_t max_bytes, l_uint8 **out, size_t *n, int *q) {
// 	PIX *pix = pixReadMemJpeg(data, size, 0, reduction, NULL, 0);
// 	if (pix == NULL)
// 		return 1;
// 	*out = NULL;
// 	for (int i = 0; i < nq; i++) {
// 		l_uint8 *o = NULL;
// 		size_t on = 0;
// 		if (pixWriteMemJpeg(&o, &on, pix, qualities[i], 0) != 0 || o == NULL) {
// 			pixDestroy(&pix);
// 			return 1;
// 		}
// 		if (on <= max_bytes) {
// 			*out = o;
// 			*n = on;
// 			*q = qualities[i];
// 			break;
// 		}
// 		lept_free(o);
// 	}
// 	pixDestroy(&pix);
// 	return 0;
// }
import "C"

import (
	"errors"
	"fmt"
	"image"
	"unsafe"
)

// EncodeColourJPEG encodes img as it is, in colour, as a baseline JPEG of
// the given quality (1..100) with libjpeg-turbo (encode_rows): a 300-dpi A4
// page in a tenth of image/jpeg's time. A grey image is encoded grey (one
// channel, a third of the size), so a grey scan stays grey.
func EncodeColourJPEG(img image.Image, quality int) ([]byte, error) {
	if g, ok := img.(*image.Gray); ok {
		return EncodeJPEG(g, quality)
	}
	b := img.Bounds()
	if b.Empty() {
		return nil, errors.New("ocr: empty image")
	}
	if m, ok := img.(*image.RGBA); ok {
		// A PNG page's RGBA goes to libjpeg as it is, its alpha skipped
		// as rgbRows leaves it out.
		return encodeRows(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], b.Dx(), b.Dy(), m.Stride, jcsRGBX, quality)
	}
	return encodeRows(rgbRows(img), b.Dx(), b.Dy(), 3*b.Dx(), jcsRGB, quality)
}

// fitAt decodes a JPEG once at 1/reduction of its width and height
// (reduction 1, 2, 4 or 8: libjpeg scales in the transform, which is much
// faster than decoding whole and resampling) and encodes it at the best of
// fitQualities that takes at most maxBytes; nil when none does.
func fitAt(data []byte, reduction, maxBytes int) ([]byte, error) {
	if len(data) == 0 {
		return nil, errors.New("ocr: no jpeg data")
	}
	qs := make([]C.int, len(fitQualities))
	for i, q := range fitQualities {
		qs[i] = C.int(q)
	}
	var o *C.l_uint8
	var n C.size_t
	var q C.int
	if C.fit_jpeg((*C.l_uint8)(unsafe.Pointer(&data[0])), C.size_t(len(data)), C.int(reduction), &qs[0], C.int(len(qs)), C.size_t(maxBytes), &o, &n, &q) != 0 {
		return nil, errors.New("ocr: not a jpeg leptonica can read")
	}
	if o == nil {
		return nil, nil
	}
	defer C.lept_free(unsafe.Pointer(o))
	return C.GoBytes(unsafe.Pointer(o), C.int(n)), nil
}

// rgbRows returns img's pixels as packed 8-bit RGB rows, alpha composited
// over white paper (an *image.RGBA goes to libjpeg as it is).
func rgbRows(img image.Image) []byte {
	b := img.Bounds()
	w := b.Dx()
	out := make([]byte, 3*w*b.Dy())
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		switch m := img.(type) {
		case *image.YCbCr:
			for x := b.Min.X; x < b.Max.X; x++ {
				yi, ci := m.YOffset(x, y), m.COffset(x, y)
				r, g, bb := ycbcr(m.Y[yi], m.Cb[ci], m.Cr[ci])
				out[i], out[i+1], out[i+2] = r, g, bb
				i += 3
			}
		default:
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bb, a := img.At(x, y).RGBA()
				// Premultiplied: add the white paper behind what is not opaque.
				paper := 0xffff - a
				out[i], out[i+1], out[i+2] = uint8((r+paper)>>8), uint8((g+paper)>>8), uint8((bb+paper)>>8)
				i += 3
			}
		}
	}
	return out
}

// ycbcr converts one JFIF pixel, as image/color does.
func ycbcr(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy := int32(y) * 0x10101
	cb1, cr1 := int32(cb)-128, int32(cr)-128
	clamp := func(v int32) uint8 {
		if uint32(v)&0xff000000 == 0 {
			return uint8(v >> 16)
		}
		return uint8(^(v >> 31))
	}
	return clamp(yy + 91881*cr1), clamp(yy - 22554*cb1 - 46802*cr1), clamp(yy + 116130*cb1)
}

// fitQualities are the JPEG qualities FitJPEG tries, best first. At 150
// dpi a worn synthetic page takes 105–139 kB at 50, 85–110 kB at 30.
var fitQualities = []int{50, 40, 30, 22}

// FitJPEG brings a JPEG scanned at dpi down to at most maxBytes: it halves
// the resolution (in libjpeg's transform) while the result keeps minDPI or
// more, then takes the best quality of 50, 40, 30 and 22 that fits; a page
// that fits at none is halved once more. It returns the new JPEG and its
// resolution.
func FitJPEG(data []byte, dpi, minDPI, maxBytes int) ([]byte, int, error) {
	red := 1
	for red < 8 && dpi/(2*red) >= minDPI {
		red *= 2
	}
	for ; red <= 8; red *= 2 {
		// Decoded once a resolution: a worn page's noise made every
		// quality too big, and each try decoded the page again.
		j, err := fitAt(data, red, maxBytes)
		if err != nil {
			return nil, 0, err
		}
		if j != nil {
			return j, dpi / red, nil
		}
	}
	return nil, 0, fmt.Errorf("ocr: page does not fit in %d bytes even at %d dpi", maxBytes, dpi/8)
}
