package preprocess

import (
	"encoding/binary"
	"image"
	"math"
	"slices"
)

// Tunables of the curl measure (see measureCurl).
const (
	curlStrips = 20 // vertical strips across the page
	curlBands  = 6  // horizontal bands down the page
	// curlInk is the share of a strip's band rows that must hold ink for
	// it to be measured: a few short values or remarks are enough (at
	// 0.15, the strips towards a right-hand gutter, where values end and
	// the remarks column is mostly empty, went unmeasured, and a moderate
	// curl there measured 0.1 to 2 px).
	curlInk   = 0.03
	curlMatch = 0.5 // correlation of two strips' profiles that makes a match
	// curlStep bounds the shift between two neighbouring strips, as a
	// share of the page's height: about 14 px at 300 dpi, well under half
	// a line's pitch even two strips apart, so that a line is never
	// matched with its neighbour (at twice that, a flat page matched a
	// line half a pitch away and measured a 47 px bend), and above the
	// 13 px a strip that a strong curl bends at the gutter's edge.
	curlStep = 1.0 / 240
	// curlMin is the bend (curl.bend), as a share of the page's height,
	// below which a page is flat and left as it is: about 4 pixels at 300
	// dpi. Measured on generated pages (seeds 5, 41, 777; every form, no,
	// light and heavy wear): 70 of 72 flat pages bend 0 to 3.5, two 5.2
	// and 5.9 (before curlInk and curlStep were set so, three 4.5 to
	// 9.5); a moderate curl 2.3 to 12.6 (13 of 16 over curlMin, seed 778;
	// fewer than 12 before).
	curlMin = 0.0012
)

// curl is a page's measured line displacement: d[b][k] is how far down
// the lines of band b are in strip k, against the middle strip.
type curl struct {
	sw, bh float64 // strip width and band height
	d      [curlBands][curlStrips]float64
	ok     [curlBands][curlStrips]bool // d was measured there, not carried
	// bend is the largest displacement a skew cannot explain: what is
	// left of d once one slope, the same down the page, is taken out.
	bend float64
}

// measureCurl measures how far a page's lines bend, as a bound book that
// does not lie flat bends them towards its gutter. The deskewed page is
// cut into vertical strips and horizontal bands; in each band, each strip's
// profile of ink per row is matched with its inked neighbour's towards the
// middle (the shift that best lines up their rows of text, rules and
// leaders), and the shifts are added up from the middle strip outwards. A
// flat page's strips line up at 0 (a page's form rules and leaders line
// up too); a curled page's drift further the nearer the gutter. A strip
// without ink (a margin, an empty column) takes its inner neighbour's
// shift. A skewed page's strips drift too, by the same slope in every
// band: bend is what that slope leaves. The cost is one pass over the
// pixels and some 20 ms of matching.
func measureCurl(g *image.Gray) *curl {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	c := &curl{sw: float64(w) / curlStrips, bh: float64(h) / curlBands}
	prof := make([][]float64, curlStrips) // ink per row, per strip
	for k := range prof {
		prof[k] = make([]float64, h)
	}
	for y := range h {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		for x := 0; x < w; x++ {
			if x+8 <= w && allOver(binary.LittleEndian.Uint64(row[x:]), 127) {
				x += 7 // eight pixels of paper
				continue
			}
			if row[x] < 128 {
				prof[min(int(float64(x)/c.sw), curlStrips-1)][y]++
			}
		}
	}
	step := max(4, int(curlStep*float64(h)))
	for band := range curlBands {
		y0, y1 := int(float64(band)*c.bh), int(float64(band+1)*c.bh)
		ref := -1 // the inked strip nearest the middle: shift 0
		for i := range curlStrips {
			k := curlStrips/2 + (i+1)/2*(1-2*(i%2))
			if k >= 0 && k < curlStrips && inked(prof[k][y0:y1]) {
				ref = k
				break
			}
		}
		if ref < 0 {
			continue
		}
		for _, dir := range []int{-1, 1} {
			from := ref // the last strip matched, towards the middle
			for k := ref + dir; k >= 0 && k < curlStrips; k += dir {
				c.d[band][k] = c.d[band][from]
				if abs(k-from) > 2 || !inked(prof[k][y0:y1]) {
					continue
				}
				if s, ok := bestShift(prof[from], prof[k], y0, y1, step*abs(k-from)); ok {
					c.d[band][k] += float64(s)
					c.ok[band][k] = true
					from = k
				}
			}
		}
		c.ok[band][ref] = true
	}
	c.bend = c.unskewed()
	return c
}

// unskewed takes the page's skew out of d and returns the bend: the
// largest displacement that no skew explains. A skew shifts every band's
// strips by the same slope; a curl bends the lines near the gutter, top
// and bottom of the page apart, and leaves the far side nearly flat. So
// the bend is what is left once one slope for the whole page (and an
// offset per band) is fitted; and the skew taken out is the slope of the
// half of the page that fits one better, the flatter, far side. The skew
// is left to deskew, which turns the page's rules upright too.
func (c *curl) unskewed() float64 {
	const mid = curlStrips / 2
	_, bend := c.slope(0, curlStrips)
	ls, lr := c.slope(0, mid+1)
	rs, rr := c.slope(mid, curlStrips)
	slope := ls
	if rr < lr {
		slope = rs
	}
	if math.IsInf(bend, 1) {
		bend, slope = 0, 0
	}
	for b := range curlBands {
		for k := range curlStrips {
			c.d[b][k] -= slope * float64(k-mid)
		}
	}
	return bend
}

// slope fits the measured d of strips from..to−1 with one slope for
// every band and an offset per band; it returns the slope and the largest
// residual of the band that bends second most (infinite when too few
// strips were measured to tell).
func (c *curl) slope(from, to int) (float64, float64) {
	var mean, xm [curlBands]float64
	var n [curlBands]int
	total := 0
	for b := range curlBands {
		for k := from; k < to; k++ {
			if c.ok[b][k] {
				mean[b] += c.d[b][k]
				xm[b] += float64(k)
				n[b]++
			}
		}
		if n[b] > 0 {
			mean[b] /= float64(n[b])
			xm[b] /= float64(n[b])
		}
		total += n[b]
	}
	var sxy, sxx float64
	for b := range curlBands {
		for k := from; k < to; k++ {
			if c.ok[b][k] {
				dx := float64(k) - xm[b]
				sxy += dx * (c.d[b][k] - mean[b])
				sxx += dx * dx
			}
		}
	}
	if sxx == 0 || total < 2*curlBands {
		return 0, math.Inf(1)
	}
	// The residual of the band that bends second most: a curl bends
	// several bands, a stray match (a seal, a signature) one.
	slope := sxy / sxx
	var worst [curlBands]float64
	for b := range curlBands {
		for k := from; k < to; k++ {
			if c.ok[b][k] {
				worst[b] = math.Max(worst[b], math.Abs(c.d[b][k]-mean[b]-slope*(float64(k)-xm[b])))
			}
		}
	}
	slices.Sort(worst[:])
	return slope, worst[curlBands-2]
}

// inked reports whether enough rows of a strip's band hold ink to be
// matched.
func inked(p []float64) bool {
	n := 0
	for _, v := range p {
		if v > 0 {
			n++
		}
	}
	return float64(n) >= curlInk*float64(len(p))
}

// bestShift returns the shift s in [−reach, reach] that best lines up
// b[y+s] with a[y] over rows y0..y1 (the highest correlation of the two
// profiles), and whether they truly match there (correlation ≥ curlMatch).
func bestShift(a, b []float64, y0, y1, reach int) (int, bool) {
	best, bestR := 0, math.Inf(-1)
	for s := -reach; s <= reach; s++ {
		lo, hi := max(y0, -s), min(y1, len(b)-s)
		var sa, sb, saa, sbb, sab float64
		for y := lo; y < hi; y++ {
			va, vb := a[y], b[y+s]
			sa, sb, saa, sbb, sab = sa+va, sb+vb, saa+va*va, sbb+vb*vb, sab+va*vb
		}
		n := float64(hi - lo)
		if n <= 0 {
			continue
		}
		cov, da, db := sab-sa*sb/n, saa-sa*sa/n, sbb-sb*sb/n
		if da <= 0 || db <= 0 {
			continue
		}
		if r := cov / math.Sqrt(da*db); r > bestR || r == bestR && abs(s) < abs(best) {
			best, bestR = s, r
		}
	}
	return best, bestR >= curlMatch
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// shift is how far down the lines are at (x, y): the measured shifts
// between the strips' and bands' centres, bilinearly.
func (c *curl) shift(x, y float64) float64 {
	fx := math.Min(math.Max(x/c.sw-0.5, 0), curlStrips-1)
	fy := math.Min(math.Max(y/c.bh-0.5, 0), curlBands-1)
	k0, b0 := int(fx), int(fy)
	k1, b1 := min(k0+1, curlStrips-1), min(b0+1, curlBands-1)
	tx, ty := fx-float64(k0), fy-float64(b0)
	top := c.d[b0][k0]*(1-tx) + c.d[b0][k1]*tx
	bot := c.d[b1][k0]*(1-tx) + c.d[b1][k1]*tx
	return top*(1-ty) + bot*ty
}

// straighten moves every column of the page up by the measured shift, so
// that its lines run as straight as the page's skew lets them, at the
// height they have in the middle.
func (c *curl) straighten(g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			sy := float64(y) + c.shift(float64(x), float64(y))
			y0 := int(math.Floor(sy))
			f := sy - float64(y0)
			at := func(yy int) float64 {
				return float64(g.Pix[g.PixOffset(b.Min.X+x, b.Min.Y+min(max(yy, 0), h-1))])
			}
			out.Pix[y*out.Stride+x] = uint8(at(y0)*(1-f) + at(y0+1)*f + 0.5)
		}
	}
	return out
}
