package locate

import (
	"image"
	"testing"
)

// A line that is one phrase ending in a colon is printed text of an
// edition we do not know, and its words do not run on into the value
// above: "Thông tin" of "Thông tin về cha, mẹ người được đăng ký khai
// sinh:" had been read into "Quê quán" (a held-out 1-bit page, where OCR
// also read specks as marks overlapping the words). A value's next line
// (no colon at its end, or a gap before a label at the end) runs on.
func TestHeadingIsNoRunOn(t *testing.T) {
	g := geo{charW: 20}
	mk := func(words ...any) *line {
		l := &line{}
		for i := 0; i < len(words); i += 3 {
			x0, x1 := words[i+1].(int), words[i+2].(int)
			l.toks = append(l.toks, &token{Word: Word{Text: words[i].(string), Box: image.Rect(x0, 1330, x1, 1370)}})
		}
		return l
	}
	for _, tc := range []struct {
		name string
		l    *line
		want bool
	}{
		{"heading with specks", mk("Thông", 275, 417, "tin", 433, 493, "về", 507, 555, "~", 547, 554, "cha,", 572, 660, "mẹ", 679, 743, "người", 760, 886, "`$", 852, 883, "được", 902, 1007,
			"đăng", 1024, 1132, "-", 1056, 1069, "ký", 1148, 1199, "khai", 1213, 1309, "sinh:", 1325, 1430), true},
		{"value going on", mk("Quận", 200, 290, "10,", 305, 360, "TP.", 375, 430, "Hồ", 445, 500, "Chí", 515, 570, "Minh", 585, 680), false},
		{"value, then a label at the line's end", mk("Quận", 200, 290, "10", 305, 360, "Dân", 900, 970, "tộc:", 985, 1060), false},
	} {
		if got := heading(tc.l, tc.l.toks[0], g); got != tc.want {
			t.Errorf("%s: heading %t, want %t", tc.name, got, tc.want)
		}
	}
}
