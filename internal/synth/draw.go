package synth

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// canvas is a page being drawn: RGBA so that red stamps stay red; pages
// without colour are stored grey.
type canvas struct {
	img    *image.RGBA
	paper  color.RGBA
	colour bool // something not grey was drawn
}

func newCanvas(w, h int, paper color.RGBA, r *rand.Rand) *canvas {
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), paper: paper}
	// Uneven lighting across the sheet, as a flatbed gives.
	gx, gy := (r.Float64()-0.5)*8, (r.Float64()-0.5)*8
	pix := c.img.Pix
	for y := 0; y < h; y++ {
		fy := float64(y)/float64(h) - 0.5
		for x := 0; x < w; x++ {
			d := gx*(float64(x)/float64(w)-0.5) + gy*fy
			i := c.img.PixOffset(x, y)
			pix[i] = clamp8(float64(paper.R) + d)
			pix[i+1] = clamp8(float64(paper.G) + d)
			pix[i+2] = clamp8(float64(paper.B) + d)
			pix[i+3] = 255
		}
	}
	return c
}

func clamp8(v float64) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v + 0.5)
}

// text draws s with its baseline at (x, y) and returns the advance and the
// ink bounds.
func (c *canvas) text(face font.Face, x, y float64, s string, col color.RGBA) (float64, image.Rectangle) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: face, Dot: fixed.Point26_6{X: fx(x), Y: fx(y)}}
	b, adv := d.BoundString(s)
	d.DrawString(s)
	return float64(adv) / 64, image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
}

func fx(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }

// measure returns the advance of s.
func measure(face font.Face, s string) float64 { return float64(font.MeasureString(face, s)) / 64 }

// rect fills a rectangle with col.
func (c *canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	draw.Draw(c.img, image.Rect(x0, y0, x1, y1), image.NewUniform(col), image.Point{}, draw.Src)
}

// disc draws a filled, anti-aliased disc.
func (c *canvas) disc(cx, cy, rad float64, col color.RGBA) {
	for y := int(cy - rad - 1); y <= int(cy+rad+1); y++ {
		for x := int(cx - rad - 1); x <= int(cx+rad+1); x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			a := rad + 0.5 - d
			if a <= 0 {
				continue
			}
			c.blend(x, y, col, math.Min(a, 1))
		}
	}
}

// blend lays ink of colour col at opacity a over pixel (x, y).
func (c *canvas) blend(x, y int, col color.RGBA, a float64) {
	if !(image.Point{x, y}.In(c.img.Rect)) {
		return
	}
	i := c.img.PixOffset(x, y)
	p := c.img.Pix
	p[i] = uint8(float64(p[i])*(1-a) + float64(col.R)*a)
	p[i+1] = uint8(float64(p[i+1])*(1-a) + float64(col.G)*a)
	p[i+2] = uint8(float64(p[i+2])*(1-a) + float64(col.B)*a)
}

// mask collects strokes before they are laid on the page, so that crossing
// strokes do not darken each other, and so that a stamp can be rotated.
type mask struct {
	a *image.Alpha
}

func newMask(r image.Rectangle) *mask { return &mask{a: image.NewAlpha(r)} }

// dot marks a disc of coverage, keeping the maximum.
func (m *mask) dot(cx, cy, rad float64) {
	for y := int(cy - rad - 1); y <= int(cy+rad+1); y++ {
		for x := int(cx - rad - 1); x <= int(cx+rad+1); x++ {
			if !(image.Point{x, y}.In(m.a.Rect)) {
				continue
			}
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			a := math.Min(rad+0.5-d, 1)
			if a <= 0 {
				continue
			}
			i := m.a.PixOffset(x, y)
			if v := uint8(a * 255); v > m.a.Pix[i] {
				m.a.Pix[i] = v
			}
		}
	}
}

// line strokes a straight segment.
func (m *mask) line(x0, y0, x1, y1, w float64) {
	n := int(math.Hypot(x1-x0, y1-y0)) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		m.dot(x0+(x1-x0)*t, y0+(y1-y0)*t, w/2)
	}
}

// bezier strokes a cubic curve with a pen whose width varies a little, as
// a ball-point's does.
func (m *mask) bezier(p [4][2]float64, w float64, r *rand.Rand) {
	l := math.Hypot(p[3][0]-p[0][0], p[3][1]-p[0][1]) + math.Hypot(p[1][0]-p[0][0], p[1][1]-p[0][1]) + math.Hypot(p[2][0]-p[3][0], p[2][1]-p[3][1])
	n := int(l) + 2
	phase := r.Float64() * 6
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		x := u*u*u*p[0][0] + 3*u*u*t*p[1][0] + 3*u*t*t*p[2][0] + t*t*t*p[3][0]
		y := u*u*u*p[0][1] + 3*u*u*t*p[1][1] + 3*u*t*t*p[2][1] + t*t*t*p[3][1]
		m.dot(x, y, w/2*(0.85+0.15*math.Sin(phase+t*7)))
	}
}

// text draws s into the mask.
func (m *mask) text(face font.Face, x, y float64, s string) float64 {
	d := font.Drawer{Dst: m.a, Src: image.Opaque, Face: face, Dot: fixed.Point26_6{X: fx(x), Y: fx(y)}}
	d.DrawString(s)
	return float64(d.Dot.X)/64 - x
}

// bounds returns the bounding box of the marked pixels.
func (m *mask) bounds() image.Rectangle {
	r := m.a.Rect
	out := image.Rectangle{}
	first := true
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if m.a.Pix[m.a.PixOffset(x, y)] > 40 {
				p := image.Rect(x, y, x+1, y+1)
				if first {
					out, first = p, false
				} else {
					out = out.Union(p)
				}
			}
		}
	}
	return out
}

// paint lays the mask on the canvas in colour col at opacity op; grain
// thins the ink in patches, as an inked stamp does.
func (c *canvas) paint(m *mask, col color.RGBA, op, grain float64, r *rand.Rand) {
	if col.R != col.G || col.G != col.B {
		c.colour = true
	}
	rr := m.a.Rect.Intersect(c.img.Rect)
	for y := rr.Min.Y; y < rr.Max.Y; y++ {
		for x := rr.Min.X; x < rr.Max.X; x++ {
			v := m.a.Pix[m.a.PixOffset(x, y)]
			if v == 0 {
				continue
			}
			a := float64(v) / 255 * op
			if grain > 0 {
				a *= 1 - grain*r.Float64()
			}
			// Ink multiplies with what is under it: text stays visible
			// beneath a red seal.
			i := c.img.PixOffset(x, y)
			p := c.img.Pix
			p[i] = uint8(float64(p[i]) * (1 - a + a*float64(col.R)/255))
			p[i+1] = uint8(float64(p[i+1]) * (1 - a + a*float64(col.G)/255))
			p[i+2] = uint8(float64(p[i+2]) * (1 - a + a*float64(col.B)/255))
		}
	}
}

// rotateAlpha turns a mask by deg degrees about its centre, bilinearly, into
// a mask large enough to hold it.
func rotateAlpha(src *image.Alpha, deg float64) *image.Alpha {
	b := src.Rect
	w, h := float64(b.Dx()), float64(b.Dy())
	s, co := math.Sincos(deg * math.Pi / 180)
	nw := int(math.Abs(w*co)+math.Abs(h*s)) + 2
	nh := int(math.Abs(w*s)+math.Abs(h*co)) + 2
	cx, cy := float64(b.Min.X)+w/2, float64(b.Min.Y)+h/2
	dst := image.NewAlpha(image.Rect(int(cx)-nw/2, int(cy)-nh/2, int(cx)-nw/2+nw, int(cy)-nh/2+nh))
	for y := dst.Rect.Min.Y; y < dst.Rect.Max.Y; y++ {
		for x := dst.Rect.Min.X; x < dst.Rect.Max.X; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			sx := co*dx - s*dy + cx - 0.5
			sy := s*dx + co*dy + cy - 0.5
			dst.Pix[dst.PixOffset(x, y)] = sampleAlpha(src, sx, sy)
		}
	}
	return dst
}

func sampleAlpha(a *image.Alpha, x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	get := func(x, y int) float64 {
		if !(image.Point{x, y}.In(a.Rect)) {
			return 0
		}
		return float64(a.Pix[a.PixOffset(x, y)])
	}
	v := get(x0, y0)*(1-fx)*(1-fy) + get(x0+1, y0)*fx*(1-fy) + get(x0, y0+1)*(1-fx)*fy + get(x0+1, y0+1)*fx*fy
	return uint8(v + 0.5)
}
