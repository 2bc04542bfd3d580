package preprocess

import (
	"encoding/binary"
	"image"
	"math"
	"math/bits"
	"slices"
	"sort"
)

// EraseLeaders returns a copy of g with the printed guide marks of a form
// turned to paper, for OCR: dotted leaders (rows of dots, "……" groups or
// dashes from a label to the next one, on which values are typed), long
// thin horizontal lines (underscore leaders, frame rules) and long thin
// vertical rules, with the thicker dashes a frame may have drawn on them.
// g is left untouched.
//
// A leader is told from text by its regularity: five or more small blobs
// of one size whose centres lie on one horizontal line at a steady pitch.
// Only the blobs that sit on that pitch are erased, so a dot that breaks
// it — the dot below "ạ ộ ụ" of a value typed over the leader, a full stop
// or the dots of "27.9.2003" — stays. A leader dot that has merged into
// the letter above it (a value typed on the dotted line) is erased where
// the leader's phase puts a dot, when it is dot-shaped and nothing of the
// letter goes on below or beside it. A rule is erased column by column (row by row for a vertical
// one) only where it is as thin as the rule itself, so the strokes that
// cross or touch it keep their pixels.
//
// Sizes scale with the median height of the page's letters; without
// enough letters to measure, 300 dpi is assumed.
func EraseLeaders(g *image.Gray) *image.Gray {
	b := g.Bounds()
	out := Crop(g, b)
	w, h := b.Dx(), b.Dy()
	if w < 8 || h < 8 {
		return out
	}
	hist := histogram(g)
	t := uint8(min(otsu(&hist), 200))
	pix := out.Pix // out is a packed copy: Stride == w
	l := label(pix, out.Stride, w, h, t)
	e := eraser{pix: pix, w: w, h: h, t: t, mask: newBitset(w * h)}
	e.textH = textHeight(l.blobs)
	e.u = e.textH / refTextHeight
	e.rules()
	e.dots(l)
	e.mask.whiten(pix)
	return out
}

// refTextHeight is the median letter height, in pixels, of register
// print at 300 dpi (12 pt type): the sizes below are given for it.
const refTextHeight = 25

// textHeight estimates the median height of the letters among blobs, or
// returns refTextHeight when there are too few to tell. Solid round blobs
// (leader dots, full stops, the dots of i and ạ) are left out: on a page
// of leaders they can outnumber the letters.
func textHeight(blobs []blob) float64 {
	var hs []int32
	for i := range blobs {
		b := &blobs[i]
		bw, bh := b.w(), b.h()
		if bh < 5 || bh > 400 || bw > 4*bh {
			continue
		}
		if d := bw - bh; d >= -2 && d <= 2 && 10*b.area > 6*bw*bh {
			continue
		}
		hs = append(hs, bh)
	}
	if len(hs) < 20 {
		return refTextHeight
	}
	slices.Sort(hs)
	return float64(hs[len(hs)/2])
}

// eraser collects the pixels to whiten in mask.
type eraser struct {
	pix  []uint8 // packed w×h grey raster
	w, h int
	t    uint8 // ink is at or below t
	mask bitset
	tops []int // a rule's cross-sections' starts, for hline and vline
	// blobMask marks the blobs to erase, by index in labels.blobs.
	blobMask []bool
	letters  *grid   // letter-sized blobs, to find what is above a dot
	textH    float64 // median letter height
	u        float64 // scale against 300 dpi
}

func (e *eraser) ink(x, y int) bool { return e.pix[y*e.w+x] <= e.t }

// rules marks long thin horizontal and vertical lines.
func (e *eraser) rules() {
	maxThick := int(math.Round(max(3, 6*e.u)))
	minH := int(4 * e.textH)
	minV := int(10 * e.textH)
	// Horizontal: rows' ink runs at least minH long.
	var ext []int
	for y := 0; y < e.h; y++ {
		row := e.pix[y*e.w:][:e.w]
		for x := 0; x < e.w; {
			if x+8 <= e.w && allOver(binary.LittleEndian.Uint64(row[x:]), e.t) {
				x += 8 // paper, most of a row
				continue
			}
			if row[x] > e.t {
				x++
				continue
			}
			x0 := x
			for x < e.w && row[x] <= e.t {
				x++
			}
			if x-x0 >= minH {
				ext = e.hline(x0, x, y, maxThick, ext)
			}
		}
	}
	// Whiten them before looking for vertical rules: a frame's corner,
	// or where the column rule meets a horizontal one, is too thick for
	// either pass alone but is a plain vertical line once the horizontal
	// one is gone.
	e.mask.whiten(e.pix)
	// Vertical: columns' ink runs at least minV long, found row by row
	// with a counter per column to keep the scan in memory order.
	// A table's cell border is shorter: a thin line from one horizontal
	// rule to the next, as short as a row of one line. Left, OCR reads it
	// as a letter of the value beside it ("IViệt Nam", "[Kinh").
	minCell := int(2 * e.textH)
	run := make([]int32, e.w)
	for y := 0; y < e.h; y++ {
		for x, v := range e.pix[y*e.w:][:e.w] {
			if v <= e.t {
				run[x]++
				continue
			}
			if r := int(run[x]); r != 0 {
				if r >= minV || r >= minCell && e.cellBorder(x, y-r, y, maxThick) {
					ext = e.vline(x, y-r, y, maxThick, ext)
				}
				run[x] = 0
			}
		}
	}
	for x, r := range run { // the runs that reach the bottom
		if int(r) >= minV {
			ext = e.vline(x, e.h-int(r), e.h, maxThick, ext)
		}
	}
}

// allOver reports whether each of the eight bytes of v is over t, in a
// few word operations: no byte under n is the bit trick "haszero(v − n)"
// (Anderson's bit hacks, hasless), exact for n up to 128; above that, the
// bytes must have their top bit set and be over t−128 below it.
func allOver(v uint64, t uint8) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	n := uint64(t) + 1
	if n > 128 {
		if v&highs != highs {
			return false
		}
		v, n = v&^highs, n-128
	}
	return (v-ones*n)&^v&highs == 0
}

// cellBorder says the vertical ink run [y0, y1) in column x meets an
// erased horizontal rule at both ends: a cell's border, not a letter's
// stroke. Where the two lines meet, the junction is kept by the
// horizontal pass (too thick there), so the run takes in the rules'
// thickness and the erased rule lies beside its ends.
func (e *eraser) cellBorder(x, y0, y1, maxThick int) bool {
	near := func(ya, yb int) bool {
		for y := max(ya, 0); y <= min(yb, e.h-1); y++ {
			for xx := max(x-3*maxThick, 0); xx <= min(x+3*maxThick, e.w-1); xx++ {
				if e.mask.has(y*e.w + xx) {
					return true
				}
			}
		}
		return false
	}
	return near(y0-2, y0+maxThick+2) && near(y1-maxThick-3, y1+1)
}

// hline marks the thin part of the horizontal ink run [x0, x1) in row y:
// each column whose vertical ink extent through y is no thicker than the
// line's own (its median, plus a pixel), up to maxThick. A column where a
// letter stroke crosses or sits on the line is thicker and is kept whole.
func (e *eraser) hline(x0, x1, y, maxThick int, ext []int) []int {
	ext, e.tops = ext[:0], e.tops[:0]
	for x := x0; x < x1; x++ {
		a, b := y, y
		for a > 0 && e.ink(x, a-1) && b-a <= maxThick {
			a--
		}
		for b < e.h-1 && e.ink(x, b+1) && b-a <= maxThick {
			b++
		}
		ext, e.tops = append(ext, b-a+1), append(e.tops, a)
	}
	limit := min(maxThick, medianInt(ext)+1)
	band := e.band(ext, maxThick)
	for i, x := 0, x0; x < x1; i, x = i+1, x+1 {
		if ext[i] > limit && !e.thickDash(x, y, band, false) {
			continue
		}
		a, b := y, y
		for a > 0 && e.ink(x, a-1) {
			a--
		}
		for b < e.h-1 && e.ink(x, b+1) {
			b++
		}
		// One more pixel each side takes the anti-aliased edge too.
		for yy := max(a-1, 0); yy <= min(b+1, e.h-1); yy++ {
			e.mask.set(yy*e.w + x)
		}
	}
	return ext
}

// vline is hline turned: the vertical ink run [y0, y1) in column x.
func (e *eraser) vline(x, y0, y1, maxThick int, ext []int) []int {
	ext, e.tops = ext[:0], e.tops[:0]
	for y := y0; y < y1; y++ {
		a, b := x, x
		for a > 0 && e.ink(a-1, y) && b-a <= maxThick {
			a--
		}
		for b < e.w-1 && e.ink(b+1, y) && b-a <= maxThick {
			b++
		}
		ext, e.tops = append(ext, b-a+1), append(e.tops, a)
	}
	limit := min(maxThick, medianInt(ext)+1)
	band := e.band(ext, maxThick)
	for i, y := 0, y0; y < y1; i, y = i+1, y+1 {
		if ext[i] > limit && !e.thickDash(x, y, band, true) {
			continue
		}
		a, b := x, x
		for a > 0 && e.ink(a-1, y) {
			a--
		}
		for b < e.w-1 && e.ink(b+1, y) {
			b++
		}
		for xx := max(a-1, 0); xx <= min(b+1, e.w-1); xx++ {
			e.mask.set(y*e.w + xx)
		}
	}
	return ext
}

// band is where a rule lies across itself, from its cross-sections'
// starts (e.tops) and thicknesses: the medians, its thin part. A run
// whose median cross-section is thicker than maxThick is a bar, not a rule:
// it has no band (thickDash says no).
func (e *eraser) band(ext []int, maxThick int) [2]int {
	m := medianInt(ext)
	if m > maxThick {
		return [2]int{1, 0}
	}
	lo := medianInt(e.tops)
	return [2]int{lo, lo + m - 1}
}

// thickDash says the cross-section of a rule at (x, y), where the rule
// lies in band across itself, is a thicker dash of the rule: it stands
// out of the band by at most half the rule's thickness each side, and
// has paper half a letter's height either side (left and right of a
// vertical rule, above and below a horizontal one). A frame drawn as a
// line with dashes on it binarises so (a G4 page); a letter stroke that
// crosses or touches the rule goes on out of the band (a descender
// through an underline), or has the rest of its letter or word beside it.
func (e *eraser) thickDash(x, y int, band [2]int, vertical bool) bool {
	if band[1] < band[0] {
		return false
	}
	at, n, i := func(j int) bool { return e.ink(j, y) }, e.w, x
	if !vertical {
		at, n, i = func(j int) bool { return e.ink(x, j) }, e.h, y
	}
	a, b := i, i
	for a > 0 && at(a-1) {
		a--
	}
	for b < n-1 && at(b+1) {
		b++
	}
	k := max(2, (band[1]-band[0]+1)/2)
	if a < band[0]-k || b > band[1]+k {
		return false
	}
	d := int(0.5*e.textH) + 1
	for j := max(a-d, 0); j < min(b+d+1, n); j++ {
		if (j < a || j > b) && at(j) {
			return false
		}
	}
	return true
}

func medianInt(v []int) int { return quantileInt(v, 1, 2) }

// quantileInt returns the value at the share num/den of v sorted.
func quantileInt(v []int, num, den int) int {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[min(len(s)*num/den, len(s)-1)]
}

// mark is a small blob that may be one mark of a leader.
type mark struct {
	b      int32 // index in labels.blobs
	cx, cy float64
	w, h   int32
	y0     int32 // top of the box
	area   int32
}

// dots marks the blobs of dotted, "……" and dashed leaders.
func (e *eraser) dots(l *labels) {
	u := e.u
	dotMax := int32(math.Round(12*u)) + 1
	dashH := int32(math.Round(6*u)) + 1
	dashW := int32(math.Round(30 * u))
	var ms []mark
	for i := range l.blobs {
		b := &l.blobs[i]
		bw, bh := b.w(), b.h()
		dot := bw <= dotMax && bh <= dotMax && bh <= 2*bw+2 && bw <= 2*bh+2
		dash := bh <= dashH && bw <= dashW && bw > 2*bh
		if (dot || dash) && b.area >= 2 {
			ms = append(ms, mark{int32(i), b.cx(), b.cy(), bw, bh, b.y0, b.area})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].cx < ms[j].cx })

	// Chain each mark to the nearest mark to its right on the same line
	// and of about its size; chains are the candidate leaders. The reach
	// spans a typed value under which most dots merged into letters.
	tolY := max(2, 3*u)
	maxGap := 10 * e.textH
	bands := map[int][]int32{} // marks by height, in cx order
	band := func(m *mark) int { return int(math.Floor(m.cy / tolY)) }
	for i := range ms {
		k := band(&ms[i])
		bands[k] = append(bands[k], int32(i))
	}
	parent := make([]int32, len(ms))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range ms {
		a := &ms[i]
		next := int32(-1)
		for k := band(a) - 1; k <= band(a)+1; k++ {
			b := bands[k]
			p := sort.Search(len(b), func(p int) bool { return ms[b[p]].cx >= a.cx+1 })
			for ; p < len(b) && ms[b[p]].cx-a.cx <= maxGap; p++ {
				c := &ms[b[p]]
				if next >= 0 && c.cx >= ms[next].cx {
					break
				}
				if math.Abs(c.cy-a.cy) <= tolY && alike(a, c) {
					next = b[p]
					break
				}
			}
		}
		if next >= 0 {
			ri, rj := find(int32(i)), find(next)
			if ri != rj {
				parent[max(ri, rj)] = min(ri, rj)
			}
		}
	}
	chains := map[int32][]int32{}
	for i := range ms {
		r := find(int32(i))
		chains[r] = append(chains[r], int32(i)) // in cx order
	}

	e.blobMask = make([]bool, len(l.blobs))
	e.letters = newGrid(l.blobs, e.textH)
	for _, c := range chains {
		if len(c) < 5 {
			continue
		}
		marks, hidden := e.onPitch(ms, c)
		for _, i := range marks {
			e.markBlob(l, ms[i].b)
		}
		for _, d := range hidden {
			e.eraseTouching(d)
		}
	}
	// Whiten the runs of the marked blobs.
	for i, r := range l.runs {
		if e.blobMask[l.of[i]] {
			row := int(r.y) * e.w
			for x := r.x0; x < r.x1; x++ {
				e.mask.set(row + int(x))
			}
		}
	}
}

// alike reports whether two marks could be the same printed glyph.
func alike(a, b *mark) bool {
	near := func(p, q int32) bool {
		return max(p, q) <= 2*min(p, q)+2
	}
	return near(a.w, b.w) && near(a.h, b.h)
}

// onPitch returns the marks of chain c that belong to a regular leader.
// It finds the spacings most marks share (the pitch, its multiples, the
// advance of a "…" group), gives up on chains without a steady pitch
// (dots below a line of letters, stray specks), and keeps back the marks
// off the leader's phase: those with no mark a whole number of periods
// away, the odd one of two marks closer than the pitch, and, under the
// a letter, any dot that is not plainly a leader dot.
//
// It also returns where the leader's dots should be but no mark is: under
// a value typed on the leader, a dot that touches a letter is part of the
// letter's blob, and Tesseract reads it as a dot below ("THỤ" for "THU").
func (e *eraser) onPitch(ms []mark, c []int32) ([]int32, []hiddenDot) {
	ch := newChain(ms, c, max(1.5, 1.5*e.u))
	lags, supports := ch.spacings(float64(medianInt(ch.widths))+1, 3*e.textH)
	if len(lags) == 0 {
		return nil, nil
	}
	ch.lag = lags[0] // the pitch
	// The period of the pattern: the pitch for plain dots, the advance
	// of one "…" for groups. Marks of the leader have a mark a whole
	// number of periods away; a letter's dot, a full stop or a comma on
	// the leader line is at a random phase and usually has none.
	best := 0
	for k, s := range supports {
		if 10*s > 11*supports[0] && s > supports[best] {
			best = k
		}
	}
	ch.period = lags[best]
	// Look as far as six letters either way: under a typed value most
	// leader dots may have merged into the letters.
	ch.reach = math.Round(min(max(6*e.textH/ch.period, 3), 20))
	ch.findPartners()
	if !ch.onPhase() {
		return nil, nil
	}
	out := e.leaderMarks(ch)
	return e.hiddenDots(ch, out)
}

// chain is a run of marks onPitch weighs as a leader, in cx order.
type chain struct {
	ms     []mark
	c      []int32   // the chain's marks, indices into ms
	xs     []float64 // their centres
	widths []int
	tol    float64 // how far off a spacing a mark may be
	// lag is the pitch, period the pattern's period (the pitch, or the
	// advance of a "…" group), reach how many periods away partners are
	// looked for.
	lag, period, reach float64
	// partners counts each mark's marks a whole number of periods away,
	// on its left, on its right; nearY is their mean centre height.
	partners    []int
	left, right []bool
	nearY       []float64
	keep        []bool // held back: not the leader's
	taken       []bool // returned as the leader's
	// The dot sizes of the chain: median and upper quartile.
	medW, medH, medA int
	bigW, bigH, bigA int
}

func newChain(ms []mark, c []int32, tol float64) *chain {
	n := len(c)
	ch := &chain{ms: ms, c: c, xs: make([]float64, n), tol: tol}
	var hs, as []int
	for k, i := range c {
		ch.xs[k] = ms[i].cx
		ch.widths = append(ch.widths, int(ms[i].w))
		hs, as = append(hs, int(ms[i].h)), append(as, int(ms[i].area))
	}
	ch.medW, ch.medH, ch.medA = medianInt(ch.widths), medianInt(hs), medianInt(as)
	// A dot centred between pixels comes out a pixel wider and taller
	// than one centred on one.
	ch.bigW, ch.bigH, ch.bigA = quantileInt(ch.widths, 3, 4), quantileInt(hs, 3, 4), quantileInt(as, 3, 4)
	return ch
}

// at returns the mark centred within tol of x, or -1.
func (ch *chain) at(x float64) int {
	n := len(ch.xs)
	k := sort.SearchFloat64s(ch.xs, x-ch.tol)
	if k < n && ch.xs[k] <= x+ch.tol {
		return k
	}
	return -1
}

// spacings counts the pairs of marks at each spacing from minLag to
// maxLag, in quarter pixels, and returns the spacings most marks share
// (at least 60% of them as many pairs), with their pairs: the pitch, its
// multiples and, for "……", the group advance.
func (ch *chain) spacings(minLag, maxLag float64) ([]float64, []int) {
	xs, tol, n := ch.xs, ch.tol, len(ch.xs)
	const q = 4
	top := int((maxLag+tol)*q) + 1
	pairs := make([]int32, top+1) // cumulative after the loop below
	for i := range xs {
		for j := i + 1; j < n; j++ {
			d := int((xs[j] - xs[i]) * q)
			if d >= top {
				break
			}
			pairs[d+1]++
		}
	}
	for i := 1; i <= top; i++ {
		pairs[i] += pairs[i-1]
	}
	support := func(lag float64) int {
		lo, hi := max(int((lag-tol)*q), 0), min(int((lag+tol)*q)+1, top)
		return int(pairs[hi] - pairs[lo])
	}
	need := max(4, n*6/10)
	// Each run of lags with enough support is a plateau about tol either
	// side of a true spacing: start from its middle and settle on the
	// mean spacing of the pairs around it.
	var lags []float64
	var supports []int
	start := -1.0
	for lag := minLag; lag <= maxLag+0.25; lag += 1.0 / q {
		if lag <= maxLag && support(lag) >= need {
			if start < 0 {
				start = lag
			}
			continue
		}
		if start < 0 {
			continue
		}
		est := ch.meanSpacing((start + lag - 1.0/q) / 2)
		start = -1
		lags = append(lags, est)
		supports = append(supports, support(est))
	}
	return lags, supports
}

// meanSpacing settles an estimated spacing on the mean spacing of the
// pairs of marks within tol of it, twice.
func (ch *chain) meanSpacing(est float64) float64 {
	xs, tol, n := ch.xs, ch.tol, len(ch.xs)
	for range 2 {
		sum, cnt := 0.0, 0
		for i := range xs {
			for j := i + 1; j < n && xs[j]-xs[i] <= est+tol; j++ {
				if d := xs[j] - xs[i]; d >= est-tol {
					sum += d
					cnt++
				}
			}
		}
		if cnt > 0 {
			est = sum / float64(cnt)
		}
	}
	return est
}

// findPartners counts each mark's partners, the marks a whole number of
// periods away, up to reach periods either way.
func (ch *chain) findPartners() {
	n := len(ch.xs)
	ch.partners = make([]int, n)
	ch.left = make([]bool, n)
	ch.right = make([]bool, n)
	ch.nearY = make([]float64, n) // mean centre height of the partners
	for k, x := range ch.xs {
		sum := 0.0
		for m := 1.0; m <= ch.reach; m++ {
			if j := ch.at(x - m*ch.period); j >= 0 {
				ch.partners[k]++
				ch.left[k] = true
				sum += ch.ms[ch.c[j]].cy
			}
			if j := ch.at(x + m*ch.period); j >= 0 {
				ch.partners[k]++
				ch.right[k] = true
				sum += ch.ms[ch.c[j]].cy
			}
		}
		if ch.partners[k] > 0 {
			ch.nearY[k] = sum / float64(ch.partners[k])
		}
	}
}

// onPhase holds back the marks off the leader's phase and reports whether
// the chain is a leader.
func (ch *chain) onPhase() bool {
	n := len(ch.xs)
	// A leader is mostly marks on its phase: at least five, and 60% of
	// the chain. (Its pitch need not be the chain's commonest step: under
	// a long value, the few dots left of a "…" row are groups apart.)
	ch.keep = make([]bool, n)
	onPhase := 0
	for k := 0; k < n; k++ {
		ch.keep[k] = ch.partners[k] == 0
		if !ch.keep[k] {
			onPhase++
		}
	}
	if onPhase < 5 || 10*onPhase < 6*n {
		return false
	}
	// Of two marks closer than the pitch, one may not be part of the
	// leader (a dot below a letter that happens to sit a whole number of
	// periods from another mark): the one with far fewer partners stays.
	// Within a "…" group, whose middle spacing may not have been found
	// under a long value, the dots have about as many partners.
	for k := 1; k < n; k++ {
		if ch.xs[k]-ch.xs[k-1] >= 0.7*ch.lag {
			continue
		}
		switch p, q := ch.partners[k-1], ch.partners[k]; {
		case 2*p < q:
			ch.keep[k-1] = true
		case 2*q < p:
			ch.keep[k] = true
		}
	}
	return true
}

// leaderMarks returns the chain's marks on the leader's phase, but for a
// dot under a letter that is not plainly a leader dot.
func (e *eraser) leaderMarks(ch *chain) []int32 {
	var out []int32
	ch.taken = make([]bool, len(ch.xs)) // in out
	for k, i := range ch.c {
		if ch.keep[k] {
			continue
		}
		// Right under a letter, a dot may be the letter's own (ạ, ộ), or
		// one merged with a leader dot: erase it only when it is on the
		// period both ways, no bigger than the leader's dots (a pixel of
		// slack for the anti-aliasing) and at their height.
		m := &ch.ms[i]
		if (e.underInk(m) || e.letters.centredUnder(m, e.textH)) && (!ch.left[k] || !ch.right[k] ||
			int(m.w) > ch.medW+1 || int(m.h) > ch.medH+1 || 2*int(m.area) > 3*ch.medA+2 ||
			math.Abs(m.cy-ch.nearY[k]) > 0.6*max(1, e.u)) {
			continue
		}
		out = append(out, i)
		ch.taken[k] = true
	}
	return out
}

// hiddenDots returns the places a whole number of periods from a leader
// dot, inside the chain, with no mark: dots merged into the letters above
// them. A mark held back there that has the leader's size and height
// joins out, which it returns too.
func (e *eraser) hiddenDots(ch *chain, out []int32) ([]int32, []hiddenDot) {
	xs, n := ch.xs, len(ch.xs)
	var hidden []hiddenDot
	seen := map[int]bool{}
	for k, x := range xs {
		if ch.keep[k] {
			continue
		}
		for m := 1.0; m <= ch.reach; m++ {
			for _, hx := range []float64{x - m*ch.period, x + m*ch.period} {
				if hx <= xs[0] || hx >= xs[n-1] || seen[int(math.Round(hx))] {
					continue
				}
				if j := ch.at(hx); j >= 0 {
					// A mark held back above (under a letter with its
					// partners on one side merged into letters) that is
					// on the phase, of the leader's size and height.
					mj := &ch.ms[ch.c[j]]
					if !ch.taken[j] && int(mj.w) <= ch.bigW+1 && int(mj.h) <= ch.bigH+1 &&
						2*int(mj.area) <= 3*ch.bigA+2 && math.Abs(mj.cy-ch.nearY[k]) <= max(1, e.u) {
						ch.taken[j] = true
						out = append(out, ch.c[j])
					}
					continue
				}
				for d := -1; d <= 1; d++ {
					seen[int(math.Round(hx))+d] = true
				}
				hidden = append(hidden, hiddenDot{hx, ch.nearY[k], ch.medW, ch.medH, ch.medA})
			}
		}
	}
	return out, hidden
}

// hiddenDot is where a leader's dot should be, with the leader's dot size.
type hiddenDot struct {
	cx, cy     float64
	w, h, area int
}

// eraseTouching whitens a leader dot merged into the letter above it: the
// ink in the dot's box when it is dot-shaped, joined only at its top. A
// stroke that goes on below the dot or to either side of it (a descender,
// a letter sitting lower) is left alone, and so is a box without a dot.
func (e *eraser) eraseTouching(d hiddenDot) {
	ix0, iy0 := int(math.Floor(d.cx-float64(d.w)/2)), int(math.Floor(d.cy-float64(d.h)/2))
	ix1, iy1 := int(math.Ceil(d.cx+float64(d.w)/2)), int(math.Ceil(d.cy+float64(d.h)/2)) // the dot, exclusive
	x0, x1, y1 := ix0-1, ix1, iy1                                                        // the box's side columns and bottom row
	if x0 < 1 || x1+1 >= e.w || iy0 < 1 || y1+2 >= e.h {
		return
	}
	n := 0
	for y := iy0; y < iy1; y++ {
		for x := ix0; x < ix1; x++ {
			if e.ink(x, y) {
				n++
			}
		}
	}
	if 2*n < d.area {
		return
	}
	border := 0
	for y := iy0 + d.h/2; y <= y1+1; y++ { // the top half may join the letter
		for _, x := range []int{x0, x1} {
			if e.ink(x, y) {
				border++
			}
		}
	}
	for x := x0; x <= x1; x++ {
		for _, y := range []int{y1, y1 + 1} {
			if e.ink(x, y) {
				border++
			}
		}
	}
	if border > 1 {
		return
	}
	rad := float64(max(d.w, d.h))/2 + 0.75
	for y := iy0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			// The dot's top row keeps what the letter's stroke comes
			// down into; the box's corners are the letter's.
			if y == iy0 && e.ink(x, y) && e.ink(x, y-1) ||
				math.Hypot(float64(x)+0.5-d.cx, float64(y)+0.5-d.cy) > rad {
				continue
			}
			e.mask.set(y*e.w + x)
		}
	}
}

// markBlob marks blob i for erasing, with the paper-coloured pixels of
// its box widened by one: the light anti-aliased rim that the ink
// threshold left out.
func (e *eraser) markBlob(l *labels, i int32) {
	e.blobMask[i] = true
	b := &l.blobs[i]
	for y := max(int(b.y0)-1, 0); y < min(int(b.y1)+1, e.h); y++ {
		for x := max(int(b.x0)-1, 0); x < min(int(b.x1)+1, e.w); x++ {
			if !e.ink(x, y) {
				e.mask.set(y*e.w + x)
			}
		}
	}
}

// underInk reports whether ink lies right above m, within a third of a
// letter's height: m is under a letter, where the dot below "ạ ệ ị ọ ụ"
// is.
func (e *eraser) underInk(m *mark) bool {
	reach := int(0.3*e.textH) + 1
	cx := int(m.cx)
	for y := int(m.y0) - 1; y >= max(int(m.y0)-reach, 0); y-- {
		for x := max(cx-1, 0); x <= min(cx+1, e.w-1); x++ {
			if e.ink(x, y) {
				return true
			}
		}
	}
	return false
}

// grid indexes the letter-sized blobs by position, to find the letter
// above a dot.
type grid struct {
	cell  int
	cells map[[2]int][]int32
	blobs []blob
}

func newGrid(blobs []blob, textH float64) *grid {
	g := &grid{cell: max(int(textH), 8), cells: map[[2]int][]int32{}, blobs: blobs}
	lo, hi := int32(0.4*textH), int32(3*textH)
	for i := range blobs {
		b := &blobs[i]
		if b.h() < lo || b.h() > hi || b.w() > hi {
			continue
		}
		for cy := int(b.y0) / g.cell; cy <= int(b.y1-1)/g.cell; cy++ {
			for cx := int(b.x0) / g.cell; cx <= int(b.x1-1)/g.cell; cx++ {
				k := [2]int{cx, cy}
				g.cells[k] = append(g.cells[k], int32(i))
			}
		}
	}
	return g
}

// centredUnder reports whether m lies under the middle of a letter, close
// below it: where the dot below "Ạ" is, with no ink right above it.
func (g *grid) centredUnder(m *mark, textH float64) bool {
	top := int(m.y0)
	reach := int(0.3*textH) + 1
	for cy := max(top-reach, 0) / g.cell; cy <= top/g.cell; cy++ {
		for _, i := range g.cells[[2]int{int(m.cx) / g.cell, cy}] {
			b := &g.blobs[i]
			mid := float64(b.x0+b.x1) / 2
			if math.Abs(m.cx-mid) <= 0.25*float64(b.w())+1 &&
				int(b.y1) <= top+2 && top-int(b.y1) <= reach {
				return true
			}
		}
	}
	return false
}

// bitset is a set of pixel indexes, one bit each: an eighth of the memory
// of a []bool mask, and whitening it skips 64 unmarked pixels at a time.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (m bitset) set(i int) { m[i>>6] |= 1 << (uint(i) & 63) }

func (m bitset) has(i int) bool { return m[i>>6]&(1<<(uint(i)&63)) != 0 }

// whiten turns the pixels in m to paper.
func (m bitset) whiten(pix []uint8) {
	for k, word := range m {
		for word != 0 {
			pix[k<<6+bits.TrailingZeros64(word)] = 0xff
			word &= word - 1
		}
	}
}
