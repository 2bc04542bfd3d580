package scan

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/civreg/civreg/internal/locate"
)

// A place read "Tp Hồ Chí Minh" is disputed when a full stop's blot of
// ink stands low in the gap after "Tp"; an empty gap, a blot at mid-height
// (a dash) and a reading with its stop are not.
func TestInkStop(t *testing.T) {
	page := func(dot image.Rectangle) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 200, 60))
		draw.Draw(g, g.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		black := image.NewUniform(color.Black)
		draw.Draw(g, image.Rect(10, 10, 50, 42), black, image.Point{}, draw.Src)  // "Tp"
		draw.Draw(g, image.Rect(70, 10, 110, 36), black, image.Point{}, draw.Src) // "Hồ"
		draw.Draw(g, dot, black, image.Point{}, draw.Src)
		return g
	}
	reg := &locate.Region{Words: []locate.Word{
		{Text: "Tp", Box: image.Rect(10, 10, 50, 42)},
		{Text: "Hồ", Box: image.Rect(70, 10, 110, 36)},
	}}
	for _, tc := range []struct {
		raw  string
		dot  image.Rectangle
		want bool
	}{
		{"Tp Hồ Chí Minh", image.Rect(53, 31, 58, 36), true},
		{"Tp Hồ Chí Minh", image.Rectangle{}, false},
		{"Tp Hồ Chí Minh", image.Rect(54, 20, 66, 23), false}, // a dash
		{"Tp. Hồ Chí Minh", image.Rect(53, 31, 58, 36), false},
	} {
		v := passes{raw: tc.raw}
		inkStop(&v, page(tc.dot), reg)
		if v.disputed != tc.want {
			t.Errorf("%q with ink at %v: disputed %v (%q), want %v", tc.raw, tc.dot, v.disputed, v.doubt, tc.want)
		}
	}
}
