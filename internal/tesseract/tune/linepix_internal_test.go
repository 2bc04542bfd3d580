package tune

import (
	"math/rand/v2"
	"testing"

	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/ocr"
)

// A grey line image comes back from the raw format as it would from PNG,
// for widths that fill Leptonica's words exactly and not.
func TestLinePixRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, size := range [][2]int{{1, 1}, {3, 2}, {8, 5}, {97, 31}, {1500, 60}} {
		w, h := size[0], size[1]
		pix := make([]byte, w*h)
		for i := range pix {
			pix[i] = byte(rng.IntN(256))
		}
		same, raw := linePixCheck(pix, w, h)
		if !raw {
			t.Errorf("%dx%d: not kept raw", w, h)
		}
		if !same {
			t.Errorf("%dx%d: the raw round trip differs from PNG's", w, h)
		}
	}
}

// Tesseract's line images go through the raw format.
func TestLinePixUsedByTesseract(t *testing.T) {
	g := renderLine(t, 900, "Quê quán: xã Hòa Tiến, huyện Hòa Vang")
	e, err := tesseract.New("vie")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	before := linePixRaw()
	text, _, err := e.Text(g, ocr.SingleLine, "")
	if err != nil {
		t.Fatal(err)
	}
	if text != "Quê quán: xã Hòa Tiến, huyện Hòa Vang" {
		t.Errorf("read %q", text)
	}
	if linePixRaw() == before {
		t.Error("Tesseract's line images went to Leptonica's PNG functions")
	}
}
