package synth

import (
	"bytes"
	"image"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/image/ccitt"
	"golang.org/x/image/tiff"
)

// randomBitmap has runs of every length the tables hold, long ones
// included, and rows that repeat, so that every coding mode is used.
func randomBitmap(w, h int, seed uint64) *bitmap {
	r := rand.New(rand.NewPCG(seed, 1))
	bm := &bitmap{w: w, h: h, ink: make([]bool, w*h)}
	for y := 0; y < h; y++ {
		if y > 0 && r.IntN(3) == 0 {
			copy(bm.ink[y*w:(y+1)*w], bm.ink[(y-1)*w:y*w])
			continue
		}
		x, on := 0, r.IntN(2) == 0
		for x < w {
			n := 1 + r.IntN([]int{4, 70, 3000}[r.IntN(3)])
			for k := 0; k < n && x < w; k++ {
				bm.ink[y*w+x] = on
				x++
			}
			on = !on
		}
	}
	return bm
}

func TestG4RoundTrip(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {7, 3}, {2800, 40}, {333, 90}} {
		bm := randomBitmap(size[0], size[1], uint64(size[0]))
		for _, minIsBlack := range []bool{false, true} {
			var buf bytes.Buffer
			if err := writeG4TIFF(&buf, bm, 200, minIsBlack); err != nil {
				t.Fatal(err)
			}
			// The strip starts at byte 8; decode it as T.6 "black is 1".
			dst := image.NewGray(image.Rect(0, 0, bm.w, bm.h))
			err := ccitt.DecodeIntoGray(dst, bytes.NewReader(buf.Bytes()[8:]), ccitt.MSB, ccitt.Group4, &ccitt.Options{Invert: true})
			if err != nil {
				t.Fatalf("%v min-is-black %v: %v", size, minIsBlack, err)
			}
			for i, ink := range bm.ink {
				black := dst.Pix[i] != 0 // Invert: T.6 black is 0xFF
				if black != (ink != minIsBlack) {
					t.Fatalf("%v min-is-black %v: pixel %d differs", size, minIsBlack, i)
				}
			}
		}
	}
}

// TestG4TIFFLibtiff has libtiff's tiffcp decompress both files: the ink
// must come out where it went in, whatever the photometric.
func TestG4TIFFLibtiff(t *testing.T) {
	if _, err := exec.LookPath("tiffcp"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tiffcp (libtiff-tools) is missing")
		}
		t.Skip("tiffcp (libtiff-tools) is missing")
	}
	bm := randomBitmap(301, 57, 3)
	dir := t.TempDir()
	for _, minIsBlack := range []bool{false, true} {
		var buf bytes.Buffer
		if err := writeG4TIFF(&buf, bm, 300, minIsBlack); err != nil {
			t.Fatal(err)
		}
		in, out := filepath.Join(dir, "g4.tif"), filepath.Join(dir, "raw.tif")
		os.WriteFile(in, buf.Bytes(), 0o644)
		if b, err := exec.Command("tiffcp", "-c", "none", in, out).CombinedOutput(); err != nil {
			t.Fatalf("tiffcp: %v: %s", err, b)
		}
		f, _ := os.Open(out)
		img, err := tiff.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for y := 0; y < bm.h; y++ {
			for x := 0; x < bm.w; x++ {
				gy, _, _, _ := img.At(x, y).RGBA()
				if (gy < 0x8000) != bm.ink[y*bm.w+x] {
					t.Fatalf("min-is-black %v: pixel (%d,%d) differs after libtiff", minIsBlack, x, y)
				}
			}
		}
	}
}
