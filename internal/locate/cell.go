package locate

import (
	"image"
	"math"
	"slices"
	"unicode/utf8"
)

// A table prints each label in a narrow cell, wrapped there over two or
// three lines ("Quan hệ với người / được khai sinh:"), and its value in the
// cell beside, from the label's first line down. Grouped by lines, such a
// label is broken by its value: its first words are followed by the
// value's, its last ones stand alone on the lines under it. It is found as
// one label when the words under its first line start where it starts and
// stay left of the value's cell: the label is stacked.

// seg is a run of one line's tokens, toks[start:end].
type seg struct{ line, start, end int }

// maxStack is how many lines under its first a stacked label may take:
// the longest label of our forms, in the narrowest cell seen (a quarter of
// the page at 12 pt), takes four lines.
const maxStack = 3

// stacked returns the places where item it is printed as a stacked label
// whose first line is tokens s..end of line li, head being their folded
// text.
func stacked(lines []*line, li, s, end int, it item, head string) []match {
	if it.words < 2 || !prefixOf(head, it) {
		return nil
	}
	l := lines[li]
	first := l.toks[s].Box
	if s > 0 && 5*(first.Min.X-l.toks[s-1].Box.Max.X) < 3*first.Dy() {
		return nil // not the first words of a cell: a word's space before them
	}
	right := math.MaxInt // the value's cell starts there
	if end < len(l.toks) {
		right = l.toks[end].Box.Min.X
	}
	var out []match
	var segs []seg
	var walk func(prev int, got string, n int)
	walk = func(prev int, got string, n int) {
		if len(segs) == maxStack {
			return
		}
		lj, k := under(lines, prev, first)
		if lj < 0 {
			return
		}
		toks := lines[lj].toks
		segs = append(segs, seg{line: lj, start: k})
		b, e := got, k
		for ; e < len(toks) && n+e-k < it.words+2 && toks[e].Box.Max.X <= right; e++ {
			b += toks[e].key
			segs[len(segs)-1].end = e + 1
			if sc := bestScore(b, it); sc > 0 {
				out = append(out, match{line: li, start: s, endLine: li, end: end, score: sc, stack: slices.Clone(segs)})
			}
		}
		if e > k && prefixOf(b, it) {
			walk(lj, b, n+e-k)
		}
		segs = segs[:len(segs)-1]
	}
	walk(li, head, end-s)
	return out
}

// under finds the line after line prev, within two and a half line
// heights of it, that has a token starting where box starts (left-aligned
// in one cell, to a third of a line's height: a glyph's side bearing): its
// index and the token's, or -1.
func under(lines []*line, prev int, box image.Rectangle) (int, int) {
	h := float64(box.Dy())
	tol := max(6, box.Dy()/3)
	for j := prev + 1; j < len(lines) && lines[j].cy-lines[prev].cy < 2.5*h; j++ {
		for k, t := range lines[j].toks {
			if d := t.Box.Min.X - box.Min.X; d >= -tol && d <= tol {
				return j, k
			}
		}
	}
	return -1, -1
}

// bestScore is the best similarity of got to one of it's keys that counts
// as found, or 0.
func bestScore(got string, it item) float64 {
	best := 0.0
	for i, k := range it.keys {
		if sc := similarityAtLeast(got, k, it.minScores[i]); sc > best {
			best = sc
		}
	}
	return best
}

// prefixOf says got is, as closely as a label must match, the beginning
// of one of it's keys, with something of the key left after it.
func prefixOf(got string, it item) bool {
	n := utf8.RuneCountInString(got)
	if n < 2 {
		return false
	}
	for i, k := range it.keys {
		// k's first n runes, found without converting k to runes (a key
		// is folded text: valid UTF-8).
		cut, runes := 0, 0
		for cut < len(k) && runes < n {
			_, size := utf8.DecodeRuneInString(k[cut:])
			cut, runes = cut+size, runes+1
		}
		if cut == len(k) {
			continue // nothing of k left after got
		}
		if similarityAtLeast(got, k[:cut], it.minScores[i]) > 0 {
			return true
		}
	}
	return false
}

// stackTakes says candidate c takes a token that one of the stacked
// labels held holds under its first line.
func stackTakes(lines []*line, c match, held []match) bool {
	cs := segsOf(lines, c)
	for _, m := range held {
		for _, a := range m.stack {
			for _, b := range cs {
				if a.line == b.line && b.start < a.end && a.start < b.end {
					return true
				}
			}
		}
	}
	return false
}

// segsOf returns the runs of tokens a match takes, line by line.
func segsOf(lines []*line, m match) []seg {
	if m.endLine != m.line {
		return []seg{{m.line, m.start, len(lines[m.line].toks)}, {m.endLine, 0, m.end}}
	}
	return append([]seg{{m.line, m.start, m.end}}, m.stack...)
}

// lastLine is the last line a match takes.
func (m *match) lastLine() int {
	last := m.endLine
	for _, sg := range m.stack {
		last = max(last, sg.line)
	}
	return last
}

// stillHeld returns the stacked labels of held, and c if it is one, that
// take a line at or under line: those a later candidate may run into.
func stillHeld(held []match, c match, line int) []match {
	var out []match
	for _, m := range held {
		if m.lastLine() >= line {
			out = append(out, m)
		}
	}
	if len(c.stack) > 0 {
		out = append(out, c)
	}
	return out
}

// cellBelow returns the lines under a value's first, box, that go on in
// its cell: a value wrapped in a table's narrow cell ("UBND phường Bình /
// Thới"), or beside a stacked label. It looks only where the value is
// bounded by a cell (cell: printed text stands right of it) or its label
// is stacked (own holds words on more than one line). A line goes on in
// the cell when it lies within a line and a half under the last, nothing
// but the label's own words stands left of the cell on it, and its first
// word there is no label's and starts where the value's first word starts.
func cellBelow(lines []*line, box image.Rectangle, own []*token, cell bool, g geo, used map[*token]bool) []image.Rectangle {
	if !cell && !spansLines(own) {
		return nil
	}
	var first *token
	for _, l := range lines {
		for _, t := range l.toks {
			if !t.label && !used[t] && center(t.Box).In(box) && (first == nil || t.Box.Min.X < first.Box.Min.X) {
				first = t
			}
		}
	}
	if first == nil {
		return nil
	}
	tol := max(6, first.Box.Dy()/3)
	half := g.lead / 2
	cy := float64(center(box).Y)
	var out []image.Rectangle
	for len(out) < maxStack {
		var next *line
		for _, l := range lines {
			if l.cy > cy+g.lead/3 && l.cy < cy+1.6*g.lead && (next == nil || l.cy < next.cy) {
				next = l
			}
		}
		if next == nil || !goesOn(next, box.Min.X, first.Box.Min.X, tol, own, used) {
			break
		}
		cy = next.cy
		out = append(out, image.Rect(box.Min.X, int(cy-half), box.Max.X, int(cy+half)))
	}
	return out
}

// goesOn says line l holds nothing left of x0 but the label's own words,
// and that its first word right of x0 is a free word starting at x, to
// tol.
func goesOn(l *line, x0, x, tol int, own []*token, used map[*token]bool) bool {
	for _, t := range l.toks {
		if center(t.Box).X < x0 {
			if !slices.Contains(own, t) {
				return false
			}
			continue
		}
		d := t.Box.Min.X - x
		return !t.label && !used[t] && d >= -tol && d <= tol
	}
	return false
}

// spansLines says the tokens stand on more than one line.
func spansLines(toks []*token) bool {
	for _, t := range toks {
		if center(t.Box).Y > toks[0].Box.Max.Y {
			return true
		}
	}
	return false
}
