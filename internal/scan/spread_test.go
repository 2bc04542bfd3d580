package scan_test

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// A book scanned open gives two records, each with its own page's fields
// and none of the other's; a wide image that cannot be split surely is
// held for a person, not read as one entry, unless its labels show it is
// a page scanned sideways.
func TestScanSplitsSpreads(t *testing.T) {
	needTesseract(t)
	img, truths, err := synth.RenderSpread(synth.PageOptions{Seed: 27, Kind: registry.Birth, Era: registry.EraB, Index: 4})
	if err != nil {
		t.Fatal(err)
	}
	single, _, err := synth.RenderPage(synth.PageOptions{Seed: 27, Kind: registry.Death, Era: registry.EraA})
	if err != nil {
		t.Fatal(err)
	}
	// A worn page laid sideways, whose ink alone does not tell it from a
	// spread without a gutter.
	sideways, _, err := synth.RenderPage(synth.PageOptions{Seed: 20261123, Kind: registry.Birth, Era: registry.EraB, Wear: synth.WearLight, Turn: 90})
	if err != nil {
		t.Fatal(err)
	}
	if s := preprocess.FindSpread(sideways); s.Layout != preprocess.Unsure {
		t.Logf("the sideways page is %+v, not unsure: the test reads it all the same", s)
	}
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "sideways.png"), sideways)
	writePNG(t, filepath.Join(dir, "spread.png"), img)
	writePNG(t, filepath.Join(dir, "wide.png"), imaging.Resize(single, 2*single.Bounds().Dx(), single.Bounds().Dy(), imaging.Linear))
	db := open(t)
	rep, err := scan.Run(context.Background(), []string{dir}, options(db))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 3 || rep.Failed != 1 || len(rep.Failures) != 1 || filepath.Base(rep.Failures[0].File) != "wide.png" {
		t.Fatalf("stored %d pages, failed %v; want the spread's 2 and the sideways page stored, wide.png held", rep.Pages, rep.Failures)
	}
	t.Logf("held: %s", rep.Failures[0].Reason)
	bySide := map[string]synth.Truth{"left": truths[0], "right": truths[1]}
	other := map[string]string{"left": "right", "right": "left"}
	seen := map[string]bool{}
	err = db.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
		if filepath.Base(r.Source.File) == "sideways.png" {
			return nil
		}
		tr, ok := bySide[r.Source.Side]
		if !ok || r.Source.PageIndex != 0 || seen[r.Source.Side] {
			t.Errorf("record %s: source %+v", r.ID, r.Source)
			return nil
		}
		seen[r.Source.Side] = true
		ot := bySide[other[r.Source.Side]]
		own, typed := 0, 0
		for key, want := range tr.Fields {
			f := r.Fields[key]
			if want.State != "typed" || f == nil {
				continue
			}
			typed++
			if f.Value == want.Value {
				own++
			} else if o := ot.Fields[key]; o.Value != want.Value && f.Value == o.Value && f.Value != "" {
				t.Errorf("%s %s: took the %s page's value %q", r.Source.Side, key, other[r.Source.Side], f.Value)
			}
		}
		if own*10 < typed*8 {
			t.Errorf("%s: %d of %d typed values its own", r.Source.Side, own, typed)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// A book scanned open and laid sideways gives two records, each its own
// page's, on its own side, whichever way it was laid; laid sideways with
// no gutter to split it at, it is held for a person, not read as one
// entry.
func TestScanSplitsSidewaysSpreads(t *testing.T) {
	needTesseract(t)
	dir := t.TempDir()
	single, _, err := synth.RenderPage(synth.PageOptions{Seed: 29, Kind: registry.Birth, Era: registry.EraA})
	if err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(dir, "wide-sideways.png"), imaging.Rotate90(imaging.Resize(single, 2*single.Bounds().Dx(), single.Bounds().Dy(), imaging.Linear)))
	var want []synth.Truth
	for i, deg := range []int{90, 270} {
		img, truths, err := synth.RenderSpread(synth.PageOptions{Seed: 29, Kind: registry.Death, Era: registry.EraB, Index: 2 * i, Wear: synth.WearLight, Turn: deg})
		if err != nil {
			t.Fatal(err)
		}
		writePNG(t, filepath.Join(dir, fmt.Sprintf("laid%d.png", deg)), img)
		want = append(want, truths[0], truths[1])
	}
	db := open(t)
	rep, err := scan.Run(context.Background(), []string{dir}, options(db))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 4 || rep.Failed != 1 || filepath.Base(rep.Failures[0].File) != "wide-sideways.png" {
		t.Fatalf("stored %d pages, failed %v; want two records from each spread, wide-sideways.png held", rep.Pages, rep.Failures)
	}
	t.Logf("held: %s", rep.Failures[0].Reason)
	got := map[string]int{} // "file side" → page number read
	err = db.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
		got[filepath.Base(r.Source.File)+" "+r.Source.Side] = r.Page
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range want {
		key := fmt.Sprintf("laid%d.png %s", []int{90, 270}[i/2], tr.Side)
		if got[key] != tr.Page {
			t.Errorf("%s: record of page %d, want %d (records %v)", key, got[key], tr.Page, got)
		}
	}
}
