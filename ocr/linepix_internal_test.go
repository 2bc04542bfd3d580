package ocr

import (
	"image"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
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
	ft, err := opentype.Parse(mustRead(t, "/usr/share/fonts/truetype/freefont/FreeSerif.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: 12, DPI: 300})
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(image.Rect(0, 0, 900, 120))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(20, 80)}
	d.DrawString("Quê quán: xã Hòa Tiến, huyện Hòa Vang")
	e, err := New("vie")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	before := linePixRaw()
	text, _, err := e.Text(g, SingleLine, "")
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
