package locate

import (
	"unicode/utf8"

	"github.com/civreg/civreg/internal/normalize"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold lower-cases s, strips diacritics (đ → d) and keeps letters and digits
// only, so that "Ghỉ chú:" and "Ghi chú" compare equal.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isLeader reports whether r is part of a dotted or ruled leader line.
func isLeader(r rune) bool {
	switch r {
	case '.', '…', '_', '·', '‥', '•', '∙', '˙', '-', '—', '–':
		return true
	}
	return false
}

// isDot reports whether r is a mark that is only ever leader, never value,
// at the end of a word. A single full stop is not: it ends abbreviations
// ("TP. Hồ Chí Minh").
func isDot(r rune) bool { return isLeader(r) && r != '-' && r != '—' && r != '–' && r != '.' }

// stripLeaders removes runs of two or more leader marks anywhere in s, and
// dots at its ends, so "tên:......" reads "tên:" and "....27.9.2003...."
// reads "27.9.2003"; commas and colons stay.
func stripLeaders(s string) string {
	rs := []rune(s)
	var out []rune
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && isLeader(rs[j]) {
			j++
		}
		if j-i >= 2 {
			out = append(out, ' ')
			i = j
			continue
		}
		if j == i {
			j = i + 1
		}
		out = append(out, rs[i:j]...)
		i = j
	}
	t := strings.TrimFunc(string(out), func(r rune) bool { return isDot(r) || unicode.IsSpace(r) })
	// A comma, colon or dot cannot start a value: it is the label's, or noise.
	t = strings.TrimLeft(t, ",;:. ")
	return strings.Join(strings.Fields(t), " ")
}

// similarityAtLeast is how alike a and b are (1 minus their edit distance
// in runes over the longer length) when that is at least min, and 0
// otherwise. It bounds the edit distance by what min allows, so that the
// many hopeless pairs of a page cost little: label matching compares every
// run of words on the page with every label of every form.
func similarityAtLeast(a, b string, min float64) float64 {
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	if n == 0 {
		return 1
	}
	limit := int((1-min)*float64(n) + 1e-9)
	d := boundedDistance(a, b, limit)
	if d > limit {
		return 0
	}
	return 1 - float64(d)/float64(n)
}

// boundedDistance is normalize.EditDistance(a, b, k) for the folded keys
// the locator compares, which are nearly always ASCII: on bytes, with no
// allocation; by Myers' bit-parallel algorithm when one key fits a machine
// word (bandDistance otherwise). Like EditDistance it returns the distance
// when that is at most k and a larger number otherwise.
func boundedDistance(a, b string, k int) int {
	const maxLen = 127
	if len(a) > maxLen || len(b) > maxLen || k < 0 || !isASCII(a) || !isASCII(b) {
		return normalize.EditDistance(a, b, k)
	}
	if len(a)-len(b) > k || len(b)-len(a) > k {
		return k + 1
	}
	if len(a) > 64 {
		a, b = b, a // the distance is symmetric
	}
	if len(a) > 64 {
		return bandDistance(a, b, k)
	}
	return min(myersDistance(a, b, k), k+1)
}

// myersDistance is the edit distance between ASCII strings a (at most 64
// bytes) and b, or more than k when that is more than k: Myers' bit-vector
// algorithm (1999) in Hyyrö's form for the whole of both strings (2001),
// which keeps a column of the edit matrix as bits of one word each,
// +1 and −1 steps down the column, and so takes a handful of word
// operations per byte of b where the matrix takes len(a) cells.
func myersDistance(a, b string, k int) int {
	n, m := len(a), len(b)
	if n == 0 {
		return m
	}
	var peq [128]uint64 // peq[c]: the positions in a holding c
	for i := 0; i < n; i++ {
		peq[a[i]] |= 1 << i
	}
	last := uint64(1) << (n - 1)
	pv, mv := ^uint64(0), uint64(0)
	score := n // the matrix's last row, cell by cell: the distance from a to b[:j+1]
	for j := 0; j < m; j++ {
		eq := peq[b[j]&0x7f]
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&last != 0 {
			score++
		} else if mh&last != 0 {
			score--
		}
		// The first row is 0, 1, 2, …: each step across adds one.
		ph = ph<<1 | 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		// The bytes left can bring the distance down by one each at most.
		if score-(m-1-j) > k {
			return k + 1
		}
	}
	return score
}

// bandDistance is boundedDistance for ASCII strings of up to 127 bytes,
// the longer's length at most k from the shorter's: the edit matrix only
// along the diagonal band of width 2k+1 where a distance of at most k can
// run.
func bandDistance(a, b string, k int) int {
	const maxLen = 127
	n, m := len(a), len(b)
	over := int32(k + 1)
	var rows [2][maxLen + 2]int32
	prev, cur := &rows[0], &rows[1]
	for j := 0; j <= m; j++ {
		prev[j] = min(int32(j), over)
	}
	prev[min(m, k)+1] = over
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-k), min(m, i+k)
		cur[lo-1] = over
		if lo == 1 {
			cur[0] = min(int32(i), over)
		}
		rowMin := cur[lo-1]
		ai := a[i-1]
		for j := lo; j <= hi; j++ {
			c := prev[j-1]
			if ai != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1, over)
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		// The cell right of the band reads as out of reach in the next row.
		cur[hi+1] = over
		if rowMin > int32(k) {
			return k + 1
		}
		prev, cur = cur, prev
	}
	return int(prev[m])
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
