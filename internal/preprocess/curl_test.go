package preprocess_test

import (
	"testing"

	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// A page whose lines curl towards the gutter is straightened, and then
// measures flat; the same page lying flat is left as it is.
func TestStraightenCurl(t *testing.T) {
	for _, kind := range []registry.Kind{registry.Birth, registry.Marriage} {
		o := synth.PageOptions{Seed: 777, Kind: kind, Era: registry.EraB, Index: 1, Wear: synth.WearLight}
		flat, _, err := synth.RenderPage(o)
		if err != nil {
			t.Fatal(err)
		}
		o.Curl = synth.CurlStrong
		curled, _, err := synth.RenderPage(o)
		if err != nil {
			t.Fatal(err)
		}
		f, err := preprocess.Clean(flat, preprocess.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if f.Straightened {
			t.Errorf("%s flat: straightened (curl %.0f px)", kind, f.Curl)
		}
		c, err := preprocess.Clean(curled, preprocess.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if !c.Straightened {
			t.Errorf("%s curled: not straightened (curl %.0f px)", kind, c.Curl)
			continue
		}
		again, err := preprocess.Clean(c.Image, preprocess.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if again.Straightened || again.Curl > c.Curl/3 {
			t.Errorf("%s curled: %.0f px of curl, %.0f px left once straightened", kind, c.Curl, again.Curl)
		}
		t.Logf("%s: flat %.0f px, curled %.0f px, straightened %.0f px", kind, f.Curl, c.Curl, again.Curl)
	}
}

// A moderate curl is seen also where the page's text thins out towards the
// gutter (a right-hand column with short remarks, values that end before
// it): most such pages are straightened, and none of the same pages lying
// flat.
func TestModerateCurlSeen(t *testing.T) {
	var pages, curled, flatStraightened int
	for _, kind := range registry.Kinds {
		for _, era := range registry.Eras {
			for index := range 2 { // the gutter on the right, then on the left
				o := synth.PageOptions{Seed: 778, Kind: kind, Era: era, Index: index, Wear: synth.WearLight}
				flat, _, err := synth.RenderPage(o)
				if err != nil {
					t.Fatal(err)
				}
				o.Curl = synth.CurlModerate
				bent, _, err := synth.RenderPage(o)
				if err != nil {
					t.Fatal(err)
				}
				f, err := preprocess.Clean(flat, preprocess.DefaultOptions())
				if err != nil {
					t.Fatal(err)
				}
				c, err := preprocess.Clean(bent, preprocess.DefaultOptions())
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if f.Straightened {
					flatStraightened++
					t.Errorf("%s-%s page %d flat: straightened (curl %.1f px)", kind, era, index, f.Curl)
				}
				if c.Straightened {
					curled++
				}
				t.Logf("%s-%s page %d: flat %.1f px, moderate curl %.1f px", kind, era, index, f.Curl, c.Curl)
			}
		}
	}
	if curled < pages*3/4 {
		t.Errorf("%d of %d pages with a moderate curl straightened, want at least three quarters", curled, pages)
	}
}
