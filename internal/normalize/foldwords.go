package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FoldWords returns the words of FoldKey(s), its runs of letters and
// digits, joined by single spaces: "Nguyễn  Thị-Nhàn" becomes "nguyen thi
// nhan". It is how a name is kept in a search index, computed for every
// person of every record a bulk load writes, so a name made only of Latin
// letters, digits and single spaces (nearly every name) is folded in one
// pass; anything else goes the long way, through FoldKey.
func FoldWords(s string) string {
	if w, ok := foldPlainWords(s); ok {
		return w
	}
	return strings.Join(words(FoldKey(s)), " ")
}

// foldPlainWords folds s rune by rune when it holds only letters of the
// Latin blocks fold's tables cover (every string of them is in NFC: none
// composes with its neighbour, TestFoldWordsPairs), ASCII digits and single
// spaces between words, which clean and FoldKey's trimming leave as they
// are; it reports false for anything else.
func foldPlainWords(s string) (string, bool) {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return "", false
	}
	foldOnce.Do(buildFoldTable)
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return "", false
			}
			space = true
			b = append(b, ' ')
			continue
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
		case r >= 0xC0 && r < 0xC0+rune(len(foldLatin)) && unicode.IsLetter(r):
			f := foldLatin[r-0xC0]
			if !unicode.IsLetter(f) {
				return "", false
			}
			b = utf8.AppendRune(b, f)
		case r >= 0x1E00 && r < 0x1F00 && unicode.IsLetter(r):
			f := foldExt[r-0x1E00]
			if !unicode.IsLetter(f) {
				return "", false
			}
			b = utf8.AppendRune(b, f)
		default:
			return "", false
		}
		space = false
	}
	return string(b), true
}
