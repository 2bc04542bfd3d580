package preprocess

import (
	"errors"
	"image"
	"math"
)

// Options tune Clean. Start from DefaultOptions: the zero Options keeps
// red ink.
type Options struct {
	// MaxSkewDeg bounds the deskew search, in degrees either way: 0 means
	// 5, a negative value turns deskew off.
	MaxSkewDeg float64
	// RemoveRed turns red and pink stamp and seal ink into paper.
	RemoveRed bool
	// KeepOrientation turns the upside-down check off.
	KeepOrientation bool
	// Straighten straightens lines that curl towards a book's gutter
	// (measureCurl), when they curl by more than a page that lies flat.
	Straighten bool
	// Scale resizes the result by this factor (0.5 for a quick half-size
	// pass); 0 or 1 leaves the size alone.
	Scale float64
}

// DefaultOptions returns the options civreg uses for register pages.
func DefaultOptions() Options {
	return Options{MaxSkewDeg: 5, RemoveRed: true, Straighten: true}
}

// Result is a cleaned page.
type Result struct {
	// Image is the clean, deskewed, upright page, origin (0, 0).
	Image *image.Gray
	// Angle is the rotation applied, degrees counter-clockwise (the page
	// was skewed by −Angle).
	Angle float64
	// UpsideDown is true when the page was found upside down and turned.
	UpsideDown bool
	// Turn is the turn Clean gave the page, in degrees clockwise: 180
	// when UpsideDown, else 0. (A page scanned sideways is turned by the
	// caller, who can try the form's labels: see Sideways.)
	Turn int
	// Curl is how far, in pixels, the page's lines were found to bend
	// towards a gutter beyond what a skew explains, measured with
	// Straighten; Straightened says they bent enough to be straightened
	// (which takes out the page's skew too: Angle is then about 0).
	Curl         float64
	Straightened bool
	// Shadow says a fold's shadow at the page's left or right edge was
	// lifted to the paper's grey (liftShadow).
	Shadow bool
	// Scale is the size of Image relative to the input: 1 unless
	// Options.Scale asked otherwise.
	Scale float64
	// size of the input image, for ToSource.
	srcW, srcH int
	srcMin     image.Point
}

// ToSource maps a point of Result.Image back to the input image's
// coordinates, undoing scale, flip and deskew: to show a field's box on
// the original scan. (A straightened page's curl, at most Curl pixels up
// or down, is not undone.)
func (r *Result) ToSource(p image.Point) image.Point {
	x, y := float64(p.X)/r.Scale, float64(p.Y)/r.Scale
	w, h := float64(r.srcW), float64(r.srcH)
	if r.UpsideDown {
		x, y = w-1-x, h-1-y
	}
	// Clean turned the page by Angle about its centre; turn back.
	s, c := math.Sincos(r.Angle * math.Pi / 180)
	cx, cy := (w-1)/2, (h-1)/2
	dx, dy := x-cx, y-cy
	sx := dx*c - dy*s + cx
	sy := dx*s + dy*c + cy
	return image.Pt(int(math.Round(sx))+r.srcMin.X, int(math.Round(sy))+r.srcMin.Y)
}

// Clean suppresses stamps, normalises contrast, removes bleed-through,
// deskews and turns upright a scanned page (see the package doc).
func Clean(img image.Image, o Options) (*Result, error) {
	b := img.Bounds()
	if b.Dx() < 16 || b.Dy() < 16 {
		return nil, errors.New("preprocess: image too small")
	}
	maxSkew := o.MaxSkewDeg
	if maxSkew == 0 {
		maxSkew = 5
	}
	g := toGray(img, o.RemoveRed)
	if (o.Scale == 0 || o.Scale == 1) && bilevel(g) {
		// A page brought to the working resolution gets its grey edges
		// from the resampling: blurred as well, a 200-dpi G4 page read
		// worse (fields exact 310 → 274 of 350).
		g = binomial5(g)
	}
	res := &Result{Scale: 1, srcW: b.Dx(), srcH: b.Dy(), srcMin: b.Min}
	res.Shadow = liftShadow(g) // before the contrast stretch, which a fold's shadow darkens
	if normalize(g) {
		// Before deskew, which a curl fools (the curled lines' slope is
		// taken for the page's), and before the upside-down check, which
		// weighs the lines' x-height band that a curl blurs.
		if o.Straighten {
			c := measureCurl(g)
			res.Curl = c.bend
			if c.bend >= curlMin*float64(g.Rect.Dy()) {
				g = c.straighten(g)
				res.Straightened = true
			}
		}
		if maxSkew > 0 {
			if skew := Skew(g, maxSkew); math.Abs(skew) >= 0.05 {
				g = rotate(g, -skew)
				res.Angle = -skew
			}
		}
		if !o.KeepOrientation {
			if up, _ := UpsideDown(g); up {
				g = Rotate180(g)
				res.UpsideDown = true
				res.Turn = (res.Turn + 180) % 360
			}
		}
	}
	if o.Scale > 0 && o.Scale != 1 {
		w := max(1, int(math.Round(float64(g.Rect.Dx())*o.Scale)))
		h := max(1, int(math.Round(float64(g.Rect.Dy())*o.Scale)))
		g = resizeGray(g, w, h)
		res.Scale = o.Scale
	}
	res.Image = g
	return res, nil
}
