package preprocess

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
)

// noisyPage is a w×h grey image of random strokes and specks at every
// level over paper: dark seeds, faint halos, faint islands, all touching
// in every way.
func noisyPage(rng *rand.Rand, w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255 - uint8(rng.IntN(30))
	}
	for range w * h / 40 {
		x, y := rng.IntN(w), rng.IntN(h)
		v := uint8(rng.IntN(256))
		for k := range 1 + rng.IntN(6) {
			if rng.IntN(2) == 0 && x+k < w {
				g.Pix[y*w+x+k] = v
			} else if y+k < h {
				g.Pix[(y+k)*w+x] = v
			}
		}
	}
	return g
}

// suppressFaintFlood is the flood fill suppressFaint replaced, kept as its
// reference.
func suppressFaintFlood(g *image.Gray) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	pix := g.Pix
	const (
		faint = 1
		kept  = 2
	)
	mark := make([]uint8, len(pix))
	var stack []int
	for i, v := range pix {
		switch {
		case v < seedLevel:
			mark[i] = kept
			stack = append(stack, i)
		case v < keepLevel:
			mark[i] = faint
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := i%w, i/w
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				xx, yy := x+dx, y+dy
				if xx < 0 || yy < 0 || xx >= w || yy >= h {
					continue
				}
				if j := yy*w + xx; mark[j] == faint {
					mark[j] = kept
					stack = append(stack, j)
				}
			}
		}
	}
	for i := range pix {
		if mark[i] != kept {
			pix[i] = 0xff
		}
	}
}

// The run labelling keeps exactly the pixels the flood fill from the
// seeds keeps.
func TestSuppressFaintMatchesFlood(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, size := range [][2]int{{1, 1}, {7, 3}, {64, 48}, {301, 207}} {
		for range 5 {
			g := noisyPage(rng, size[0], size[1])
			want := &image.Gray{Pix: bytes.Clone(g.Pix), Stride: g.Stride, Rect: g.Rect}
			suppressFaint(g)
			suppressFaintFlood(want)
			if !bytes.Equal(g.Pix, want.Pix) {
				t.Fatalf("%v: pixels differ from the flood fill's", size)
			}
		}
	}
}

// rotatePerPixel is rotate as it was, testing every pixel's source.
func rotatePerPixel(g *image.Gray, deg float64) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	const one = 1 << 16
	for y := 0; y < h; y++ {
		dy := float64(y) - cy
		sx := -cx*c - dy*s + cx
		sy := -(cx*s - dy*c) + cy
		fx, fy := int64(sx*one), int64(sy*one)
		stepX, stepY := int64(c*one), int64(s*one)
		row := out.Pix[y*w : (y+1)*w]
		for x := range row {
			ix, iy := fx>>16, fy>>16
			if ix < 0 || iy < 0 || ix >= int64(w-1) || iy >= int64(h-1) {
				row[x] = 0xff
			} else {
				ax, ay := fx&(one-1), fy&(one-1)
				i := g.PixOffset(b.Min.X+int(ix), b.Min.Y+int(iy))
				p00, p01 := int64(g.Pix[i]), int64(g.Pix[i+1])
				p10, p11 := int64(g.Pix[i+g.Stride]), int64(g.Pix[i+g.Stride+1])
				top := p00*(one-ax) + p01*ax
				bot := p10*(one-ax) + p11*ax
				row[x] = uint8((top*(one-ay) + bot*ay) >> 32)
			}
			fx += stepX
			fy += stepY
		}
	}
	return out
}

// rotate gives the same pixels as testing each pixel's source, for any
// angle, size and origin.
func TestRotateMatchesPerPixel(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	page := noisyPage(rng, 203, 151)
	// A cleaned page's paper is one level: four alike take a short cut.
	clean := noisyPage(rng, 203, 151)
	for i, v := range clean.Pix {
		if v > 240 {
			clean.Pix[i] = 255
		}
	}
	for _, img := range []*image.Gray{page, page.SubImage(image.Rect(5, 7, 180, 150)).(*image.Gray), noisyPage(rng, 2, 2), noisyPage(rng, 1, 9), clean} {
		for _, deg := range []float64{0, 0.05, -0.3, 1.7, -4.9, 5, 30, -90, 180} {
			if got, want := rotate(img, deg), rotatePerPixel(img, deg); !bytes.Equal(got.Pix, want.Pix) {
				t.Errorf("%v turned %g°: pixels differ", img.Bounds(), deg)
			}
		}
	}
}

// histogram counts as one counter per level would, for any width.
func TestHistogram(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	page := noisyPage(rng, 103, 41)
	for _, g := range []*image.Gray{page, page.SubImage(image.Rect(3, 2, 100, 40)).(*image.Gray), noisyPage(rng, 1, 3)} {
		var want [256]int
		b := g.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				want[g.GrayAt(x, y).Y]++
			}
		}
		if got := histogram(g); got != want {
			t.Errorf("%v: histogram differs", b)
		}
	}
}

// reduce by 4, four pixels a load, sums as pixel by pixel.
func TestReduce4(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, g := range []*image.Gray{noisyPage(rng, 103, 41), noisyPage(rng, 4, 4), noisyPage(rng, 7, 9), noisyPage(rng, 3, 200)} {
		for i := range g.Pix {
			if rng.IntN(9) == 0 {
				g.Pix[i] = 255 // the largest sums
			}
		}
		got := reduce(g, 4)
		w, h := g.Rect.Dx()/4, g.Rect.Dy()/4
		if got.Rect != image.Rect(0, 0, w, h) {
			t.Fatalf("%v: reduced to %v", g.Rect, got.Rect)
		}
		for y := range h {
			for x := range w {
				s := 0
				for dy := range 4 {
					for dx := range 4 {
						s += int(g.GrayAt(4*x+dx, 4*y+dy).Y)
					}
				}
				if v := got.GrayAt(x, y).Y; v != uint8(s/16) {
					t.Fatalf("%v: (%d, %d) is %d, want %d", g.Rect, x, y, v, s/16)
				}
			}
		}
	}
}

// rgbaGrayBytewise is toGray's RGBA loop as it was, a pixel's bytes one
// by one. Its first test, red over green+pinkExcess, is strict where
// stampPixel is not: a pixel exactly pinkExcess redder than green is not
// stamp ink in an RGBA page (it is through the colour model, toGray's
// other images); kept, as the grey of every page read so far depends
// on it.
func rgbaGrayBytewise(m *image.RGBA, removeRed bool) *image.Gray {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		row := out.Pix[y*w : (y+1)*w]
		p := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
		for x := range row {
			q := p[4*x : 4*x+3 : 4*x+3]
			if removeRed && q[0] > q[1]+pinkExcess && stampPixel(q[0], q[1], q[2]) {
				row[x] = 0xff
			} else {
				row[x] = luma(q[0], q[1], q[2])
			}
		}
	}
	return out
}

// An RGBA page made grey a word a pixel is the same as byte by byte,
// stamp removal on and off, over all red-green pairs.
func TestToGrayRGBA(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 1024, 1024))
	for i := range 1 << 20 {
		m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2], m.Pix[4*i+3] = byte(i), byte(i>>8), byte(i>>12^i*7), 0xff
	}
	for _, img := range []*image.RGBA{m, m.SubImage(image.Rect(3, 5, 1000, 1017)).(*image.RGBA)} {
		for _, red := range []bool{false, true} {
			if got, want := toGray(img, red), rgbaGrayBytewise(img, red); !bytes.Equal(got.Pix, want.Pix) {
				t.Errorf("%v, removeRed %v: grey differs", img.Bounds(), red)
			}
		}
	}
}

// Clean given Gray(img) cleans as given img: the grey ingest makes for
// the spread check serves Clean, for a PNG's RGBA and a JPEG's planes,
// stamps and all.
func TestCleanFromGray(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	page := noisyPage(rng, 320, 450)
	m := image.NewRGBA(page.Rect)
	ycc := image.NewYCbCr(page.Rect, image.YCbCrSubsampleRatio420)
	for i, v := range page.Pix {
		r, g, b := v, v, v
		if x, y := i%320, i/320; (x-200)*(x-200)+(y-300)*(y-300) < 900 {
			r, g, b = 230, 60+v/8, 70 // a seal
		}
		m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2], m.Pix[4*i+3] = r, g, b, 0xff
		yy, cb, cr := color.RGBToYCbCr(r, g, b)
		ycc.Y[i] = yy
		ci := ycc.COffset(i%320, i/320)
		ycc.Cb[ci], ycc.Cr[ci] = cb, cr
	}
	for _, img := range []image.Image{m, ycc} {
		want, err := Clean(img, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		got, err := Clean(Gray(img), DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Image.Pix, want.Image.Pix) || got.Angle != want.Angle || got.Turn != want.Turn || got.Shadow != want.Shadow {
			t.Errorf("%T: cleaned from its grey, the page differs", img)
		}
	}
}

// allOver is each byte over t, for every t and every byte value in every
// place of a word of paper, a word of it, and random words.
func TestAllOver(t *testing.T) {
	byByte := func(v uint64, tt uint8) bool {
		for range 8 {
			if uint8(v) <= tt {
				return false
			}
			v >>= 8
		}
		return true
	}
	rng := rand.New(rand.NewPCG(21, 22))
	for tt := range 256 {
		for b := range 256 {
			words := []uint64{0x0101010101010101 * uint64(b)}
			for place := range 8 {
				words = append(words, ^uint64(0)&^(0xff<<(8*place))|uint64(b)<<(8*place))
			}
			for range 4 {
				words = append(words, rng.Uint64()|0x8080808080808080, rng.Uint64())
			}
			for _, v := range words {
				if got, want := allOver(v, uint8(tt)), byByte(v, uint8(tt)); got != want {
					t.Fatalf("allOver(%#x, %d) = %v", v, tt, got)
				}
			}
		}
	}
}
