package scan

import (
	"image"
	"image/draw"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/locate"
	"github.com/civreg/civreg/internal/preprocess"
)

// minFound is the share of a form's labels a page must show to be read as
// that form's page.
const minFound = 0.3

// locateUpright is the page pass on a page scanned in any orientation,
// whatever its file said: the page is read as delivered, and when too few
// of the form's labels are found on it, read again turned a quarter either
// way and a half, the likelier turn first (preprocess.Sideways), until the
// labels are found. No wrong turn finds them: the form's own labels, not a
// guess from the ink, decide. It returns the page as LocatePage does and
// the turn that made it upright, in degrees clockwise (Clean's own flip
// included). A page upright costs nothing more; a page sideways, one to
// three more page passes. gray, when not nil, is img made grey as Clean
// makes it (preprocess.Gray): the page as delivered is cleaned from it;
// a turn is made of img, in its colours, as before.
func locateUpright(e Engine, img image.Image, gray *image.Gray, o preprocess.Options, forms []*form.Form) (*preprocess.Result, *image.Gray, *locate.Result, int, error) {
	type located struct {
		clean *preprocess.Result
		plain *image.Gray
		res   *locate.Result
		turn  int
	}
	var best located
	var err error
	first := img
	if gray != nil && o.RemoveRed && gray.Bounds() == img.Bounds() {
		// Clean would make this grey of img again: it cleans the same.
		first = gray
	}
	best.clean, best.plain, best.res, err = LocatePage(e, first, o, forms)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	if best.res.Found >= minFound || o.KeepOrientation {
		return best.clean, best.plain, best.res, best.clean.Turn, nil
	}
	best.turn = best.clean.Turn
	// The other three turns are tried as they are, the upside-down check
	// off: a page that fooled it (a ruled table) would be flipped back
	// to the turn that failed.
	flip := best.clean.Turn
	turns := []int{(flip + 180) % 360, (flip + 90) % 360, (flip + 270) % 360}
	if side, _ := preprocess.Sideways(best.clean.Image); side {
		turns = []int{turns[1], turns[2], turns[0]}
	}
	fixed := o
	fixed.KeepOrientation = true
	for _, t := range turns {
		c, p, r, err := LocatePage(e, turnBy(img, t), fixed, forms)
		if err != nil {
			return nil, nil, nil, 0, err
		}
		if r.Found > best.res.Found {
			best = located{c, p, r, t}
		}
		if r.Found >= minFound {
			break
		}
	}
	return best.clean, best.plain, best.res, best.turn, nil
}

// turnBy returns img turned clockwise by deg (0, 90, 180 or 270).
func turnBy(img image.Image, deg int) image.Image {
	if deg == 0 {
		return img
	}
	return turn(img, deg)
}

// turn returns img turned clockwise by deg (90, 180 or 270).
func turn(img image.Image, deg int) image.Image {
	g, ok := img.(*image.Gray)
	if !ok {
		// Turned as RGBA, so that Clean still sees a stamp's red.
		return turnRGBA(img, deg)
	}
	if deg == 180 {
		return preprocess.Rotate180(g)
	}
	g = preprocess.Rotate90(g)
	if deg == 270 {
		g = preprocess.Rotate180(g)
	}
	return g
}

func turnRGBA(img image.Image, deg int) *image.RGBA {
	b := img.Bounds()
	src := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Rect, img, b.Min, draw.Src)
	w, h := b.Dx(), b.Dy()
	out := image.NewRGBA(image.Rect(0, 0, h, w))
	if deg == 180 {
		out = image.NewRGBA(src.Rect)
	}
	for y := range h {
		for x := range w {
			var dx, dy int
			switch deg {
			case 90:
				dx, dy = h-1-y, x
			case 180:
				dx, dy = w-1-x, h-1-y
			default: // 270
				dx, dy = y, w-1-x
			}
			copy(out.Pix[out.PixOffset(dx, dy):][:4], src.Pix[src.PixOffset(x, y):][:4])
		}
	}
	return out
}
