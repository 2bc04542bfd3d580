package scan

import (
	"image"
	"testing"

	"github.com/civreg/civreg/internal/locate"
)

// The signer's name and title are read from one blank; each field keeps
// the box of its own words (as the reader found them on a generated
// page), not the blank's, so that each has a crop of its own.
func TestPartBoxSignerLine(t *testing.T) {
	w := func(text string, x0, x1 int) locate.Word {
		return locate.Word{Text: text, Conf: 90, Box: image.Rect(x0, 2451, x1, 2506)}
	}
	reg := &locate.Region{Boxes: []image.Rectangle{image.Rect(222, 2436, 1546, 2608)}, Words: []locate.Word{
		w("Trưởng", 415, 560), w("phòng", 575, 700), w("Tư", 715, 760), w("pháp", 775, 942),
		w("(Đỗ", 959, 1040), w("Ngọc", 1055, 1180), w("Duyên)", 1195, 1340),
	}}
	if got, want := partBox(reg, "Trưởng phòng Tư pháp"), image.Rect(415, 2451, 942, 2506); got != want {
		t.Errorf("title box %v, want %v", got, want)
	}
	if got, want := partBox(reg, "Đỗ Ngọc Duyên"), image.Rect(959, 2451, 1340, 2506); got != want {
		t.Errorf("name box %v, want %v", got, want)
	}
	if got := partBox(reg, ""); !got.Empty() {
		t.Errorf("no part, box %v", got)
	}
}
