package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/civreg/civreg/registry"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

//go:embed common-passwords.txt
var commonText string

// common is the set of refused passwords, folded.
var common = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[fold(line)] = true
		}
	}
	return m
})

// fold lower-cases s, drops its accents (đ as d) and everything that is
// not a letter or digit, so that "Mật khẩu 123" meets "matkhau123".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, s)
	s = strings.NewReplacer("đ", "d", "Đ", "d").Replace(strings.ToLower(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// CheckNewPassword returns EINVALID, saying why in one line, for a
// password that is too short or too long, among the common ones, little
// more than the user's name, or of fewer than four different characters.
func CheckNewPassword(name, pw string) error {
	if err := CheckPassword(pw); err != nil {
		return err
	}
	f := fold(pw)
	distinct := map[rune]bool{}
	for _, r := range f {
		distinct[r] = true
	}
	switch n := fold(name); {
	case common()[f]:
		return registry.Errorf(registry.EINVALID, "the password is among the most common ones: choose another")
	case n != "" && utf8.RuneCountInString(strings.ReplaceAll(f, n, "")) < 6:
		return registry.Errorf(registry.EINVALID, "the password is little more than the user name")
	case len(distinct) < 4:
		return registry.Errorf(registry.EINVALID, "the password needs at least four different characters")
	}
	return nil
}
