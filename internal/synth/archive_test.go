package synth_test

import (
	"path/filepath"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// The archival PDFs hold each page's image at its resolution: JPEG 2000
// in its colours, JBIG2 as the page made bilevel at half grey.
func TestArchivePDFs(t *testing.T) {
	dir := t.TempDir()
	truths, err := synth.Generate(dir, synth.Options{Seed: 3, Kinds: []registry.Kind{registry.Birth}, Eras: []registry.Era{registry.EraB},
		Pages: 2, Formats: []string{"jpx", "jbig2"}, PagesPerPDF: 1, Wear: synth.WearLight})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range truths {
		var ps []ingest.Page
		if err := ingest.Open(filepath.Join(dir, tr.File), ingest.Options{}, func(p ingest.Page) error { ps = append(ps, p); return nil }); err != nil {
			t.Fatalf("%s: %v", tr.File, err)
		}
		b := ps[0].Image.Bounds()
		if len(ps) != 1 || b.Dx() != tr.Width || b.Dy() != tr.Height || ps[0].DPI != tr.DPI {
			t.Errorf("%s: %d pages, %v at %d dpi; want %d×%d at %d", tr.File, len(ps), b, ps[0].DPI, tr.Width, tr.Height, tr.DPI)
		}
		img, _, err := synth.RenderPage(synth.PageOptions{Seed: 3, Kind: tr.Kind, Era: tr.Era, Index: tr.Index, Wear: synth.WearLight})
		if err != nil {
			t.Fatal(err)
		}
		// Grey levels differ by the codec's loss (JPEG 2000) or the
		// threshold (JBIG2): count the pixels that changed side of it.
		flipped := 0
		for y := range tr.Height {
			for x := range tr.Width {
				a, _, _, _ := img.At(x, y).RGBA()
				c, _, _, _ := ps[0].Image.At(x, y).RGBA()
				if (a < 0x8000) != (c < 0x8000) {
					flipped++
				}
			}
		}
		if flipped*200 > tr.Width*tr.Height {
			t.Errorf("%s: %d pixels of %d changed from black to white or back", tr.File, flipped, tr.Width*tr.Height)
		}
	}
}
