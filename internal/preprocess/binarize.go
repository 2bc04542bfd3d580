package preprocess

import "image"

// Binarize returns g thresholded by Otsu's method: ink 0, paper 255, with
// g's bounds. Clean's output has ink and paper levels already stretched,
// so one global threshold suits it; uneven lighting is dealt with there.
func Binarize(g *image.Gray) *image.Gray {
	h := histogram(g)
	t := uint8(otsu(&h))
	b := g.Bounds()
	out := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := g.Pix[g.PixOffset(b.Min.X, y):][:b.Dx()]
		dst := out.Pix[out.PixOffset(b.Min.X, y):][:b.Dx()]
		for x, v := range src {
			if v <= t {
				dst[x] = 0
			} else {
				dst[x] = 0xff
			}
		}
	}
	return out
}

// Crop returns a copy of the part of g inside r (clipped to g's bounds).
// The copy keeps page coordinates: its Bounds are that part, so boxes
// found in it (OCR words) are already page boxes. The result is empty if
// r misses g.
func Crop(g *image.Gray, r image.Rectangle) *image.Gray {
	r = r.Intersect(g.Bounds())
	out := image.NewGray(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(out.Pix[out.PixOffset(r.Min.X, y):][:r.Dx()], g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()])
	}
	return out
}
