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
