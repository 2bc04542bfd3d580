package outside

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

// One outside page, through LibreOffice and poppler: every field of the
// form has its truth, the page is not the generator's, and each typed
// value's box holds ink while a blank's holds none.
func TestOutsidePage(t *testing.T) {
	testenv.Need(t, "libreoffice-writer", "poppler", "texgyre", "carlito")
	dir := t.TempDir()
	if d := os.Getenv("CIVREG_OUTSIDE_DIR"); d != "" {
		dir = d // keep the page to look at
	}
	truths, err := Generate(context.Background(), dir, Options{
		Seed: 7, Kinds: []registry.Kind{registry.Birth}, Eras: []registry.Era{registry.EraB}, Pages: 1,
		Wear: synth.Wear{Blank: 0.15}, Formats: []string{synth.FormatPNG},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(truths) != 1 {
		t.Fatalf("%d pages, want 1", len(truths))
	}
	tr := truths[0]
	if tr.EditionFamily != synth.FamilyOutside || !tr.HeldOut {
		t.Errorf("family %q, held out %v: want outside pages kept out of tuning", tr.EditionFamily, tr.HeldOut)
	}
	f, err := os.Open(filepath.Join(dir, tr.File))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	typed, blank := 0, 0
	for _, k := range form.Get(registry.Birth, registry.EraB).Keys() {
		tf, ok := tr.Fields[k]
		if !ok {
			t.Errorf("%s: no truth", k)
			continue
		}
		ink := darkShare(img, tf.BoxDeskewed)
		switch tf.State {
		case synth.StateTyped:
			typed++
			if tf.Value == "" || ink < 0.03 {
				t.Errorf("%s %q: box %v holds %.3f ink, want the value printed there", k, tf.Value, tf.BoxDeskewed, ink)
			}
		case synth.StateBlank:
			blank++
			// Inside the box, away from a cell's rules at its edges.
			b := tf.BoxDeskewed
			h := (b[3] - b[1]) / 4
			if ink := darkShare(img, [4]int{b[0] + 4, b[1] + h, b[2] - 4, b[3] - h}); ink > 0.01 {
				t.Errorf("%s is blank, but its box %v holds %.3f ink", k, b, ink)
			}
		}
	}
	if typed < 20 {
		t.Errorf("%d typed fields, want most of the form's", typed)
	}
	t.Logf("%s (%s): %d typed, %d blank fields", tr.File, tr.Edition, typed, blank)
}

// darkShare is the share of pixels darker than mid-grey inside the box.
func darkShare(img image.Image, b [4]int) float64 {
	r := image.Rect(b[0], b[1], b[2], b[3]).Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	dark := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g, _, _, _ := img.At(x, y).RGBA(); g < 0x8000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(r.Dx()*r.Dy())
}
