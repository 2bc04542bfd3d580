package normalize

import (
	"strings"
	"unicode"

	"github.com/civreg/civreg/registry"
)

// digitGroup reports whether values of type t are numbers at heart (dates,
// IDs, entry and papers' numbers, times), where a letter read among the
// digits is a misreading the normaliser may undo but not vouch for.
func digitGroup(t registry.ValueType) bool {
	switch t {
	case registry.TypeDate, registry.TypeYear, registry.TypeNumber, registry.TypeDecision,
		registry.TypeDocNumber, registry.TypePersonalID, registry.TypeIDDocument, registry.TypeDeathTime:
		return true
	}
	return false
}

// OtherDigits reports two readings of a value of type t, a number at
// heart, with as many digits (four or more) and not the same ones.
func OtherDigits(t registry.ValueType, a, b string) bool {
	if !digitGroup(t) {
		return false
	}
	da, db := digitsOf(a), digitsOf(b)
	return len(da) >= 4 && len(da) == len(db) && da != db
}

// digitsOf returns the ASCII digits of s, in order.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// slipLetters are the letters Tesseract reads for digits, which the
// normalisers turn back into digits inside a number ("2O13", "l5",
// "0293946I1").
const slipLetters = "oOlIi|ZzSB"

// digitSlips returns the first token of s that is digits and letters that
// stand for digits, with at least one of each ("2O13"), or "" when every
// number was read as digits. Tokens are split at spaces and at the
// separators of dates, times and numbers. A letter counts with its marks
// folded away, as the date parser reads it: "197ó" is 1970 there.
func digitSlips(s string) string {
	toks := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("/.-:,;–—()", r)
	})
	for _, tok := range toks {
		digits, slips := 0, 0
		for _, r := range fold(tok) {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune(slipLetters, r):
				slips++
			default:
				digits, slips = 0, -1
			}
			if slips < 0 {
				break
			}
		}
		if digits > 0 && slips > 0 {
			return tok
		}
	}
	return ""
}

// valueSlip is digitSlips for a reading of type t that normalised to
// value. An identity paper's value is its number alone: a slip in the
// date of issue read beside it ("cấp ngày 17/9/201ó") mended nothing
// the value holds, so only a slip in the number counts there.
func valueSlip(t registry.ValueType, s, value string) string {
	slip := digitSlips(s)
	if slip == "" || t != registry.TypeIDDocument {
		return slip
	}
	digits := strings.NewReplacer("o", "0", "l", "1", "i", "1", "|", "1", "z", "2", "s", "5", "b", "8").Replace(fold(slip))
	if strings.Contains(value, digits) {
		return slip
	}
	return ""
}

// dateWords are the words a date or a time of death is written with: the
// parts' names, the times of day, and the words before a date on a
// register's line.
var dateWords = wordSet("ngày tháng năm mùng mồng sinh giờ phút lúc vào hồi khoảng sáng trưa chiều tối đêm h đăng ký số")

// wordSet makes a set of the words of s, as written and folded.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
		m["~"+fold(w)] = true
	}
	return m
}

// strayWord returns the first word of s, letters only, that no date or
// time is written with ("Nam" after "năm 1990": the sex from the next
// field), or "". A word read without its marks counts as the date's when
// it is in lower case ("nam 1990"); "Nam" in capitals is the sex.
func strayWord(s string) string {
	for _, tok := range strings.Fields(s) {
		w := strings.Trim(tok, ".,:;-()/")
		if w == "" || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			continue // digits, "15h30", punctuation: the parsers' to judge
		}
		lower := strings.ToLower(w)
		if dateWords[NFC(lower)] || lower == w && dateWords["~"+fold(w)] {
			continue
		}
		return tok
	}
	return ""
}
