package synth

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/civreg/civreg/registry"
)

// Wear says how worn and badly scanned pages look. Each effect is drawn
// per page up to the given strength; zero turns it off. Effects mix freely.
type Wear struct {
	Skew      float64 // largest rotation, in degrees either way
	Blur      float64 // largest Gaussian blur sigma, in pixels at 300 dpi
	Noise     float64 // largest standard deviation of sensor noise, in grey levels
	JPEG      int     // lowest quality of a lossy round trip (artefacts); 0 off
	LowDPI    bool    // scanned at 200 dpi instead of 300
	Bleed     float64 // largest opacity of the mirrored back of the sheet
	Stamps    bool    // red "ĐĂNG KÝ LẠI" boxes and round seals
	Blank     float64 // chance that a field is left empty
	RunOn     bool    // long places that run on to the next dotted line
	Illegible float64 // chance that a field is an unreadable scribble (×1.5 in Era A)
}

// Wear presets for ParseWear.
var (
	WearNone   = Wear{}
	WearLight  = Wear{Skew: 1, Blur: 0.8, Bleed: 0.04, Stamps: true, Blank: 0.02, RunOn: true, Illegible: 0.02}
	WearMedium = Wear{Skew: 2, Blur: 1.3, Noise: 6, JPEG: 55, Bleed: 0.07, Stamps: true, Blank: 0.04, RunOn: true, Illegible: 0.05}
	WearHeavy  = Wear{Skew: 3, Blur: 2, Noise: 12, JPEG: 30, LowDPI: true, Bleed: 0.1, Stamps: true, Blank: 0.06, RunOn: true, Illegible: 0.1}
)

// ParseWear reads a preset (none, light, medium, heavy) or a comma list of
// presets and effects, each optionally with a strength: "light,200dpi",
// "skew=2.5,blur,noise=8,jpeg=40,bleed,stamps,blank=0.1,runon,illegible".
// Later items override earlier ones.
func ParseWear(s string) (Wear, error) {
	var w Wear
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(strings.ToLower(item))
		if item == "" {
			continue
		}
		name, arg, hasArg := strings.Cut(item, "=")
		num := func(def float64) (float64, error) {
			if !hasArg {
				return def, nil
			}
			v, err := strconv.ParseFloat(arg, 64)
			if err != nil || v < 0 {
				return 0, registry.Errorf(registry.EINVALID, "wear %q: want a non-negative number", item)
			}
			return v, nil
		}
		var err error
		switch name {
		case "none":
			w = WearNone
		case "light":
			w = WearLight
		case "medium":
			w = WearMedium
		case "heavy":
			w = WearHeavy
		case "skew":
			w.Skew, err = num(2)
			if w.Skew > 3 {
				w.Skew = 3
			}
		case "blur":
			w.Blur, err = num(1.2)
		case "noise":
			w.Noise, err = num(8)
		case "jpeg":
			var q float64
			q, err = num(40)
			w.JPEG = int(math.Min(math.Max(q, 5), 95))
		case "200dpi", "lowdpi":
			w.LowDPI = true
		case "bleed":
			w.Bleed, err = num(0.1)
		case "stamp", "stamps", "seal":
			w.Stamps = true
		case "blank":
			w.Blank, err = num(0.05)
		case "runon":
			w.RunOn = true
		case "illegible":
			w.Illegible, err = num(0.05)
		default:
			return w, registry.Errorf(registry.EINVALID,
				"unknown wear %q (want none, light, medium, heavy or skew, blur, noise, jpeg, 200dpi, bleed, stamps, blank, runon, illegible)", name)
		}
		if err != nil {
			return w, err
		}
	}
	return w, nil
}

// String writes w back in ParseWear's syntax.
func (w Wear) String() string {
	var out []string
	add := func(name string, v float64) {
		if v > 0 {
			out = append(out, fmt.Sprintf("%s=%g", name, v))
		}
	}
	add("skew", w.Skew)
	add("blur", w.Blur)
	add("noise", w.Noise)
	add("jpeg", float64(w.JPEG))
	if w.LowDPI {
		out = append(out, "200dpi")
	}
	add("bleed", w.Bleed)
	if w.Stamps {
		out = append(out, "stamps")
	}
	add("blank", w.Blank)
	if w.RunOn {
		out = append(out, "runon")
	}
	add("illegible", w.Illegible)
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ",")
}

// bleed darkens the page with the mirrored, blurred ink of another page.
// The back page is shrunk four times and blurred small: the bleed is soft
// anyway, and a full-size blur of a 300-dpi page is slow.
func bleed(dst *image.RGBA, back *image.RGBA, op float64) {
	const f = 4
	g := toGray(back)
	w, h := g.Rect.Dx()/f, g.Rect.Dy()/f
	small := &plane{w: w, h: h, ch: 1, pix: make([]uint8, w*h)}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sum := 0
			for dy := 0; dy < f; dy++ {
				o := g.PixOffset(x*f, y*f+dy)
				for dx := 0; dx < f; dx++ {
					sum += int(g.Pix[o+dx])
				}
			}
			// Mirrored: the back is seen through the sheet.
			small.pix[y*w+(w-1-x)] = uint8(sum / (f * f))
		}
	}
	small.blur(1.6)
	b := dst.Rect
	for y := 0; y < b.Dy(); y++ {
		sy := math.Min(float64(y)/f, float64(h-1))
		for x := 0; x < b.Dx(); x++ {
			v := small.sample(math.Min(float64(x)/f, float64(w-1)), sy)
			dark := (255 - v) / 255 * op
			if dark <= 0.002 {
				continue
			}
			i := dst.PixOffset(x, y)
			for k := 0; k < 3; k++ {
				dst.Pix[i+k] = uint8(float64(dst.Pix[i+k]) * (1 - dark))
			}
		}
	}
}

// plane is an 8-bit image of one (grey) or four (RGBA) channels that the
// scan effects work on, so that grey pages cost a quarter.
type plane struct {
	w, h, ch int
	pix      []uint8
}

func planeOf(img image.Image) *plane {
	switch m := img.(type) {
	case *image.Gray:
		return &plane{w: m.Rect.Dx(), h: m.Rect.Dy(), ch: 1, pix: packed(m.Pix, m.Stride, m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y), m.Rect.Dx(), m.Rect.Dy())}
	case *image.RGBA:
		return &plane{w: m.Rect.Dx(), h: m.Rect.Dy(), ch: 4, pix: packed(m.Pix, m.Stride, m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y), 4*m.Rect.Dx(), m.Rect.Dy())}
	}
	return planeOf(toRGBA(img))
}

// packed returns the rows of n bytes starting at off, every stride bytes,
// one after the other: image/jpeg decodes a grey page whose width is not a
// multiple of 8 with longer rows, which read as packed shear the page into
// stripes (medium and heavy wear made such pages unreadable).
func packed(pix []byte, stride, off, n, rows int) []byte {
	if stride == n && off == 0 {
		return pix[:n*rows]
	}
	out := make([]byte, n*rows)
	for y := range rows {
		copy(out[y*n:(y+1)*n], pix[off+y*stride:])
	}
	return out
}

func (p *plane) image() image.Image {
	r := image.Rect(0, 0, p.w, p.h)
	if p.ch == 1 {
		return &image.Gray{Pix: p.pix, Stride: p.w, Rect: r}
	}
	return &image.RGBA{Pix: p.pix, Stride: p.w * 4, Rect: r}
}

// sample reads channel 0 bilinearly.
func (p *plane) sample(x, y float64) float64 {
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, p.w-1), min(y0+1, p.h-1)
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 { return float64(p.pix[(y*p.w+x)*p.ch]) }
	return at(x0, y0)*(1-fx)*(1-fy) + at(x1, y0)*fx*(1-fy) + at(x0, y1)*(1-fx)*fy + at(x1, y1)*fx*fy
}

// blur applies a separable Gaussian blur of the given sigma.
func (p *plane) blur(sigma float64) {
	rad := int(math.Ceil(sigma * 2.5))
	if rad < 1 {
		return
	}
	k := make([]float64, 2*rad+1)
	sum := 0.0
	for i := range k {
		d := float64(i - rad)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	tmp := make([]uint8, len(p.pix))
	ch := p.ch
	cs := min(ch, 3)
	pass := func(src, dst []uint8, n, m, step, lineStep int) {
		// n lines of m pixels; step between pixels, lineStep between lines.
		for l := 0; l < n; l++ {
			base := l * lineStep
			for i := 0; i < m; i++ {
				for c := 0; c < cs; c++ {
					v := 0.0
					for j, kv := range k {
						q := i + j - rad
						if q < 0 {
							q = 0
						} else if q >= m {
							q = m - 1
						}
						v += kv * float64(src[base+q*step+c])
					}
					dst[base+i*step+c] = uint8(v + 0.5)
				}
				if ch == 4 {
					dst[base+i*step+3] = 255
				}
			}
		}
	}
	pass(p.pix, tmp, p.h, p.w, ch, p.w*ch)
	pass(tmp, p.pix, p.w, p.h, p.w*ch, ch)
}

// rotate turns the page by deg degrees (positive: counter-clockwise as
// seen) about its centre, keeping its size; uncovered corners take the
// paper's colour.
func (p *plane) rotate(deg float64, bg color.RGBA) *plane {
	dst := &plane{w: p.w, h: p.h, ch: p.ch, pix: make([]uint8, len(p.pix))}
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(p.w)/2, float64(p.h)/2
	bgc := []uint8{bg.R, bg.G, bg.B, 255}
	if p.ch == 1 {
		bgc[0] = uint8((299*int(bg.R) + 587*int(bg.G) + 114*int(bg.B)) / 1000)
	}
	cs := min(p.ch, 3)
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			// Inverse of the forward map in rotatePoint.
			sx := c*dx - s*dy + cx - 0.5
			sy := s*dx + c*dy + cy - 0.5
			i := (y*p.w + x) * p.ch
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			if x0 < 0 || y0 < 0 || x0+1 >= p.w || y0+1 >= p.h {
				copy(dst.pix[i:i+p.ch], bgc)
				continue
			}
			fx, fy := sx-float64(x0), sy-float64(y0)
			p00 := (y0*p.w + x0) * p.ch
			p10, p01, p11 := p00+p.ch, p00+p.w*p.ch, p00+p.w*p.ch+p.ch
			for k := 0; k < cs; k++ {
				v := float64(p.pix[p00+k])*(1-fx)*(1-fy) + float64(p.pix[p10+k])*fx*(1-fy) +
					float64(p.pix[p01+k])*(1-fx)*fy + float64(p.pix[p11+k])*fx*fy
				dst.pix[i+k] = uint8(v + 0.5)
			}
			if p.ch == 4 {
				dst.pix[i+3] = 255
			}
		}
	}
	return dst
}

// noise adds Gaussian sensor noise, the same on all channels.
func (p *plane) noise(sd float64, r *rand.Rand) {
	cs := min(p.ch, 3)
	for i := 0; i+p.ch-1 < len(p.pix); i += p.ch {
		n := r.NormFloat64() * sd
		for k := 0; k < cs; k++ {
			p.pix[i+k] = clamp8(float64(p.pix[i+k]) + n)
		}
	}
}

// rotatePoint maps a point of the unrotated page to the rotated one.
func rotatePoint(x, y, deg float64, w, h int) (float64, float64) {
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	dx, dy := x-cx, y-cy
	return c*dx + s*dy + cx, -s*dx + c*dy + cy
}

// rotateBox returns the axis-aligned bounds of a box after rotation.
func rotateBox(b [4]int, deg float64, w, h int) [4]int {
	if deg == 0 || b == ([4]int{}) {
		return b
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range [][2]int{{b[0], b[1]}, {b[2], b[1]}, {b[0], b[3]}, {b[2], b[3]}} {
		x, y := rotatePoint(float64(p[0]), float64(p[1]), deg, w, h)
		minX, minY, maxX, maxY = math.Min(minX, x), math.Min(minY, y), math.Max(maxX, x), math.Max(maxY, y)
	}
	return [4]int{int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY))}
}

func scaleBox(b [4]int, f float64) [4]int {
	return [4]int{int(math.Floor(float64(b[0]) * f)), int(math.Floor(float64(b[1]) * f)), int(math.Ceil(float64(b[2]) * f)), int(math.Ceil(float64(b[3]) * f))}
}

// jpegRoundTrip compresses and decompresses the page, leaving the blocky
// artefacts of a cheap scanner's firmware.
func jpegRoundTrip(p *plane, q int) *plane {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, p.image(), &jpeg.Options{Quality: q}); err != nil {
		return p
	}
	dec, err := jpeg.Decode(&buf)
	if err != nil {
		return p
	}
	if g, ok := dec.(*image.Gray); ok && p.ch == 1 {
		return planeOf(g)
	}
	return planeOf(toRGBA(dec))
}

// toRGBA converts any image to *image.RGBA with its origin at 0,0.
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	if n, ok := img.(*image.NRGBA); ok {
		// Opaque NRGBA has the same bytes as RGBA.
		return &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect.Sub(n.Rect.Min)}
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			out.Set(x, y, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}

// toGray converts the page to 8-bit grey.
func toGray(img *image.RGBA) *image.Gray {
	out := image.NewGray(img.Rect)
	p := img.Pix
	for i, j := 0, 0; i+3 < len(p); i, j = i+4, j+1 {
		out.Pix[j] = uint8((299*int(p[i]) + 587*int(p[i+1]) + 114*int(p[i+2]) + 500) / 1000)
	}
	return out
}
