// Package lept holds the image codecs civreg takes from Leptonica, which
// it links for Tesseract already: JPEG 2000 read and written (a PDF's
// JPXDecode images, the archival scanners' choice; Leptonica codes it with
// OpenJPEG) and CCITT G4 written (the generator's JBIG2 pages).
package lept

// #cgo pkg-config: lept
// #include <stdlib.h>
// #include <string.h>
// #include <leptonica/allheaders.h>
//
// // copy_pix writes an 8- or 32-bpp pix into out: one byte per pixel for
// // 8 bpp, R G B A for 32 bpp, rows packed.
// static void copy_pix(PIX *pix, unsigned char *out) {
// 	l_int32 w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix), wpl = pixGetWpl(pix);
// 	l_uint32 *data = pixGetData(pix);
// 	for (l_int32 y = 0; y < h; y++) {
// 		l_uint32 *line = data + (size_t)y * wpl;
// 		for (l_int32 x = 0; x < w; x++) {
// 			if (d == 8) {
// 				*out++ = GET_DATA_BYTE(line, x);
// 			} else {
// 				l_uint32 v = line[x];
// 				*out++ = v >> 24; *out++ = v >> 16; *out++ = v >> 8; *out++ = 0xff;
// 			}
// 		}
// 	}
// }
//
// // rgb_pix makes a 32-bpp pix of w×h packed RGBA.
// static PIX *rgb_pix(const unsigned char *src, int w, int h) {
// 	PIX *pix = pixCreate(w, h, 32);
// 	if (pix == NULL) return NULL;
// 	l_uint32 *data = pixGetData(pix);
// 	l_int32 wpl = pixGetWpl(pix);
// 	for (int y = 0; y < h; y++)
// 		for (int x = 0; x < w; x++) {
// 			const unsigned char *p = src + ((size_t)y * w + x) * 4;
// 			data[(size_t)y * wpl + x] = ((l_uint32)p[0] << 24) | ((l_uint32)p[1] << 16) | ((l_uint32)p[2] << 8) | 0xff;
// 		}
// 	return pix;
// }
//
// static void drop(const char *msg) { (void)msg; }
// static void silence(void) { setMsgSeverity(L_SEVERITY_NONE); leptSetStderrHandler(drop); }
//
// // gray_pix makes an 8-bpp pix of w×h packed bytes.
// static PIX *gray_pix(const unsigned char *src, int w, int h) {
// 	PIX *pix = pixCreate(w, h, 8);
// 	if (pix == NULL) return NULL;
// 	l_uint32 *data = pixGetData(pix);
// 	l_int32 wpl = pixGetWpl(pix);
// 	for (int y = 0; y < h; y++)
// 		for (int x = 0; x < w; x++)
// 			SET_DATA_BYTE(data + (size_t)y * wpl, x, src[(size_t)y * w + x]);
// 	return pix;
// }
import "C"

import (
	"errors"
	"fmt"
	"image"
	"image/draw"
	"unsafe"
)

// Leptonica writes warnings and errors to stderr ("image resolution not
// found" for most JPEG 2000 streams in PDFs, "failed to decode the image"
// for one cut short); the page's report says what matters. No message is
// made, and any that still is goes nowhere.
func init() { C.silence() }

// Config is what a JPEG 2000 stream's header says.
type Config struct {
	Width, Height int
	// Components is the number of colour components (1 grey, 3 RGB, 4
	// with alpha).
	Components int
}

// JPXConfig reads a JPEG 2000 stream's (JP2 file or bare codestream)
// dimensions from its header, decoding no pixels.
func JPXConfig(data []byte) (Config, error) {
	if len(data) == 0 {
		return Config{}, errors.New("jpx: no data")
	}
	var w, h, bps, spp, codec C.l_int32
	p := C.CBytes(data)
	defer C.free(p)
	if C.readHeaderMemJp2k((*C.l_uint8)(p), C.size_t(len(data)), &w, &h, &bps, &spp, &codec) != 0 {
		return Config{}, errors.New("jpx: not a jpeg 2000 stream")
	}
	return Config{Width: int(w), Height: int(h), Components: int(spp)}, nil
}

// DecodeJPX decodes a JPEG 2000 stream into an *image.Gray (one component)
// or an *image.RGBA. Check the size with JPXConfig first: DecodeJPX
// allocates what the header asks for.
func DecodeJPX(data []byte) (image.Image, error) {
	if len(data) == 0 {
		return nil, errors.New("jpx: no data")
	}
	p := C.CBytes(data)
	defer C.free(p)
	pix := C.pixReadMemJp2k((*C.l_uint8)(p), C.size_t(len(data)), 1, nil, 0, 0)
	if pix == nil {
		return nil, errors.New("jpx: cannot decode the stream")
	}
	defer C.pixDestroy(&pix)
	if d := C.pixGetDepth(pix); d != 8 && d != 32 {
		conv := C.pixConvertTo8(pix, 0)
		if conv == nil {
			return nil, fmt.Errorf("jpx: %d bits per pixel", int(d))
		}
		C.pixDestroy(&pix)
		pix = conv
	}
	w, h := int(C.pixGetWidth(pix)), int(C.pixGetHeight(pix))
	if C.pixGetDepth(pix) == 8 {
		g := image.NewGray(image.Rect(0, 0, w, h))
		C.copy_pix(pix, (*C.uchar)(unsafe.Pointer(&g.Pix[0])))
		return g, nil
	}
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	C.copy_pix(pix, (*C.uchar)(unsafe.Pointer(&m.Pix[0])))
	return m, nil
}

// EncodeJPX writes a page as a JP2 file, grey for an *image.Gray and RGB
// otherwise, at the given quality, as an archival scanner does: the
// target SNR in dB (Leptonica's default, 34, for 0), or 100 for lossless.
func EncodeJPX(img image.Image, quality int) ([]byte, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, errors.New("jpx: empty image")
	}
	var pix *C.PIX
	if g, ok := img.(*image.Gray); ok {
		c := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(c, c.Rect, g, b.Min, draw.Src)
		pix = C.gray_pix((*C.uchar)(unsafe.Pointer(&c.Pix[0])), C.int(b.Dx()), C.int(b.Dy()))
	} else {
		c := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(c, c.Rect, img, b.Min, draw.Src)
		pix = C.rgb_pix((*C.uchar)(unsafe.Pointer(&c.Pix[0])), C.int(b.Dx()), C.int(b.Dy()))
	}
	if pix == nil {
		return nil, errors.New("jpx: out of memory")
	}
	defer C.pixDestroy(&pix)
	var out *C.l_uint8
	var size C.size_t
	if C.pixWriteMemJp2k(&out, &size, pix, C.l_int32(quality), 0, 0, 0) != 0 {
		return nil, errors.New("jpx: cannot encode")
	}
	defer C.free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(size)), nil
}
