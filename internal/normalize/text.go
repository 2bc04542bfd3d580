package normalize

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C.
func NFC(s string) string { return norm.NFC.String(s) }

// clean makes a raw reading safe and tidy: invalid UTF-8 dropped, NFC,
// control and odd space characters turned into plain spaces, runs of leader
// dots turned into a space, single spaces, and leader characters trimmed at
// both ends. It keeps every letter and digit as read.
func clean(raw string) string {
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, " ")
	}
	raw = norm.NFC.String(raw)
	var b strings.Builder
	b.Grow(len(raw))
	space, dots := true, 0 // space: last written rune was a space (or nothing yet)
	flushDots := func() {
		if dots == 1 {
			b.WriteByte('.')
			space = false
		} else if dots > 1 && !space {
			// A run of dots is a dotted leader, not punctuation: it separates.
			b.WriteByte(' ')
			space = true
		}
		dots = 0
	}
	for _, r := range raw {
		switch {
		case r == '.':
			dots++
			continue
		case r == '…' || r == '‥':
			dots += 2
			continue
		}
		flushDots()
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			// zero-width characters and soft hyphens carry nothing
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		default:
			b.WriteRune(r)
			space = false
		}
	}
	flushDots()
	return strings.TrimFunc(b.String(), isLeader)
}

// isLeader reports whether r may be part of the dotted leader line or the
// punctuation OCR glues to either end of a value.
func isLeader(r rune) bool {
	switch r {
	case ' ', '.', '…', '_', '-', '–', '—', '·', ':', '•', ',', ';', '‥', '=', '~', '*', '|', '¦':
		return true
	}
	return false
}

// blank reports whether s holds no letter and no digit: nothing was written.
func blank(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// fold lower-cases s and removes Vietnamese diacritics (đ becomes d); other
// characters are kept, and combining marks are dropped so that NFD input
// folds like NFC. It works rune by rune from a table, without normalising
// the whole string, because every reading passes through it.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	foldOnce.Do(buildFoldTable)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xC0 && r < 0xC0+rune(len(foldLatin)):
			b.WriteRune(foldLatin[r-0xC0])
		case r >= 0x1E00 && r < 0x1F00:
			b.WriteRune(foldExt[r-0x1E00])
		case unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

var (
	foldOnce  sync.Once
	foldLatin [0x250 - 0xC0]rune // U+00C0..U+024F folded
	foldExt   [0x100]rune        // U+1E00..U+1EFF (Latin Extended Additional: ạ ả ấ …)
)

// buildFoldTable folds each precomposed Latin letter to its lower-case base
// letter; đ and its look-alikes become d.
func buildFoldTable() {
	one := func(r rune) rune {
		switch r {
		case 'đ', 'Đ', 'ð', 'Ð', 'Ɖ', 'ɖ':
			return 'd'
		}
		d := []rune(norm.NFD.String(string(r)))
		for _, m := range d[1:] {
			if !unicode.Is(unicode.Mn, m) {
				return unicode.ToLower(r)
			}
		}
		return unicode.ToLower(d[0])
	}
	for i := range foldLatin {
		foldLatin[i] = one(rune(0xC0 + i))
	}
	for i := range foldExt {
		foldExt[i] = one(rune(0x1E00 + i))
	}
}

// FoldKey returns an accent-folded, lower-case search key with single
// spaces: "Nguyễn Thị Nhàn" becomes "nguyen thi nhan", đ becomes d.
func FoldKey(s string) string {
	// Trim again after folding: a combining mark that fold drops may have
	// kept leader punctuation away from the end clean trimmed.
	return strings.Join(strings.Fields(strings.TrimFunc(fold(clean(s)), isLeader)), " ")
}

// matchKey is the key vocabularies are matched on: folded, with everything
// but letters and digits removed, so "Khơ-me", "Khơ Me" and "KHƠME" meet.
func matchKey(s string) string {
	f := fold(clean(s))
	var b strings.Builder
	b.Grow(len(f))
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// words splits folded text into its runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// titleWord upper-cases the first letter of w and lower-cases the rest.
func titleWord(w string) string {
	// Cased as letter and marks apart: "İ" is I with a dot above, which
	// lower-cased whole would lose its dot.
	w = strings.ToLower(norm.NFD.String(w))
	for i, r := range w {
		if unicode.IsLetter(r) {
			// A change of case can leave a letter and its mark composable:
			// "J̌" has no capital form, but lower-cased it is "ǰ".
			return NFC(w[:i] + string(unicode.ToUpper(r)) + w[i+utf8.RuneLen(r):])
		}
	}
	return NFC(w)
}

// sentenceCase upper-cases the first letter of s and lower-cases the rest.
func sentenceCase(s string) string { return titleWord(s) }

// EditDistance is the Levenshtein distance between a and b, counted in
// runes, giving up early (returning max+1) once it must exceed max.
func EditDistance(a, b string, max int) int {
	if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d > max || -d > max {
		return max + 1
	}
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			if v := prev[j] + 1; v < c {
				c = v
			}
			if v := cur[j-1] + 1; v < c {
				c = v
			}
			cur[j] = c
			if c < best {
				best = c
			}
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
