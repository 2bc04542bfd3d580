package preprocess

import (
	"encoding/binary"
	"fmt"
	"image"
	"slices"
)

// Layouts FindSpread tells apart.
const (
	// OnePage is a page scanned alone (or one FindSpread cannot split
	// and need not: portrait, or landscape with its lines running up and
	// down, a page scanned sideways).
	OnePage = iota
	// TwoPages is a book scanned open: two register pages side by side
	// with the gutter between them.
	TwoPages
	// Unsure is a landscape image with lines running across and no clear
	// gutter: it is neither read as one entry nor split by guess.
	Unsure
)

// Spread is what FindSpread found.
type Spread struct {
	Layout int
	// Gutter is the column of the input image to split at (TwoPages).
	Gutter int
	// Reason says why an image is Unsure, for the person who splits it.
	Reason string
}

// Tunables of FindSpread, as shares of the image's width.
const (
	spreadAspect   = 1.15 // a register page is portrait; two side by side are wider than tall
	gutterFrom     = 0.35 // the gutter lies in the middle of the spread
	gutterTo       = 0.65
	gutterMinWidth = 0.015 // inner margins and the fold: no text, a shadow at most
	spreadReduce   = 4     // the search runs on a 1/4-size copy (75 dpi at 300)
)

// FindSpread tells a book scanned open (two register pages side by side)
// from a page scanned alone. A spread is wider than tall, its text lines
// run across, and between its pages runs the gutter: a band of columns
// with no ink on their own background, whether the fold is blank paper or
// a shadow. Each page must hold ink of its own. A landscape image with
// lines across and no such band is Unsure.
func FindSpread(img image.Image) Spread {
	b := img.Bounds()
	if float64(b.Dx()) < spreadAspect*float64(b.Dy()) {
		return Spread{Layout: OnePage}
	}
	s := findSpread(reduce(toGray(img, true), spreadReduce), b.Dx(), b.Dy())
	if s.Layout == TwoPages {
		s.Gutter += b.Min.X
	}
	return s
}

// findSpread is FindSpread on g, the w×h image reduced by spreadReduce;
// the gutter is a column of the full image, from its left edge.
func findSpread(g *image.Gray, w, h int) Spread {
	normalize(g)
	if skew := Skew(g, 5); skew >= 0.05 || skew <= -0.05 {
		g = rotate(g, -skew)
	}
	if side, score := Sideways(g); side && score < 0.25 {
		return Spread{Layout: OnePage} // a page scanned sideways: turned later
	}
	ink := columnInk(g)
	x0, x1 := gutterBand(ink)
	if x1-x0 < max(2, int(gutterMinWidth*float64(len(ink)))) {
		return Spread{Layout: Unsure, Reason: fmt.Sprintf("a %d×%d image wider than tall, like two pages side by side, but no gutter between them was found", w, h)}
	}
	total := 0
	for _, n := range ink {
		total += n
	}
	left, right := 0, 0
	for x, n := range ink {
		if x < x0 {
			left += n
		} else if x >= x1 {
			right += n
		}
	}
	if total == 0 {
		return Spread{Layout: OnePage} // a blank image: no page to split
	}
	if left*5 < total || right*5 < total {
		return Spread{Layout: Unsure, Reason: fmt.Sprintf("a %d×%d image wider than tall with a gutter, but one side holds almost no text", w, h)}
	}
	return Spread{Layout: TwoPages, Gutter: (x0+x1)/2*spreadReduce + spreadReduce/2}
}

// columnInk counts, per column, the pixels much darker than the column's
// own background (its median), over the middle 90 % of the height: a
// gutter's shadow is a dark background, not ink.
func columnInk(g *image.Gray) []int {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	y0, y1 := h/20, h-h/20
	col := make([]uint8, 0, y1-y0)
	ink := make([]int, w)
	for x := range w {
		col = col[:0]
		for y := y0; y < y1; y++ {
			col = append(col, g.Pix[y*g.Stride+x])
		}
		sorted := slices.Clone(col)
		slices.Sort(sorted)
		bg := int(sorted[len(sorted)/2])
		for _, v := range col {
			if int(v) < bg-60 {
				ink[x]++
			}
		}
	}
	return ink
}

// gutterBand returns the widest run of columns without ink in the middle
// of the image, [x0, x1).
func gutterBand(ink []int) (x0, x1 int) {
	w := len(ink)
	from, to := int(gutterFrom*float64(w)), int(gutterTo*float64(w))
	for x := from; x < to; x++ {
		if ink[x] > 1 {
			continue
		}
		s := x
		for s > 0 && ink[s-1] <= 1 {
			s--
		}
		e := x
		for e < w && ink[e] <= 1 {
			e++
		}
		if e-s > x1-x0 {
			x0, x1 = s, e
		}
		x = e
	}
	return x0, x1
}

// reduce shrinks g by an integer factor, averaging each block.
func reduce(g *image.Gray, f int) *image.Gray {
	w, h := g.Rect.Dx()/f, g.Rect.Dy()/f
	out := image.NewGray(image.Rect(0, 0, w, h))
	if f == 4 {
		reduce4(g, out)
		return out
	}
	for y := range h {
		for x := range w {
			s := 0
			for dy := range f {
				row := g.Pix[(y*f+dy)*g.Stride+x*f:]
				for dx := range f {
					s += int(row[dx])
				}
			}
			out.Pix[y*w+x] = uint8(s / (f * f))
		}
	}
	return out
}

// reduce4 is reduce by 4, the factor its callers use, four source pixels
// at a time: one 32-bit load, its bytes summed in pairs in two 16-bit
// lanes (at most 4 rows × 2 × 255 each), the same sums as pixel by pixel.
func reduce4(g, out *image.Gray) {
	w, h := out.Rect.Dx(), out.Rect.Dy()
	sums := make([]uint32, w)
	for y := range h {
		clear(sums)
		for dy := range 4 {
			row := g.Pix[(y*4+dy)*g.Stride:][:4*w]
			for x := range sums {
				v := binary.LittleEndian.Uint32(row[4*x:])
				sums[x] += v&0x00ff00ff + v>>8&0x00ff00ff
			}
		}
		dst := out.Pix[y*w:][:w]
		for x, s := range sums {
			dst[x] = uint8((s&0xffff + s>>16) / 16)
		}
	}
}

// SpreadTurn tells a book scanned open and laid sideways on the scanner:
// an image taller than wide which, turned a quarter, is a spread that
// FindSpread splits (its gutter found across the middle, text on both
// sides, lines across). Which quarter cannot be told surely from the ink
// (a spread's two pages' lines need not line up for the upside-down
// check), so it returns 90, and 0 for any other image: a spread turned
// the wrong way round comes out upside down, its halves each in the
// other's place, which the form's labels tell.
func SpreadTurn(img image.Image) int {
	b := img.Bounds()
	if float64(b.Dy()) < spreadAspect*float64(b.Dx()) {
		return 0
	}
	g, ok := img.(*image.Gray) // reduce leaves it as it is: no copy
	if !ok {
		g = toGray(img, true)
	}
	g = reduce(g, spreadReduce)
	up := toGray(g, false) // a copy: normalize works in place
	normalize(up)
	if side, _ := Sideways(up); !side {
		// Its lines do not clearly run up and down: a page scanned
		// upright, whatever blank band crosses it (a ruled table's page,
		// whose rules leave its lines' direction unclear, had been split
		// across its middle and refused).
		return 0
	}
	g = Rotate90(g)
	if findSpread(g, b.Dy(), b.Dx()).Layout != TwoPages {
		return 0
	}
	return 90
}
