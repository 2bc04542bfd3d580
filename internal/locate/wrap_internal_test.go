package locate

import (
	"image"
	"testing"
)

// A value that fills its region's last line and goes on at the margin of
// the line under it, where the region does not reach, may be cut short:
// "Công chức Tư pháp - Hộ tịch TRẦN MINH" over "TÙNG" (a tuned edition
// that splits the signer's label over two lines, accepted as "Trần
// Minh"). A value ending short of the edge, a label under it, a word some
// region took or one far from the margin are no such sign.
func TestWrapAt(t *testing.T) {
	g := geo{lead: 78, charW: 20, margin: 200, right: 1430}
	box := image.Rect(172, 2333, 1427, 2489)
	value := []Word{
		{Text: "Hộ", Box: image.Rect(1046, 2413, 1091, 2453)},
		{Text: "tịch", Box: image.Rect(1103, 2414, 1161, 2453)},
		{Text: "TRẦN", Box: image.Rect(1174, 2403, 1278, 2443)},
		{Text: "MINH", Box: image.Rect(1293, 2414, 1389, 2443)},
	}
	under := func(text string, x int, label bool) []*line {
		t := &token{Word: Word{Text: text, Box: image.Rect(x, 2471, x+110, 2508)}, label: label}
		return []*line{{toks: []*token{t}, cy: 2489}}
	}
	for _, tc := range []struct {
		name  string
		words []Word
		lines []*line
		taken bool
		want  bool
	}{
		{"wrapped", value, under("TÙNG", 185, false), false, true},
		{"short of the edge", value[:2], under("TÙNG", 185, false), false, false},
		{"a label under it", value, under("Ghi", 185, true), false, false},
		{"taken by a region", value, under("TÙNG", 185, false), true, false},
		{"far from the margin", value, under("TÙNG", 700, false), false, false},
		{"nothing under it", value, nil, false, false},
	} {
		taken := map[image.Rectangle]bool{}
		if tc.taken {
			taken[tc.lines[0].toks[0].Box] = true
		}
		if got := wrapAt(tc.words, box, tc.lines, taken, g); got != tc.want {
			t.Errorf("%s: wrapAt = %v, want %v", tc.name, got, tc.want)
		}
	}
}
