package normalize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// yearLookalikes are what Tesseract reads for a digit of a year.
var yearLookalikes = map[rune]rune{'Z': '2', 'z': '2', 'O': '0', 'o': '0', 'Ø': '0', 'Q': '0', 'D': '0',
	'I': '1', 'l': '1', 'Í': '1', 'Ì': '1', 'i': '1', '|': '1', ']': '1', 'S': '5', 's': '5', 'B': '8', 'g': '9'}

// BookYear mends the year of a registration date read as raw with the
// year of the book it is registered in (a book holds one year's entries:
// ledgers.md). The year is replaced only where the reading is that year
// misread: three to five characters, digits or letters that look like
// them, no more than two of them off ("1965", "Z012", "20/2" in a book of
// 1985 or 2012). A year read as another plausible year, or a date with no
// year, is left for the rules to question. It returns the mended reading
// and the year as read, or raw and "" when nothing was changed.
func BookYear(raw string, year int) (string, string) {
	if year < 1000 || year > 9999 {
		return raw, ""
	}
	want := strconv.Itoa(year)
	// The year is what follows the last "năm", or the last part of a
	// numeric date.
	start := -1
	ws := strings.Fields(raw)
	for i, w := range ws {
		if fold(strings.Trim(w, ".,:;")) == kwYear {
			start = i + 1
		}
	}
	var head, tail string
	switch {
	case start > 0 && start < len(ws):
		head, tail = strings.Join(ws[:start], " ")+" ", strings.Join(ws[start:], "")
	case start < 0 && len(ws) > 0:
		last := ws[len(ws)-1]
		i := strings.LastIndexAny(last, "/.-⁄")
		if i < 0 {
			return raw, ""
		}
		_, size := utf8.DecodeRuneInString(last[i:])
		head = strings.Join(append(ws[:len(ws)-1:len(ws)-1], last[:i+size]), " ")
		tail = last[i+size:]
	default:
		return raw, ""
	}
	tail = strings.TrimRight(tail, ".,;:")
	n := utf8.RuneCountInString(tail)
	if n < 3 || n > 5 || tail == want {
		return raw, ""
	}
	var digits []rune
	for _, r := range tail {
		switch {
		case unicode.IsDigit(r):
			digits = append(digits, r)
		case yearLookalikes[r] != 0:
			digits = append(digits, yearLookalikes[r])
		default:
			digits = append(digits, '?')
		}
	}
	if off := digitDistance(string(digits), want); off > 2 {
		return raw, ""
	}
	return head + want, tail
}

// digitDistance is the edit distance between two short strings.
func digitDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
