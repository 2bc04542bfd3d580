package outside

import (
	"reflect"
	"testing"
)

// A word belongs to the field of its first letter; punctuation joined to
// it goes with it, and a dash or a tick box is no anchor.
func TestDocWords(t *testing.T) {
	d := newDoc()
	d.text("Họ tên:", "", "")
	d.space()
	d.text("Chủ tịch UBND", "chucVu", "V")
	d.text(", ", "", "V")
	d.text("Lê Văn An", "nguoiKy", "V")
	d.tab()
	d.text("☒", "", "")
	got := d.words()
	want := []expWord{{"Họ", ""}, {"tên:", ""}, {"Chủ", "chucVu"}, {"tịch", "chucVu"},
		{"UBND,", "chucVu"}, {"Lê", "nguoiKy"}, {"Văn", "nguoiKy"}, {"An", "nguoiKy"}, {"☒", "-"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("words:\n got %v\nwant %v", got, want)
	}
}

// Fields are found in order among the PDF's words: a leader's dots and a
// tick box written out of order are passed over, a label word that comes
// again later is not taken for a value, and a field whose word is not
// there is reported.
func TestFieldBoxes(t *testing.T) {
	want := []expWord{{"Dân", ""}, {"tộc:", ""}, {"Kinh", "a"}, {"Quốc", ""}, {"tịch:", ""},
		{"Việt", "b"}, {"Nam", "b"}, {"☒", "-"}, {"Dân", ""}, {"tộc:", ""}, {"Tày", "c"}, {"Mường", "d"}}
	w := func(x float64, s string) pdfWord { return pdfWord{XMin: x, YMin: 72, XMax: x + 20, YMax: 84, Text: s} }
	got := []pdfWord{w(0, "Dân"), w(24, "tộc:"), w(48, "Kinh"), w(72, "........"), w(96, "Quốc"), w(120, "tịch:"),
		w(144, "Việt"), w(168, "Nam"), w(190, "Dân"), w(214, "tộc:"), w(240, "Tày"), w(300, "☒")}
	boxes, missing := fieldBoxes(want, got)
	if b := boxes["a"]; b != [4]int{200, 300, 283, 350} {
		t.Errorf("a: %v", b)
	}
	if b := boxes["b"]; b != [4]int{600, 300, 783, 350} {
		t.Errorf("b (two words): %v", b)
	}
	if b := boxes["c"]; b != [4]int{1000, 300, 1083, 350} {
		t.Errorf("c: %v", b)
	}
	if !reflect.DeepEqual(missing, []string{"d"}) {
		t.Errorf("missing %v, want [d]", missing)
	}
}
