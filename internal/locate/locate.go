package locate

import (
	"image"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/civreg/civreg/internal/form"
)

// Word is one word of an OCR pass: its text, its confidence (0–100) and its
// box in page pixels.
type Word struct {
	Text string
	Conf float64
	Box  image.Rectangle
	// Glued says the word was cut from the one before it, where OCR read
	// no space: a label and its value ("Số261"), or "P." and "8" of "P.8".
	Glued bool
}

// Page is what the locator looks at: the page's words and, optionally, its
// clean grey image (for the column rule and tick boxes).
type Page struct {
	Image *image.Gray
	// Plain is the page as OCR read it, leaders and rules erased, or nil:
	// where ink that no word explains is looked for (Region.Scrawl).
	Plain  *image.Gray
	Bounds image.Rectangle
	Words  []Word
}

// Mark is one tick box of a tick group and how much ink is in it.
type Mark struct {
	Option string
	Box    image.Rectangle // the box itself, left of its text
	Ink    float64         // share of dark pixels inside the box
	Found  bool            // the option's text was found
}

// Region is where one blank of the form is on the page and what is in it.
type Region struct {
	Slot  form.Slot
	Found bool            // its label was matched on the page
	Label image.Rectangle // where the label is (or would be)
	Score float64         // label similarity in [0,1]
	Boxes []image.Rectangle
	Words []Word // value words in reading order, leaders stripped
	Marks []Mark // tick boxes, for a tick slot
	// Stray counts the words on the region's first line, and the line
	// under it, that no label and no region took: when the region is
	// empty, its value may be among them (an edition that moved it), so an
	// empty region is no proof of an empty blank.
	Stray int
	// Scrawl counts, for an empty region, the columns of its boxes and of
	// the line under its first box that hold ink no word read explains:
	// writing OCR returned nothing for (a scrawl, an illegible hand). It
	// is 0 below a third of a line's height, where specks and the
	// overhang of letters are.
	Scrawl int
	// Cut says a word follows the value's last word closely on its line
	// but past the region's right edge, with no printed text between: the
	// value may go on where the region does not (a page whose column or
	// next label is elsewhere than ours), so it may be cut short.
	Cut bool
}

// Text returns the value words joined by single spaces, or by nothing
// where a word was cut from the one before it, so that a value reads as
// printed ("P.8", not "P. 8").
func (r *Region) Text() string {
	var b strings.Builder
	for i, w := range r.Words {
		if i > 0 && !w.Glued {
			b.WriteByte(' ')
		}
		b.WriteString(w.Text)
	}
	return b.String()
}

// Box returns the union of the region's boxes.
func (r *Region) Box() image.Rectangle {
	var u image.Rectangle
	for _, b := range r.Boxes {
		u = u.Union(b)
	}
	return u
}

// Conf returns the mean and the lowest confidence of the value words, 0 and
// 0 when there are none.
func (r *Region) Conf() (mean, low float64) {
	if len(r.Words) == 0 {
		return 0, 0
	}
	low = 100
	for _, w := range r.Words {
		mean += w.Conf
		low = math.Min(low, w.Conf)
	}
	return mean / float64(len(r.Words)), low
}

// Result is the located form: one region per slot, in form order.
type Result struct {
	Form    *form.Form
	Regions []Region
	// Found is the share of the form's labels and headings matched, Score
	// their mean similarity: together they say how well the form fits.
	Found, Score float64
	ColumnX      int // x of the rule between entry area and Ghi chú column
	col          column
	Pitch        float64
	// lines and g are the page as this form's location saw it, for the
	// work done only on the form that fits best (scrawls).
	lines []*line
	g     geo
}

// Region returns the region of the slot holding key, or nil.
func (res *Result) Region(key string) *Region {
	for i := range res.Regions {
		for _, k := range res.Regions[i].Slot.FieldKeys() {
			if k == key {
				return &res.Regions[i]
			}
		}
	}
	return nil
}

// Detect locates every given form on the page and returns the best fit.
func Detect(p Page, forms []*form.Form) *Result {
	var best *Result
	// The column rule is the page's, whatever the form: found once.
	col := columnRule(p.Image, p.bounds(), tokens(p.Words))
	for _, f := range forms {
		r := locate(p, f, col)
		if best == nil || r.fit() > best.fit() {
			best = r
		}
	}
	if best != nil {
		scrawls(best, p.Plain)
	}
	return best
}

// fitness sets Found and Score from the matches. Signature captions do not
// count: they are often cut off or stamped over.
func (res *Result) fitness(items []item, ms []*match) {
	found, total, score := 0, 0, 0.0
	for i, m := range ms {
		if items[i].slot < 0 && items[i].formLn < 0 {
			continue
		}
		total++
		if m != nil {
			found++
			score += m.score
		}
	}
	if total > 0 {
		res.Found = float64(found) / float64(total)
	}
	if found > 0 {
		res.Score = score / float64(found)
	}
}

func (res *Result) fit() float64 { return res.Found*0.7 + res.Score*0.3 }

// token is a piece of a word as the aligner sees it.
type token struct {
	Word
	key   string // folded text, for matching labels
	label bool   // consumed by a matched label
}

// line is a row of tokens sharing a baseline.
type line struct {
	toks []*token
	cy   float64
	box  image.Rectangle
}

// item is one thing the form prints in order: a section heading, a slot's
// label, a signature caption or a tick option.
type item struct {
	keys []string // folded label variants, spaces removed
	// minScores[i] is the similarity keys[i] needs to count as found.
	minScores []float64
	words     int    // words in the label
	slot      int    // index into the form's slots, -1 for headings and captions
	formLn    int    // printed line number in the entry area, -1 if unknown
	option    string // for a tick option
	first     bool   // the first thing printed on its line
}

// match is where a label was found: from token start of line to token end
// (exclusive) of endLine, which is line or, for a wrapped label, the next.
type match struct {
	line, start  int
	endLine, end int
	score        float64
	// stack holds, for a label wrapped in a narrow cell (stacked), its
	// words on the lines under its first one, which is line: endLine is
	// then line too.
	stack []seg
}

// at says a and b start and end at the same tokens of their first line.
func (m match) at(b match) bool {
	return m.line == b.line && m.start == b.start && m.endLine == b.endLine && m.end == b.end
}

// toks returns the tokens of the match in reading order.
func (m *match) toks(lines []*line) []*token {
	if m.endLine == m.line && len(m.stack) == 0 {
		return lines[m.line].toks[m.start:m.end]
	}
	var out []*token
	for _, sg := range segsOf(lines, *m) {
		out = append(out, lines[sg.line].toks[sg.start:sg.end]...)
	}
	return out
}

// Locate finds the regions of form f on page p.
func Locate(p Page, f *form.Form) *Result {
	res := locate(p, f, columnRule(p.Image, p.bounds(), tokens(p.Words)))
	scrawls(res, p.Plain)
	return res
}

// bounds returns the page's bounds, or its image's when they are unset.
func (p Page) bounds() image.Rectangle {
	if p.Bounds.Empty() && p.Image != nil {
		return p.Image.Bounds()
	}
	return p.Bounds
}

// locate is Locate with the column rule found already at colX.
func locate(p Page, f *form.Form, col column) *Result {
	res := &Result{Form: f, col: col}
	bounds := p.bounds()
	toks := tokens(p.Words)
	res.ColumnX = col.x
	var entry, side []*token
	for _, t := range toks {
		if center(t.Box).X < res.ColumnX {
			entry = append(entry, t)
		} else {
			side = append(side, t)
		}
	}
	if col.under {
		// No column: the ticks and "Ghi chú:" are under the fields, and
		// the entry area runs to the lines' ends.
		entry, side = toks, toks
	}
	eLines, sLines := groupLines(entry), groupLines(side)

	slots := f.Slots()
	items := entryItems(f)
	eMatch := align(eLines, items)
	sItems := sideItems(f, len(slots)-len(f.Side))
	sMatch := align(sLines, sItems)

	// The form's fit is judged on its labels in order; labels an edition
	// moved are rescued after, so that they cannot make a wrong form fit.
	res.fitness(append(items, sItems...), append(eMatch, sMatch...))
	rescue(eLines, items, eMatch)
	markLabels(eLines, eMatch)
	markLabels(sLines, sMatch)

	geo := geometry(eLines, items, eMatch, bounds, res.ColumnX)
	res.Pitch = geo.pitch
	res.Regions = make([]Region, len(slots))
	for i, s := range slots {
		res.Regions[i].Slot = s
	}
	entryRegions(res, eLines, items, eMatch, geo, len(f.Header))
	res.lines, res.g = append(eLines, sLines...), geo
	if col.ruled {
		cuts(res, eLines, geo)
	} else {
		cuts(res, append(eLines, sLines...), geo)
	}
	sideRegions(res, p.Image, sLines, sItems, sMatch, geo, bounds, len(slots)-len(f.Side))
	return res
}

// tokens cleans the OCR words: leader dots stripped, a word glued to its
// label by a colon ("tên:NGUYỄN") split in two.
func tokens(words []Word) []*token {
	var out []*token
	for _, w := range words {
		text := strings.TrimSpace(w.Text)
		if text == "" {
			continue
		}
		rs := []rune(text)
		// Split after an inner colon (the label ends there), or where a
		// word of letters runs into a number ("Số.153", "Số261", "Số-258").
		if n := labelEnd(text); n > 0 && n < len(text) {
			head := []rune(text[:n])
			cut := w.Box.Min.X + w.Box.Dx()*len(head)/len(rs)
			a, b := w, w
			a.Text, a.Box.Max.X = string(head), cut
			b.Text, b.Box.Min.X, b.Glued = text[n:], cut, true
			out = append(out, tokens([]Word{a})...)
			out = append(out, tokens([]Word{b})...)
			continue
		}
		// A lone low-confidence mark is a speck or a leftover of a leader,
		// not a value.
		if len(rs) == 1 && w.Conf < 50 && !unicode.IsLetter(rs[0]) {
			continue
		}
		clean := stripLeaders(text)
		if clean == "" {
			// A lone dash or bracket separates values ("Lê Văn Tám - Chủ
			// tịch"); anything else made only of leader marks is a leader.
			if !strings.ContainsAny(text, "-–()") || len(rs) > 1 {
				continue
			}
			clean = text
		}
		w.Text = clean
		out = append(out, &token{Word: w, key: fold(clean)})
	}
	return out
}

// labelEnd returns the length of the head of s that may be a label glued
// to its value: up to an inner colon, or a word of at least two letters
// followed by a number, directly or after one dot or dash. 0 if none.
func labelEnd(s string) int {
	switch i := strings.IndexRune(s, ':'); {
	case i == 0:
		return 0 // a leading colon is no label
	case i > 0:
		return i + 1
	}
	letters, end := 0, 0
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			letters++
			continue
		}
		end = i
		break
	}
	if letters < 2 || end == 0 {
		return 0
	}
	if c := s[end]; c == '.' || c == '-' {
		end++
	}
	if end < len(s) && s[end] >= '0' && s[end] <= '9' {
		return end
	}
	return 0
}

func center(r image.Rectangle) image.Point {
	return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}

// groupLines clusters tokens into rows by the vertical centre of their boxes.
func groupLines(toks []*token) []*line {
	if len(toks) == 0 {
		return nil
	}
	var hs []int
	for _, t := range toks {
		if hasLetter(t.Text) {
			hs = append(hs, t.Box.Dy())
		}
	}
	h := float64(median(hs))
	if h <= 0 {
		h = 20
	}
	sorted := append([]*token(nil), toks...)
	sort.SliceStable(sorted, func(i, j int) bool { return center(sorted[i].Box).Y < center(sorted[j].Box).Y })
	var lines []*line
	var cur *line
	n := 0.0
	for _, t := range sorted {
		cy := float64(center(t.Box).Y)
		if cur == nil || cy-cur.cy > 0.55*h {
			cur = &line{cy: cy}
			n = 0
			lines = append(lines, cur)
		}
		cur.toks = append(cur.toks, t)
		n++
		cur.cy += (cy - cur.cy) / n
	}
	for _, l := range lines {
		sort.SliceStable(l.toks, func(i, j int) bool { return l.toks[i].Box.Min.X < l.toks[j].Box.Min.X })
		for _, t := range l.toks {
			l.box = l.box.Union(t.Box)
		}
	}
	return lines
}

// capitals says s is a word of two or more letters, all capitals.
func capitals(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			n++
		}
	}
	return n >= 2
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func median(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int(nil), xs...)
	sort.Ints(s)
	return s[len(s)/2]
}

func labelItem(label string, aliases []string) item {
	it := item{words: len(strings.Fields(label))}
	for _, l := range append([]string{label}, aliases...) {
		k := fold(l)
		it.keys = append(it.keys, k)
		it.minScores = append(it.minScores, minScore(utf8.RuneCountInString(k)))
	}
	return it
}

// entryItems lists what the entry area prints, in order: header, headings,
// labels, signature captions.
func entryItems(f *form.Form) []item {
	var items []item
	slot := 0
	for _, s := range f.Header {
		it := labelItem(s.Label, s.Aliases)
		it.slot, it.formLn = slot, -1
		items = append(items, it)
		slot++
	}
	ln := 0
	for _, l := range f.Lines {
		if l.Section != "" {
			it := labelItem(l.Section, nil)
			it.slot, it.formLn, it.first = -1, ln, true
			items = append(items, it)
			ln++
		}
		if len(l.Slots) == 0 {
			continue
		}
		run := 1
		for i, s := range l.Slots {
			it := labelItem(s.Label, s.Aliases)
			it.slot, it.formLn, it.first = slot, ln, i == 0
			items = append(items, it)
			slot++
			run = max(run, s.RunLines())
		}
		ln += run
	}
	for _, c := range f.Signature {
		it := labelItem(c, nil)
		it.slot, it.formLn = -1, -1
		items = append(items, it)
	}
	return items
}

// sideItems lists what the right-hand column prints: tick options, then
// the "Ghi chú:" heading (and any further side slots).
func sideItems(f *form.Form, first int) []item {
	var items []item
	for i, s := range f.Side {
		if s.Type == "tick" {
			for _, o := range s.Options {
				it := labelItem(o, nil)
				it.slot, it.formLn, it.option = first+i, -1, o
				items = append(items, it)
			}
			continue
		}
		it := labelItem(s.Label, s.Aliases)
		it.slot, it.formLn = first+i, -1
		items = append(items, it)
	}
	return items
}

// minScore is how similar a window of words must be to a label to count,
// by the label's length: short labels must match exactly.
func minScore(n int) float64 {
	switch {
	case n <= 3:
		return 0.99
	case n <= 6:
		return 0.8
	case n <= 12:
		return 0.75
	}
	return 0.7
}

// candidates finds where item it may be printed. A long label may wrap: a
// window that reaches the end of a line may go on with the first words of
// the next.
func candidates(lines []*line, it item) []match {
	var out []match
	for li, l := range lines {
		for s := range l.toks {
			var b strings.Builder
			var next []*token
			if li+1 < len(lines) {
				next = lines[li+1].toks
			}
			for w := 1; w <= it.words+1; w++ {
				end, endLine := s+w, li
				var t *token
				switch {
				case end <= len(l.toks):
					t = l.toks[end-1]
				case end-len(l.toks) <= len(next) && it.words >= 4:
					endLine = li + 1
					t = next[end-len(l.toks)-1]
				default:
					continue
				}
				if w == 1 && it.words == 1 && it.slot >= 0 && end < len(l.toks) && capitals(t.Text) && capitals(l.toks[end].Text) {
					// A title in capitals ("SỔ ĐĂNG KÝ KHAI SINH") holds no
					// field's label ("Số:"), whatever its first word folds to.
					break
				}
				// Windows start at one word: OCR may glue a label's words
				// into one ("Đăngkýngày"), and a window of two would then
				// swallow the value after it.
				b.WriteString(t.key)
				got := b.String()
				best := bestScore(got, it)
				if endLine == li {
					out = append(out, stacked(lines, li, s, end, it, got)...)
				}
				if best > 0 {
					m := match{line: li, start: s, end: end, score: best}
					if endLine != li {
						m.endLine, m.end = endLine, end-len(l.toks)
					} else {
						m.endLine = li
					}
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// align matches items to places on the page, keeping reading order, so as
// to maximise the summed similarity. Items left unmatched get nil. Two
// labels of one printed line may stand in the other order on the page (an
// edition that prints "Quốc tịch: … Dân tộc: …"): a label may follow its
// line's sibling leftwards on the same page line, and what comes after
// must then follow both.
func align(lines []*line, items []item) []*match {
	type state struct {
		m     match
		front match // the rightmost match of the chain so far
		total float64
		item  int
		prev  *state
		held  []match // the chain's stacked labels that later ones may run into
	}
	before := func(a, b match) bool { return a.endLine < b.line || (a.endLine == b.line && a.end <= b.start) }
	swapped := func(p *state, i int, c match) bool {
		a, b := items[p.item], items[i]
		return a.formLn >= 0 && a.formLn == b.formLn && a.slot >= 0 && b.slot >= 0 &&
			p.m.line == p.m.endLine && c.line == c.endLine && c.line == p.m.line && c.end <= p.m.start &&
			p.front.at(p.m)
	}
	var states []*state
	var best *state
	for i, it := range items {
		var add []*state
		for _, c := range candidates(lines, it) {
			st := &state{m: c, front: c, total: c.score, item: i}
			if len(c.stack) > 0 {
				st.held = []match{c}
			}
			for _, p := range states {
				if p.total+c.score <= st.total || stackTakes(lines, c, p.held) {
					continue
				}
				switch {
				case before(p.front, c):
					st.total, st.prev, st.front = p.total+c.score, p, c
				case swapped(p, i, c):
					st.total, st.prev, st.front = p.total+c.score, p, p.front
				default:
					continue
				}
				st.held = stillHeld(p.held, c, c.line)
			}
			add = append(add, st)
			if best == nil || st.total > best.total {
				best = st
			}
		}
		states = append(states, add...)
	}
	out := make([]*match, len(items))
	for s := best; s != nil; s = s.prev {
		m := s.m
		out[s.item] = &m
	}
	return out
}

func markLabels(lines []*line, ms []*match) {
	for _, m := range ms {
		if m == nil {
			continue
		}
		for _, t := range m.toks(lines) {
			t.label = true
		}
	}
}

// labelBox returns the box of the label's last line: the value follows it.
// A stacked label's value starts beside its first line, right of its
// widest: its box is its first line's, as wide as the label.
func labelBox(lines []*line, m *match) image.Rectangle {
	var toks []*token
	if len(m.stack) > 0 {
		var u image.Rectangle
		for _, t := range m.toks(lines) {
			u = u.Union(t.Box)
		}
		b := labelBox(lines, &match{line: m.line, start: m.start, endLine: m.line, end: m.end})
		return image.Rect(u.Min.X, b.Min.Y, u.Max.X, b.Max.Y)
	}
	if m.endLine != m.line {
		toks = lines[m.endLine].toks[:m.end]
	} else {
		toks = lines[m.line].toks[m.start:m.end]
	}
	var u image.Rectangle
	for _, t := range toks {
		u = u.Union(t.Box)
	}
	return u
}
