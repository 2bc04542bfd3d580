package ocr

import (
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Mode says what layout Tesseract should expect in an image: it picks the
// page segmentation mode (PSM).
type Mode int

// The modes. Their values are Tesseract's PSM numbers.
const (
	// Auto finds blocks, columns and lines by itself (PSM 3). Use it for a
	// whole page.
	Auto Mode = 3
	// Block treats the image as one uniform block of text (PSM 6): it
	// skips Tesseract's column finding, so it is faster than Auto on an
	// area known to hold lines of text.
	Block Mode = 6
	// SingleLine treats the image as one line of text (PSM 7): the mode
	// for a value crop.
	SingleLine Mode = 7
	// SingleWord treats the image as one word (PSM 8).
	SingleWord Mode = 8
	// SparseText finds as much text as possible in no particular order
	// (PSM 11): forms with scattered labels and values.
	SparseText Mode = 11
)

// String returns the mode's name.
func (m Mode) String() string {
	switch m {
	case Auto:
		return "auto"
	case Block:
		return "block"
	case SingleLine:
		return "line"
	case SingleWord:
		return "word"
	case SparseText:
		return "sparse"
	}
	return "psm" + strconv.Itoa(int(m))
}

func (m Mode) valid() bool {
	switch m {
	case Auto, Block, SingleLine, SingleWord, SparseText:
		return true
	}
	return false
}

// Word is one recognised word.
type Word struct {
	// Text is the word as Tesseract read it, without surrounding spaces.
	Text string
	// Conf is Tesseract's confidence, 0..100. It is not a calibrated
	// probability.
	Conf float64
	// Box is where the word is, in the coordinates of the image that was
	// read (its Bounds, so a SubImage gives page coordinates).
	Box image.Rectangle
	// Line numbers the text lines of one read from 1 in Tesseract's
	// order: words with equal Line belong to the same line.
	Line int
	// Block numbers Tesseract's text blocks from 1.
	Block int
}

// Line is a text line: its words in left-to-right order.
type Line struct {
	Words []Word
	// Box is the union of the words' boxes.
	Box image.Rectangle
	// Text is the words joined by single spaces.
	Text string
	// Conf is the mean of the words' confidences.
	Conf float64
}

// Symbol is one recognised character (a grapheme as Tesseract's model
// knows it: a Vietnamese letter with its diacritics is one symbol).
type Symbol struct {
	Text string
	// Conf is Tesseract's confidence, 0..100.
	Conf float64
	Box  image.Rectangle
	// Word is the index of the symbol's word in the Words of the same read.
	Word int
}

// Reading is everything one read of a value crop gives.
type Reading struct {
	// Text is the words joined by spaces, lines by newlines.
	Text string
	// Conf is the mean word confidence, 0 when nothing was read.
	Conf    float64
	Words   []Word
	Symbols []Symbol
}

// DefaultDPI is the resolution an Engine tells Tesseract until SetDPI is
// called: the register scans are 300 dpi.
const DefaultDPI = 300

// linePad is the white margin put around a line or word crop before it is
// read. Tesseract finds the text line less reliably when ink touches the
// image edge; a margin of about one x-height fixes that.
const linePad = 16

// Engine reads images with one Tesseract instance. It is not safe for
// concurrent use: create one per worker.
type Engine struct {
	api *api
	dpi int
	buf []byte // reused grey buffer for padded or converted images
}

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
	})
	if err != nil {
		return nil, err
	}
	return &Engine{api: a, dpi: DefaultDPI}, nil
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

// ThreadLimited reports whether OMP_THREAD_LIMIT=1 is set in the process
// environment, as civreg's parallel readers want (see the package doc).
func ThreadLimited() bool {
	return strings.TrimSpace(os.Getenv("OMP_THREAD_LIMIT")) == "1"
}

// read sets img as Tesseract's image and recognises it.
func (e *Engine) read(img image.Image, mode Mode, whitelist string, syms bool) ([]Word, []Symbol, error) {
	if e.api == nil {
		return nil, nil, errors.New("ocr: engine closed")
	}
	if !mode.valid() {
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
	if mode == SingleLine || mode == SingleWord {
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
func (e *Engine) Words(img image.Image, mode Mode) ([]Word, error) {
	words, _, err := e.read(img, mode, "", false)
	return words, err
}

// Lines reads img in mode and groups the words into text lines, in reading
// order: top to bottom, and left to right among lines that share a row
// (Tesseract puts the two halves of a form line such as "Họ và tên: …
// Giới tính: …" in different blocks when the gap between them is wide).
func (e *Engine) Lines(img image.Image, mode Mode) ([]Line, error) {
	words, err := e.Words(img, mode)
	if err != nil {
		return nil, err
	}
	return GroupLines(words), nil
}

// GroupLines groups words by their Line number and orders the lines for
// reading: by rows of vertically overlapping lines, top to bottom, and
// left to right within a row.
func GroupLines(words []Word) []Line {
	byID := map[int]int{}
	var lines []Line
	for _, w := range words {
		i, ok := byID[w.Line]
		if !ok {
			i = len(lines)
			byID[w.Line] = i
			lines = append(lines, Line{Box: w.Box})
		}
		lines[i].Words = append(lines[i].Words, w)
		lines[i].Box = lines[i].Box.Union(w.Box)
	}
	for i := range lines {
		l := &lines[i]
		sort.SliceStable(l.Words, func(a, b int) bool { return l.Words[a].Box.Min.X < l.Words[b].Box.Min.X })
		texts := make([]string, len(l.Words))
		sum := 0.0
		for j, w := range l.Words {
			texts[j] = w.Text
			sum += w.Conf
		}
		l.Text = strings.Join(texts, " ")
		l.Conf = sum / float64(len(l.Words))
	}
	return readingOrder(lines)
}

// readingOrder sorts lines top to bottom, then puts lines whose vertical
// centre falls inside the first line of a row into that row, left to right.
func readingOrder(lines []Line) []Line {
	sort.SliceStable(lines, func(a, b int) bool { return lines[a].Box.Min.Y < lines[b].Box.Min.Y })
	out := make([]Line, 0, len(lines))
	used := make([]bool, len(lines))
	for i := range lines {
		if used[i] {
			continue
		}
		head := lines[i].Box
		row := []Line{lines[i]}
		used[i] = true
		for j := i + 1; j < len(lines); j++ {
			if lines[j].Box.Min.Y >= head.Max.Y {
				break
			}
			c := (lines[j].Box.Min.Y + lines[j].Box.Max.Y) / 2
			if !used[j] && c > head.Min.Y && c < head.Max.Y {
				row = append(row, lines[j])
				used[j] = true
			}
		}
		sort.SliceStable(row, func(a, b int) bool { return row[a].Box.Min.X < row[b].Box.Min.X })
		out = append(out, row...)
	}
	return out
}

// Text reads a value crop: typically mode SingleLine, with whitelist
// limiting the characters Tesseract may output ("0123456789/" for a
// date; empty for any). Tesseract 5's LSTM honours the whitelist. It
// returns the lines of text joined by newlines and the mean word
// confidence, 0 when nothing was read.
func (e *Engine) Text(img image.Image, mode Mode, whitelist string) (string, float64, error) {
	words, _, err := e.read(img, mode, whitelist, false)
	if err != nil {
		return "", 0, err
	}
	text, conf := join(words)
	return text, conf, nil
}

// Symbols reads img like Text and returns each recognised character with
// its confidence and box (in img's coordinates), so that a reviewer can be
// shown which characters of a value are uncertain.
func (e *Engine) Symbols(img image.Image, mode Mode, whitelist string) ([]Symbol, error) {
	_, syms, err := e.read(img, mode, whitelist, true)
	return syms, err
}

// Read reads img like Text and returns the text, words and symbols of
// that one recognition: use it rather than Text then Symbols, which
// recognise twice. Symbols cost about 10% more than words alone.
func (e *Engine) Read(img image.Image, mode Mode, whitelist string) (Reading, error) {
	words, syms, err := e.read(img, mode, whitelist, true)
	if err != nil {
		return Reading{}, err
	}
	text, conf := join(words)
	return Reading{Text: text, Conf: conf, Words: words, Symbols: syms}, nil
}

// join joins words by spaces and lines by newlines and returns the text
// with the mean word confidence.
func join(words []Word) (string, float64) {
	if len(words) == 0 {
		return "", 0
	}
	var sb strings.Builder
	sum := 0.0
	for i, w := range words {
		if i > 0 {
			if w.Line != words[i-1].Line {
				sb.WriteByte('\n')
			} else {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(w.Text)
		sum += w.Conf
	}
	return sb.String(), sum / float64(len(words))
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
