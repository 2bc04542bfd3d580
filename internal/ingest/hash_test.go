package ingest_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
)

// refHash is Hash by the book: every pixel through At and RGBA.
func refHash(img image.Image) string {
	h := sha256.New()
	b := img.Bounds()
	fmt.Fprintf(h, "%dx%d\n", b.Dx(), b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			h.Write([]byte{byte(r >> 8), byte(g >> 8), byte(bl >> 8)})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// A JPEG's planes hash as their RGB pixels, whatever the chroma
// subsampling and wherever the image starts, sub-images included.
func TestHashYCbCr(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ratios := []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	}
	for _, ratio := range ratios {
		for _, r := range []image.Rectangle{image.Rect(0, 0, 37, 21), image.Rect(3, 5, 40, 26), image.Rect(-5, -3, 30, 18)} {
			m := image.NewYCbCr(r, ratio)
			for _, p := range [][]byte{m.Y, m.Cb, m.Cr} {
				for i := range p {
					p[i] = byte(rng.IntN(256))
				}
			}
			for _, img := range []*image.YCbCr{m, m.SubImage(image.Rect(r.Min.X+1, r.Min.Y+3, r.Max.X-2, r.Max.Y-1)).(*image.YCbCr)} {
				if got, want := ingest.Hash(img), refHash(img); got != want {
					t.Errorf("%v %v: hash %s, want %s", ratio, img.Bounds(), got[:12], want[:12])
				}
			}
		}
	}
}

// An RGBA image (a PNG page's) hashes as its RGB pixels at every width,
// four pixels at a time and the rest, sub-images included.
func TestHashRGBA(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for w := 1; w <= 13; w++ {
		m := image.NewRGBA(image.Rect(-2, 1, w+3, 9))
		for i := range m.Pix {
			m.Pix[i] = byte(rng.IntN(256))
		}
		for _, img := range []*image.RGBA{m, m.SubImage(image.Rect(0, 2, w, 8)).(*image.RGBA)} {
			if got, want := ingest.Hash(img), refHash(img); got != want {
				t.Errorf("%v: hash %s, want %s", img.Bounds(), got[:12], want[:12])
			}
		}
	}
}
