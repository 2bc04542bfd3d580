package synth

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"golang.org/x/image/font"
)

// scribble draws a run of cursive-looking pen strokes from x0 to x1 on
// baseline y: loops of x-height xh with now and then an ascender or a
// descender. It stands for a handwritten value nobody can read.
func scribble(m *mask, r *rand.Rand, x0, x1, y, xh, pen float64) {
	x := x0
	for x < x1-xh*0.5 {
		// One "word": a chain of humps joined by curves.
		wordEnd := math.Min(x1, x+xh*(2+r.Float64()*5))
		px, py := x, y-r.Float64()*xh*0.3
		for px < wordEnd {
			step := xh * (0.35 + r.Float64()*0.5)
			top := y - xh*(0.7+r.Float64()*0.5)
			switch v := r.Float64(); {
			case v < 0.12:
				top = y - xh*(1.6+r.Float64()*0.6) // ascender
			case v < 0.2:
				top = y + xh*(0.6+r.Float64()*0.5) // descender loop
			}
			nx := px + step
			ny := y - r.Float64()*xh*0.25
			m.bezier([4][2]float64{
				{px, py},
				{px + step*(0.1+r.Float64()*0.5), top},
				{nx - step*(0.1+r.Float64()*0.6), top + (r.Float64()-0.5)*xh*0.4},
				{nx, ny},
			}, pen, r)
			px, py = nx, ny
		}
		if r.Float64() < 0.3 {
			// A stroke across, as for a t or a diacritic.
			cx := x + (px-x)*r.Float64()
			m.line(cx-xh*0.3, y-xh*(1.1+r.Float64()*0.4), cx+xh*0.4, y-xh*(1.15+r.Float64()*0.4), pen*0.8)
		}
		x = px + xh*(0.5+r.Float64()*0.6)
	}
}

// signature draws a signer's flourish in the box: a few large loops and a
// final underline.
func signature(m *mask, r *rand.Rand, b image.Rectangle, pen float64) {
	w, h := float64(b.Dx()), float64(b.Dy())
	x, y := float64(b.Min.X)+w*0.05, float64(b.Min.Y)+h*(0.4+r.Float64()*0.3)
	n := 4 + r.IntN(5)
	for i := 0; i < n; i++ {
		nx := x + w*(0.06+r.Float64()*0.16)
		ny := float64(b.Min.Y) + h*(0.3+r.Float64()*0.5)
		m.bezier([4][2]float64{
			{x, y},
			{x + (r.Float64()-0.3)*w*0.3, float64(b.Min.Y) + r.Float64()*h*0.3},
			{nx + (r.Float64()-0.7)*w*0.3, float64(b.Max.Y) - r.Float64()*h*0.3},
			{nx, ny},
		}, pen, r)
		x, y = nx, ny
		if x > float64(b.Max.X)-w*0.1 {
			break
		}
	}
	ux := float64(b.Min.X) + w*r.Float64()*0.3
	uy := float64(b.Min.Y) + h*(0.75+r.Float64()*0.2)
	m.bezier([4][2]float64{{ux, uy}, {ux + w*0.3, uy + h*0.1}, {ux + w*0.6, uy - h*0.15}, {float64(b.Max.X) - w*0.05, uy - h*0.05}}, pen, r)
}

// tick draws a check mark or a cross in a box.
func tick(m *mask, r *rand.Rand, b image.Rectangle, pen float64) {
	x0, y0, x1, y1 := float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y)
	w := x1 - x0
	if r.Float64() < 0.5 {
		m.line(x0+w*0.15, y0+w*0.5, x0+w*0.42, y1-w*0.12, pen)
		m.line(x0+w*0.42, y1-w*0.12, x1+w*0.15, y0-w*0.2, pen)
		return
	}
	m.line(x0+w*0.15, y0+w*0.15, x1-w*0.15, y1-w*0.15, pen)
	m.line(x1-w*0.15, y0+w*0.15, x0+w*0.15, y1-w*0.15, pen)
}

// stampColour is the red of a registry's stamp pad.
func stampColour(r *rand.Rand) color.RGBA {
	return color.RGBA{R: uint8(190 + r.IntN(40)), G: uint8(20 + r.IntN(40)), B: uint8(30 + r.IntN(50)), A: 255}
}

// boxStamp draws a red rectangular stamp with text centred at (cx, cy),
// turned a little, and returns its bounds.
func boxStamp(c *canvas, r *rand.Rand, face font.Face, cx, cy float64, text string) image.Rectangle {
	tw := measure(face, text)
	m := face.Metrics()
	asc := float64(m.Ascent) / 64
	pad := asc * 0.5
	w, h := tw+2*pad, asc*1.5+2*pad
	mk := newMask(image.Rect(int(cx-w/2-10), int(cy-h/2-10), int(cx+w/2+10), int(cy+h/2+10)))
	pen := 4 + r.Float64()*3
	x0, y0, x1, y1 := cx-w/2, cy-h/2, cx+w/2, cy+h/2
	mk.line(x0, y0, x1, y0, pen)
	mk.line(x1, y0, x1, y1, pen)
	mk.line(x1, y1, x0, y1, pen)
	mk.line(x0, y1, x0, y0, pen)
	mk.text(face, cx-tw/2, cy+asc*0.38, text)
	rot := rotateAlpha(mk.a, (r.Float64()-0.5)*10)
	out := &mask{a: rot}
	c.paint(out, stampColour(r), 0.75+r.Float64()*0.2, 0.35, r)
	return out.bounds()
}

// seal draws a round red seal of the office: two rings, the office's name
// around, a star in the middle.
func seal(c *canvas, r *rand.Rand, face font.Face, cx, cy, rad float64, ring string) image.Rectangle {
	mk := newMask(image.Rect(int(cx-rad-8), int(cy-rad-8), int(cx+rad+8), int(cy+rad+8)))
	pen := 5 + r.Float64()*2
	circle := func(rr, w float64) {
		n := int(2*math.Pi*rr) + 1
		for i := 0; i < n; i++ {
			a := float64(i) / float64(n) * 2 * math.Pi
			mk.dot(cx+rr*math.Cos(a), cy+rr*math.Sin(a), w/2)
		}
	}
	circle(rad-pen/2, pen)
	circle(rad*0.62, pen*0.6)
	// Star: five points.
	star := func(rr float64) {
		for i := 0; i < 5; i++ {
			a := -math.Pi/2 + float64(i)*4*math.Pi/5
			b := -math.Pi/2 + float64(i+1)*4*math.Pi/5
			mk.line(cx+rr*math.Cos(a), cy+rr*math.Sin(a), cx+rr*math.Cos(b), cy+rr*math.Sin(b), pen*0.8)
		}
	}
	star(rad * 0.3)
	// The ring text, one glyph at a time, each turned to the tangent.
	runes := []rune(ring)
	glyphR := rad * 0.8
	asc := float64(face.Metrics().Ascent) / 64
	total := 0.0
	adv := make([]float64, len(runes))
	for i, ru := range runes {
		adv[i] = measure(face, string(ru))
		total += adv[i]
	}
	span := math.Min(total/glyphR, 2*math.Pi*0.92)
	scale := span / (total / glyphR)
	a := -math.Pi/2 - span/2
	for i, ru := range runes {
		step := adv[i] / glyphR * scale
		mid := a + step/2
		gx, gy := cx+glyphR*math.Cos(mid), cy+glyphR*math.Sin(mid)
		g := newMask(image.Rect(int(gx-asc), int(gy-asc), int(gx+asc), int(gy+asc)))
		g.text(face, gx-adv[i]/2, gy+asc*0.35, string(ru))
		rg := rotateAlpha(g.a, -(mid+math.Pi/2)*180/math.Pi)
		for y := rg.Rect.Min.Y; y < rg.Rect.Max.Y; y++ {
			for x := rg.Rect.Min.X; x < rg.Rect.Max.X; x++ {
				if v := rg.Pix[rg.PixOffset(x, y)]; v > 0 && (image.Point{x, y}.In(mk.a.Rect)) {
					i := mk.a.PixOffset(x, y)
					if v > mk.a.Pix[i] {
						mk.a.Pix[i] = v
					}
				}
			}
		}
		a += step
	}
	c.paint(mk, stampColour(r), 0.6+r.Float64()*0.3, 0.45, r)
	return mk.a.Rect
}
