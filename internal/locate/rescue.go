package locate

// rescue finds the labels the ordered alignment left unmatched where a
// page's edition prints them out of our layout's order: two labels of one
// line swapped ("Quốc tịch: … Dân tộc: …"), a label moved to the line
// before or after. Each is looked for between the lines of the matched
// labels before and after it in form order (a line of slack either side),
// on words no label holds, and only labels of two words or more are
// rescued: a single word ("ngày", "Trang") is a word values use too.
func rescue(lines []*line, items []item, ms []*match) {
	held := map[*token]bool{}
	for _, m := range ms {
		if m != nil {
			for _, t := range m.toks(lines) {
				held[t] = true
			}
		}
	}
	for i, it := range items {
		if ms[i] != nil || it.slot < 0 || it.words < 2 {
			continue
		}
		lo, hi := window(items, ms, i, len(lines))
		var best *match
		for _, c := range candidates(lines, it) {
			if c.line < lo || c.endLine > hi || overlaps(c, lines, held) {
				continue
			}
			if best == nil || c.score > best.score {
				best = &c
			}
		}
		if best != nil {
			ms[i] = best
			for _, t := range best.toks(lines) {
				held[t] = true
			}
		}
	}
}

// window returns the lines between which item i's label may be: from the
// line before the nearest matched entry item before it to the line after
// the nearest matched one after it.
func window(items []item, ms []*match, i, n int) (lo, hi int) {
	lo, hi = 0, n-1
	for j := i - 1; j >= 0; j-- {
		if ms[j] != nil && items[j].formLn >= 0 {
			lo = max(0, ms[j].line-1)
			break
		}
	}
	for j := i + 1; j < len(items); j++ {
		if ms[j] != nil && items[j].formLn >= 0 {
			hi = min(n-1, ms[j].endLine+1)
			break
		}
	}
	return lo, hi
}

// overlaps reports whether a candidate takes a word a label holds.
func overlaps(c match, lines []*line, held map[*token]bool) bool {
	for _, t := range c.toks(lines) {
		if held[t] {
			return true
		}
	}
	return false
}
