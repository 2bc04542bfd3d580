package scan_test

import (
	"context"
	"encoding/binary"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/civreg/civreg/internal/testenv"

	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// A bilevel page stored as CCITT G4 in BlackIsZero, as archives write it,
// reads exactly as the same page in PNG: same pixels, same record.
func TestScanReadsG4MinIsBlackAsPNG(t *testing.T) {
	needTesseract(t)
	testenv.Need(t, "libtiff-tools")
	img, _, err := synth.RenderPage(synth.PageOptions{Seed: 19, Kind: registry.Birth, Era: registry.EraB})
	if err != nil {
		t.Fatal(err)
	}
	page := threshold(img)
	pngDir, g4Dir := t.TempDir(), t.TempDir()
	f, err := os.Create(filepath.Join(pngDir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, page); err != nil {
		t.Fatal(err)
	}
	f.Close()
	raw := filepath.Join(t.TempDir(), "raw.tif")
	if err := os.WriteFile(raw, minIsBlackTIFF(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("tiffcp", "-c", "g4", raw, filepath.Join(g4Dir, "page.tif")).CombinedOutput(); err != nil {
		t.Fatalf("tiffcp: %v: %s", err, out)
	}

	records := map[string]*registry.Record{}
	for _, dir := range []string{pngDir, g4Dir} {
		db := open(t)
		rep, err := scan.Run(context.Background(), []string{dir}, options(db))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Pages != 1 {
			t.Fatalf("%s: stored %d pages, failed %v", filepath.Base(dir), rep.Pages, rep.Failures)
		}
		err = db.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
			records[dir] = r
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	p, g := records[pngDir], records[g4Dir]
	if p.Source.SHA256 != g.Source.SHA256 {
		t.Errorf("the G4 page's pixels differ from the PNG's")
	}
	if len(p.Fields) == 0 || len(p.Fields) != len(g.Fields) {
		t.Fatalf("png has %d fields, g4 %d", len(p.Fields), len(g.Fields))
	}
	for key, pf := range p.Fields {
		gf := g.Fields[key]
		if gf == nil || gf.Value != pf.Value || gf.Status != pf.Status || gf.Confidence != pf.Confidence {
			t.Errorf("%s: png %+v, g4 %+v", key, pf, gf)
		}
	}
}

// threshold makes a page bilevel: 0 or 255.
func threshold(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	for i, v := range g.Pix {
		if v < 128 {
			g.Pix[i] = 0
		} else {
			g.Pix[i] = 255
		}
	}
	return g
}

// minIsBlackTIFF writes a bilevel page as one uncompressed strip in
// BlackIsZero (a 1 bit is white), for tiffcp to recompress.
func minIsBlackTIFF(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	rowBytes := (w + 7) / 8
	strip := make([]byte, rowBytes*h)
	for y := range h {
		for x := range w {
			if g.Pix[y*g.Stride+x] != 0 {
				strip[y*rowBytes+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	le := binary.LittleEndian
	b := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	entries := [][3]uint32{{256, 4, uint32(w)}, {257, 4, uint32(h)}, {258, 3, 1}, {259, 3, 1}, {262, 3, 1},
		{273, 4, 0}, {277, 3, 1}, {278, 4, uint32(h)}, {279, 4, uint32(len(strip))}}
	stripOff := 8 + 2 + 12*len(entries) + 4
	b = le.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		if e[0] == 273 {
			e[2] = uint32(stripOff)
		}
		b = le.AppendUint16(b, uint16(e[0]))
		b = le.AppendUint16(b, uint16(e[1]))
		b = le.AppendUint32(b, 1)
		if e[1] == 3 {
			b = le.AppendUint16(b, uint16(e[2]))
			b = le.AppendUint16(b, 0)
		} else {
			b = le.AppendUint32(b, e[2])
		}
	}
	b = le.AppendUint32(b, 0)
	return append(b, strip...)
}
