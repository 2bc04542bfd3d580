package synth

import (
	"image"
	"image/draw"
)

// turnPage turns a drawn page clockwise by deg (90, 180 or 270), as a page
// laid sideways or upside down on the scanner, with its boxes as stored.
func turnPage(img image.Image, t Truth, deg int) (image.Image, Truth) {
	out := turnImage(img, deg)
	return out, turnTruth(t, img.Bounds().Dx(), img.Bounds().Dy(), deg)
}

// turnAt returns where a w×h image's pixel (x, y) lands once the image is
// turned clockwise by deg (90, 180 or 270).
func turnAt(w, h, deg int) func(x, y int) (int, int) {
	return func(x, y int) (int, int) {
		switch deg {
		case 90:
			return h - 1 - y, x
		case 180:
			return w - 1 - x, h - 1 - y
		}
		return y, w - 1 - x
	}
}

// turnImage turns img clockwise by deg (90, 180 or 270).
func turnImage(img image.Image, deg int) image.Image {
	deg = ((deg % 360) + 360) % 360
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Rect, img, b.Min, draw.Src)
	ow, oh := h, w
	if deg == 180 {
		ow, oh = w, h
	}
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	at := turnAt(w, h, deg)
	for y := range h {
		for x := range w {
			dx, dy := at(x, y)
			copy(out.Pix[out.PixOffset(dx, dy):][:4], src.Pix[src.PixOffset(x, y):][:4])
		}
	}
	if _, gray := img.(*image.Gray); gray {
		return toGray(out)
	}
	return out
}

// turnTruth moves a truth's boxes as its w×h image is turned clockwise by
// deg (90, 180 or 270).
func turnTruth(t Truth, w, h, deg int) Truth {
	deg = ((deg % 360) + 360) % 360
	at := turnAt(w, h, deg)
	ow, oh := h, w
	if deg == 180 {
		ow, oh = w, h
	}
	box := func(bx [4]int) [4]int {
		if bx == [4]int{} {
			return bx
		}
		x0, y0 := at(bx[0], bx[1])
		x1, y1 := at(bx[2]-1, bx[3]-1)
		return [4]int{min(x0, x1), min(y0, y1), max(x0, x1) + 1, max(y0, y1) + 1}
	}
	for k, f := range t.Fields {
		f.Box = box(f.Box)
		t.Fields[k] = f
	}
	for i := range t.Stamps {
		t.Stamps[i].Box = box(t.Stamps[i].Box)
	}
	t.Turn, t.Width, t.Height = deg, ow, oh
	return t
}
