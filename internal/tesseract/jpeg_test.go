package tesseract_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"testing"

	"github.com/civreg/civreg/internal/tesseract"
)

// psnr is the peak signal-to-noise ratio of b against a, in dB.
func psnr(t *testing.T, a, b *image.Gray) float64 {
	t.Helper()
	if a.Bounds().Size() != b.Bounds().Size() {
		t.Fatalf("sizes differ: %v, %v", a.Bounds(), b.Bounds())
	}
	ab, bb := a.Bounds(), b.Bounds()
	sum := 0.0
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			d := float64(a.GrayAt(ab.Min.X+x, ab.Min.Y+y).Y) - float64(b.GrayAt(bb.Min.X+x, bb.Min.Y+y).Y)
			sum += d * d
		}
	}
	mse := sum / float64(ab.Dx()*ab.Dy())
	if mse == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/mse)
}

func decodeGray(t *testing.T, data []byte) *image.Gray {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		t.Fatalf("decoded a %T, want a one-component grey JPEG", img)
	}
	return g
}

// EncodeJPEG keeps a page as well as image/jpeg at the same quality, at
// about the same size, for widths that fill Leptonica's 32-bit words
// exactly and not, and for a sub-image.
func TestEncodeJPEG(t *testing.T) {
	g, boxes := page(t)
	for _, img := range []*image.Gray{
		g,
		g.SubImage(image.Rect(3, 5, 1003, 805)).(*image.Gray),
		g.SubImage(boxes[3].Inset(-7)).(*image.Gray),
	} {
		got, err := tesseract.EncodeJPEG(img, 80)
		if err != nil {
			t.Fatal(err)
		}
		var ref bytes.Buffer
		if err := jpeg.Encode(&ref, img, &jpeg.Options{Quality: 80}); err != nil {
			t.Fatal(err)
		}
		pg, pr := psnr(t, img, decodeGray(t, got)), psnr(t, img, decodeGray(t, ref.Bytes()))
		t.Logf("%v: %d bytes, %.1f dB; image/jpeg %d bytes, %.1f dB", img.Bounds(), len(got), pg, ref.Len(), pr)
		if pg < pr-0.5 {
			t.Errorf("%v: PSNR %.1f dB, image/jpeg gives %.1f dB", img.Bounds(), pg, pr)
		}
		if len(got) > ref.Len()*11/10 {
			t.Errorf("%v: %d bytes, image/jpeg needs %d", img.Bounds(), len(got), ref.Len())
		}
	}
	if _, err := tesseract.EncodeJPEG(image.NewGray(image.Rect(0, 0, 0, 5)), 80); err == nil {
		t.Error("an empty image encodes")
	}
}

// BenchmarkEncodeJPEG encodes the synthetic page, against image/jpeg.
func BenchmarkEncodeJPEG(b *testing.B) {
	g, _ := page(b)
	b.Run("leptonica", func(b *testing.B) {
		for b.Loop() {
			if _, err := tesseract.EncodeJPEG(g, 80); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("image/jpeg", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 80}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FitJPEG halves a page while it keeps the lowest resolution asked for,
// takes the best quality that fits, halves once more when none does, and
// says so when the page fits at no resolution.
func TestFitJPEG(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 1200, 1600))
	seed := uint32(1)
	for i := range g.Pix {
		seed = seed*1664525 + 1013904223
		g.Pix[i] = uint8(seed >> 24) // noise: a worn page's grain, hard to compress
	}
	data, err := tesseract.EncodeJPEG(g, 75)
	if err != nil {
		t.Fatal(err)
	}
	small, dpi, err := tesseract.FitJPEG(data, 300, 140, 1<<30)
	if err != nil || dpi != 150 {
		t.Fatalf("FitJPEG = %d bytes at %d dpi, %v; want 150 dpi", len(small), dpi, err)
	}
	if b := decodeGray(t, small).Bounds(); b.Dx() != 600 || b.Dy() != 800 {
		t.Errorf("small copy %v, want 600 × 800", b)
	}
	// A limit under the best quality's size: a lower quality, smaller.
	tight, dpi, err := tesseract.FitJPEG(data, 300, 140, len(small)-1)
	if err != nil || len(tight) >= len(small) || dpi != 150 {
		t.Errorf("tight FitJPEG = %d bytes at %d dpi, %v; want under %d at 150", len(tight), dpi, err, len(small))
	}
	// Under the lowest quality at 150 dpi: 75 dpi.
	if _, dpi, err := tesseract.FitJPEG(data, 300, 140, len(small)/4); err != nil || dpi != 75 {
		t.Errorf("FitJPEG at a quarter = %d dpi, %v; want 75", dpi, err)
	}
	if _, _, err := tesseract.FitJPEG(data, 300, 140, 100); err == nil {
		t.Error("FitJPEG into 100 bytes: no error")
	}
}

// patternRGBA is an opaque 301×203 page of every byte value, the same
// each call.
func patternRGBA() *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, 301, 203))
	for i := range m.Pix {
		m.Pix[i] = uint8(i*7 + i/1000)
		if i%4 == 3 {
			m.Pix[i] = 0xff
		}
	}
	return m
}

// An RGBA page (image/png's) goes to Leptonica without being packed to
// RGB first, and is coded to the same bytes as the same pixels in another
// model, a sub-image included.
func TestEncodeColourJPEGRGBA(t *testing.T) {
	m := patternRGBA()
	for _, r := range []image.Rectangle{m.Rect, image.Rect(13, 7, 250, 199)} {
		sub := m.SubImage(r).(*image.RGBA)
		n := image.NewNRGBA(r)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				n.Set(x, y, sub.At(x, y))
			}
		}
		got, err := tesseract.EncodeColourJPEG(sub, 75)
		if err != nil {
			t.Fatal(err)
		}
		want, err := tesseract.EncodeColourJPEG(n, 75)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%v: RGBA coded to other bytes (%d) than NRGBA (%d)", r, len(got), len(want))
		}
	}
}

// The JPEGs libjpeg codes directly are, byte for byte, those Leptonica's
// pixWriteMemJpeg wrote before (the hashes were taken from it at commit
// 6fe0884): the stored originals and page images of pages already
// scanned keep their bytes.
func TestEncodeAsLeptonica(t *testing.T) {
	m := patternRGBA()
	g := image.NewGray(m.Rect)
	for i := range g.Pix {
		g.Pix[i] = m.Pix[4*i+1]
	}
	sub := image.Rect(13, 7, 250, 199)
	for _, c := range []struct {
		name    string
		encode  func() ([]byte, error)
		leptSum string
	}{
		{"rgba 75", func() ([]byte, error) { return tesseract.EncodeColourJPEG(m, 75) }, "a4762565d1a75a1f40529ecb75836cef80d1dc612656ede6d06adf44fde4e62b"},
		{"rgba sub 75", func() ([]byte, error) { return tesseract.EncodeColourJPEG(m.SubImage(sub), 75) }, "26be9b40341dac07b772abe9e28862f0d374518f404f12363f01864300828a8d"},
		{"rgba 50", func() ([]byte, error) { return tesseract.EncodeColourJPEG(m, 50) }, "524580390d6322391592862e64c228500b0dacb038349a9186b18b00a2afedee"},
		{"rgba sub 50", func() ([]byte, error) { return tesseract.EncodeColourJPEG(m.SubImage(sub), 50) }, "47dfc12fd7dc83836c9ea8b67e95c94a6950ad11482b10e3a083ab7cdd37b785"},
		{"gray 75", func() ([]byte, error) { return tesseract.EncodeJPEG(g, 75) }, "f8c7d7dda718d146837a6c59d068f2727d9f9c7c271c3516978e51fae4c13cb1"},
		{"gray sub 60", func() ([]byte, error) { return tesseract.EncodeJPEG(g.SubImage(sub).(*image.Gray), 60) }, "e8239cd653802cf5d73dc6aae098acd1102e33da493138238c4f96ba53a9ee01"},
	} {
		j, err := c.encode()
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(j)); got != c.leptSum {
			t.Errorf("%s: sha256 %s, Leptonica's %s", c.name, got, c.leptSum)
		}
	}
}
