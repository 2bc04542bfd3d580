package tesseract

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/civreg/civreg/ocr"
)

// linePad is the white margin put around a line or word crop before it is
// read. Tesseract finds the text line less reliably when ink touches the
// image edge; a margin of about one x-height fixes that.
const linePad = 16

// Engine reads images with one Tesseract instance. It is not safe for
// concurrent use: create one per worker. It implements ocr.Engine.
type Engine struct {
	api *api
	dpi int
	buf []byte // reused grey buffer for padded or converted images
}

var _ ocr.Engine = (*Engine)(nil)

// New loads the Tesseract model for lang ("vie", or "vie+eng") and returns
// an Engine. Loading takes about 70 ms: keep the Engine for many reads.
func New(lang string) (*Engine, error) {
	if lang == "" {
		return nil, errors.New("ocr: empty language")
	}
	a, err := newAPI(lang, map[string]string{
		// Tesseract 5 re-reads every low-confidence line inverted (white on
		// black). Register pages have no inverted text, and handwriting
		// gives many low-confidence lines, so this only adds time.
		"tessedit_do_invert": "0",
		// Register pages are set in proportional type: Tesseract's test
		// of every row for a fixed pitch (a typewriter's) finds none and
		// costs about 4 % of a page pass.
		"textord_all_prop": "1",
	})
	if err != nil {
		return nil, err
	}
	return &Engine{api: a, dpi: ocr.DefaultDPI}, nil
}

// Close frees the Tesseract instance. The Engine must not be used after.
func (e *Engine) Close() error {
	if e.api != nil {
		e.api.close()
		e.api = nil
	}
	return nil
}

// SetDPI tells Tesseract the resolution of the next images (for example
// 150 when reading a page scaled to half size); it drives Tesseract's
// size limits for noise and text. Values outside 70..2400 are ignored.
func (e *Engine) SetDPI(dpi int) {
	if dpi >= 70 && dpi <= 2400 {
		e.dpi = dpi
	}
}

// read sets img as Tesseract's image and recognises it.
func (e *Engine) read(img image.Image, mode ocr.Mode, whitelist string, syms bool) ([]ocr.Word, []ocr.Symbol, error) {
	if e.api == nil {
		return nil, nil, errors.New("ocr: engine closed")
	}
	if !mode.Valid() {
		return nil, nil, fmt.Errorf("ocr: unknown mode %d", int(mode))
	}
	b := img.Bounds()
	if b.Dx() < 1 || b.Dy() < 1 {
		return nil, nil, errors.New("ocr: empty image")
	}
	// Tesseract makes up text on a blank line crop ("SỐ" at confidence
	// 24 on white), and empty fields are common enough that skipping
	// them saves time too.
	if blank(img) {
		return nil, nil, nil
	}
	if err := e.api.set("tessedit_char_whitelist", whitelist); err != nil {
		return nil, nil, err
	}
	pad := 0
	if mode == ocr.SingleLine || mode == ocr.SingleWord {
		pad = linePad
	}
	if g, ok := img.(*image.Gray); ok && pad == 0 {
		// The pixels go to Tesseract from where they are: no padded copy.
		if err := e.api.setImage(g.Pix[g.PixOffset(b.Min.X, b.Min.Y):], b.Dx(), b.Dy(), g.Stride, e.dpi); err != nil {
			return nil, nil, err
		}
	} else {
		w, h := b.Dx()+2*pad, b.Dy()+2*pad
		e.buf = grayPadded(e.buf, img, pad)
		if err := e.api.setImage(e.buf, w, h, w, e.dpi); err != nil {
			return nil, nil, err
		}
	}
	words, symbols, err := e.api.recognize(mode, b.Min.Sub(image.Pt(pad, pad)), syms)
	if err != nil {
		return nil, nil, err
	}
	for i := range words {
		words[i].Box = words[i].Box.Intersect(b)
	}
	for i := range symbols {
		symbols[i].Box = symbols[i].Box.Intersect(b)
	}
	return words, symbols, nil
}

// Words reads img in mode and returns its words in Tesseract's order, with
// boxes in img's coordinates. Words that are blank are left out.
func (e *Engine) Words(img image.Image, mode ocr.Mode) ([]ocr.Word, error) {
	words, _, err := e.read(img, mode, "", false)
	return words, err
}

// Lines reads img in mode and groups the words into text lines, in reading
// order: top to bottom, and left to right among lines that share a row
// (Tesseract puts the two halves of a form line such as "Họ và tên: …
// Giới tính: …" in different blocks when the gap between them is wide).
func (e *Engine) Lines(img image.Image, mode ocr.Mode) ([]ocr.Line, error) {
	words, err := e.Words(img, mode)
	if err != nil {
		return nil, err
	}
	return ocr.GroupLines(words), nil
}

// Text reads a value crop: typically mode SingleLine, with whitelist
// limiting the characters Tesseract may output ("0123456789/" for a
// date; empty for any). Tesseract 5's LSTM honours the whitelist. It
// returns the lines of text joined by newlines and the mean word
// confidence, 0 when nothing was read.
func (e *Engine) Text(img image.Image, mode ocr.Mode, whitelist string) (string, float64, error) {
	words, _, err := e.read(img, mode, whitelist, false)
	if err != nil {
		return "", 0, err
	}
	text, conf := ocr.Join(words)
	return text, conf, nil
}

// Symbols reads img like Text and returns each recognised character with
// its confidence and box (in img's coordinates), so that a reviewer can be
// shown which characters of a value are uncertain.
func (e *Engine) Symbols(img image.Image, mode ocr.Mode, whitelist string) ([]ocr.Symbol, error) {
	_, syms, err := e.read(img, mode, whitelist, true)
	return syms, err
}

// Read reads img like Text and returns the text, words and symbols of
// that one recognition: use it rather than Text then Symbols, which
// recognise twice. Symbols cost about 10% more than words alone.
func (e *Engine) Read(img image.Image, mode ocr.Mode, whitelist string) (ocr.Reading, error) {
	words, syms, err := e.read(img, mode, whitelist, true)
	if err != nil {
		return ocr.Reading{}, err
	}
	text, conf := ocr.Join(words)
	return ocr.Reading{Text: text, Conf: conf, Words: words, Symbols: syms}, nil
}

func clampConf(c float64) float64 {
	if math.IsNaN(c) || c < 0 {
		return 0
	}
	if c > 100 {
		return 100
	}
	return c
}
