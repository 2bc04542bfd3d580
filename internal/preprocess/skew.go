package preprocess

import (
	"image"
	"math"
)

// skewSample is the grid step, in pixels, at which ink points are taken
// for the skew estimate: every pixel would cost 4× as much and gain no
// precision, since a 0.1° error moves a line end by ~4 px on a page.
const skewSample = 2

// inkPoints returns the coordinates of dark pixels of g on a grid,
// relative to g's centre.
func inkPoints(g *image.Gray) (xs, ys []float32) {
	b := g.Bounds()
	cx, cy := float32(b.Min.X+b.Max.X)/2, float32(b.Min.Y+b.Max.Y)/2
	for y := b.Min.Y; y < b.Max.Y; y += skewSample {
		row := g.Pix[g.PixOffset(b.Min.X, y):]
		for x := 0; x < b.Dx(); x += skewSample {
			if row[x] < 128 {
				xs = append(xs, float32(b.Min.X+x)-cx)
				ys = append(ys, float32(y)-cy)
			}
		}
	}
	return xs, ys
}

// profileScore is the sum of squared counts of the ink points' projection
// onto the vertical axis of a frame turned by deg degrees: it peaks when
// text lines run along the frame's rows, each line then filling few bins.
func profileScore(xs, ys []float32, deg float64, bins []int32) float64 {
	s, c := math.Sincos(deg * math.Pi / 180)
	sf, cf := float32(s), float32(c)
	for i := range bins {
		bins[i] = 0
	}
	half := float32(len(bins) / 2)
	for i, x := range xs {
		// Where the point lies across lines of text that slope up by
		// deg (counter-clockwise), in 2-px bins.
		v := (ys[i]*cf+x*sf)/2 + half
		if v >= 0 && int(v) < len(bins) {
			bins[int(v)]++
		}
	}
	score := 0.0
	for _, n := range bins {
		score += float64(n) * float64(n)
	}
	return score
}

// Skew estimates by how many degrees the text of g is turned
// counter-clockwise, within ±maxDeg, to about 0.1°: rotating g by
// −Skew(g, maxDeg) straightens it. g should be dark text on light paper.
// It returns 0 when g has too little ink to tell.
func Skew(g *image.Gray, maxDeg float64) float64 {
	xs, ys := inkPoints(g)
	if len(xs) < 200 || maxDeg <= 0 {
		return 0
	}
	b := g.Bounds()
	diag := math.Hypot(float64(b.Dx()), float64(b.Dy()))
	bins := make([]int32, int(diag/2)+4)
	score := func(d float64) float64 { return profileScore(xs, ys, d, bins) }

	// Coarse: 0.5° steps over the range; the profile peak is a few tenths
	// of a degree wide for a full-width line, so 0.5° cannot skip it.
	best, bestS := 0.0, score(0)
	for d := -maxDeg; d <= maxDeg+1e-9; d += 0.5 {
		if s := score(d); s > bestS {
			best, bestS = d, s
		}
	}
	// Fine: 0.1° steps around the coarse peak.
	coarse := best
	for d := coarse - 0.5; d <= coarse+0.5+1e-9; d += 0.1 {
		if s := score(d); s > bestS {
			best, bestS = d, s
		}
	}
	// A parabola through the peak and its neighbours refines below the
	// step.
	l, r := score(best-0.1), score(best+0.1)
	if den := l - 2*bestS + r; den < 0 {
		off := 0.05 * (l - r) / den
		if math.Abs(off) <= 0.1 {
			best += off
		}
	}
	return math.Max(-maxDeg, math.Min(maxDeg, best))
}

// rotate returns g turned counter-clockwise by deg degrees about its
// centre, the same size, with bilinear interpolation and white where no
// source pixel falls. It is imaging.Rotate for grey pages without the
// round trip through NRGBA (4× the memory) and without growing the
// canvas, so that page coordinates stay comparable.
func rotate(g *image.Gray, deg float64) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	const one = 1 << 16
	for y := 0; y < h; y++ {
		dy := float64(y) - cy
		// Inverse map: source = R(−deg)·(dest − centre) + centre, with y
		// pointing down, so a counter-clockwise turn on screen.
		sx := -cx*c - dy*s + cx
		sy := cx*s - dy*c
		sy = -sy + cy
		fx, fy := int64(sx*one), int64(sy*one)
		stepX, stepY := int64(c*one), int64(s*one)
		row := out.Pix[y*w : (y+1)*w]
		// The source point moves along a line, so the columns whose source
		// square lies inside g are one run [x0, x1): white either side.
		inside := func(x int) bool {
			ix, iy := (fx+int64(x)*stepX)>>16, (fy+int64(x)*stepY)>>16
			return ix >= 0 && iy >= 0 && ix < int64(w-1) && iy < int64(h-1)
		}
		x0, x1 := 0, w
		for x0 < w && !inside(x0) {
			x0++
		}
		for x1 > x0 && !inside(x1-1) {
			x1--
		}
		for x := range x0 {
			row[x] = 0xff
		}
		for x := x1; x < w; x++ {
			row[x] = 0xff
		}
		src, stride := g.Pix[g.PixOffset(b.Min.X, b.Min.Y):], int64(g.Stride)
		px, py := fx+int64(x0)*stepX, fy+int64(x0)*stepY
		for x := x0; x < x1; x++ {
			ix, iy := px>>16, py>>16
			ax, ay := px&(one-1), py&(one-1)
			i := iy*stride + ix
			px += stepX
			py += stepY
			p00, p01 := int64(src[i]), int64(src[i+1])
			p10, p11 := int64(src[i+stride]), int64(src[i+stride+1])
			if p00 == p01 && p00 == p10 && p00 == p11 {
				// Four alike (paper, nearly all of a clean page): the
				// weighing below gives p00·2³²>>32, p00 itself.
				row[x] = uint8(p00)
				continue
			}
			top := p00*(one-ax) + p01*ax
			bot := p10*(one-ax) + p11*ax
			row[x] = uint8((top*(one-ay) + bot*ay) >> 32)
		}
	}
	return out
}
