package review

// diffMarks splits a against b into runs, marking the characters of a that
// are not in a longest common subsequence of the two: what a supervisor
// must look at when two keyings differ.
func diffMarks(a, b string) []Mark {
	ra, rb := []rune(a), []rune(b)
	// l[i][j] is the longest common subsequence of ra[i:] and rb[j:].
	l := make([][]int, len(ra)+1)
	for i := range l {
		l[i] = make([]int, len(rb)+1)
	}
	for i := len(ra) - 1; i >= 0; i-- {
		for j := len(rb) - 1; j >= 0; j-- {
			if ra[i] == rb[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var out []Mark
	add := func(r rune, differs bool) {
		if n := len(out); n > 0 && out[n-1].Unsure == differs {
			out[n-1].Text += string(r)
			return
		}
		out = append(out, Mark{Text: string(r), Unsure: differs})
	}
	i, j := 0, 0
	for i < len(ra) {
		switch {
		case j < len(rb) && ra[i] == rb[j]:
			add(ra[i], false)
			i, j = i+1, j+1
		case j < len(rb) && l[i][j+1] >= l[i+1][j]:
			j++
		default:
			add(ra[i], true)
			i++
		}
	}
	return out
}

// keyingMarks marks, for each of two keyings, where it differs from the
// other.
func keyingMarks(ks []string) [][]Mark {
	if len(ks) != 2 {
		return nil
	}
	return [][]Mark{diffMarks(ks[0], ks[1]), diffMarks(ks[1], ks[0])}
}
