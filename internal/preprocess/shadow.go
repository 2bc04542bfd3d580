package preprocess

import (
	"image"
	"slices"
)

// Tunables of liftShadow.
const (
	shadowReduce = 4 // columns' paper is measured on a 1/4-size copy
	// shadowPaper is the percentile of a column's greys taken for its
	// paper: text, leaders and rules darken less than a third of any
	// column of a register page.
	shadowPaper = 0.7
	// shadowSmooth is the half width, in reduced columns, of the median
	// that the columns' paper is smoothed with: a page's border rules
	// (a few pixels wide) are not a shadow.
	shadowSmooth = 6
	shadowDepth  = 12   // grey levels under the page's paper that a shadow starts at
	shadowReach  = 0.15 // a shadow reaches at most this share of the width in from the edge
	shadowGain   = 3.0  // at most this much lighter: darker is a scanner's black border, not a shadow
)

// liftShadow brings the paper of a band of columns at the left or right
// edge, darker than the rest of the page's paper, up to it: the shadow of a
// book's fold, which a page scanned from a bound book carries at its inner
// edge (each half of a spread does, split at the fold). The shadow darkened
// the page's contrast stretch and its faint marks with it: leader dots
// next to a value were read as a quote on a spread's half and not on the
// same page alone. Each column is scaled by the page's paper over its own
// (a shadow dims ink and paper alike); a page without such a band is left
// as it is. It reports whether it lifted one.
func liftShadow(g *image.Gray) bool {
	w := g.Rect.Dx()
	if w < 16*shadowReduce || g.Rect.Dy() < 16*shadowReduce {
		return false
	}
	paper := columnPaper(reduce(g, shadowReduce))
	page := medianByte(paper)
	reach := int(shadowReach * float64(len(paper)))
	var gain []float64 // per reduced column; 0 outside the shadow
	for _, from := range []int{0, len(paper) - 1} {
		dir := 1 - 2*min(from, 1)
		for i, x := 0, from; i < reach && int(paper[x])+shadowDepth <= int(page) && float64(page) <= shadowGain*float64(paper[x]); i, x = i+1, x+dir {
			if gain == nil {
				gain = make([]float64, len(paper))
			}
			gain[x] = float64(page) / float64(max(paper[x], 1))
		}
	}
	if gain == nil {
		return false
	}
	var lut [256]uint8
	for x := range w {
		k := gain[min(x/shadowReduce, len(gain)-1)]
		if k == 0 {
			continue
		}
		for v := range lut {
			lut[v] = uint8(min(float64(v)*k+0.5, 255))
		}
		for y := range g.Rect.Dy() {
			p := &g.Pix[y*g.Stride+x]
			*p = lut[*p]
		}
	}
	return true
}

// columnPaper returns each column's paper grey (its shadowPaper
// percentile), smoothed across columns by a running median.
func columnPaper(g *image.Gray) []uint8 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	raw := make([]uint8, w)
	col := make([]uint8, h)
	for x := range w {
		for y := range h {
			col[y] = g.Pix[y*g.Stride+x]
		}
		slices.Sort(col)
		raw[x] = col[int(shadowPaper*float64(h-1))]
	}
	out := make([]uint8, w)
	for x := range w {
		out[x] = medianByte(raw[max(0, x-shadowSmooth):min(w, x+shadowSmooth+1)])
	}
	return out
}

// medianByte is the median of v (not changed).
func medianByte(v []uint8) uint8 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
