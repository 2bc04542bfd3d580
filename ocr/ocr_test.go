package ocr_test

import (
	"image"
	"testing"

	"github.com/civreg/civreg/ocr"
)

func TestJoin(t *testing.T) {
	for _, tc := range []struct {
		words []ocr.Word
		text  string
		conf  float64
	}{
		{nil, "", 0},
		{[]ocr.Word{{Text: "Nữ", Conf: 90, Line: 1}}, "Nữ", 90},
		{[]ocr.Word{{Text: "Ấp", Conf: 80, Line: 1}, {Text: "4", Conf: 90, Line: 1}, {Text: "TP.HCM", Conf: 70, Line: 2}}, "Ấp 4\nTP.HCM", 80},
	} {
		text, conf := ocr.Join(tc.words)
		if text != tc.text || conf != tc.conf {
			t.Errorf("Join(%v) = %q, %v; want %q, %v", tc.words, text, conf, tc.text, tc.conf)
		}
	}
}

// The two halves of a form line that Tesseract puts in different lines
// come out as one row, left to right, before the line under them.
func TestGroupLines(t *testing.T) {
	words := []ocr.Word{
		{Text: "Giới", Conf: 90, Box: image.Rect(1200, 100, 1300, 140), Line: 2},
		{Text: "tính:", Conf: 80, Box: image.Rect(1310, 102, 1400, 140), Line: 2},
		{Text: "Nơi", Conf: 90, Box: image.Rect(100, 200, 180, 240), Line: 3},
		{Text: "tên:", Conf: 90, Box: image.Rect(200, 101, 280, 141), Line: 1},
		{Text: "Họ", Conf: 60, Box: image.Rect(100, 100, 180, 140), Line: 1},
	}
	lines := ocr.GroupLines(words)
	var got []string
	for _, l := range lines {
		got = append(got, l.Text)
	}
	want := []string{"Họ tên:", "Giới tính:", "Nơi"}
	if len(got) != len(want) {
		t.Fatalf("lines %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, got[i], want[i])
		}
	}
	if lines[0].Conf != 75 || lines[0].Box != image.Rect(100, 100, 280, 141) {
		t.Errorf("first line conf %v box %v, want 75 and (100,100)-(280,141)", lines[0].Conf, lines[0].Box)
	}
}

func TestModeValid(t *testing.T) {
	if !ocr.SingleLine.Valid() || ocr.Mode(99).Valid() {
		t.Error("SingleLine invalid or mode 99 valid")
	}
	if ocr.Block.String() != "block" || ocr.Mode(4).String() != "psm4" {
		t.Errorf("names %q %q", ocr.Block, ocr.Mode(4))
	}
}
