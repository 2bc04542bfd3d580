package normalize

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/civreg/civreg/registry"
)

// Name returns a person's name as stored: NFC, single spaces, leader dots
// and stray punctuation gone, each word in Vietnamese title case
// ("NGUYỄN THỊ NHÀN" becomes "Nguyễn Thị Nhàn").
func Name(raw string) string {
	s := clean(raw)
	ws := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '\'' && r != '’' && r != '-') || unicode.IsSymbol(r)
	})
	out := ws[:0]
	for _, w := range ws {
		w = strings.Trim(w, "-'’")
		if w == "" {
			continue
		}
		parts := strings.Split(w, "-")
		for i, p := range parts {
			parts[i] = titleWord(p)
		}
		out = append(out, strings.Join(parts, "-"))
	}
	return strings.Join(out, " ")
}

// syllable matches one folded Vietnamese syllable: an optional onset, one
// to three vowels, an optional coda.
var syllable = regexp.MustCompile(`^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$`)

// isToneMark reports whether r is one of the five combining tone marks of
// Vietnamese (NFD).
func isToneMark(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// vietWord reports whether w (any case, NFC) can be a Vietnamese syllable:
// letters only, the shape of a syllable, at most one tone mark.
func vietWord(w string) bool {
	tones := 0
	for _, r := range norm.NFD.String(w) {
		if isToneMark(r) {
			tones++
		}
	}
	return tones <= 1 && syllable.MatchString(fold(w))
}

// checkName says whether a normalised name looks like a Vietnamese full
// name, and if not, why.
func checkName(n string) (bool, string) {
	if n == "" {
		return false, "trống"
	}
	ws := strings.Fields(n)
	for _, w := range ws {
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != '-' && r != '\'' && r != '’' {
				return false, "tên có ký tự lạ: " + w
			}
		}
	}
	for _, w := range ws {
		for _, p := range strings.Split(w, "-") {
			if !vietWord(p) {
				return false, "không giống tên tiếng Việt: " + w
			}
		}
	}
	if len(ws) == 1 {
		return true, "tên chỉ có một chữ"
	}
	return true, ""
}

// Sex normalises a reading of Giới tính to "Nam" or "Nữ".
func Sex(raw string) (string, error) {
	s := clean(raw)
	switch matchKey(s) {
	case "nam", "namgioi", "trai", "male":
		return "Nam", nil
	case "nu", "nugioi", "gai", "female":
		return "Nữ", nil
	case "":
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	return "", registry.Errorf(registry.EINVALID, "giới tính không rõ: %q", short(s))
}

// middleWords returns the words between the surname and the given name.
func middleWords(name string) []string {
	ws := strings.Fields(FoldKey(name))
	if len(ws) < 3 {
		return nil
	}
	return ws[1 : len(ws)-1]
}

var (
	surnameOnce sync.Once
	surnames    map[string]string // folded → surname; "" when two surnames fold alike
)

// repairSurname gives a name's first word the accents of the one surname of
// data/surnames.txt with the same letters. It returns the name and, when it
// changed it, a note for the reviewer.
func repairSurname(name string) (string, string) {
	surnameOnce.Do(func() {
		surnames = map[string]string{}
		for _, r := range dataLines(surnamesTXT) {
			s := NFC(strings.TrimSpace(r[0]))
			k := fold(s)
			if _, dup := surnames[k]; dup {
				surnames[k] = ""
			} else {
				surnames[k] = s
			}
		}
	})
	first, rest, _ := strings.Cut(name, " ")
	if rest == "" {
		return name, ""
	}
	want := surnames[fold(first)]
	if want == "" || want == first {
		return name, ""
	}
	return want + " " + rest, "họ đọc là " + first + ", sửa dấu thành " + want
}
