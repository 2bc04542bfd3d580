// Leptonica's pixWriteMem and pixReadMem, with a raw format for Tesseract's
// grey line images: see linepix.go.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <leptonica/allheaders.h>

static const char raw_magic[8] = {'c', 'i', 'v', 'P', 'I', 'X', 0, 1};

// The header: magic, then width, height, xres, yres, words per line.
enum { raw_header = 8 + 5 * 4 };

static unsigned long long raw_writes, raw_reads; // for the tests
unsigned long long civreg_linepix_raw(void) {
	return __atomic_load_n(&raw_writes, __ATOMIC_RELAXED) + __atomic_load_n(&raw_reads, __ATOMIC_RELAXED);
}

l_ok pixWriteMem(l_uint8 **pdata, size_t *psize, PIX *pix, l_int32 format) {
	static l_ok (*real)(l_uint8 **, size_t *, PIX *, l_int32);
	l_ok (*fn)(l_uint8 **, size_t *, PIX *, l_int32);
	if (format == IFF_PNG && pdata != NULL && psize != NULL && pix != NULL &&
	    pixGetDepth(pix) == 8 && pixGetColormap(pix) == NULL && pixGetText(pix) == NULL) {
		l_int32 h = pixGetHeight(pix), wpl = pixGetWpl(pix);
		size_t n = raw_header + (size_t)h * wpl * 4;
		l_uint8 *d = malloc(n);
		if (d == NULL)
			return 1;
		l_int32 head[5] = {pixGetWidth(pix), h, pixGetXRes(pix), pixGetYRes(pix), wpl};
		memcpy(d, raw_magic, 8);
		memcpy(d + 8, head, sizeof head);
		memcpy(d + raw_header, pixGetData(pix), (size_t)h * wpl * 4);
		*pdata = d;
		*psize = n;
		__atomic_add_fetch(&raw_writes, 1, __ATOMIC_RELAXED);
		return 0;
	}
	if ((fn = __atomic_load_n(&real, __ATOMIC_ACQUIRE)) == NULL) {
		fn = dlsym(RTLD_NEXT, "pixWriteMem");
		__atomic_store_n(&real, fn, __ATOMIC_RELEASE);
	}
	if (fn == NULL)
		return 1;
	return fn(pdata, psize, pix, format);
}

PIX *pixReadMem(const l_uint8 *data, size_t size) {
	static PIX *(*real)(const l_uint8 *, size_t);
	PIX *(*fn)(const l_uint8 *, size_t);
	if (data != NULL && size >= raw_header && memcmp(data, raw_magic, 8) == 0) {
		l_int32 head[5];
		memcpy(head, data + 8, sizeof head);
		PIX *pix = pixCreateNoInit(head[0], head[1], 8);
		if (pix == NULL || pixGetWpl(pix) != head[4] || size != raw_header + (size_t)head[1] * head[4] * 4) {
			pixDestroy(&pix);
			return NULL;
		}
		memcpy(pixGetData(pix), data + raw_header, (size_t)head[1] * head[4] * 4);
		pixSetResolution(pix, head[2], head[3]);
		pixSetInputFormat(pix, IFF_PNG);
		__atomic_add_fetch(&raw_reads, 1, __ATOMIC_RELAXED);
		return pix;
	}
	if ((fn = __atomic_load_n(&real, __ATOMIC_ACQUIRE)) == NULL) {
		fn = dlsym(RTLD_NEXT, "pixReadMem");
		__atomic_store_n(&real, fn, __ATOMIC_RELEASE);
	}
	if (fn == NULL)
		return NULL;
	return fn(data, size);
}

// civreg_linepix_check makes an 8-bit Pix of the w×h grey rows at src
// (xres 300, yres 150) and returns 1 when its trip through pixWriteMem and
// pixReadMem gives the same Pix as a trip through Leptonica's own
// functions, by PNG, does, 0 when not, -1 on failure; *raw is set when the
// trip went through the raw format.
int civreg_linepix_check(const unsigned char *src, int w, int h, int *raw) {
	PIX *pix = pixCreate(w, h, 8), *viaraw = NULL, *viapng = NULL;
	l_uint8 *d1 = NULL, *d2 = NULL;
	size_t n1, n2;
	int same = -1;
	if (pix == NULL)
		return -1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			pixSetPixel(pix, x, y, src[(size_t)y * w + x]);
	pixSetResolution(pix, 300, 150);
	l_ok (*png_write)(l_uint8 **, size_t *, PIX *, l_int32) = dlsym(RTLD_NEXT, "pixWriteMem");
	PIX *(*png_read)(const l_uint8 *, size_t) = dlsym(RTLD_NEXT, "pixReadMem");
	if (png_write != NULL && png_read != NULL &&
	    pixWriteMem(&d1, &n1, pix, IFF_PNG) == 0 && png_write(&d2, &n2, pix, IFF_PNG) == 0) {
		*raw = n1 >= 8 && memcmp(d1, raw_magic, 8) == 0;
		viaraw = pixReadMem(d1, n1);
		viapng = png_read(d2, n2);
		if (viaraw != NULL && viapng != NULL) {
			l_int32 eq = 0;
			pixEqual(viaraw, viapng, &eq);
			same = eq && pixGetXRes(viaraw) == pixGetXRes(viapng) && pixGetYRes(viaraw) == pixGetYRes(viapng) &&
				pixGetInputFormat(viaraw) == pixGetInputFormat(viapng) && pixGetSpp(viaraw) == pixGetSpp(viapng);
		}
	}
	lept_free(d1);
	lept_free(d2);
	pixDestroy(&viaraw);
	pixDestroy(&viapng);
	pixDestroy(&pix);
	return same;
}
