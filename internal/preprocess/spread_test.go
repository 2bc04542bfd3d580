package preprocess_test

import (
	"image"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// A book scanned open is split at its fold; a page scanned alone, upright
// or sideways, is not; a wide image with no fold is held.
func TestFindSpread(t *testing.T) {
	for i, w := range []synth.Wear{synth.WearNone, synth.WearLight, synth.WearHeavy} {
		o := synth.PageOptions{Seed: 31, Kind: registry.Kinds[i], Era: registry.Eras[i%2], Index: 2 * i, Wear: w}
		img, ts, err := synth.RenderSpread(o)
		if err != nil {
			t.Fatal(err)
		}
		s := preprocess.FindSpread(img)
		// The fold: where the left page ends and the right begins.
		lw := 0
		for _, f := range ts[0].Fields {
			lw = max(lw, f.Box[2])
		}
		var rx = img.Bounds().Dx()
		for _, f := range ts[1].Fields {
			if f.Box != [4]int{} {
				rx = min(rx, f.Box[0])
			}
		}
		if s.Layout != preprocess.TwoPages || s.Gutter <= lw || s.Gutter >= rx {
			t.Errorf("%s spread: %+v, want two pages split between x %d and %d", w, s, lw, rx)
		}

		single, _, err := synth.RenderPage(o)
		if err != nil {
			t.Fatal(err)
		}
		if s := preprocess.FindSpread(single); s.Layout != preprocess.OnePage {
			t.Errorf("%s page: %+v, want one page", w, s)
		}
		if w == synth.WearHeavy {
			continue // sideways heavy pages may be held: measured, not promised
		}
		side := turn90(single)
		if s := preprocess.FindSpread(side); s.Layout != preprocess.OnePage {
			t.Errorf("%s page sideways: %+v, want one page", w, s)
		}
		// Lines across the whole width, no fold.
		wide := imaging.Resize(single, 2*single.Bounds().Dx(), single.Bounds().Dy(), imaging.Linear)
		if s := preprocess.FindSpread(wide); s.Layout != preprocess.Unsure || s.Reason == "" {
			t.Errorf("%s page stretched wide: %+v, want held with a reason", w, s)
		}
	}
}

func turn90(img image.Image) image.Image {
	return imaging.Rotate90(img)
}
