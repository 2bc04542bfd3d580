package ingest_test

import (
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
)

// needTool skips a test without the command, and fails it in CI.
func needTool(t *testing.T, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not installed (apt-get install %s)", name, pkg)
		}
		t.Skipf("%s not installed (apt-get install %s)", name, pkg)
	}
}

// Bilevel pages are stored by archives in both photometric
// interpretations, both bit orders and every TIFF compression; each must
// give the page's own pixels, as a PNG of it does.
func TestBilevelTIFFEveryWay(t *testing.T) {
	needTool(t, "tiffcp", "libtiff-tools")
	dir := t.TempDir()
	src1, src2 := bilevel(203, 121), bilevel(96, 64)
	want := []string{ingest.Hash(src1), ingest.Hash(src2)}
	for _, photo := range []struct {
		name       string
		minIsBlack bool
	}{{"min-is-white", false}, {"min-is-black", true}} {
		raw, _, _ := buildTIFF([]tiffPage{{img: src1, bits: 1, minIsBlack: photo.minIsBlack}, {img: src2, bits: 1, minIsBlack: photo.minIsBlack}})
		in := write(t, dir, photo.name+".tif", raw)
		for _, c := range []struct {
			arg  string
			code int
		}{{"g4", 4}, {"g3:1d", 3}, {"g3:2d", 3}, {"g3:1d:fill", 3}, {"lzw", 5}, {"packbits", 32773}, {"none", 1}} {
			for _, fill := range []string{"msb2lsb", "lsb2msb"} {
				name := photo.name + "-" + c.arg + "-" + fill
				t.Run(name, func(t *testing.T) {
					out := filepath.Join(dir, name+".tif")
					if b, err := exec.Command("tiffcp", "-c", c.arg, "-f", fill, in, out).CombinedOutput(); err != nil {
						t.Fatalf("tiffcp: %v: %s", err, b)
					}
					assertCompression(t, out, c.code)
					ps := pages(t, out)
					if len(ps) != 2 {
						t.Fatalf("got %d pages, want 2", len(ps))
					}
					for i := range ps {
						if ps[i].SHA256 != want[i] {
							t.Errorf("page %d: pixels differ from the page's (%s)", i+1, ink(ps[i].Image))
						}
					}
					if c.arg != "g4" {
						return
					}
					// The same G4 data passed into a PDF (tiff2pdf writes
					// BlackIs1 or a /Decode for BlackIsZero).
					needTool(t, "tiff2pdf", "libtiff-tools")
					pdfPath := filepath.Join(dir, name+".pdf")
					if b, err := exec.Command("tiff2pdf", "-o", pdfPath, out).CombinedOutput(); err != nil {
						t.Fatalf("tiff2pdf: %v: %s", err, b)
					}
					for i, p := range pages(t, pdfPath) {
						if p.SHA256 != want[i] {
							t.Errorf("pdf page %d: pixels differ from the page's (%s)", i+1, ink(p.Image))
						}
					}
				})
			}
		}
	}
}

// ink describes how much of a page is black, to tell a negative from a
// page slightly off.
func ink(img image.Image) string {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				n++
			}
		}
	}
	return fmt.Sprintf("%d of %d pixels black", n, b.Dx()*b.Dy())
}
