package scan_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// blankPNG is a white page: an image, but no register page.
func blankPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 1200, 1700))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	img.Set(10, 10, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
