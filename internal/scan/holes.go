package scan

import (
	"encoding/binary"
	"image"
	"strings"
	"unicode"

	"github.com/civreg/civreg/ocr"
)

// Tesseract, reading a whole page as one block, may leave out whole lines
// of print: on ruled tables whose labels and values are set in two sizes
// (dev outside-table-grid pages: "Họ, chữ đệm, tên: TRẦN HỮU HÒA" and the
// date line under it, gone from the page's words, though a crop of the
// page's top read them). The page's rows that hold ink no word explains,
// as tall as a line of print, are read again on their own, and the words
// found there added.

// Holes are measured against the page's letters.
const (
	holeMinInk   = 24  // dark pixels outside every word for a row to count, at 300 dpi
	holeMinConf  = 60  // a word read in a hole must be at least this sure: stamps and scrawls read as garbage
	holeMaxBands = 12  // bands read again on one page at most: a page of noise is not read twice
	holePad      = 10  // pixels added above and below a band
	holeMinRows  = 14  // a band lower than this is a speck or a rule's remains
	holeMaxRows  = 160 // nor is a band taller than three lines one line left out
)

// rereadHoles reads again the bands of plain with ink outside every word
// and returns words with those found there added.
func rereadHoles(e Engine, plain *image.Gray, words []ocr.Word) ([]ocr.Word, error) {
	bands := holes(plain, words)
	if len(bands) > holeMaxBands {
		return words, nil
	}
	out := words
	for _, b := range bands {
		got, err := readBand(e, plain, b)
		if err != nil {
			return nil, err
		}
		for _, w := range got {
			if !overlapsAny(w.Box, words) {
				out = append(out, w)
			}
		}
	}
	return out, nil
}

// readBand reads one band as a block, else, when that finds no sure word
// (a line whose label and value stand on two baselines reads as nothing
// so too), as sparse text: the words at least holeMinConf sure.
func readBand(e Engine, plain *image.Gray, b image.Rectangle) ([]ocr.Word, error) {
	var sure []ocr.Word
	for _, m := range []ocr.Mode{ocr.Block, ocr.SparseText} {
		got, err := e.Words(plain.SubImage(b), m)
		if err != nil {
			return nil, err
		}
		for _, w := range got {
			if w.Conf >= holeMinConf && strings.IndexFunc(w.Text, isAlnum) >= 0 {
				sure = append(sure, w) // a lone mark is a speck
			}
		}
		if len(sure) > 0 {
			break
		}
		b = b.Inset(-2 * holePad).Intersect(plain.Bounds())
	}
	return sure, nil
}

// holes returns the page-wide bands of rows holding holeMinInk or more
// dark pixels outside every word's box, holeMinRows to holeMaxRows high.
func holes(plain *image.Gray, words []ocr.Word) []image.Rectangle {
	b := plain.Bounds()
	read := make([][]image.Rectangle, b.Dy()) // word boxes by row
	for _, w := range words {
		r := w.Box.Inset(-4).Intersect(b)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			read[y-b.Min.Y] = append(read[y-b.Min.Y], r)
		}
	}
	var out []image.Rectangle
	start, gap := -1, 0
	for y := b.Min.Y; y <= b.Max.Y; y++ {
		if y < b.Max.Y && unreadInk(plain, y, read[y-b.Min.Y]) >= holeMinInk {
			if start < 0 {
				start = y
			}
			gap = 0
			continue
		}
		if start >= 0 && y < b.Max.Y && gap < 3 {
			gap++
			continue
		}
		if start >= 0 {
			end := y - gap
			if h := end - start; h >= holeMinRows && h <= holeMaxRows {
				out = append(out, image.Rect(b.Min.X, max(b.Min.Y, start-holePad), b.Max.X, min(b.Max.Y, end+holePad)))
			}
		}
		start, gap = -1, 0
	}
	return out
}

// paper8 is the top bit of each byte of a word: eight pixels all have it
// when they are all 128 or lighter.
const paper8 = 0x8080808080808080

// unreadInk counts the dark pixels of row y outside the boxes.
func unreadInk(g *image.Gray, y int, boxes []image.Rectangle) int {
	row := g.Pix[g.PixOffset(g.Rect.Min.X, y):][:g.Rect.Dx()]
	n := 0
	for i := 0; i < len(row); i++ {
		if i+8 <= len(row) && binary.LittleEndian.Uint64(row[i:])&paper8 == paper8 {
			i += 7 // eight pixels of 128 or more: no ink
			continue
		}
		if row[i] >= 128 {
			continue
		}
		x := g.Rect.Min.X + i
		in := false
		for _, r := range boxes {
			if x >= r.Min.X && x < r.Max.X {
				in = true
				break
			}
		}
		if !in {
			n++
		}
	}
	return n
}

// overlapsAny says r overlaps one of the words' boxes.
func overlapsAny(r image.Rectangle, words []ocr.Word) bool {
	for _, w := range words {
		if r.Overlaps(w.Box) {
			return true
		}
	}
	return false
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
