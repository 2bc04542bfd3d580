package tune

import (
	"runtime"
	"testing"

	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/ocr"
)

// Tesseract's OpenMP regions run through gomp.c's definitions, on the
// calling thread, and read as they did under libgomp.
func TestOpenMPRegionsRunHere(t *testing.T) {
	g := renderLine(t, 900, "Nơi đăng ký: UBND phường Bến Nghé")
	e, err := tesseract.New("vie")
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
		t.Error("Tesseract's parallel regions went to libgomp, not to gomp.c")
	}
}
