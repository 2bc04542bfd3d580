package preprocess_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/civreg/civreg/internal/preprocess"
)

// BenchmarkClean cleans a skewed 2400×3400 page as each decoder hands it
// over: RGBA (PNG), YCbCr (JPEG) and grey.
func BenchmarkClean(b *testing.B) {
	img, _ := scan(b)
	skewed := imaging.Rotate(img, 1.7, color.White)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, skewed, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	ycc, err := jpeg.Decode(&buf)
	if err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name string
		img  image.Image
	}{
		{"rgba", skewed},
		{"ycbcr", ycc},
		{"gray", gray(skewed)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := preprocess.Clean(bb.img, preprocess.DefaultOptions()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSkew(b *testing.B) {
	img, _ := scan(b)
	g := gray(imaging.Rotate(img, 1.7, color.White))
	for b.Loop() {
		preprocess.Skew(g, 5)
	}
}

// BenchmarkImagingRotate is what Clean's own grey rotation replaces.
func BenchmarkImagingRotate(b *testing.B) {
	img, _ := scan(b)
	g := gray(img)
	for b.Loop() {
		gray(imaging.Rotate(g, 1.7, color.White))
	}
}
