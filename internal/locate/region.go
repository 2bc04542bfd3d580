package locate

import (
	"image"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/civreg/civreg/registry"
)

// geo is the page's measured geometry: how far apart printed lines are and
// where the entry area starts and ends.
type geo struct {
	// pitch is the distance of two lines of our layout files; lead, of
	// two printed lines of this page. They differ where an edition adds
	// lines (a label printed alone above its value): regions are cut by
	// lead, predictions from the layout's line numbers by pitch.
	pitch, lead float64
	left, right int
	// margin is where the entry area's written lines start: the labels'
	// left edge, or further left where the page's lines start there (an
	// edition that indents its labels, values written from the margin).
	margin int
	charW  float64 // width of one label character
	known  []lnY   // printed line number → centre y, from matched labels
}

type lnY struct {
	ln int
	y  float64
}

func geometry(lines []*line, items []item, ms []*match, bounds image.Rectangle, colX int) geo {
	g := geo{right: colX - 8}
	var hs []int
	var lefts []int
	var cws []float64
	seen := map[int]bool{}
	for i, m := range ms {
		if m == nil {
			continue
		}
		b := labelBox(lines, m)
		hs = append(hs, b.Dy())
		if n := len([]rune(items[i].keys[0])); n > 0 {
			cws = append(cws, float64(b.Dx())/float64(n+items[i].words))
		}
		if it := items[i]; it.formLn >= 0 && !seen[it.formLn] {
			seen[it.formLn] = true
			g.known = append(g.known, lnY{it.formLn, float64(center(b).Y)})
		}
		if items[i].first {
			lefts = append(lefts, b.Min.X)
		}
	}
	sort.Slice(g.known, func(i, j int) bool { return g.known[i].ln < g.known[j].ln })
	var ps []float64
	for i := 1; i < len(g.known); i++ {
		a, b := g.known[i-1], g.known[i]
		if p := (b.y - a.y) / float64(b.ln-a.ln); p > 0 {
			ps = append(ps, p)
		}
	}
	if len(ps) > 0 {
		sort.Float64s(ps)
		g.pitch = ps[len(ps)/2]
	} else if h := median(hs); h > 0 {
		g.pitch = 2.2 * float64(h)
	} else {
		g.pitch = 0.025 * float64(bounds.Dy())
	}
	if len(lefts) > 0 {
		g.left = median(lefts)
	} else {
		g.left = bounds.Min.X + bounds.Dx()/10
	}
	g.margin = min(g.left, lineStarts(lines, g.left))
	g.lead = leading(lines, g.left, g.right, g.pitch)
	if len(cws) > 0 {
		sort.Float64s(cws)
		g.charW = cws[len(cws)/2]
	} else {
		g.charW = g.pitch / 3
	}
	return g
}

// lineStarts returns where the page's lines start, as the tenth
// percentile of their first words' left edges, but no more than 200
// pixels (17 mm at 300 dpi) left of the labels: a stray mark in the margin
// is no line.
func lineStarts(lines []*line, left int) int {
	var xs []int
	for _, l := range lines {
		if len(l.toks) > 0 {
			xs = append(xs, l.toks[0].Box.Min.X)
		}
	}
	if len(xs) == 0 {
		return left
	}
	sort.Ints(xs)
	return max(xs[len(xs)/10], left-200)
}

// leading returns the distance of two printed lines of the page: the
// median step between neighbouring lines of the entry area that hold a
// word of letters, taken where it is clearly less than the layout's pitch
// (an edition printing more lines than ours), else the pitch. Steps under
// a third of the pitch are one line split by OCR, not two lines.
func leading(lines []*line, left, right int, pitch float64) float64 {
	var ys []float64
	for _, l := range lines {
		for _, t := range l.toks {
			if x := center(t.Box).X; x >= left-int(pitch) && x < right && hasLetter(t.Text) {
				ys = append(ys, l.cy)
				break
			}
		}
	}
	var steps []float64
	for i := 1; i < len(ys); i++ {
		if d := ys[i] - ys[i-1]; d > pitch/3 && d < pitch*1.5 {
			steps = append(steps, d)
		}
	}
	if len(steps) < 5 {
		return pitch
	}
	sort.Float64s(steps)
	if m := steps[len(steps)/2]; m < 0.8*pitch {
		return m
	}
	return pitch
}

// lineY predicts the centre y of printed line ln from the nearest matched
// lines around it.
func (g geo) lineY(ln int) (float64, bool) {
	if len(g.known) == 0 {
		return 0, false
	}
	var below, above *lnY
	for i := range g.known {
		k := &g.known[i]
		if k.ln <= ln {
			below = k
		} else if above == nil {
			above = k
		}
	}
	switch {
	case below != nil && above != nil && above.ln != below.ln:
		t := float64(ln-below.ln) / float64(above.ln-below.ln)
		return below.y + t*(above.y-below.y), true
	case below != nil:
		return below.y + g.pitch*float64(ln-below.ln), true
	default:
		return above.y - g.pitch*float64(above.ln-ln), true
	}
}

// entryRegions cuts the value region of every slot of the entry area.
func entryRegions(res *Result, lines []*line, items []item, ms []*match, g geo, nHeader int) {
	type placed struct {
		it    item
		found bool
		label image.Rectangle
		cy    float64
		ok    bool
		own   []*token // the label's words
	}
	slotItems := map[int]int{}
	var order []int
	for i, it := range items {
		if it.slot >= 0 {
			slotItems[it.slot] = i
			order = append(order, it.slot)
		}
	}
	slots := res.Form.Slots()
	pl := make(map[int]*placed)
	// First the matched labels, then predictions for the others.
	for _, si := range order {
		i := slotItems[si]
		p := &placed{it: items[i]}
		if m := ms[i]; m != nil {
			p.found, p.label, p.ok = true, labelBox(lines, m), true
			p.own = m.toks(lines)
			p.cy = float64(center(p.label).Y)
			res.Regions[si].Score = m.score
		}
		pl[si] = p
	}
	sameLine := func(a, b item) bool {
		if a.slot < nHeader && b.slot < nHeader {
			return true
		}
		return a.formLn >= 0 && a.formLn == b.formLn
	}
	for _, si := range order {
		p := pl[si]
		if p.ok {
			continue
		}
		cy, ok := g.lineY(p.it.formLn)
		if p.it.formLn < 0 {
			// A header label that was not found: take the header line from
			// its neighbour, if that one was found.
			for _, sj := range order[:nHeader] {
				if q := pl[sj]; q.found {
					cy, ok = q.cy, true
				}
			}
		}
		if !ok {
			continue
		}
		// Where on the line: after the slots before it, by their shares.
		x := float64(g.left)
		pos, n, share := 0, 0, 0.0
		for _, sj := range order {
			if q := pl[sj]; sameLine(q.it, p.it) {
				if sj < si {
					pos++
					share += slots[sj].Share
				}
				n++
			}
		}
		if pos > 0 {
			if share == 0 {
				share = float64(pos) / float64(n)
			}
			x += share * float64(g.right-g.left)
		}
		w := g.charW * float64(len([]rune(slots[si].Label)))
		p.cy, p.ok = cy, true
		p.label = image.Rect(int(x), int(cy-g.lead/4), int(x+w), int(cy+g.lead/4))
	}
	labelYs := map[int]float64{}
	for si, p := range pl {
		if p.found {
			labelYs[si] = p.cy
		}
	}
	used := map[*token]bool{}
	for idx, si := range order {
		p := pl[si]
		r := &res.Regions[si]
		r.Found, r.Label = p.found, p.label
		if !p.ok {
			continue
		}
		x1 := g.right
		for _, sj := range order[idx+1:] {
			if q := pl[sj]; q.ok && sameLine(q.it, p.it) {
				if q.label.Min.X > p.label.Max.X { // not where an edition moved it
					x1 = q.label.Min.X
				}
				break
			}
		}
		half := g.lead / 2
		x1 = nextPrinted(lines, p.label, p.cy, half, x1)
		r.Boxes = append(r.Boxes, image.Rect(p.label.Max.X, int(p.cy-half), x1, int(p.cy+half)))
		r.Boxes = append(r.Boxes, cellBelow(lines, r.Boxes[0], p.own, x1 < g.right-int(g.lead), g, used)...)
		r.Boxes = append(r.Boxes, runBoxes(p.cy, slots[si].RunLines(), si, labelYs, g)...)
		r.Words = collect(lines, r.Boxes, used)
	}
	runOn(res, lines, order, used, g)
	strays(res, lines, order, used, g)
}

// runBoxes returns the boxes of the lines a value of n lines runs on under
// its first, at cy: the page's width, a line's pitch apart, up to the
// first that a found label other than slot si's stands on. A label within
// three quarters of a line of a run line is the next row's: a table's
// row, taller than a line, puts it there, with its value's larger type
// higher than the label and inside the run line ("… Vũng Tàu 023377638"
// on an outside table page).
func runBoxes(cy float64, n, si int, labelYs map[int]float64, g geo) []image.Rectangle {
	half := g.lead / 2
	var out []image.Rectangle
	for k := 1; k < n; k++ {
		y := cy + float64(k)*g.lead
		for sj, ly := range labelYs {
			if sj != si && math.Abs(ly-y) < 3*half/2 {
				return out
			}
		}
		out = append(out, image.Rect(g.margin, int(y-half), g.right, int(y+half)))
	}
	return out
}

// strays counts, for every region, the words no label and no region took
// on its first line and the line under it (see Region.Stray). Specks and
// single characters are not counted: leaders and noise leave those.
func strays(res *Result, lines []*line, order []int, used map[*token]bool, g geo) {
	for _, si := range order {
		r := &res.Regions[si]
		if len(r.Boxes) == 0 {
			continue
		}
		b := r.Boxes[0]
		band := image.Rect(g.margin-int(g.lead/2), b.Min.Y, g.right, b.Max.Y+int(g.lead))
		for _, l := range lines {
			for _, t := range l.toks {
				if !t.label && !used[t] && center(t.Box).In(band) && alnum(t.Text) >= 2 {
					r.Stray++
				}
			}
		}
	}
}

// scrawls measures Region.Scrawl for every empty region of the entry area:
// the line under the first box is looked at too, where an edition writes
// the value under its label. Less than a third of a line's height of such
// ink is left uncounted: on 152 blank fields of generated pages, heavy
// wear included, the most was 15 columns at 300 dpi; an illegible hand
// left 47 to 934.
// It is done on the form that fits best only (Detect), not on every form
// tried: it reads pixels.
func scrawls(res *Result, img *image.Gray) {
	if img == nil {
		return
	}
	g, lines := res.g, res.lines
	for i := range res.Regions {
		r := &res.Regions[i]
		if len(r.Boxes) == 0 || len(r.Words) > 0 || r.Slot.Type == registry.TypeTick || r.Slot.Type == registry.TypeRemark {
			continue
		}
		b := r.Boxes[0]
		under := image.Rect(g.margin, b.Max.Y, g.right, b.Max.Y+int(g.lead))
		n := 0
		for _, box := range append(slices.Clone(r.Boxes), under) {
			n += inkColumns(img, box.Intersect(img.Bounds()), lines, int(g.lead/6))
		}
		if float64(n) >= g.lead/3 {
			r.Scrawl = n
		}
	}
}

// inkColumns counts the columns of r holding two or more dark pixels
// outside every word OCR read, in runs at least minRun wide (a thin stroke
// may leave a few columns unlit): ink nothing read explains. Leaders are
// erased before OCR; a speck, a rule or the overhang of a letter makes a
// narrow run.
func inkColumns(img *image.Gray, r image.Rectangle, lines []*line, minRun int) int {
	if r.Dx() <= 0 || r.Dy() <= 0 {
		return 0
	}
	read := make([]bool, r.Dx()*r.Dy())
	for _, l := range lines {
		for _, t := range l.toks {
			w := t.Box.Inset(-4).Intersect(r)
			for y := w.Min.Y; y < w.Max.Y; y++ {
				for x := w.Min.X; x < w.Max.X; x++ {
					read[(y-r.Min.Y)*r.Dx()+x-r.Min.X] = true
				}
			}
		}
	}
	n, run, gap := 0, 0, 0
	for x := r.Min.X; x <= r.Max.X; x++ {
		dark := 0
		for y := r.Min.Y; x < r.Max.X && y < r.Max.Y && dark < 2; y++ {
			if img.Pix[img.PixOffset(x, y)] < 128 && !read[(y-r.Min.Y)*r.Dx()+x-r.Min.X] {
				dark++
			}
		}
		switch {
		case dark >= 2:
			run += 1 + gap
			gap = 0
		case run > 0 && gap < 4 && x < r.Max.X:
			gap++ // a thin stroke leaves a column or two unlit
		default:
			if run >= minRun {
				n += run
			}
			run, gap = 0, 0
		}
	}
	return n
}

// cuts marks Region.Cut: on a line of the region, the token nearest right
// of the value's last word there is no label, lies past the edge of the
// region's box, and is no further than three characters' width away. With
// a ruled column, the column's words are not looked at: a remark may stand
// right of the rule.
func cuts(res *Result, lines []*line, g geo) {
	taken := takenWords(res)
	for i := range res.Regions {
		r := &res.Regions[i]
		if len(r.Marks) > 0 {
			continue
		}
		for _, box := range r.Boxes {
			if cutAt(r.Words, box, lines, g) {
				r.Cut = true
			}
		}
		if n := len(r.Boxes); n > 0 && wrapAt(r.Words, r.Boxes[n-1], lines, taken, g) {
			r.Cut = true
		}
	}
}

// takenWords are the boxes of the words some region took.
func takenWords(res *Result) map[image.Rectangle]bool {
	taken := map[image.Rectangle]bool{}
	for i := range res.Regions {
		for _, w := range res.Regions[i].Words {
			taken[w.Box] = true
		}
	}
	return taken
}

// wrapAt says the value in box, a region's last, fills its line to the
// box's right edge, and the next line starts at the margin with a word no
// region took and no label: the value went on onto a line the region does
// not take ("Công chức Tư pháp - Hộ tịch TRẦN MINH" over "TÙNG", accepted
// as "Trần Minh").
func wrapAt(words []Word, box image.Rectangle, lines []*line, taken map[image.Rectangle]bool, g geo) bool {
	last := lastIn(words, box)
	if last.Empty() || float64(box.Max.X-last.Max.X) > 3*g.charW {
		return false
	}
	cy := float64(center(last).Y)
	var below *line
	for _, l := range lines {
		if l.cy > cy+g.lead/3 && l.cy <= cy+1.3*g.lead && (below == nil || l.cy < below.cy) {
			below = l
		}
	}
	if below == nil || len(below.toks) == 0 {
		return false
	}
	first := below.toks[0]
	for _, t := range below.toks {
		if t.Box.Min.X < first.Box.Min.X {
			first = t
		}
	}
	return !first.label && !taken[first.Box] && alnum(first.Text) >= 2 &&
		float64(first.Box.Min.X) < float64(g.margin)+4*g.charW
}

// lastIn returns the box of the rightmost of words inside box.
func lastIn(words []Word, box image.Rectangle) image.Rectangle {
	var last image.Rectangle
	for _, w := range words {
		if center(w.Box).In(box) && w.Box.Max.X > last.Max.X {
			last = w.Box
		}
	}
	return last
}

// cutAt says the rightmost of words inside box has a word close after it,
// past the box's right edge, with no printed text between.
func cutAt(words []Word, box image.Rectangle, lines []*line, g geo) bool {
	last := lastIn(words, box)
	if last.Empty() {
		return false
	}
	cy := float64(center(last).Y)
	var next *token
	for _, l := range lines {
		if math.Abs(l.cy-cy) > g.lead/3 {
			continue
		}
		for _, t := range l.toks {
			if t.Box.Min.X >= last.Max.X-2 && t.Box != last && (next == nil || t.Box.Min.X < next.Box.Min.X) {
				next = t
			}
		}
	}
	return next != nil && !next.label && center(next.Box).X >= box.Max.X &&
		float64(next.Box.Min.X-last.Max.X) < 3*g.charW && alnum(next.Text) > 0 // a speck read as a mark is no word
}

// alnum counts the letters and digits of s.
func alnum(s string) int {
	n := 0
	for _, c := range s {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			n++
		}
	}
	return n
}

// nextPrinted returns where the first printed text found on the page
// right of a label, on its line, starts, or x1 when none does before it: a
// value ends at any printed text of the form, wherever the page's edition
// put it, not only at the next label of our layout's line.
func nextPrinted(lines []*line, label image.Rectangle, cy, half float64, x1 int) int {
	for _, l := range lines {
		if math.Abs(l.cy-cy) >= half {
			continue
		}
		for _, t := range l.toks {
			if t.label && t.Box.Min.X >= label.Max.X && t.Box.Min.X < x1 {
				x1 = t.Box.Min.X
			}
		}
	}
	return x1
}

// runOn gives the words of a line that no label owns to the value above it:
// a value too long for its dotted line goes on below, on real pages even
// where the form printed one line. Only a slot that ends its printed line
// can run on, and only by one pitch at a time.
func runOn(res *Result, lines []*line, order []int, used map[*token]bool, g geo) {
	for _, l := range lines {
		// Words after printed text on the line are that label's, not
		// the line above's: "Kinh" after "Dân tộc:" where the edition
		// put the label elsewhere than our layout.
		end := g.right
		for _, t := range l.toks {
			if t.label {
				end = min(end, t.Box.Min.X)
			}
		}
		var loose []*token
		for _, t := range l.toks {
			if !t.label && !used[t] && center(t.Box).X < end {
				loose = append(loose, t)
			}
		}
		if len(loose) == 0 || heading(l, loose[0], g) {
			continue
		}
		var best *Region
		bestGap := math.MaxFloat64
		for _, si := range order {
			r := &res.Regions[si]
			if len(r.Boxes) == 0 {
				continue
			}
			last := r.Boxes[len(r.Boxes)-1]
			if float64(last.Max.X) < float64(g.right)-g.lead {
				continue
			}
			gap := l.cy - float64(last.Min.Y+last.Max.Y)/2
			if gap > g.lead*0.5 && gap < g.lead*1.6 && gap < bestGap {
				best, bestGap = r, gap
			}
		}
		if best == nil {
			continue
		}
		// Nothing printed may stand between: a label of another field.
		half := g.lead / 2
		band := image.Rect(g.margin-int(half), int(l.cy-half), end, int(l.cy+half))
		best.Boxes = append(best.Boxes, band)
		best.Words = append(best.Words, collect(lines, []image.Rectangle{band}, used)...)
	}
}

// heading says the line, from token first on, is one phrase ending in a
// colon: a heading or a label of the page's edition ("Thông tin về cha, mẹ
// người được đăng ký khai sinh:"), printed text whose words never go on a
// value, though our forms list none of them.
func heading(l *line, first *token, g geo) bool {
	i := slices.Index(l.toks, first)
	if i < 0 || !strings.HasSuffix(l.toks[len(l.toks)-1].Text, ":") {
		return false
	}
	right := l.toks[i].Box.Max.X // specks read as marks overlap words
	for _, t := range l.toks[i+1:] {
		if float64(t.Box.Min.X-right) > 2.5*g.charW {
			return false
		}
		right = max(right, t.Box.Max.X)
	}
	return true
}

// collect returns the unused, non-label tokens whose centres fall in boxes,
// and marks them used, in reading order: row by row from the top, left to
// right within a row, whichever box took them. An edition that writes a
// value under its label puts the value's first line close under the label,
// partly inside the label's own box; read box by box, its end would come
// first. A row is found from the words themselves (rowsOf), since accents
// stacked on capitals ("NGUYỄN") lift a word's centre and two lines of a
// tight edition can fall in one box of our pitch.
func collect(lines []*line, boxes []image.Rectangle, used map[*token]bool) []Word {
	var in []*token
	for _, b := range boxes {
		for _, l := range lines {
			for _, t := range l.toks {
				if !t.label && !used[t] && center(t.Box).In(b) {
					used[t] = true
					in = append(in, t)
				}
			}
		}
	}
	var out []Word
	for _, row := range rowsOf(in) {
		for _, t := range row {
			out = append(out, t.Word)
		}
	}
	return out
}

// rowsOf groups tokens into rows, top to bottom, each left to right: a
// token belongs to the row whose first token's span holds its centre, or
// whose first token's centre its span holds.
func rowsOf(toks []*token) [][]*token {
	sorted := append([]*token(nil), toks...)
	sort.SliceStable(sorted, func(i, j int) bool { return center(sorted[i].Box).Y < center(sorted[j].Box).Y })
	var rows [][]*token
	for _, t := range sorted {
		c := center(t.Box).Y
		placed := false
		for i, r := range rows {
			seed := r[0].Box
			if c >= seed.Min.Y && c <= seed.Max.Y || center(seed).Y >= t.Box.Min.Y && center(seed).Y <= t.Box.Max.Y {
				rows[i] = append(r, t)
				placed = true
				break
			}
		}
		if !placed {
			rows = append(rows, []*token{t})
		}
	}
	for _, r := range rows {
		sort.SliceStable(r, func(i, j int) bool { return r[i].Box.Min.X < r[j].Box.Min.X })
	}
	return rows
}

// sideRegions handles the right-hand column: tick boxes and "Ghi chú:".
func sideRegions(res *Result, img *image.Gray, lines []*line, items []item, ms []*match, g geo, bounds image.Rectangle, first int) {
	used := map[*token]bool{}
	bottom := bounds.Max.Y - bounds.Dy()/30
	if res.col.ruled && res.col.end < bottom-int(g.lead) {
		bottom = res.col.end // the column ends above a signature block across the page
	}
	right := bounds.Max.X - bounds.Dx()/40
	groups := map[int][]tickLine{} // slot → its options' lines
	for i, it := range items {
		r := &res.Regions[it.slot]
		m := ms[i]
		if it.option != "" {
			mk := Mark{Option: it.option}
			if m != nil {
				tb := labelBox(lines, m)
				mk.Found = true
				groups[it.slot] = append(groups[it.slot], tickLine{mark: len(r.Marks), text: tb, x: optionStart(lines, m, it.option)})
				r.Found = true
				r.Score = math.Max(r.Score, m.score)
			}
			r.Marks = append(r.Marks, mk)
			continue
		}
		top := 0
		if m != nil {
			r.Found, r.Score = true, m.score
			r.Label = labelBox(lines, m)
			top = r.Label.Max.Y
		} else {
			// Below the last tick option found, or from the top of the column.
			for j := i - 1; j >= 0; j-- {
				if ms[j] != nil {
					top = labelBox(lines, ms[j]).Max.Y + int(g.lead/2)
					break
				}
			}
			if top == 0 {
				top = bounds.Min.Y + bounds.Dy()/8
			}
		}
		r.Boxes = []image.Rectangle{image.Rect(res.ColumnX, top, right, bottom)}
		if res.col.under {
			r.Boxes = remarkUnder(lines, r.Label, m != nil, g, bounds)
		}
		r.Words = collect(lines, r.Boxes, used)
	}
	for slot, tls := range groups {
		r := &res.Regions[slot]
		for i, b := range tickBoxes(img, tls) {
			mk := &r.Marks[tls[i].mark]
			mk.Box, mk.Ink = b, ink(img, b)
			r.Boxes = append(r.Boxes, image.Rect(b.Min.X, tls[i].text.Min.Y, tls[i].text.Max.X, tls[i].text.Max.Y))
		}
	}
}

// remarkUnder is the region of a "Ghi chú:" printed under the fields:
// the rest of its label's line, and the lines below it that start in the
// left half (a remark wrapped to the margin), up to three; a line that
// starts right of the middle is the signature block's. Without its label
// found there is no region.
func remarkUnder(lines []*line, label image.Rectangle, found bool, g geo, bounds image.Rectangle) []image.Rectangle {
	if !found {
		return nil
	}
	half := g.lead / 2
	cy := float64(label.Min.Y+label.Max.Y) / 2
	right := bounds.Max.X - bounds.Dx()/40
	boxes := []image.Rectangle{image.Rect(label.Max.X, int(cy-half), right, int(cy+half))}
	mid := bounds.Min.X + bounds.Dx()/2
	for k := 1; k <= 3; k++ {
		y := cy + float64(k)*g.lead
		var first *token
		for _, l := range lines {
			if math.Abs(l.cy-y) < half && len(l.toks) > 0 {
				first = l.toks[0]
			}
		}
		if first == nil || first.label || first.Box.Min.X > mid {
			break
		}
		boxes = append(boxes, image.Rect(g.margin-int(half), int(y-half), right, int(y+half)))
	}
	return boxes
}

// tickLine is one option of a tick-box group as found on the page: its
// text's box and where its own words begin.
type tickLine struct {
	mark int
	text image.Rectangle
	x    int
}

// tickBoxes returns the box printed before each option of a group. The
// boxes of a group are one glyph printed in one column, so each option's
// box is first looked for on its own (tickBox), then all are cut at the
// column and width those finds agree on: an option whose text start OCR
// misplaced ("Đăng" read wider than it is) would otherwise have a stroke
// of its first letter taken for its box.
func tickBoxes(img *image.Gray, tls []tickLine) []image.Rectangle {
	out := make([]image.Rectangle, len(tls))
	var x0s []int
	w := 0
	for i, tl := range tls {
		b, ok := tickBox(img, tl.x, tl.text)
		out[i] = b
		if ok {
			x0s = append(x0s, b.Min.X)
			if w == 0 || b.Dx() < w {
				w = b.Dx() // an empty box is the glyph; a tick may stick out of it
			}
		}
	}
	if len(x0s) == 0 {
		return out
	}
	sort.Ints(x0s)
	x0 := x0s[(len(x0s)-1)/2]
	for i, tl := range tls {
		if b := out[i]; b.Min.X == x0 && b.Dx() == w {
			continue
		}
		h := tl.text.Dy()
		col := image.Rect(x0, tl.text.Min.Y-h/3, x0+w, tl.text.Max.Y+h/3)
		if y0, y1, ok := inkRows(img, col); ok {
			out[i] = image.Rect(x0, y0, x0+w, y1)
		} else {
			out[i] = image.Rect(x0, tl.text.Min.Y, x0+w, tl.text.Max.Y)
		}
	}
	return out
}

// inkRows returns the first and past-the-last rows of r holding ink.
func inkRows(img *image.Gray, r image.Rectangle) (y0, y1 int, ok bool) {
	r = r.Intersect(img.Bounds())
	y0, y1 = r.Max.Y, r.Min.Y
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):]
		for k := range r.Dx() {
			if row[k] < 128 {
				y0, y1 = min(y0, y), max(y1, y+1)
				break
			}
		}
	}
	return y0, y1, y1 > y0
}

// optionStart returns where a tick option's own text begins on the page.
// OCR may read the ticked box as letters glued to the option's first word
// ("☑Cha," read "MÍCha,"), or drop it from the text but keep it in the
// word's box ("Con" 155 pixels wide where its letters take 96): the token
// then starts on the box itself, and a box looked for left of it misses
// the tick. The glued letters' share of the token is cut off its left, and
// so is whatever is wider than the word's letters at the width the
// option's other words are printed at.
func optionStart(lines []*line, m *match, option string) int {
	toks := m.toks(lines)
	words := strings.Fields(option)
	if len(toks) == 0 || len(words) == 0 {
		return 0
	}
	first := toks[0]
	x := first.Box.Min.X
	got, want := []rune(first.key), []rune(fold(words[0]))
	if len(want) > 0 && len(got) > len(want) && strings.HasSuffix(first.key, string(want)) {
		x += first.Box.Dx() * (len(got) - len(want)) / len(got)
	}
	var perRune []float64
	for _, t := range toks[1:] {
		if n := len([]rune(t.Text)); n > 0 {
			perRune = append(perRune, float64(t.Box.Dx())/float64(n))
		}
	}
	if len(perRune) == 0 {
		return x
	}
	sort.Float64s(perRune)
	width := perRune[len(perRune)/2] * float64(len([]rune(words[0])))
	if float64(first.Box.Dx()) > width+0.6*float64(first.Box.Dy()) {
		x = max(x, first.Box.Max.X-int(width))
	}
	return x
}

// tickBox returns the box printed left of an option whose text starts at x
// on the line tb: the run of inked columns nearest the text, within two
// and a half line heights of it, bounded above and below by its ink, and
// whether such a run was found. A box's size is the typeface's, not the
// line's: a window cut at fixed shares of the line height took in a small
// empty box's outline (27 px in a 42 px line, ink 0.27) and cut off part
// of the ticked one. Specks narrower than a fifth of the line are passed
// over. Where no box-shaped run is found (no image, a box touching the
// column rule), the window at the shares measured on the tuning typefaces
// stands for it.
func tickBox(img *image.Gray, x int, tb image.Rectangle) (image.Rectangle, bool) {
	h := tb.Dy()
	guess := image.Rect(x-h*17/10, tb.Min.Y-h/10, x-h*3/10, tb.Max.Y+h/10)
	if img == nil || h <= 0 {
		return guess, false
	}
	win := image.Rect(x-h*5/2, tb.Min.Y-h/3, x-h/10, tb.Max.Y+h/3).Intersect(img.Bounds())
	if win.Dx() < 2 || win.Dy() < 2 {
		return guess, false
	}
	cols := make([]int, win.Dx())
	for y := win.Min.Y; y < win.Max.Y; y++ {
		row := img.Pix[img.PixOffset(win.Min.X, y):]
		for i := range cols {
			if row[i] < 128 {
				cols[i]++
			}
		}
	}
	for i := len(cols) - 1; i >= 0; {
		for i >= 0 && cols[i] == 0 {
			i--
		}
		end := i + 1
		for i >= 0 && cols[i] > 0 {
			i--
		}
		x0, x1 := win.Min.X+i+1, win.Min.X+end
		if x1-x0 < h/5 {
			continue
		}
		if i < 0 || x1-x0 > h*3/2 {
			break // the run reaches the window's edge or is too wide: a rule, a run of letters
		}
		y0, y1, _ := inkRows(img, image.Rect(x0, win.Min.Y, x1, win.Max.Y))
		dx, dy := x1-x0, y1-y0
		if dy < h/5 || y0 == win.Min.Y || y1 == win.Max.Y || 3*dx < 2*dy || 3*dy < 2*dx {
			break // not square, or ink running off the window (a rule)
		}
		return image.Rect(x0, y0, x1, y1), true
	}
	return guess, false
}

// ink returns the share of dark pixels inside r, shrunk by a fifth so that
// the box's own outline counts little.
func ink(img *image.Gray, r image.Rectangle) float64 {
	if img == nil {
		return 0
	}
	dx, dy := r.Dx()/5, r.Dy()/5
	r = image.Rect(r.Min.X+dx, r.Min.Y+dy, r.Max.X-dx, r.Max.Y-dy).Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	dark := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):]
		for x := 0; x < r.Dx(); x++ {
			if row[x] < 128 {
				dark++
			}
		}
	}
	return float64(dark) / float64(r.Dx()*r.Dy())
}

// column is the page's split between the entry area and the Ghi chú
// column: the x of its rule and, when a rule was found, the y where the
// rule ends (an edition whose signature block spans the page below a
// shorter column).
type column struct {
	x, end int
	ruled  bool
	// under says the page prints "Ghi chú:" (and its tick boxes) under
	// the fields, not in a column: x is then the page's text margin.
	under bool
}

// columnRule finds the vertical rule between the entry area and the Ghi chú
// column: the darkest near-full-height column of pixels in the right half.
// Without one, the column starts at a "Ghi chú" heading in the right half;
// a "Ghi chú:" printed in the left half, under the fields, says the page
// has no column, and the entry area runs to the page's right margin;
// otherwise the column is put where the books print it.
func columnRule(img *image.Gray, bounds image.Rectangle, toks []*token) column {
	heading, under := ghiChu(toks, bounds)
	if under && heading == nil {
		// Printed text says more than rules: a ruled table's borders in
		// the right half are no column.
		return column{x: bounds.Max.X - bounds.Dx()/40, under: true}
	}
	if img != nil {
		b := img.Bounds()
		x0, x1 := b.Min.X+b.Dx()/2, b.Min.X+b.Dx()*9/10
		y0, y1 := b.Min.Y+b.Dy()/6, b.Min.Y+b.Dy()*5/6
		counts := make([]int, x1-x0)
		for y := y0; y < y1; y += 2 {
			row := img.Pix[img.PixOffset(x0, y):]
			for x := range counts {
				if row[x] < 140 {
					counts[x]++
				}
			}
		}
		bestX, best := 0, 0
		for x := 2; x < len(counts)-2; x++ {
			s := counts[x-2] + counts[x-1] + counts[x] + counts[x+1] + counts[x+2]
			if s > best {
				best, bestX = s, x
			}
		}
		if float64(best) > 0.5*float64(y1-y0)/2 && longestRun(img, x0+bestX, y0, y1) > (y1-y0)/4 {
			return column{x: x0 + bestX, end: ruleEnd(img, x0+bestX, y0), ruled: true}
		}
	}
	if heading != nil {
		return column{x: heading.Box.Min.X - bounds.Dx()/60}
	}
	return column{x: bounds.Min.X + bounds.Dx()*71/100}
}

// ghiChu finds the words "Ghi chú" on the page: the first in the right
// half (a column's heading), and whether one stands in the left half
// (printed under the fields).
func ghiChu(toks []*token, bounds image.Rectangle) (heading *token, under bool) {
	mid := bounds.Min.X + bounds.Dx()/2
	for i, t := range toks[:max(0, len(toks)-1)] {
		if t.key != "ghi" || !strings.HasPrefix(toks[i+1].key, "chu") {
			continue // "ghi" of "(Ký, ghi rõ họ tên)" is no heading
		}
		if t.Box.Min.X <= mid {
			under = true
		} else if heading == nil {
			heading = t
		}
	}
	return heading, under
}

// longestRun returns the longest run of rows from y0 to y1 with ink within
// two pixels of x: a rule runs on for a good part of the page, a column of
// text that happens to line up at x does not.
func longestRun(img *image.Gray, x, y0, y1 int) int {
	best, run := 0, 0
	for y := y0; y < y1; y++ {
		if darkNear(img, x, y, 2) {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// darkNear says a pixel of row y within dx of x is as dark as a rule.
func darkNear(img *image.Gray, x, y, dx int) bool {
	b := img.Bounds()
	for xx := max(x-dx, b.Min.X); xx <= min(x+dx, b.Max.X-1); xx++ {
		if img.Pix[img.PixOffset(xx, y)] < 140 {
			return true
		}
	}
	return false
}

// ruleEnd follows the rule at x down from y0 and returns the y of its
// lowest ink in a run longer than a letter, before a gap longer than a
// line: where the column ends, not the caption below that crosses x.
func ruleEnd(img *image.Gray, x, y0 int) int {
	b := img.Bounds()
	minRun := b.Dy() / 40 // longer than any letter: text crossing x is no rule
	last, run, gap := y0, 0, 0
	for y := y0; y < b.Max.Y && gap < b.Dy()/40; y++ {
		if darkNear(img, x, y, 3) {
			run, gap = run+1, 0
			if run >= minRun {
				last = y
			}
		} else {
			run, gap = 0, gap+1
		}
	}
	return last
}
