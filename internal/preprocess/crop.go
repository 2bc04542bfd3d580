package preprocess

import "image"

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
