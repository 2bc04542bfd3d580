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
	d := normalize.EditDistance(a, b, limit)
	if d > limit {
		return 0
	}
	return 1 - float64(d)/float64(n)
}
