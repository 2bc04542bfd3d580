package tesseract

import (
	"image"
	"os"
	"runtime"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/civreg/civreg/ocr"
)

// Tesseract's OpenMP regions run through this package's definitions, on
// the calling thread, and read as they did under libgomp.
func TestOpenMPRegionsRunHere(t *testing.T) {
	g := renderLine(t, 900, "Nơi đăng ký: UBND phường Bến Nghé")
	e, err := New("vie")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := gompRegions()
	text, _, err := e.Text(g, ocr.SingleLine, "")
	if err != nil {
		t.Fatal(err)
	}
	if text != "Nơi đăng ký: UBND phường Bến Nghé" {
		t.Errorf("read %q", text)
	}
	if gompRegions() == before {
		t.Error("Tesseract's parallel regions went to libgomp, not to gomp.go")
	}
}

// renderLine draws one line of text in FreeSerif 12 pt at 300 dpi on a
// white image w pixels wide; the test is skipped without the font.
func renderLine(t *testing.T, w int, text string) *image.Gray {
	t.Helper()
	b, err := os.ReadFile("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")
	if err != nil {
		t.Skip(err)
	}
	ft, err := opentype.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: 12, DPI: 300})
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(image.Rect(0, 0, w, 120))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(20, 80)}
	d.DrawString(text)
	return g
}
