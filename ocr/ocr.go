package ocr

import (
	"image"
	"sort"
	"strconv"
	"strings"
)

// Engine reads images. The scan pipeline gives each worker its own
// Engines; an implementation need not be safe for concurrent use.
// internal/tesseract's Engine is civreg's; ocrtest's is a fake for tests.
type Engine interface {
	// Words reads img in mode and returns its words in the engine's
	// order, with boxes in img's coordinates (its Bounds).
	Words(img image.Image, mode Mode) ([]Word, error)
	// Text reads a value crop, typically in mode SingleLine, with only
	// the characters of whitelist (any when empty). It returns the lines
	// of text joined by newlines, the words of a line by spaces, and the
	// mean word confidence, 0 when nothing was read.
	Text(img image.Image, mode Mode, whitelist string) (string, float64, error)
	// Close frees the engine; it is not used after.
	Close() error
}

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

// Valid reports whether m is one of the modes above.
func (m Mode) Valid() bool {
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

// DefaultDPI is the resolution an engine assumes until told otherwise:
// the register scans are 300 dpi.
const DefaultDPI = 300

// Join joins words by spaces and lines (a change of Word.Line) by
// newlines, as Engine.Text returns them, and returns the text with the
// mean word confidence, 0 for no words.
func Join(words []Word) (string, float64) {
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
