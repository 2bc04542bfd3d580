package tesseract

import (
	"io"
	"os"
	"syscall"
	"testing"
)

// Leptonica's messages do not reach the terminal, also once an engine
// runs (making one once raised the severity to errors again).
func TestLeptonicaQuiet(t *testing.T) {
	e, err := New("vie")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	if err = syscall.Dup2(int(w.Fd()), 2); err != nil {
		t.Fatal(err)
	}
	provokeLeptonica()
	syscall.Dup2(saved, 2)
	syscall.Close(saved)
	w.Close()
	out, _ := io.ReadAll(r)
	if len(out) > 0 {
		t.Errorf("leptonica wrote %q", out)
	}
}
