package ingest

import (
	"image"
	"image/color"
	"testing"
)

func TestRotateTurnsClockwise(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	img.SetGray(0, 0, color.Gray{Y: 200}) // top left
	for _, tc := range []struct {
		deg  int
		x, y int
		w, h int
	}{{90, 1, 0, 2, 3}, {180, 2, 1, 3, 2}, {270, 0, 2, 2, 3}} {
		out := rotate(img, tc.deg)
		if b := out.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Errorf("rotate %d: size %v, want %dx%d", tc.deg, b, tc.w, tc.h)
		}
		if r, _, _, _ := out.At(tc.x, tc.y).RGBA(); r>>8 != 200 {
			t.Errorf("rotate %d: the top-left pixel is not at (%d,%d)", tc.deg, tc.x, tc.y)
		}
	}
}
