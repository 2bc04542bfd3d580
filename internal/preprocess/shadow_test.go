package preprocess_test

import (
	"image"
	"testing"

	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// Each half of a book scanned open is cleaned as the same page scanned
// alone: the fold's shadow at its inner edge is lifted, so that it
// darkens neither the page's contrast nor its faint marks. Pages scanned
// alone are left as they are.
func TestShadowLifted(t *testing.T) {
	for i, w := range []synth.Wear{synth.WearNone, synth.WearLight, synth.WearHeavy} {
		o := synth.PageOptions{Seed: 41, Kind: registry.Kinds[i+1], Era: registry.Eras[i%2], Index: 2 * i, Wear: w}
		spread, _, err := synth.RenderSpread(o)
		if err != nil {
			t.Fatal(err)
		}
		s := preprocess.FindSpread(spread)
		if s.Layout != preprocess.TwoPages {
			t.Fatalf("%s: spread not split: %+v", w, s)
		}
		b := spread.Bounds()
		sub := spread.(interface {
			SubImage(image.Rectangle) image.Image
		})
		// Neither straightened nor deskewed: a curl measured on one and
		// not the other, or a turn about another centre, would move the
		// pixels.
		opts := preprocess.DefaultOptions()
		opts.Straighten, opts.MaxSkewDeg = false, -1
		for side, half := range []image.Image{
			sub.SubImage(image.Rect(b.Min.X, b.Min.Y, s.Gutter, b.Max.Y)),
			sub.SubImage(image.Rect(s.Gutter, b.Min.Y, b.Max.X, b.Max.Y)),
		} {
			po := o
			po.Index += side
			page, _, err := synth.RenderPage(po)
			if err != nil {
				t.Fatal(err)
			}
			alone, err := preprocess.Clean(page, opts)
			if err != nil {
				t.Fatal(err)
			}
			if alone.Shadow {
				t.Errorf("%s page %d scanned alone: a shadow was lifted", w, po.Index)
			}
			got, err := preprocess.Clean(half, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Shadow {
				t.Errorf("%s half %d: no shadow lifted", w, side)
			}
			// The page's pixels, where they lie in the half: the right
			// page starts half a fold in.
			dx := 0
			if side == 1 {
				dx = got.Image.Rect.Dx() - alone.Image.Rect.Dx()
			}
			if d := differing(alone.Image, got.Image, dx); d > 0.002 {
				t.Errorf("%s half %d: %.2f%% of the page's pixels clean differently from the page scanned alone", w, side, 100*d)
			}
		}
	}
}

// differing is the share of a's pixels more than 64 grey levels from b's
// at x+dx.
func differing(a, b *image.Gray, dx int) float64 {
	w, h := a.Rect.Dx(), min(a.Rect.Dy(), b.Rect.Dy())
	n, d := 0, 0
	for y := range h {
		for x := range w {
			if x+dx < 0 || x+dx >= b.Rect.Dx() {
				continue
			}
			n++
			if v := int(a.Pix[y*a.Stride+x]) - int(b.Pix[y*b.Stride+x+dx]); v > 64 || v < -64 {
				d++
			}
		}
	}
	return float64(d) / float64(n)
}
