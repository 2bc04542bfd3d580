package synth

import (
	"image"
	"image/draw"
	"math"
)

// RenderSpread draws a book scanned open: the entries at o.Index (left)
// and o.Index+1 (right) side by side, with the fold's shadow between them,
// and the two pages' truths (Side left and right). o.Turn lays the whole
// open book sideways or upside down on the scanner.
func RenderSpread(o PageOptions) (image.Image, [2]Truth, error) {
	deg := o.Turn
	o.Turn = 0
	left, lt, err := RenderPage(o)
	if err != nil {
		return nil, [2]Truth{}, err
	}
	o.Index++
	right, rt, err := RenderPage(o)
	if err != nil {
		return nil, [2]Truth{}, err
	}
	img, lt, rt := spreadOf(left, right, lt, rt)
	if deg%360 != 0 {
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		img = turnImage(img, deg)
		lt, rt = turnTruth(lt, w, h, deg), turnTruth(rt, w, h, deg)
	}
	return img, [2]Truth{lt, rt}, nil
}

// gutterShare is the width of the fold between a spread's pages, as a
// share of one page's width: the two inner margins meet there.
const gutterShare = 0.04

// spreadOf lays two drawn pages side by side as a book lies open on an
// overhead scanner: the left page, the fold, the right page, with the
// fold's shadow darkening the paper on either side of it. The truths'
// boxes move with their page; BoxDeskewed is taken from where a split at
// the fold's middle leaves each page (the left as drawn, the right shifted
// by half the fold).
func spreadOf(left, right image.Image, lt, rt Truth) (image.Image, Truth, Truth) {
	lb, rb := left.Bounds(), right.Bounds()
	gutter := int(gutterShare * float64(lb.Dx()))
	w, h := lb.Dx()+gutter+rb.Dx(), max(lb.Dy(), rb.Dy())
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(out, out.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(0, 0, lb.Dx(), lb.Dy()), left, lb.Min, draw.Src)
	rx := lb.Dx() + gutter
	draw.Draw(out, image.Rect(rx, 0, rx+rb.Dx(), rb.Dy()), right, rb.Min, draw.Src)
	// The shadow: darkest at the fold, gone a fold's width and a half
	// either side of it.
	fold := float64(lb.Dx()) + float64(gutter)/2
	reach := 1.5 * float64(gutter)
	for x := max(0, int(fold-reach)); x < min(w, int(fold+reach)); x++ {
		d := math.Abs(float64(x)-fold) / reach
		keep := 0.35 + 0.65*d*d // share of the light the fold lets through
		for y := range h {
			p := out.Pix[out.PixOffset(x, y):]
			for c := range 3 {
				p[c] = uint8(float64(p[c]) * keep)
			}
		}
	}
	shift := func(t Truth, dx, dxDeskewed int, side string) Truth {
		for k, f := range t.Fields {
			if f.Box != [4]int{} {
				f.Box = [4]int{f.Box[0] + dx, f.Box[1], f.Box[2] + dx, f.Box[3]}
			}
			if f.BoxDeskewed != [4]int{} {
				f.BoxDeskewed = [4]int{f.BoxDeskewed[0] + dxDeskewed, f.BoxDeskewed[1], f.BoxDeskewed[2] + dxDeskewed, f.BoxDeskewed[3]}
			}
			t.Fields[k] = f
		}
		for i := range t.Stamps {
			s := &t.Stamps[i]
			s.Box = [4]int{s.Box[0] + dx, s.Box[1], s.Box[2] + dx, s.Box[3]}
		}
		t.Side, t.Width, t.Height = side, w, h
		return t
	}
	return out, shift(lt, 0, 0, "left"), shift(rt, rx, gutter-gutter/2, "right")
}
