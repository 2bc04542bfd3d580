package preprocess_test

import (
	"bytes"
	"fmt"
	"image"
	"testing"

	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

func TestRotate90(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 3, 2))
	copy(g.Pix, []byte{1, 2, 3, 4, 5, 6})
	r := preprocess.Rotate90(g)
	if r.Rect.Dx() != 2 || r.Rect.Dy() != 3 || !bytes.Equal(r.Pix, []byte{4, 1, 5, 2, 6, 3}) {
		t.Errorf("got %v %v, want 2×3 [4 1 5 2 6 3]", r.Rect, r.Pix)
	}
	four := preprocess.Rotate90(preprocess.Rotate90(preprocess.Rotate90(r)))
	if !bytes.Equal(four.Pix, g.Pix) || four.Rect != g.Rect {
		t.Errorf("four quarter turns changed the image")
	}
}

// Sideways tells a register page's lines running up and down from lines
// running across, on clean and lightly worn pages (it only orders the
// turns the scan tries: the form's labels decide).
func TestSideways(t *testing.T) {
	for i, c := range []struct {
		kind registry.Kind
		era  registry.Era
		wear synth.Wear
	}{
		{registry.Birth, registry.EraA, synth.WearNone},
		{registry.Death, registry.EraB, synth.WearNone},
		{registry.Marriage, registry.EraA, synth.WearLight},
		{registry.Recognition, registry.EraB, synth.WearLight},
	} {
		img, _, err := synth.RenderPage(synth.PageOptions{Seed: 25, Kind: c.kind, Era: c.era, Index: i, Wear: c.wear})
		if err != nil {
			t.Fatal(err)
		}
		res, err := preprocess.Clean(img, preprocess.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		g := res.Image
		for _, turns := range []int{0, 1, 2, 3} {
			side, score := preprocess.Sideways(g)
			if want := turns%2 == 1; side != want {
				t.Errorf("%s-%s %s turned %d: sideways %v (score %.2f), want %v", c.kind, c.era, c.wear, 90*turns, side, score, want)
			}
			g = preprocess.Rotate90(g)
		}
	}
}

func TestCleanTellsTurn(t *testing.T) {
	img, _, err := synth.RenderPage(synth.PageOptions{Seed: 25, Kind: registry.Birth, Era: registry.EraA})
	if err != nil {
		t.Fatal(err)
	}
	res, err := preprocess.Clean(img, preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	flipped, err := preprocess.Clean(preprocess.Rotate180(res.Image), preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*preprocess.Result{res, flipped} {
		if want := map[bool]int{false: 0, true: 180}[r.UpsideDown]; r.Turn != want {
			t.Errorf("%s: upside down %v, turn %d", fmt.Sprint(r == flipped), r.UpsideDown, r.Turn)
		}
	}
}
