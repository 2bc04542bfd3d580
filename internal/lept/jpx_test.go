package lept_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/image/ccitt"

	"github.com/civreg/civreg/internal/lept"
)

func page(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			g.Pix[y*w+x] = uint8((x*5 + y*3) % 256)
		}
	}
	return g
}

func TestLosslessRoundTrip(t *testing.T) {
	src := page(131, 77)
	data, err := lept.EncodeJPX(src, 100)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := lept.JPXConfig(data)
	if err != nil || cfg.Width != 131 || cfg.Height != 77 || cfg.Components != 1 {
		t.Fatalf("config %+v, %v", cfg, err)
	}
	img, err := lept.DecodeJPX(data)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok || !bytes.Equal(g.Pix, src.Pix) {
		t.Errorf("decoded %T differs from the source", img)
	}
	if _, err := lept.DecodeJPX(data[:len(data)/3]); err == nil {
		t.Errorf("a truncated stream decoded")
	}
	if _, err := lept.JPXConfig([]byte("not jpeg 2000 at all")); err == nil {
		t.Errorf("garbage has a config")
	}
}

// A colour JP2 and a bare codestream from OpenJPEG's own encoder.
func TestOpenJPEGFiles(t *testing.T) {
	if _, err := exec.LookPath("opj_compress"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("opj_compress not installed (apt-get install libopenjp2-tools)")
		}
		t.Skip("opj_compress not installed (apt-get install libopenjp2-tools)")
	}
	dir := t.TempDir()
	src := image.NewRGBA(image.Rect(0, 0, 64, 40))
	for y := range 40 {
		for x := range 64 {
			src.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 6), 200, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, src)
	in := filepath.Join(dir, "in.png")
	os.WriteFile(in, b.Bytes(), 0o644)
	for _, name := range []string{"out.jp2", "out.j2k"} {
		out := filepath.Join(dir, name)
		if o, err := exec.Command("opj_compress", "-i", in, "-o", out).CombinedOutput(); err != nil {
			t.Fatalf("opj_compress: %v: %s", err, o)
		}
		data, _ := os.ReadFile(out)
		img, err := lept.DecodeJPX(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m, ok := img.(*image.RGBA)
		if !ok || !bytes.Equal(m.Pix, src.Pix) {
			t.Errorf("%s: decoded %T differs from the source", name, img)
		}
	}
}

// G4 rows read back through x/image's CCITT decoder.
func TestEncodeG4(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 203, 97))
	for y := range 97 {
		for x := range 203 {
			if (x/7+y/5)%3 != 0 {
				src.Pix[y*203+x] = 0xff
			}
		}
	}
	data, err := lept.EncodeG4(src)
	if err != nil {
		t.Fatal(err)
	}
	got := image.NewGray(src.Rect)
	if err := ccitt.DecodeIntoGray(got, bytes.NewReader(data), ccitt.MSB, ccitt.Group4, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Pix, src.Pix) {
		t.Errorf("decoded G4 differs from the page")
	}
}
