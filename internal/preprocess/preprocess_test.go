package preprocess_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/civreg/civreg/internal/preprocess"
)

func TestSkew(t *testing.T) {
	img, _ := scan(t)
	for _, deg := range []float64{-3, -2.2, -1.3, -0.4, 0, 0.7, 1.5, 2.4, 3} {
		// imaging.Rotate turns counter-clockwise and grows the canvas.
		rot := gray(imaging.Rotate(img, deg, color.White))
		got := preprocess.Skew(rot, 5)
		if math.Abs(got-deg) > 0.2 {
			t.Errorf("Skew(page turned %.1f°) = %.2f°", deg, got)
		}
	}
}

func TestCleanDeskews(t *testing.T) {
	img, mask := scan(t)
	rot := imaging.Rotate(img, 2.5, color.White)
	// Cut back to the page size, as a scanner would.
	b := rot.Bounds()
	off := image.Pt((b.Dx()-2400)/2, (b.Dy()-3400)/2)
	rot = imaging.Crop(rot, image.Rectangle{Min: off, Max: off.Add(image.Pt(2400, 3400))})
	res, err := preprocess.Clean(rot, preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	writePNG(t, "deskewed", res.Image)
	if math.Abs(res.Angle+2.5) > 0.2 {
		t.Errorf("Angle = %.2f, want -2.5", res.Angle)
	}
	if res.UpsideDown {
		t.Error("upright page reported upside down")
	}
	// Straightened, the text lies where it was drawn.
	if s := darkShare(res.Image, mask, mask.Bounds()); s < 0.85 {
		t.Errorf("only %.2f of the drawn ink is dark where drawn after deskew", s)
	}
	// ToSource maps a point of the clean page back onto the skewed scan.
	p := image.Pt(1800, 700)
	q := res.ToSource(p)
	s, c := math.Sincos(2.5 * math.Pi / 180)
	dx, dy := float64(p.X)-1199.5, float64(p.Y)-1699.5
	want := image.Pt(int(math.Round(dx*c+dy*s+1199.5)), int(math.Round(-dx*s+dy*c+1699.5)))
	if d := q.Sub(want); d.X*d.X+d.Y*d.Y > 4 {
		t.Errorf("ToSource(%v) = %v, want about %v", p, q, want)
	}
}

func TestRedStamp(t *testing.T) {
	img, mask := scan(t)
	// Blue ink must survive: a line of it over the stamp area.
	blue := color.RGBA{25, 45, 150, 255}
	drawText(img, face(t, 12), blue, 800, 2480, "Nguyễn Văn Bình")
	blueMask := image.NewGray(img.Bounds())
	drawText(blueMask, face(t, 12), color.White, 800, 2480, "Nguyễn Văn Bình")
	// A seal: a thick red ring and red text across printed lines, printed
	// over them as a stamp is: its ink multiplies the paper below, unevenly
	// (black print stays black, blue turns darker).
	ring := image.NewGray(img.Bounds())
	cx, cy, r0, r1 := 1000, 2250, 230, 265
	for y := cy - r1; y <= cy+r1; y++ {
		for x := cx - r1; x <= cx+r1; x++ {
			d := math.Hypot(float64(x-cx), float64(y-cy))
			if d >= float64(r0) && d <= float64(r1) {
				ring.SetGray(x, y, color.Gray{255})
			}
		}
	}
	drawText(ring, face(t, 16), color.White, 820, 2270, "UBND")
	red := [3]float64{200, 30, 60}
	rng := rand.New(rand.NewPCG(3, 4))
	for y := cy - r1; y <= cy+r1; y++ {
		for x := cx - r1; x <= cx+r1; x++ {
			a := float64(ring.GrayAt(x, y).Y) / 255 * (0.6 + 0.4*rng.Float64())
			if a == 0 {
				continue
			}
			c := img.RGBAAt(x, y)
			mul := func(v uint8, k float64) uint8 { return uint8(float64(v) * (1 - a + a*k/255)) }
			img.SetRGBA(x, y, color.RGBA{mul(c.R, red[0]), mul(c.G, red[1]), mul(c.B, red[2]), 255})
		}
	}
	writePNG(t, "stamp-in", img)
	// The same page through JPEG, as most scanners save it: Clean takes
	// another path for YCbCr images.
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	jpg, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		name string
		img  image.Image
		// JPEG smears colour at edges: a few fringe pixels may stay.
		maxLeft float64
	}{{"rgba", img, 0.01}, {"jpeg", jpg, 0.03}} {
		t.Run(in.name, func(t *testing.T) {
			checkStamp(t, in.img, in.maxLeft, ring, mask, blueMask, image.Rect(cx-r1, cy-r1, cx+r1+1, cy+r1+1))
		})
	}
}

func checkStamp(t *testing.T, img image.Image, maxLeft float64, ring, mask, blueMask *image.Gray, area image.Rectangle) {
	res, err := preprocess.Clean(img, preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	writePNG(t, "stamp-out-"+t.Name()[len("TestRedStamp/"):], res.Image)
	// The seal is gone where there was only seal.
	left, n := 0, 0
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			if ring.GrayAt(x, y).Y > 200 && mask.GrayAt(x, y).Y == 0 && blueMask.GrayAt(x, y).Y == 0 {
				// Where the seal covers paper only.
				n++
				if res.Image.GrayAt(x, y).Y < 128 {
					left++
				}
			}
		}
	}
	if n == 0 || float64(left)/float64(n) > maxLeft {
		t.Errorf("%d of %d seal pixels still dark", left, n)
	}
	// The black print under and around it remains.
	if s := darkShare(res.Image, mask, area); s < 0.9 {
		t.Errorf("only %.2f of the black text under the seal is dark", s)
	}
	if s := darkShare(res.Image, blueMask, area); s < 0.9 {
		t.Errorf("only %.2f of the blue ink is dark", s)
	}
	// Without RemoveRed the seal stays.
	keep, err := preprocess.Clean(img, preprocess.Options{MaxSkewDeg: -1})
	if err != nil {
		t.Fatal(err)
	}
	if s := darkShare(keep.Image, ring, area); s < 0.5 {
		t.Errorf("RemoveRed off: only %.2f of the seal is dark", s)
	}
}

func TestBleedThrough(t *testing.T) {
	img, mask := scan(t)
	// The back of the leaf shows through: mirrored text, light grey.
	back := image.NewRGBA(img.Bounds())
	draw.Draw(back, back.Bounds(), image.Transparent, image.Point{}, draw.Src)
	ghost := color.RGBA{175, 170, 160, 255}
	for i, s := range pageLines[:10] {
		drawText(back, face(t, 12), ghost, 300, 375+i*150, s)
	}
	mirrored := imaging.FlipH(back)
	draw.Draw(img, img.Bounds(), mirrored, image.Point{}, draw.Over)
	ghostMask := image.NewGray(img.Bounds())
	for y := 0; y < 3400; y++ {
		for x := 0; x < 2400; x++ {
			if mirrored.NRGBAAt(x, y).A > 200 && mask.GrayAt(x, y).Y == 0 {
				ghostMask.SetGray(x, y, color.Gray{255})
			}
		}
	}
	// Small thin print must stay: 7 pt, hairline serifs at 300 dpi.
	small := image.NewGray(img.Bounds())
	drawText(img, face(t, 7), ink, 200, 3300, "Ghi chú: bản sao số 12/2009")
	drawText(small, face(t, 7), color.White, 200, 3300, "Ghi chú: bản sao số 12/2009")

	res, err := preprocess.Clean(img, preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	writePNG(t, "bleed-in", img)
	writePNG(t, "bleed-out", res.Image)
	if s := darkShare(res.Image, ghostMask, img.Bounds()); s > 0.01 {
		t.Errorf("%.3f of the bleed-through is still dark", s)
	}
	// Not a single grey pixel of it should remain either.
	grey, n := 0, 0
	for y := 0; y < 3400; y++ {
		for x := 0; x < 2400; x++ {
			if ghostMask.GrayAt(x, y).Y > 0 {
				n++
				if res.Image.GrayAt(x, y).Y < 230 {
					grey++
				}
			}
		}
	}
	if float64(grey)/float64(n) > 0.02 {
		t.Errorf("%d of %d bleed-through pixels still grey", grey, n)
	}
	if s := darkShare(res.Image, mask, img.Bounds()); s < 0.95 {
		t.Errorf("only %.2f of the text is dark", s)
	}
	if s := darkShare(res.Image, small, img.Bounds()); s < 0.9 {
		t.Errorf("only %.2f of the small print is dark", s)
	}
}

func TestUpsideDown(t *testing.T) {
	img, _ := scan(t)
	g := gray(img)
	if up, score := preprocess.UpsideDown(g); up || score <= 0.1 {
		t.Errorf("upright page: UpsideDown = %v, %.2f", up, score)
	}
	flipped := preprocess.Rotate180(g)
	if up, score := preprocess.UpsideDown(flipped); !up {
		t.Errorf("turned page: UpsideDown = %v, %.2f", up, score)
	}
	res, err := preprocess.Clean(flipped, preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !res.UpsideDown || math.Abs(res.Angle) > 0.1 {
		t.Errorf("Clean(turned page): UpsideDown %v, Angle %.2f", res.UpsideDown, res.Angle)
	}
	// Turned back, it matches the upright page.
	want, _ := preprocess.Clean(g, preprocess.DefaultOptions())
	diff := 0
	for i := range want.Image.Pix {
		if (want.Image.Pix[i] < 128) != (res.Image.Pix[i] < 128) {
			diff++
		}
	}
	if diff > len(want.Image.Pix)/1000 {
		t.Errorf("turned back, %d pixels differ from the upright page", diff)
	}
	if p := res.ToSource(image.Pt(100, 200)); p != image.Pt(2299, 3199) {
		t.Errorf("ToSource on a turned page = %v, want (2299,3199)", p)
	}
	res, _ = preprocess.Clean(flipped, preprocess.Options{KeepOrientation: true, MaxSkewDeg: 5})
	if res.UpsideDown {
		t.Error("KeepOrientation: page was turned")
	}
}

func TestScale(t *testing.T) {
	img, _ := scan(t)
	res, err := preprocess.Clean(img, preprocess.Options{RemoveRed: true, Scale: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Image.Bounds() != image.Rect(0, 0, 1200, 1700) || res.Scale != 0.5 {
		t.Errorf("Scale 0.5: bounds %v, Scale %v", res.Image.Bounds(), res.Scale)
	}
	if p := res.ToSource(image.Pt(600, 850)); p.Sub(image.Pt(1200, 1700)).X > 2 || p.Sub(image.Pt(1200, 1700)).Y > 2 {
		t.Errorf("ToSource(600,850) = %v, want about (1200,1700)", p)
	}
}

func TestCleanBlankAndSmall(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 300, 400))
	for i := range blank.Pix {
		blank.Pix[i] = 240
	}
	res, err := preprocess.Clean(blank, preprocess.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Angle != 0 || res.UpsideDown {
		t.Errorf("blank page: %+v", res)
	}
	if _, err := preprocess.Clean(image.NewGray(image.Rect(0, 0, 3, 3)), preprocess.DefaultOptions()); err == nil {
		t.Error("Clean(3×3) succeeded")
	}
}

func TestCrop(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 10, 10))
	for i := range g.Pix {
		g.Pix[i] = uint8(i)
	}
	tests := []struct {
		r, want image.Rectangle
	}{
		{image.Rect(2, 3, 5, 7), image.Rect(2, 3, 5, 7)},
		{image.Rect(8, 8, 20, 20), image.Rect(8, 8, 10, 10)},
		{image.Rect(20, 20, 30, 30), image.Rectangle{}},
	}
	for _, tt := range tests {
		c := preprocess.Crop(g, tt.r)
		if c.Bounds() != tt.want {
			t.Errorf("Crop(%v) bounds %v, want %v", tt.r, c.Bounds(), tt.want)
			continue
		}
		for y := tt.want.Min.Y; y < tt.want.Max.Y; y++ {
			for x := tt.want.Min.X; x < tt.want.Max.X; x++ {
				if c.GrayAt(x, y) != g.GrayAt(x, y) {
					t.Fatalf("Crop(%v) at %d,%d = %v, want %v", tt.r, x, y, c.GrayAt(x, y), g.GrayAt(x, y))
				}
			}
		}
		if len(c.Pix) > 0 {
			c.Pix[0] = 1 // a copy: g must not change
		}
	}
	if g.Pix[3*10+2] != 32 {
		t.Error("Crop shares pixels with its source")
	}
}
