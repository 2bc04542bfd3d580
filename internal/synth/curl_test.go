package synth

import (
	"image"
	"image/draw"
	"testing"

	"github.com/civreg/civreg/registry"
)

// A curled page bends its lines towards its gutter, an odd entry's on the
// left: the ink near the gutter moves, the far edge's does not, and the
// fields keep their flat page's BoxDeskewed while Box follows the ink.
func TestCurlBendsTowardsTheGutter(t *testing.T) {
	o := PageOptions{Seed: 5, Kind: registry.Death, Era: registry.EraB, Index: 1}
	flat, ft, err := RenderPage(o)
	if err != nil {
		t.Fatal(err)
	}
	o.Curl = CurlStrong
	curled, ct, err := RenderPage(o)
	if err != nil {
		t.Fatal(err)
	}
	if ct.Curl != CurlStrong {
		t.Errorf("truth curl %q", ct.Curl)
	}
	g, c := gray(flat), gray(curled)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	differ := func(x0, x1 int) int {
		n := 0
		for y := range h {
			for x := x0; x < x1; x++ {
				if d := int(g.Pix[y*g.Stride+x]) - int(c.Pix[y*c.Stride+x]); d > 64 || d < -64 {
					n++
				}
			}
		}
		return n
	}
	near, far := differ(0, w/5), differ(w-w/5, w)
	if near < 1000 || far > near/20 {
		t.Errorf("pixels changed: %d in the fifth by the gutter, %d in the far fifth", near, far)
	}
	moved := 0
	for k, f := range ct.Fields {
		if f.BoxDeskewed != ft.Fields[k].BoxDeskewed {
			t.Errorf("%s: BoxDeskewed %v, flat %v", k, f.BoxDeskewed, ft.Fields[k].BoxDeskewed)
		}
		if f.Box != ft.Fields[k].Box {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no field's Box follows the bent ink")
	}
	if _, err := ParseCurl("wavy"); err == nil {
		t.Error("ParseCurl accepts wavy")
	}
}

func gray(img image.Image) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	return g
}
