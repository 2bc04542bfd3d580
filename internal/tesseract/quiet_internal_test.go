package tesseract

import (
	"io"
	"os"
	"syscall"
	"testing"
)

// Leptonica's messages do not reach the terminal.
func TestLeptonicaQuiet(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Dup2(int(w.Fd()), 2); err != nil {
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
