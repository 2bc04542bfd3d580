package tesseract

// #cgo pkg-config: tesseract lept
// #include <stdlib.h>
// #include <leptonica/allheaders.h>
// #include <tesseract/capi.h>
// PIX *new_gray_pix(const unsigned char *src, int w, int h, int stride);
import "C"

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"sync"
	"unsafe"

	"github.com/civreg/civreg/ocr"
)

// api is the handful of Tesseract C API calls the Engine needs. The C API
// (capi.h) is used rather than gosseract v2.4.1 because the latter, on each
// read, leaks every word string and the result iterator (measured 2 kB per
// word-box read and 5 kB per symbol read of a short line: gigabytes over
// a register), takes only encoded images, and recognises the page again
// for each kind of result.
type api struct {
	h *C.TessBaseAPI
}

// initMu serialises model loading; Tesseract's Init touches process-wide
// state (locale, the parameter tables' defaults).
var initMu sync.Mutex

func newAPI(lang string, vars map[string]string) (*api, error) {
	initMu.Lock()
	defer initMu.Unlock()
	h := C.TessBaseAPICreate()
	if h == nil {
		return nil, errors.New("ocr: cannot create tesseract")
	}
	a := &api{h: h}
	// Before Init so that its own messages go there too.
	if err := a.set("debug_file", "/dev/null"); err != nil {
		a.close()
		return nil, err
	}
	cl := C.CString(lang)
	defer C.free(unsafe.Pointer(cl))
	if C.TessBaseAPIInit3(h, nil, cl) != 0 {
		a.close()
		return nil, fmt.Errorf("ocr: cannot load tesseract language %q", lang)
	}
	for k, v := range vars {
		if err := a.set(k, v); err != nil {
			a.close()
			return nil, err
		}
	}
	return a, nil
}

func (a *api) close() {
	if a.h != nil {
		C.TessBaseAPIEnd(a.h)
		C.TessBaseAPIDelete(a.h)
		a.h = nil
	}
}

func (a *api) set(name, value string) error {
	cn, cv := C.CString(name), C.CString(value)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cv))
	if C.TessBaseAPISetVariable(a.h, cn, cv) == 0 {
		return fmt.Errorf("ocr: tesseract rejects %s=%q", name, value)
	}
	return nil
}

// setImage hands Tesseract 8-bit grey pixels: w×h starting at pix[0],
// stride bytes per row. Tesseract copies them. They go in a Leptonica
// Pix of our making: TessBaseAPISetImage would copy the raw bytes into
// one a pixel at a time, which for a whole page costs several times
// filling the Pix word by word here and Tesseract's own copy of it.
func (a *api) setImage(pix []byte, w, h, stride, dpi int) error {
	p := C.new_gray_pix((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(w), C.int(h), C.int(stride))
	if p == nil {
		return errors.New("ocr: out of memory for the image")
	}
	C.TessBaseAPISetImage2(a.h, p)
	C.pixDestroy(&p)
	C.TessBaseAPISetSourceResolution(a.h, C.int(dpi))
	return nil
}

// recognize runs Tesseract on the image set last and collects words, and
// symbols when syms is true, with boxes moved by off.
func (a *api) recognize(mode ocr.Mode, off image.Point, syms bool) ([]ocr.Word, []ocr.Symbol, error) {
	C.TessBaseAPISetPageSegMode(a.h, C.TessPageSegMode(mode))
	defer C.TessBaseAPIClear(a.h)
	if C.TessBaseAPIRecognize(a.h, nil) != 0 {
		return nil, nil, errors.New("ocr: tesseract recognition failed")
	}
	ri := C.TessBaseAPIGetIterator(a.h)
	if ri == nil {
		return nil, nil, nil
	}
	defer C.TessResultIteratorDelete(ri)
	pi := C.TessResultIteratorGetPageIterator(ri)

	level := C.TessPageIteratorLevel(C.RIL_WORD)
	if syms {
		level = C.RIL_SYMBOL
	}
	var (
		words          []ocr.Word
		symbols        []ocr.Symbol
		block, line    int
		inWord         bool
		wordText       string
		wordConf       float64
		wordBox        image.Rectangle
		wordLine, wBlk int
	)
	flush := func() {
		if inWord {
			if t := strings.TrimSpace(wordText); t != "" {
				words = append(words, ocr.Word{Text: t, Conf: clampConf(wordConf), Box: wordBox, Line: wordLine, Block: wBlk})
			}
			inWord = false
		}
	}
	for {
		if C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_BLOCK) != 0 {
			block++
		}
		if C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_TEXTLINE) != 0 {
			line++
		}
		if C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_WORD) != 0 {
			flush()
			if text, ok := iterText(ri, C.RIL_WORD); ok {
				inWord = true
				wordText = text
				wordConf = float64(C.TessResultIteratorConfidence(ri, C.RIL_WORD))
				wordBox = iterBox(pi, C.RIL_WORD).Add(off)
				wordLine, wBlk = line, block
			}
		}
		if syms && inWord {
			if text, ok := iterText(ri, C.RIL_SYMBOL); ok && strings.TrimSpace(text) != "" {
				symbols = append(symbols, ocr.Symbol{
					Text: text,
					Conf: clampConf(float64(C.TessResultIteratorConfidence(ri, C.RIL_SYMBOL))),
					Box:  iterBox(pi, C.RIL_SYMBOL).Add(off),
					Word: len(words),
				})
			}
		}
		if C.TessResultIteratorNext(ri, level) == 0 {
			break
		}
	}
	flush()
	return words, symbols, nil
}

func iterText(ri *C.TessResultIterator, level C.TessPageIteratorLevel) (string, bool) {
	p := C.TessResultIteratorGetUTF8Text(ri, level)
	if p == nil {
		return "", false
	}
	defer C.TessDeleteText(p)
	return C.GoString(p), true
}

func iterBox(pi *C.TessPageIterator, level C.TessPageIteratorLevel) image.Rectangle {
	var l, t, r, b C.int
	if C.TessPageIteratorBoundingBox(pi, level, &l, &t, &r, &b) == 0 {
		return image.Rectangle{}
	}
	return image.Rect(int(l), int(t), int(r), int(b))
}
