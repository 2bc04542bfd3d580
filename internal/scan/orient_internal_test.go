package scan

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// A colour page turns as its grey copy does.
func TestTurnColourAsGrey(t *testing.T) {
	rgba := image.NewRGBA(image.Rect(3, 5, 10, 9)) // not at the origin
	for y := 5; y < 9; y++ {
		for x := 3; x < 10; x++ {
			v := uint8(x*20 + y*7)
			rgba.Set(x, y, color.RGBA{v, v, v, 255})
		}
	}
	gray := image.NewGray(image.Rect(0, 0, 7, 4))
	draw.Draw(gray, gray.Rect, rgba, rgba.Rect.Min, draw.Src)
	for _, deg := range []int{90, 180, 270} {
		c, g := turn(rgba, deg), turn(gray, deg).(*image.Gray)
		cg := image.NewGray(c.Bounds())
		draw.Draw(cg, cg.Rect, c, c.Bounds().Min, draw.Src)
		if cg.Rect != g.Rect || !bytes.Equal(cg.Pix, g.Pix) {
			t.Errorf("turned %d: colour %v %v, grey %v %v", deg, cg.Rect, cg.Pix, g.Rect, g.Pix)
		}
	}
}
