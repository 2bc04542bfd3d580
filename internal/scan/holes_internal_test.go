package scan

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/civreg/civreg/ocr"
)

// A line of print that the page's words leave out is a hole, read again;
// a line the words cover, a speck and a block of ink taller than three
// lines (a stamp, a photo) are not.
func TestHoles(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 2400, 1200))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	ink := func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if x%9 < 4 { // strokes of letters, not a solid bar
					g.Pix[g.PixOffset(x, y)] = 0
				}
			}
		}
	}
	ink(image.Rect(200, 100, 900, 140)) // read
	ink(image.Rect(200, 300, 900, 340)) // left out
	ink(image.Rect(200, 500, 212, 506)) // a speck
	ink(image.Rect(200, 700, 900, 1000))
	words := []ocr.Word{{Text: "Họ", Conf: 95, Box: image.Rect(200, 100, 500, 140)}, {Text: "tên", Conf: 95, Box: image.Rect(520, 100, 900, 140)}}
	got := holes(g, words)
	if len(got) != 1 || got[0].Min.Y > 300 || got[0].Max.Y < 340 || got[0].Dy() > 80 {
		t.Errorf("holes %v, want one band around rows 300–340", got)
	}
}

// unreadInk, stepping over paper a word at a time, counts as pixel by
// pixel, rows of every width and sub-images included.
func TestUnreadInkByPixel(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		w := 1 + rng.IntN(40)
		g := image.NewGray(image.Rect(-3, 2, w, 5))
		for i := range g.Pix {
			g.Pix[i] = 255
			if rng.IntN(6) == 0 {
				g.Pix[i] = uint8(rng.IntN(256))
			}
		}
		var boxes []image.Rectangle
		for range rng.IntN(3) {
			x := rng.IntN(w+3) - 3
			boxes = append(boxes, image.Rect(x, 0, x+rng.IntN(9), 9))
		}
		sub := g.SubImage(image.Rect(-2, 2, w-rng.IntN(2), 5)).(*image.Gray)
		for _, img := range []*image.Gray{g, sub} {
			want := 0
			for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
				if img.GrayAt(x, 3).Y >= 128 {
					continue
				}
				in := false
				for _, r := range boxes {
					in = in || x >= r.Min.X && x < r.Max.X
				}
				if !in {
					want++
				}
			}
			if got := unreadInk(img, 3, boxes); got != want {
				t.Fatalf("%v boxes %v: %d dark pixels outside, want %d", img.Rect, boxes, got, want)
			}
		}
	}
}
