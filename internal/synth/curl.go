package synth

import (
	"image"
	"math"
	"strings"

	"github.com/civreg/civreg/registry"
)

// Curl levels: how far a bound book that does not lie flat bends its
// lines towards the gutter.
const (
	CurlNone     = ""
	CurlModerate = "moderate"
	CurlStrong   = "strong"
)

// curlDepth is how far, as a share of the page's height, a line at the top
// of the page is moved at the gutter's edge: half a line's pitch for a
// moderate curl, about a whole one for a strong.
var curlDepth = map[string]float64{CurlModerate: 0.012, CurlStrong: 0.025}

// ParseCurl accepts a curl level: none (or ""), moderate, strong.
func ParseCurl(s string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "", "none", "flat":
		return CurlNone, nil
	case CurlModerate, CurlStrong:
		return v, nil
	}
	return "", registry.Errorf(registry.EINVALID, "unknown curl %q (want none, moderate or strong)", s)
}

// gutterRight says on which side a page's gutter lies: an entry of even
// index is a left-hand page (bound on its right), an odd one a right-hand
// page, as RenderSpread lays them.
func gutterRight(index int) bool { return index%2 == 0 }

// curlPage bends the drawn page's lines as a bound book that does not lie
// flat shows them: each point is moved down by depth·s³·(1 − 1.5·y/h),
// where s runs from 0 at the outer edge to 1 at the gutter's. Lines at
// the top of the page droop towards the gutter, lines at the bottom rise,
// and the far half of the page barely moves. The fields' Box follows the
// ink; BoxDeskewed stays where the field lies on the flat page, which is
// what straightening the page brings it back to.
func curlPage(img *image.RGBA, t *Truth, level string, right bool) *image.RGBA {
	b := img.Rect
	w, h := b.Dx(), b.Dy()
	depth := curlDepth[level] * float64(h)
	if depth == 0 {
		return img
	}
	shift := func(x, y float64) float64 {
		s := x / float64(w-1)
		if !right {
			s = 1 - s
		}
		return depth * s * s * s * (1 - 1.5*y/float64(h))
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			sy := float64(y) - shift(float64(x), float64(y))
			y0 := int(math.Floor(sy))
			f := sy - float64(y0)
			o := out.PixOffset(x, y)
			if y0 < 0 || y0+1 >= h {
				copy(out.Pix[o:o+4], img.Pix[img.PixOffset(b.Min.X+x, b.Min.Y+min(max(y0, 0), h-1)):][:4])
				continue
			}
			p0 := img.PixOffset(b.Min.X+x, b.Min.Y+y0)
			p1 := p0 + img.Stride
			for c := range 3 {
				out.Pix[o+c] = uint8(float64(img.Pix[p0+c])*(1-f) + float64(img.Pix[p1+c])*f + 0.5)
			}
			out.Pix[o+3] = 255
		}
	}
	moved := func(bx [4]int) [4]int {
		if bx == [4]int{} {
			return bx
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for x := bx[0]; x <= bx[2]; x += max(1, (bx[2]-bx[0])/8) {
			for _, y := range []int{bx[1], bx[3]} {
				ny := float64(y) + shift(float64(x), float64(y))
				lo, hi = math.Min(lo, ny), math.Max(hi, ny)
			}
		}
		return [4]int{bx[0], int(math.Floor(lo)), bx[2], int(math.Ceil(hi))}
	}
	for k, f := range t.Fields {
		f.Box = moved(f.Box)
		t.Fields[k] = f
	}
	for i := range t.Stamps {
		t.Stamps[i].Box = moved(t.Stamps[i].Box)
	}
	t.Curl = level
	return out
}
