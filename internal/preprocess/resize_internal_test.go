package preprocess

import (
	"image"
	"testing"

	"github.com/disintegration/imaging"
)

// resizeGray gives imaging.Resize's linear filter's pixels to the last
// level, up (200 to 300 dpi), down, and one way only.
func TestResizeGrayIsImagings(t *testing.T) {
	g := image.NewGray(image.Rect(3, 5, 403, 305))
	seed := uint32(7)
	for i := range g.Pix {
		seed = seed*1664525 + 1013904223
		g.Pix[i] = uint8(seed >> 24)
		if i%97 < 40 {
			g.Pix[i] = 0xff // paper between the strokes
		}
	}
	for _, size := range []image.Point{{600, 450}, {267, 200}, {400, 450}, {600, 300}, {150, 641}} {
		want := toGray(imaging.Resize(g, size.X, size.Y, imaging.Linear), false)
		got := resizeGray(g, size.X, size.Y)
		if got.Rect != want.Rect {
			t.Fatalf("%v: got %v, want %v", size, got.Rect, want.Rect)
		}
		for i := range want.Pix {
			if got.Pix[i] != want.Pix[i] {
				t.Fatalf("%v: pixel %d is %d, imaging's %d", size, i, got.Pix[i], want.Pix[i])
			}
		}
	}
}
