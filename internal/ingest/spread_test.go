package ingest_test

import (
	"image"
	"image/draw"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// A book scanned open and laid sideways on the scanner, either way, is
// turned and split like the same book laid straight: the same two halves,
// pixel for pixel, each with its side, and the turn kept; or, turned the
// wrong way round, the same halves upside down, each in the other's
// place, which the reader's labels set right.
func TestSidewaysSpreadIsTurnedAndSplit(t *testing.T) {
	dir := t.TempDir()
	o := synth.PageOptions{Seed: 41, Kind: registry.Marriage, Era: registry.EraB, Index: 2, Wear: synth.WearLight}
	straight, _, err := synth.RenderSpread(o)
	if err != nil {
		t.Fatal(err)
	}
	want := pages(t, write(t, dir, "straight.png", encodePNG(t, straight)))
	if len(want) != 2 || want[0].Side != ingest.SideLeft || want[1].Side != ingest.SideRight {
		t.Fatalf("the straight spread gives %d pages; want its left and right", len(want))
	}
	for _, deg := range []int{90, 270} {
		o.Turn = deg
		img, _, err := synth.RenderSpread(o)
		if err != nil {
			t.Fatal(err)
		}
		got := pages(t, write(t, dir, "sideways.png", encodePNG(t, img)))
		if len(got) != 2 {
			t.Fatalf("laid %d°: %d pages, want 2", deg, len(got))
		}
		for i, p := range got {
			same := p.SHA256 == want[i].SHA256 && p.Turned == 360-deg
			// The flipped spread's gutter may fall a column apart.
			flipped := similar(p.Image, rotate180(want[1-i].Image)) && p.Turned == 180-deg
			if p.Side != want[i].Side || !same && !flipped {
				t.Errorf("laid %d°: page %d is side %q turned %d; want side %q, turned %d with the straight spread's pixels (or %d, upside down)",
					deg, i, p.Side, p.Turned, want[i].Side, 360-deg, 180-deg)
			}
			if flipped {
				t.Logf("laid %d°: turned the wrong way round (%.1f grey levels apart; %.1f from the page the same way up)", deg, blockDiff(p.Image, rotate180(want[1-i].Image)), blockDiff(p.Image, want[1-i].Image))
			}
		}
	}
}

// rotate180 returns img upside down.
func rotate180(img image.Image) image.Image {
	b := img.Bounds()
	src := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Rect, img, b.Min, draw.Src)
	out := image.NewRGBA(src.Rect)
	for y := range b.Dy() {
		for x := range b.Dx() {
			out.Set(b.Dx()-1-x, b.Dy()-1-y, src.At(x, y))
		}
	}
	return out
}

// similar reports whether two images are the same page within a few
// pixels' shift: sizes within 8 pixels, and 16×16 blocks of the common
// area within 1.5 grey levels on average.
func similar(a, b image.Image) bool {
	ab, bb := a.Bounds(), b.Bounds()
	return abs(ab.Dx()-bb.Dx()) <= 8 && abs(ab.Dy()-bb.Dy()) <= 8 && blockDiff(a, b) < 1.5
}

// blockDiff is the mean difference of two images' 16×16 blocks, in grey
// levels.
func blockDiff(a, b image.Image) float64 {
	ab, bb := a.Bounds(), b.Bounds()
	w, h := min(ab.Dx(), bb.Dx())/16, min(ab.Dy(), bb.Dy())/16
	block := func(img image.Image, bx, by int) float64 {
		o := img.Bounds().Min
		s := 0.0
		for y := range 16 {
			for x := range 16 {
				r, g, b, _ := img.At(o.X+bx*16+x, o.Y+by*16+y).RGBA()
				s += float64(r+g+b) / 3 / 257
			}
		}
		return s / 256
	}
	diff := 0.0
	for by := range h {
		for bx := range w {
			d := block(a, bx, by) - block(b, bx, by)
			diff += max(d, -d)
		}
	}
	return diff / float64(w*h)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
