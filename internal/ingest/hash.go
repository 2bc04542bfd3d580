package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
)

// Hash returns the hex SHA-256 of an image's size and its pixels as 8-bit
// RGB triples, row by row. Converting every image type to the same bytes is
// what makes the hash identify page content across containers: a gray PNG,
// the same pixels as Flate samples in a PDF, and an RGB TIFF of them all hash
// alike. Alpha is ignored (pixels are taken premultiplied); scans are opaque.
func Hash(img image.Image) string {
	h := sha256.New()
	b := img.Bounds()
	fmt.Fprintf(h, "%dx%d\n", b.Dx(), b.Dy())
	row := make([]byte, 3*b.Dx())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		switch m := img.(type) {
		case *image.Gray:
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range b.Dx() {
				row[3*x], row[3*x+1], row[3*x+2] = p[x], p[x], p[x]
			}
		case *image.RGBA:
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range b.Dx() {
				row[3*x], row[3*x+1], row[3*x+2] = p[4*x], p[4*x+1], p[4*x+2]
			}
		case *image.YCbCr:
			for x := range b.Dx() {
				yi, ci := m.YOffset(b.Min.X+x, y), m.COffset(b.Min.X+x, y)
				row[3*x], row[3*x+1], row[3*x+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			}
		default:
			for x := range b.Dx() {
				r, g, bl, _ := img.At(b.Min.X+x, y).RGBA()
				row[3*x], row[3*x+1], row[3*x+2] = byte(r>>8), byte(g>>8), byte(bl>>8)
			}
		}
		h.Write(row)
	}
	return hex.EncodeToString(h.Sum(nil))
}
