package tune

// Tesseract 5.3 keeps the image of every text line it hands to the LSTM
// as PNG bytes (ImageData::SetPixInternal calls pixWriteMem with IFF_PNG)
// and decodes them again a moment later (ImageData::GetPixInternal calls
// pixReadMem): deflate, CRCs and inflate for each line, about a twentieth
// of a page's time. linepix.c defines pixWriteMem and pixReadMem so that
// an 8-bit grey line without colormap or text — the lines Tesseract makes of
// a grey page — is kept as raw rows behind a magic header instead, and
// read back as the same Pix the PNG round trip gives (PNG is lossless;
// resolution and input format are carried over as the PNG reader sets
// them). Anything else goes to Leptonica's own functions, found with
// dlsym(RTLD_NEXT). Besides ImageData, Tesseract calls these two only in
// its ScrollView debug window and in ProcessPages, which civreg never
// opens or calls; nothing else in the process uses them (see gomp.go for
// why the executable's definitions win).

// #cgo pkg-config: lept
// #cgo LDFLAGS: -ldl
// int civreg_linepix_check(const unsigned char *src, int w, int h, int *raw);
// unsigned long long civreg_linepix_raw(void);
import "C"

import "unsafe"

// linePixRaw returns how many line images have gone through the raw
// format, written and read, since the process started.
func linePixRaw() uint64 { return uint64(C.civreg_linepix_raw()) }

// linePixCheck reports whether the w×h grey rows in pix come back from
// pixWriteMem and pixReadMem as they would from a PNG round trip, and
// whether they went through the raw format.
func linePixCheck(pix []byte, w, h int) (same, raw bool) {
	var r C.int
	ok := C.civreg_linepix_check((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(w), C.int(h), &r)
	return ok == 1, r != 0
}
