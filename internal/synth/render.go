package synth

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/font"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// Leader styles: how a blank's dotted line is printed.
const (
	leaderDots     = iota // ". . . . ." fine dots
	leaderEllipsis        // "……" dots in threes
	leaderRule            // "_____" a thin line
)

// run is one stretch of dotted line a value may be written on.
type run struct{ x0, x1, y float64 }

// token is one word of a value, owned by a field key ("" for separators
// that belong to no field).
type token struct {
	text string
	key  string
	glue bool // no space before
}

// pageDraw holds one page's style and the truth gathered while drawing.
type pageDraw struct {
	r         *rand.Rand
	c         *canvas
	form      *form.Form
	vals      map[string]fieldValue
	facts     entryFacts
	book      bookInfo
	wear      Wear
	labelFont *Font
	valueFont *Font
	labelPx   float64
	valuePx   float64
	// minLabelPx and minValuePx are as small as fitLines makes the type.
	minLabelPx, minValuePx float64
	label                  font.Face
	bold                   font.Face
	value                  font.Face
	printInk               color.RGBA
	valueInk               color.RGBA
	x0, y0                 float64 // frame
	x1, y1                 float64
	colX                   float64 // the rule before Ghi chú
	ex0, ex1               float64 // entry area
	gap                    float64 // line pitch
	leader                 int
	dotPitch               float64
	dotR                   float64
	lift                   float64 // how far values sit above the dots
	handOffset             bool    // values start at a random distance from the label
	truth                  map[string]TruthField
	stamps                 []Stamp
	ed                     *Edition // the form's printing; nil for the canonical layout
}

// newPageDraw draws the page's style.
func newPageDraw(r *rand.Rand, f *form.Form, labels, values []*Font, heldOut bool) *pageDraw {
	p := &pageDraw{r: r, form: f, truth: map[string]TruthField{}}
	w := 2300 + r.IntN(101)
	h := 3350 + r.IntN(71)
	pv := uint8(238 + r.IntN(18))
	tint := uint8(r.IntN(6))
	p.c = newCanvas(w, h, color.RGBA{pv, pv, pv - tint, 255}, r)
	p.labelFont = labels[r.IntN(len(labels))]
	// Era A values stood for handwriting: italics are likelier there.
	p.valueFont = values[r.IntN(len(values))]
	if f.Era == registry.EraA && r.Float64() < 0.3 {
		var it []*Font
		for _, v := range values {
			if v.Class == "italic" {
				it = append(it, v)
			}
		}
		if len(it) > 0 {
			p.valueFont = it[r.IntN(len(it))]
		}
	}
	p.labelPx = (11 + r.Float64()*2) * 300 / 72
	p.valuePx = (10 + r.Float64()*4) * 300 / 72
	p.minLabelPx, p.minValuePx = 10.5*300/72, 10*300/72
	if heldOut { // the same draws, spread wider than tuning ever saw
		p.labelPx = 9.5*300/72 + (p.labelPx-11*300/72)*5.5/2
		p.valuePx = 9*300/72 + (p.valuePx-10*300/72)*7/4
		p.minLabelPx, p.minValuePx = 9*300/72, 8.5*300/72
	}
	pi := uint8(10 + r.IntN(40))
	p.printInk = color.RGBA{pi, pi, pi, 255}
	vi := uint8(r.IntN(45))
	p.valueInk = color.RGBA{vi, vi, vi, 255}
	p.x0 = 110 + r.Float64()*150
	p.x1 = float64(w) - 80 - r.Float64()*120
	p.y0 = 250 + r.Float64()*110
	p.y1 = float64(h) - 120 - r.Float64()*140
	p.colX = p.x0 + (p.x1-p.x0)*(0.68+r.Float64()*0.06)
	pad := 22 + r.Float64()*30
	p.ex0, p.ex1 = p.x0+pad, p.colX-18-r.Float64()*14
	p.leader = []int{leaderDots, leaderDots, leaderEllipsis, leaderRule}[r.IntN(4)]
	p.dotPitch = 9 + r.Float64()*6
	p.dotR = 1.4 + r.Float64()*1.0
	p.lift = 2 + r.Float64()*8
	p.handOffset = f.Era == registry.EraA || r.Float64() < 0.4
	return p
}

// faces (re)makes the faces for the current sizes.
func (p *pageDraw) faces() {
	p.label = p.labelFont.face(p.labelPx, false)
	p.bold = p.labelFont.face(p.labelPx, true)
	p.value = p.valueFont.face(p.valuePx, false)
}

// layoutUnits estimates how many line pitches the entry needs, so that the
// pitch can be chosen to fill the frame as a printed form does.
func (p *pageDraw) layoutUnits() float64 {
	u := 1.0 // top padding
	width := p.ex1 - p.ex0
	for _, l := range p.form.Lines {
		if l.Section != "" {
			u += 1.2
			continue
		}
		extra := 0
		for _, s := range l.Slots {
			if s.RunLines()-1 > extra {
				extra = s.RunLines() - 1
			}
		}
		if last := len(l.Slots) - 1; extra == 0 {
			w := p.slotWidths(l.Slots, width)
			if p.runOn(l, last, w[last]-measure(p.label, l.Slots[last].Label)) {
				extra = 1
			}
		}
		u += 1 + float64(extra)
		if len(l.Slots) == 1 && measure(p.label, l.Slots[0].Label) > width*0.82 {
			u++ // the label wraps
		}
	}
	if p.form.Kind == registry.Marriage {
		return u + 3.2
	}
	return u + 3.8
}

// fitLines makes the page's type smaller until the labels and values of
// every line with several blanks fit side by side, as a clerk would choose
// a smaller size rather than overprint the next label.
func (p *pageDraw) fitLines() {
	width := p.ex1 - p.ex0
	for i := 0; i < 12; i++ {
		worst := 0.0
		for _, l := range p.form.Lines {
			if len(l.Slots) < 2 {
				continue
			}
			_, need := p.slotNeeds(l.Slots, width)
			sum := 0.0
			for _, n := range need {
				sum += n
			}
			worst = math.Max(worst, sum/width)
		}
		if worst <= 1 {
			return
		}
		if p.valuePx > p.minValuePx {
			p.valuePx *= 0.95
		}
		if p.labelPx > p.minLabelPx {
			p.labelPx *= 0.97
		}
		p.faces()
	}
}

// runOn says whether a one-line blank's value is too long for it, so that
// it runs on to an extra dotted line under it.
func (p *pageDraw) runOn(l form.Line, i int, runWidth float64) bool {
	s := l.Slots[i]
	if i != len(l.Slots)-1 || s.RunLines() > 1 || len(s.Parts) > 0 || len(s.FieldKeys()) != 1 {
		return false
	}
	v := p.vals[s.FieldKeys()[0]]
	return v.State == StateTyped && measure(p.value, v.Printed)*0.85 > runWidth-20
}

// draw renders the page and fills p.truth.
func (p *pageDraw) draw() {
	p.faces()
	units := p.layoutUnits()
	p.gap = (p.y1 - p.y0) / units * (0.9 + p.r.Float64()*0.1)
	if p.gap < p.labelPx*1.5 {
		p.labelPx = p.gap / 1.5
	}
	if p.valuePx > p.gap*0.62 {
		p.valuePx = p.gap * 0.62
	}
	p.faces()
	p.fitLines()
	units = p.layoutUnits()
	p.gap = math.Min(p.gap, (p.y1-p.y0)/units)

	p.frame()
	p.header()
	y := p.y0 + p.gap*0.9
	for _, l := range p.form.Lines {
		y = p.line(l, y)
	}
	p.signatures(y)
	p.side()
}

// frame draws the ruled frame and the column rule.
func (p *pageDraw) frame() {
	w := 2 + p.r.IntN(4)
	col := p.printInk
	x0, y0, x1, y1 := int(p.x0), int(p.y0), int(p.x1), int(p.y1)
	p.c.rect(x0, y0, x1, y0+w, col)
	p.c.rect(x0, y1-w, x1, y1, col)
	p.c.rect(x0, y0, x0+w, y1, col)
	p.c.rect(x1-w, y0, x1, y1, col)
	if p.r.Float64() < 0.3 {
		// A double rule, thin inside the thick.
		d := 8 + p.r.IntN(6)
		p.c.rect(x0+d, y0+d, x1-d, y0+d+2, col)
		p.c.rect(x0+d, y1-d-2, x1-d, y1-d, col)
		p.c.rect(x0+d, y0+d, x0+d+2, y1-d, col)
		p.c.rect(x1-d-2, y0+d, x1-d, y1-d, col)
	}
	cw := 2 + p.r.IntN(2)
	p.c.rect(int(p.colX), y0, int(p.colX)+cw, y1, col)
}

// header draws "Số: ....N" above the frame on the left and "Trang N"
// centred.
func (p *pageDraw) header() {
	y := p.y0 - 40 - p.r.Float64()*50
	adv, _ := p.c.text(p.label, p.x0+p.r.Float64()*30, y, "Số:", p.printInk)
	x := p.x0 + adv + 10
	rn := run{x, x + 220 + p.r.Float64()*200, y}
	p.leaders(rn)
	p.placeSlot([]string{"so"}, []run{rn}, y)
	pv := p.vals["trangSo"]
	s := "Trang " + pv.Printed
	cx := float64(p.c.img.Rect.Dx())/2 + (p.r.Float64()-0.5)*60
	tx := cx - measure(p.label, s)/2
	adv, _ = p.c.text(p.label, tx, y, "Trang ", p.printInk)
	_, b := p.c.text(p.label, tx+adv, y, pv.Printed, p.printInk)
	p.truth["trangSo"] = TruthField{Value: pv.Value, Printed: pv.Printed, State: StateTyped, Box: box(b)}
}

// line draws one printed line and returns the next baseline.
func (p *pageDraw) line(l form.Line, y float64) float64 {
	if l.Section != "" {
		p.c.text(p.ed.headingFace(p, l.Section), p.ex0+p.r.Float64()*6, y, l.Section, p.printInk)
		return y + p.gap*1.2
	}
	width := p.ex1 - p.ex0 - p.ed.indent()
	widths := p.slotWidths(l.Slots, width)
	x := p.ex0 + p.ed.indent()
	extra := 0
	for i, s := range l.Slots {
		xe := x + widths[i]
		if i == len(l.Slots)-1 {
			xe = p.ex1
		}
		label := s.Label
		// A label too long for its line wraps, and its blank starts on
		// the next line.
		if len(l.Slots) == 1 && measure(p.label, label) > (xe-x)*0.82 {
			first, rest := splitToFit(p.label, label, (xe-x)*0.8)
			p.c.text(p.label, x, y, first, p.printInk)
			y += p.gap
			label = rest
		}
		adv, _ := p.c.text(p.label, x, y, label, p.printInk)
		if len(s.FieldKeys()) == 0 && len(s.Parts) == 0 {
			x = xe // a printed caption with no blank of its own
			continue
		}
		gapR := 0.0
		if i < len(l.Slots)-1 {
			gapR = 12
		}
		start := x + adv + 6 + p.ed.labelGap()
		if len(s.Parts) > 0 {
			p.partsSlot(s, start, xe-gapR, y)
		} else {
			runs := []run{{start, xe - gapR, y}}
			lines := s.RunLines()
			if p.runOn(l, i, xe-gapR-start) {
				lines = 2
			}
			for k := 1; k < lines; k++ {
				runs = append(runs, run{p.ex0, p.ex1, y + float64(k)*p.gap})
			}
			for _, rn := range runs {
				p.leaders(rn)
			}
			p.placeSlot(s.FieldKeys(), runs, y)
			if len(runs)-1 > extra {
				extra = len(runs) - 1
			}
		}
		x = xe
	}
	return y + p.gap*float64(1+extra)
}

// slotWidths gives each slot of a line its share of the width, then moves
// width from slots with room to spare to slots whose label and value would
// not fit: a printed form is laid out for the longest usual value.
func (p *pageDraw) slotWidths(slots []form.Slot, width float64) []float64 {
	w, need := p.slotNeeds(slots, width)
	return rebalance(w, need)
}

// slotNeeds returns the slots' printed widths and the widths their labels
// and values need.
func (p *pageDraw) slotNeeds(slots []form.Slot, width float64) (w, need []float64) {
	used, free := 0.0, 0
	for _, s := range slots {
		if s.Share > 0 {
			used += s.Share
		} else {
			free++
		}
	}
	n := len(slots)
	w = make([]float64, n)
	need = make([]float64, n)
	for i, s := range slots {
		share := s.Share
		if share == 0 {
			share = (1 - used) / float64(free)
		}
		w[i] = width * share
		need[i] = measure(p.label, s.Label) + 40 + p.ed.labelGap()
		if len(s.Parts) > 0 {
			need[i] += 3*measure(p.label, "tháng") + 300
		} else if s.RunLines() == 1 && len(s.FieldKeys()) > 0 {
			need[i] += math.Max(120, measure(p.value, p.vals[s.FieldKeys()[0]].Printed)*1.05+30)
		} else {
			need[i] += 120
		}
	}
	return w, need
}

// rebalance moves width from slots with room to spare to those short of it.
func rebalance(w, need []float64) []float64 {
	for i := range w {
		deficit := need[i] - w[i]
		if deficit <= 0 {
			continue
		}
		for j := range w {
			if j == i || deficit <= 0 {
				continue
			}
			if slack := w[j] - need[j]; slack > 0 {
				take := math.Min(slack, deficit)
				w[j] -= take
				w[i] += take
				deficit -= take
			}
		}
	}
	return w
}

// splitToFit splits s at a space so that the first part fits in w.
func splitToFit(face font.Face, s string, w float64) (string, string) {
	words := strings.Fields(s)
	for i := len(words) - 1; i > 0; i-- {
		first := strings.Join(words[:i], " ")
		if measure(face, first) <= w {
			return first, strings.Join(words[i:], " ")
		}
	}
	return s, ""
}

// leaders prints a blank's dotted line.
func (p *pageDraw) leaders(rn run) {
	if rn.x1-rn.x0 < 10 {
		return
	}
	y := rn.y + 1
	switch p.leader {
	case leaderRule:
		p.c.rect(int(rn.x0), int(y+2), int(rn.x1), int(y+4), p.printInk)
	case leaderEllipsis:
		for x := rn.x0 + 2; x < rn.x1; x += p.dotPitch * 4 {
			for k := 0; k < 3 && x+float64(k)*p.dotPitch*0.8 < rn.x1; k++ {
				p.c.disc(x+float64(k)*p.dotPitch*0.8, y, p.dotR, p.printInk)
			}
		}
	default:
		for x := rn.x0 + 2; x < rn.x1; x += p.dotPitch {
			p.c.disc(x, y, p.dotR, p.printInk)
		}
	}
}

// partsSlot draws "ngày .. tháng .. năm .." with the date's pieces.
func (p *pageDraw) partsSlot(s form.Slot, x0, x1, y float64) {
	labels := s.Parts
	var lw float64
	for _, l := range labels {
		lw += measure(p.label, l) + 24
	}
	want := []float64{130 + p.r.Float64()*120, 130 + p.r.Float64()*120, 190 + p.r.Float64()*150}
	sum := want[0] + want[1] + want[2]
	if avail := x1 - x0 - lw; sum > avail {
		for i := range want {
			want[i] *= avail / sum
		}
	}
	var runs []run
	x := x0
	for i := range want {
		runs = append(runs, run{x, x + want[i], y})
		p.leaders(runs[i])
		x += want[i] + 10
		if i < len(labels) {
			adv, _ := p.c.text(p.label, x, y, labels[i], p.printInk)
			x += adv + 12
		}
	}
	key := s.Key
	fv := p.vals[key]
	switch fv.State {
	case StateBlank:
		p.truth[key] = TruthField{Value: "", State: StateBlank, Box: runBox(runs[0], runs[len(runs)-1], p.labelPx)}
		return
	case StateIllegible:
		var bb image.Rectangle
		for _, rn := range runs {
			b := p.scribble(rn, rn.x0+10+p.r.Float64()*20, rn.x1-10)
			bb = unionRect(bb, b)
		}
		p.truth[key] = TruthField{State: StateIllegible, Box: box(bb)}
		return
	}
	var bb image.Rectangle
	var printed []string
	for i, rn := range runs {
		piece := fv.Parts[i]
		w := measure(p.value, piece)
		off := math.Max(4, (rn.x1-rn.x0-w)*(0.2+p.r.Float64()*0.5))
		_, b := p.c.text(p.value, rn.x0+off, y-p.lift, piece, p.valueInk)
		bb = unionRect(bb, b)
		printed = append(printed, piece)
		if i < len(labels) {
			printed = append(printed, labels[i])
		}
	}
	p.truth[key] = TruthField{Value: fv.Value, Printed: strings.Join(printed, " "), State: StateTyped, Box: box(bb)}
}

// placeSlot writes the values of a blank's keys along its runs.
func (p *pageDraw) placeSlot(keys []string, runs []run, y float64) {
	fv := p.vals[keys[0]]
	if fv.State == StateBlank {
		for _, k := range keys {
			p.truth[k] = TruthField{State: StateBlank, Box: runBox(runs[0], runs[0], p.labelPx)}
		}
		return
	}
	if fv.State == StateIllegible {
		rn := runs[0]
		end := rn.x0 + (rn.x1-rn.x0)*(0.35+p.r.Float64()*0.55)
		if len(runs) > 1 && p.r.Float64() < 0.3 {
			end = rn.x1 - 10
		}
		b := p.scribble(rn, rn.x0+10+p.r.Float64()*40, end)
		for _, k := range keys {
			p.truth[k] = TruthField{State: StateIllegible, Box: box(b)}
		}
		return
	}
	toks := p.tokens(keys)
	face, px := p.value, p.valuePx
	var placed []placedToken
	for attempt := 0; ; attempt++ {
		var ok bool
		placed, ok = p.flow(face, toks, runs)
		if ok || attempt == 10 {
			break
		}
		px *= 0.9
		face = p.valueFont.face(px, false)
	}
	boxes := map[string]image.Rectangle{}
	texts := map[string][]string{}
	for _, t := range placed {
		_, b := p.c.text(face, t.x, t.y-p.lift, t.text, p.valueInk)
		if t.key == "" {
			continue
		}
		boxes[t.key] = unionRect(boxes[t.key], b)
		if t.glue && len(texts[t.key]) > 0 {
			texts[t.key][len(texts[t.key])-1] += t.text
		} else {
			texts[t.key] = append(texts[t.key], t.text)
		}
	}
	for _, k := range keys {
		v := p.vals[k]
		if len(texts[k]) == 0 {
			// The value found no room on its blank and was not drawn: the
			// page shows a blank, and the truth must say so.
			p.truth[k] = TruthField{State: StateBlank, Box: runBox(runs[0], runs[0], p.labelPx)}
			continue
		}
		p.truth[k] = TruthField{Value: v.Value, Printed: strings.Join(texts[k], " "), State: StateTyped, Box: box(boxes[k])}
	}
}

// tokens splits the keys' printed values into words; the signer's two
// fields are joined in one of the ways clerks write them.
func (p *pageDraw) tokens(keys []string) []token {
	words := func(k string) []token {
		var out []token
		for _, w := range strings.Fields(p.vals[k].Printed) {
			out = append(out, token{text: w, key: k})
		}
		return out
	}
	if len(keys) == 1 {
		return words(keys[0])
	}
	a, b := words(keys[0]), words(keys[1])
	if p.r.Float64() < 0.45 {
		a, b = b, a
	}
	switch p.r.IntN(4) {
	case 0:
		return append(append(a, token{text: "-"}), b...)
	case 1:
		return append(append(a, token{text: ",", glue: true}), b...)
	case 2:
		out := append(a, token{text: "("})
		b[0].glue = true
		out = append(out, b...)
		return append(out, token{text: ")", glue: true})
	}
	return append(a, b...)
}

// placedToken is a token with its position.
type placedToken struct {
	token
	x, y float64
}

// flow lays tokens along the runs; ok is false when they do not fit.
func (p *pageDraw) flow(face font.Face, toks []token, runs []run) ([]placedToken, bool) {
	space := measure(face, " ")
	total := 0.0
	for _, t := range toks {
		total += measure(face, t.text) + space
	}
	ri := 0
	rw := runs[0].x1 - runs[0].x0
	off := 6 + p.r.Float64()*14
	if spare := rw - total; spare > 0 && p.handOffset {
		off = 6 + p.r.Float64()*math.Min(spare*0.5, 240)
	}
	if p.wear.RunOn && len(runs) > 1 && total > rw*0.6 {
		off = math.Max(off, rw*0.25) // starts late and runs on
	}
	x := runs[0].x0 + off
	var out []placedToken
	first := true
	for _, t := range toks {
		w := measure(face, t.text)
		lead := space
		if t.glue || first {
			lead = 0
		}
		if x+lead+w > runs[ri].x1 {
			ri++
			if ri >= len(runs) {
				return nil, false
			}
			x = runs[ri].x0 + 8 + p.r.Float64()*30
			lead = 0
		}
		x += lead
		out = append(out, placedToken{token: t, x: x, y: runs[ri].y})
		x += w
		first = false
	}
	return out, true
}

// scribble draws an illegible handwritten value along a run.
func (p *pageDraw) scribble(rn run, x0, x1 float64) image.Rectangle {
	xh := p.valuePx * (0.45 + p.r.Float64()*0.2)
	mk := newMask(image.Rect(int(x0-20), int(rn.y-xh*3), int(x1+20), int(rn.y+xh*2)))
	scribble(mk, p.r, x0, x1, rn.y-p.lift, xh, 2.5+p.r.Float64()*2)
	ink := p.valueInk
	if p.r.Float64() < 0.5 {
		ink = color.RGBA{20, 30, 80, 255} // ball-point blue
	}
	p.c.paint(mk, ink, 0.9, 0.1, p.r)
	return mk.bounds()
}

// signatures draws the captions under the fields and the signatures.
func (p *pageDraw) signatures(y float64) {
	caps := p.form.Signature
	sigH := 130 + p.r.Float64()*90
	// The block sits at the foot of the frame when the fields leave room.
	block := p.gap*0.8*float64(len(caps)) + sigH + p.gap*0.9
	cols := p.ed.columns(p.form)
	if p.form.Kind == registry.Marriage {
		block = p.gap + sigH + p.gap*0.5
	} else if cols != nil {
		block = p.gap*0.8*float64(captionRows(cols)) + sigH + p.gap*0.9
	}
	y = math.Max(y+p.gap*0.4, p.y1-block-p.r.Float64()*p.gap*0.8)
	sigs := []float64{}
	if cols != nil {
		sigs, y = p.captionColumns(cols, y)
	} else if p.form.Kind == registry.Marriage {
		// Captions side by side: husband, wife, registrar.
		face, px := p.bold, p.labelPx
		for {
			total := 0.0
			for _, c := range caps {
				total += measure(face, c)
			}
			spare := (p.ex1 - p.ex0 - total) / float64(len(caps))
			if spare > 30 || px < 30 {
				x := p.ex0 + spare/2
				for _, c := range caps {
					w := measure(face, c)
					p.c.text(face, x, y, c, p.printInk)
					sigs = append(sigs, x+w/2)
					x += w + spare
				}
				break
			}
			px *= 0.92
			face = p.labelFont.face(px, true)
		}
		y += p.gap * 0.5
	} else {
		cx := p.ex0 + (p.ex1-p.ex0)*(0.55+p.r.Float64()*0.15)
		for i, c := range caps {
			f := p.label
			if i == 0 {
				f = p.bold
			}
			w := measure(f, c)
			x := math.Min(cx-w/2, p.ex1-w)
			p.c.text(f, x, y, c, p.printInk)
			y += p.gap * 0.8
		}
		sigs = append(sigs, cx)
		y -= p.gap * 0.3
	}
	for i, cx := range sigs {
		w := 300 + p.r.Float64()*200
		h := sigH
		b := image.Rect(int(cx-w/2), int(y+10), int(cx+w/2), int(y+10+h))
		mk := newMask(b.Inset(-20))
		signature(mk, p.r, b, 3+p.r.Float64()*2)
		ink := p.valueInk
		if p.r.Float64() < 0.5 {
			ink = color.RGBA{25, 35, 90, 255}
		}
		p.c.paint(mk, ink, 0.9, 0.05, p.r)
		last := i == len(sigs)-1
		if last && p.vals["nguoiKy"].State == StateTyped && p.r.Float64() < 0.5 {
			name := p.vals["nguoiKy"].Value
			ny := float64(b.Max.Y) + p.gap*0.55
			p.c.text(p.bold, cx-measure(p.bold, name)/2, math.Min(ny, p.y1-20), name, p.printInk)
		}
		if last && p.wear.Stamps && p.r.Float64() < 0.65 {
			// The seal sits over the left third of the signature.
			rad := 170 + p.r.Float64()*50
			sx := float64(b.Min.X) + p.r.Float64()*float64(b.Dx())*0.4
			sy := float64(b.Min.Y) + float64(b.Dy())*0.5
			ring := "ỦY BAN NHÂN DÂN " + strings.ToUpper(strings.TrimPrefix(p.book.Office, "UBND ")) + " *"
			face := p.labelFont.face(rad*0.17, true)
			sb := seal(p.c, p.r, face, sx, sy, rad, ring)
			p.stamps = append(p.stamps, Stamp{Kind: "seal", Text: ring, Box: box(sb)})
		}
	}
}

// side draws the right column: tick boxes (Era B), then Ghi chú.
func (p *pageDraw) side() {
	x0 := p.colX + 20 + p.r.Float64()*15
	x1 := p.x1 - 18
	y := p.y0 + p.gap*0.9
	for _, s := range p.form.Side {
		if s.Type == registry.TypeTick {
			fv := p.vals[s.Key]
			for _, opt := range s.Options {
				sz := p.labelPx * 0.7
				bx := image.Rect(int(x0), int(y-sz), int(x0+sz), int(y))
				pen := 3
				p.c.rect(bx.Min.X, bx.Min.Y, bx.Max.X, bx.Min.Y+pen, p.printInk)
				p.c.rect(bx.Min.X, bx.Max.Y-pen, bx.Max.X, bx.Max.Y, p.printInk)
				p.c.rect(bx.Min.X, bx.Min.Y, bx.Min.X+pen, bx.Max.Y, p.printInk)
				p.c.rect(bx.Max.X-pen, bx.Min.Y, bx.Max.X, bx.Max.Y, p.printInk)
				_, tb := p.c.text(p.label, x0+sz+16, y, opt, p.printInk)
				if opt == fv.Value {
					mk := newMask(bx.Inset(-int(sz)))
					tick(mk, p.r, bx, 4+p.r.Float64()*2)
					p.c.paint(mk, p.valueInk, 0.95, 0, p.r)
					p.truth[s.Key] = TruthField{Value: fv.Value, Printed: opt, State: StateTyped, Box: box(bx.Union(tb))}
				}
				y += p.gap
			}
			y += p.gap * 0.3
			continue
		}
		lx := x0
		if p.ed.remarkCentre() {
			lx = (x0 + x1 - measure(p.bold, s.Label)) / 2
		}
		p.c.text(p.bold, lx, y, s.Label, p.printInk)
		y += p.gap
		fv := p.vals[s.Key]
		var runs []run
		for k := 0; k < 12 && y+float64(k)*p.gap < p.y1-p.gap; k++ {
			runs = append(runs, run{x0, x1, y + float64(k)*p.gap})
		}
		used := 0
		switch fv.State {
		case StateTyped:
			save := p.wear.RunOn
			p.wear.RunOn = false
			p.placeSlot([]string{s.Key}, runs, y)
			p.wear.RunOn = save
			used = (p.truth[s.Key].Box[3] - int(y) + int(p.gap)) / int(p.gap)
		default:
			p.placeSlot([]string{s.Key}, runs, y)
			if fv.State == StateBlank {
				tf := p.truth[s.Key]
				tf.Box = [4]int{int(x0), int(y - p.gap*0.8), int(x1), int(y + p.gap*2)}
				p.truth[s.Key] = tf
			}
			used = 1
		}
		if p.facts.ReRegistered && (p.wear.Stamps || p.form.Era == registry.EraA) {
			sy := y + float64(used)*p.gap + p.gap*0.6
			face := p.labelFont.face(p.labelPx*1.05, true)
			b := boxStamp(p.c, p.r, face, (x0+x1)/2, sy, "ĐĂNG KÝ LẠI")
			p.stamps = append(p.stamps, Stamp{Kind: "box", Text: "ĐĂNG KÝ LẠI", Box: box(b)})
		}
	}
}

// box converts a rectangle to the truth's [x0, y0, x1, y1].
func box(r image.Rectangle) [4]int { return [4]int{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y} }

func runBox(a, b run, h float64) [4]int {
	return [4]int{int(a.x0), int(a.y - h), int(b.x1), int(b.y + h*0.3)}
}

func unionRect(a, b image.Rectangle) image.Rectangle {
	if a.Empty() {
		return b
	}
	if b.Empty() {
		return a
	}
	return a.Union(b)
}

// pageValues draws the entry for the index-th page of the book.
func pageValues(r *rand.Rand, b bookInfo, index int, w Wear) (map[string]fieldValue, entryFacts) {
	g := &entryGen{r: r, book: b, v: map[string]fieldValue{}}
	g.reg = b.entryDate(r, index)
	g.caps = r.Float64() < 0.8
	if b.Era == registry.EraB {
		g.caps = r.Float64() < 0.55
	}
	g.datePad = r.Float64() < 0.45
	g.dateSep = "/"
	if x := r.Float64(); x < 0.2 {
		g.dateSep = "."
	} else if x < 0.25 {
		g.dateSep = "-"
	}
	g.places = newPlaceStyle(r)
	g.long = w.RunOn
	facts := g.fill()
	so := b.StartSo + index
	page := b.StartPage + index
	g.v["so"] = typed(fmt.Sprint(so), fmt.Sprint(so))
	g.v["trangSo"] = typed(fmt.Sprint(page), fmt.Sprint(page))
	for k, v := range g.v {
		if v.State == StateTyped {
			v.Printed = normalize.NFC(strings.Join(strings.Fields(v.Printed), " "))
			v.Value = normalize.NFC(v.Value)
			g.v[k] = v
		}
	}
	return g.v, facts
}

// wearFields blanks some fields and turns others into scribbles, in the
// form's key order so that the draw is deterministic.
func wearFields(r *rand.Rand, f *form.Form, vals map[string]fieldValue, w Wear) {
	pIll := w.Illegible
	if f.Era == registry.EraA {
		pIll *= 1.5 // handwritten books
	}
	for _, s := range f.Slots() {
		keys := s.FieldKeys()
		if len(keys) == 0 || s.Type == registry.TypeTick || keys[0] == "trangSo" {
			continue
		}
		if vals[keys[0]].State == StateBlank {
			continue // empty in the book: nothing to scribble over
		}
		x := r.Float64()
		state := ""
		switch {
		case x < pIll:
			state = StateIllegible
		case x < pIll+w.Blank && keys[0] != "so":
			state = StateBlank
		}
		if state == "" {
			continue
		}
		for _, k := range keys {
			vals[k] = fieldValue{State: state}
		}
	}
}
