package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

// TestEditionsKeepTruth draws every form in every edition: each field is
// still drawn, a typed value's box holds its ink, and two one-line values'
// boxes do not overlap (a value overprinting another would; a value that
// runs on to the next line has a box that spans both lines and may).
func TestEditionsKeepTruth(t *testing.T) {
	for _, e := range Editions {
		for _, f := range form.All() {
			if !e.applies(f) {
				continue
			}
			img, tr, err := RenderPage(PageOptions{Seed: 5, Kind: f.Kind, Era: f.Era, Index: 2, Edition: e.Name})
			if err != nil {
				t.Fatalf("%s %s: %v", e.Name, f.ID(), err)
			}
			if tr.Edition != e.Name || tr.EditionFamily != e.Family {
				t.Errorf("%s %s: truth says edition %q of %q", e.Name, f.ID(), tr.Edition, tr.EditionFamily)
			}
			if len(tr.Fields) != len(f.Keys()) {
				t.Errorf("%s %s: %d fields for %d keys", e.Name, f.ID(), len(tr.Fields), len(f.Keys()))
			}
			for k, tf := range tr.Fields {
				if tf.State == StateTyped && inkIn(img, tf.Box) < 40 {
					t.Errorf("%s %s: %s box %v holds no ink", e.Name, f.ID(), k, tf.Box)
				}
				for k2, tf2 := range tr.Fields {
					if k < k2 && oneLine(tf) && oneLine(tf2) && !sameSlot(f, k, k2) && overlap(tf.Box, tf2.Box) {
						t.Errorf("%s %s: %s %v and %s %v overlap", e.Name, f.ID(), k, tf.Box, k2, tf2.Box)
					}
				}
			}
		}
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func sameSlot(f *form.Form, a, b string) bool {
	for _, s := range f.Slots() {
		keys := s.FieldKeys()
		if len(keys) > 1 && (keys[0] == a || keys[1] == a) && (keys[0] == b || keys[1] == b) {
			return true
		}
	}
	return false
}

func oneLine(tf TruthField) bool { return tf.State == StateTyped && tf.Box[3]-tf.Box[1] < 90 }

func overlap(a, b [4]int) bool {
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

// TestEditionsDiffer: every edition prints each form it applies to
// otherwise than the form files describe, with the same keys.
func TestEditionsDiffer(t *testing.T) {
	for _, e := range Editions {
		for _, f := range form.All() {
			if !e.applies(f) {
				continue
			}
			p := e.printed(f)
			same := reflect.DeepEqual(p.Lines, f.Lines) && reflect.DeepEqual(p.Signature, f.Signature) && reflect.DeepEqual(p.Side, f.Side)
			if same && e.Indent == 0 && e.LabelGap == 0 && e.columns(f) == nil {
				t.Errorf("%s prints %s as the form files do", e.Name, f.ID())
			}
			if !reflect.DeepEqual(sorted(p.Keys()), sorted(f.Keys())) {
				t.Errorf("%s %s: keys %v, want %v", e.Name, f.ID(), p.Keys(), f.Keys())
			}
		}
	}
	if reflect.DeepEqual(Editions[0], Edition{}) {
		t.Fatal("no editions")
	}
}

// TestEditionFamilies: a family's pages are drawn in its editions only;
// tuned includes the canonical layout; held-out pages default to held-out
// editions.
func TestEditionFamilies(t *testing.T) {
	f := form.Get(registry.Birth, registry.EraA)
	seen := map[string]bool{}
	for seed := uint64(0); seed < 60; seed++ {
		for _, fam := range []string{FamilyTuned, FamilyHeldOut} {
			e := pickEdition(PageOptions{Seed: seed, Kind: f.Kind, Era: f.Era, Edition: fam}, f)
			if e == nil {
				if fam != FamilyTuned {
					t.Fatalf("seed %d: the held-out family drew the canonical layout", seed)
				}
				seen["canonical"] = true
				continue
			}
			if e.Family != fam {
				t.Fatalf("seed %d: family %s drew %s of %s", seed, fam, e.Name, e.Family)
			}
			seen[e.Name] = true
		}
		if e := pickEdition(PageOptions{Seed: seed, Kind: f.Kind, Era: f.Era, HeldOut: true}, f); e == nil || e.Family != FamilyHeldOut {
			t.Fatalf("seed %d: a held-out page drew %v", seed, e)
		}
		if e := pickEdition(PageOptions{Seed: seed, Kind: f.Kind, Era: f.Era}, f); e != nil {
			t.Fatalf("seed %d: a page without an edition drew %s", seed, e.Name)
		}
	}
	if len(seen) != len(Editions)+1 {
		t.Errorf("60 seeds drew %d of %d editions and the canonical layout", len(seen), len(Editions))
	}
	if err := CheckEdition("no-such"); err == nil {
		t.Error("an unknown edition was accepted")
	}
}

// TestHeldOutContainers generates held-out pages twice: the same bytes,
// and each G4 page, decoded, has its values' ink inside the truth's boxes
// at the resolution the truth states.
func TestHeldOutContainers(t *testing.T) {
	o := Options{Seed: 3, Kinds: []registry.Kind{registry.Birth}, Eras: []registry.Era{registry.EraB}, Pages: 4, HeldOut: true,
		Formats: []string{FormatG4, FormatG4Black, FormatG4200, FormatG4Black2}}
	a, b := t.TempDir(), t.TempDir()
	truths, err := Generate(a, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Formats = []string{FormatG4, FormatG4Black, FormatG4200, FormatG4Black2}
	if _, err := Generate(b, o); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(a, "*"))
	for _, n := range names {
		x, _ := os.ReadFile(n)
		y, _ := os.ReadFile(filepath.Join(b, filepath.Base(n)))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", filepath.Base(n))
		}
	}
	for i, tr := range truths {
		wantDPI := []int{300, 300, 200, 200}[i]
		if tr.DPI != wantDPI || tr.Edition == "" || !tr.HeldOut {
			t.Errorf("%s: %d dpi, edition %q, held out %v", tr.File, tr.DPI, tr.Edition, tr.HeldOut)
		}
		fh, _ := os.Open(filepath.Join(a, tr.File))
		img, err := tiff.Decode(fh)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", tr.File, err)
		}
		if img.Bounds().Dx() != tr.Width || img.Bounds().Dy() != tr.Height {
			t.Errorf("%s: %v, truth says %d×%d", tr.File, img.Bounds(), tr.Width, tr.Height)
		}
		for k, tf := range tr.Fields {
			if tf.State == StateTyped && inkIn(img, tf.Box) < 20 {
				t.Errorf("%s: %s box %v holds no ink", tr.File, k, tf.Box)
			}
		}
	}
}
