// Package jbig2 decodes JBIG2 (a PDF's JBIG2Decode images, which archival
// scanning software writes for bilevel pages) with jbig2dec, the decoder
// Debian and Ghostscript ship.
package jbig2

// #cgo LDFLAGS: -ljbig2dec
// #include <stdint.h>
// #include <stdlib.h>
// #include <string.h>
// #include <jbig2.h>
//
// // capped is an allocator that refuses to hold more than limit bytes at
// // once, so that a stream claiming a huge page fails instead of taking
// // the machine's memory. Each block carries its size in front.
// typedef struct { Jbig2Allocator a; size_t used, limit; } capped;
// static void *capped_alloc(Jbig2Allocator *a, size_t size) {
// 	capped *c = (capped *)a;
// 	if (size > c->limit - c->used) return NULL;
// 	size_t *p = malloc(size + sizeof(size_t));
// 	if (p == NULL) return NULL;
// 	*p = size; c->used += size;
// 	return p + 1;
// }
// static void capped_free(Jbig2Allocator *a, void *q) {
// 	if (q == NULL) return;
// 	size_t *p = (size_t *)q - 1;
// 	((capped *)a)->used -= *p;
// 	free(p);
// }
// static void *capped_realloc(Jbig2Allocator *a, void *q, size_t size) {
// 	if (q == NULL) return capped_alloc(a, size);
// 	capped *c = (capped *)a;
// 	size_t *p = (size_t *)q - 1, old = *p;
// 	if (size > old && size - old > c->limit - c->used) return NULL;
// 	size_t *n = realloc(p, size + sizeof(size_t));
// 	if (n == NULL) return NULL;
// 	c->used = c->used - old + size; *n = size;
// 	return n + 1;
// }
// static void quiet(void *data, const char *msg, Jbig2Severity severity, uint32_t seg_idx) {
// 	if (severity == JBIG2_SEVERITY_FATAL && data != NULL) {
// 		strncpy((char *)data, msg, 255);
// 	}
// }
//
// // decode decodes the embedded stream (after its globals, if any) into a
// // malloc'd copy of the first page: 1 bit per pixel, 1 black, rows of
// // *stride bytes. It returns NULL with a message in err on failure.
// static unsigned char *decode(const unsigned char *globals, size_t nglobals, const unsigned char *data, size_t n,
// 		size_t limit, uint32_t *w, uint32_t *h, uint32_t *stride, char *err) {
// 	capped c = {{capped_alloc, capped_free, capped_realloc}, 0, limit};
// 	Jbig2GlobalCtx *gctx = NULL;
// 	if (nglobals > 0) {
// 		Jbig2Ctx *g = jbig2_ctx_new(&c.a, JBIG2_OPTIONS_EMBEDDED, NULL, quiet, err);
// 		if (g == NULL) { strcpy(err, "out of memory"); return NULL; }
// 		if (jbig2_data_in(g, globals, nglobals) < 0) { jbig2_ctx_free(g); return NULL; }
// 		gctx = jbig2_make_global_ctx(g);
// 	}
// 	Jbig2Ctx *ctx = jbig2_ctx_new(&c.a, JBIG2_OPTIONS_EMBEDDED, gctx, quiet, err);
// 	unsigned char *out = NULL;
// 	if (ctx != NULL) {
// 		if (jbig2_data_in(ctx, data, n) >= 0) {
// 			jbig2_complete_page(ctx);
// 			Jbig2Image *img = jbig2_page_out(ctx);
// 			if (img != NULL) {
// 				*w = img->width; *h = img->height; *stride = img->stride;
// 				out = malloc((size_t)img->stride * img->height + 1);
// 				if (out != NULL) memcpy(out, img->data, (size_t)img->stride * img->height);
// 				jbig2_release_page(ctx, img);
// 			} else if (err[0] == 0) {
// 				strcpy(err, "no page in the stream");
// 			}
// 		}
// 		jbig2_ctx_free(ctx);
// 	} else {
// 		strcpy(err, "out of memory");
// 	}
// 	if (gctx != NULL) jbig2_global_ctx_free(gctx);
// 	return out;
// }
import "C"

import (
	"fmt"
	"image"
	"unsafe"
)

// Decode decodes the first page of an embedded JBIG2 stream (a PDF's:
// segments without the file header) with the stream's globals (the PDF's
// /JBIG2Globals, or nil) into a Gray, 0 black and 255 white. maxBytes caps
// the decoder's memory: a stream whose page would take more fails.
func Decode(data, globals []byte, maxBytes int64) (*image.Gray, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("jbig2: no data")
	}
	cdata := C.CBytes(data)
	defer C.free(cdata)
	var cglob unsafe.Pointer
	if len(globals) > 0 {
		cglob = C.CBytes(globals)
		defer C.free(cglob)
	}
	var w, h, stride C.uint32_t
	var msg [256]C.char
	out := C.decode((*C.uchar)(cglob), C.size_t(len(globals)), (*C.uchar)(cdata), C.size_t(len(data)),
		C.size_t(maxBytes), &w, &h, &stride, &msg[0])
	if out == nil {
		if m := C.GoString(&msg[0]); m != "" {
			return nil, fmt.Errorf("jbig2: %s", m)
		}
		return nil, fmt.Errorf("jbig2: cannot decode the stream (or its page is over the %d MB cap)", maxBytes>>20)
	}
	defer C.free(unsafe.Pointer(out))
	width, height, rowBytes := int(w), int(h), int(stride)
	if int64(width)*int64(height) > maxBytes {
		return nil, fmt.Errorf("jbig2: page %d×%d is over the %d MB cap", width, height, maxBytes>>20)
	}
	bits := unsafe.Slice((*byte)(unsafe.Pointer(out)), rowBytes*height)
	g := image.NewGray(image.Rect(0, 0, width, height))
	for y := range height {
		row, dst := bits[y*rowBytes:], g.Pix[y*g.Stride:][:width]
		for x := range dst {
			if row[x>>3]&(0x80>>(x&7)) == 0 {
				dst[x] = 0xff
			}
		}
	}
	return g, nil
}
