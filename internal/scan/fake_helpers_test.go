package scan_test

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/ocr"
	"github.com/civreg/civreg/ocr/ocrtest"
	"github.com/civreg/civreg/registry"
)

// Pages the fake engine reads are this size: small, so that cleaning
// them takes milliseconds, and large enough for the form's lines.
const fakeW, fakeH = 1600, 1400

// fakeValues are values of each type as a clerk would write them.
var fakeValues = map[registry.ValueType]string{
	registry.TypeName:        "NGUYỄN THỊ NHÀN",
	registry.TypeSex:         "Nữ",
	registry.TypeDate:        "12/03/2009",
	registry.TypeDateWords:   "Ngày mười hai, tháng ba",
	registry.TypePlace:       "Bệnh viện Từ Dũ, Thành phố Hồ Chí Minh",
	registry.TypeEthnicity:   "Kinh",
	registry.TypeNationality: "Việt Nam",
	registry.TypeRelation:    "Cha",
	registry.TypeNumber:      "125",
}

// formWords lays the labels of form f and a value for each blank out as
// OCR words on a fakeW×fakeH page, as Tesseract reads a clean page: one
// printed line a row, the Ghi chú column on the right.
func formWords(f *form.Form) []ocr.Word {
	const left, top, pitch, h, charW = 50, 60, 56, 28, 12
	var words []ocr.Word
	line := 0
	put := func(x, y int, text string) int {
		for _, s := range strings.Fields(text) {
			w := utf8.RuneCountInString(s) * charW
			line := len(words) // not Tesseract's numbering, but one per word is enough here
			words = append(words, ocr.Word{Text: s, Conf: 96, Box: image.Rect(x, y, x+w, y+h), Line: line + 1, Block: 1})
			x += w + charW
		}
		return x + 2*charW
	}
	row := func(slots []form.Slot) {
		y := top + line*pitch
		x := left
		for _, s := range slots {
			x = put(x, y, s.Label)
			x = put(x, y, fakeValues[s.Type])
		}
		line++
	}
	row(f.Header)
	for _, l := range f.Lines {
		if l.Section != "" {
			put(left, top+line*pitch, l.Section)
			line++
		}
		if len(l.Slots) > 0 {
			row(l.Slots)
			for _, s := range l.Slots {
				line += s.RunLines() - 1
			}
		}
	}
	for _, c := range f.Signature {
		put(left+300, top+line*pitch, c)
		line++
	}
	for i, s := range f.Side {
		put(fakeW*3/4, top+(i+1)*pitch, s.Label)
	}
	return words
}

// fakePage writes a page for the fake engine to dir/name: white with a
// mark at (n, n), so that every n gives another page, and returns the key
// under which the engine is asked to read it (its clean page with leaders
// erased, as scan.LocatePage reads it).
func fakePage(t *testing.T, dir, name string, n int) string {
	t.Helper()
	g := image.NewGray(image.Rect(0, 0, fakeW, fakeH))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	for y := range 3 {
		for x := range 3 {
			g.Pix[g.PixOffset(20+n+x, 20+n+y)] = 0
		}
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, g); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	clean, err := preprocess.Clean(g, preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return ocrtest.Key(preprocess.EraseLeaders(clean.Image))
}
