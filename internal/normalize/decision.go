package normalize

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/civreg/civreg/registry"
)

// decisionRe is a decision's number as read, after the repairs in
// Decision: the number, the year it may carry, "QĐ" and the issuing
// body ("125/QĐ-UBND", "369/2012/QĐ-UBND", "590/QĐ").
var decisionRe = regexp.MustCompile(`^(\d{1,5}) ?/? ?(?:((?:19|20)\d\d) ?/? ?)?QĐ(?: ?[-:.–—]? ?([A-Za-zĐđ]{2,8}))?$`)

// zeroD is "QĐ" after a slash as a model without Vietnamese letters reads it.
var zeroD = regexp.MustCompile(`/ ?[0O]D\b`)

// Decision reads the number of a decision (quyết định), as printed in a
// recognition entry: "Số" before it is dropped, and what Tesseract does
// to one is undone where nothing else could be meant: "Ð" (the Icelandic
// letter) or a doubled "ĐÐ" for "Đ", "QD", "0D" or "OD" for "QĐ", the fraction slash
// for "/", a slash or hyphen lost or read as a space or colon
// ("590QĐ", "QĐ UBND"), and a stray mark after it. The result is written
// "N[/YYYY]/QĐ[-BODY]", the body as printed ("QĐ-TTg").
func Decision(s string) (string, error) {
	t := strings.NewReplacer("Ð", "Đ", "Ɖ", "Đ", "ð", "đ", "⁄", "/", "∕", "/").Replace(s)
	if end := strings.TrimRight(t, " ."); strings.HasSuffix(end, "-") || strings.HasSuffix(end, "–") || strings.HasSuffix(end, "—") {
		// "180/QĐ-": the issuing body after the dash was lost (a
		// region's edge, a faint word); "180/QĐ" alone is written too,
		// but never with its dash.
		return "", registry.Errorf(registry.EINVALID, "số quyết định có thể bị cắt sau dấu gạch: %q", short(s))
	}
	t = strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if ws := strings.Fields(t); len(ws) > 1 {
		if f := strings.Trim(fold(ws[0]), ".:"); f == "so" || f == "no" {
			t = strings.Join(ws[1:], " ")
		}
	}
	t = strings.Join(strings.Fields(t), " ")
	for strings.Contains(t, "ĐĐ") {
		t = strings.ReplaceAll(t, "ĐĐ", "Đ")
	}
	t = strings.Replace(t, "QD", "QĐ", 1)
	// A model without Vietnamese letters reads "QĐ" as "0D" or "OD".
	t = zeroD.ReplaceAllString(t, "/QĐ")
	m := decisionRe.FindStringSubmatch(t)
	if m == nil {
		return "", registry.Errorf(registry.EINVALID, "không phải số quyết định (số/QĐ-cơ quan): %q", short(s))
	}
	if cutBody(m[3]) {
		return "", registry.Errorf(registry.EINVALID, "số quyết định có thể bị cắt (cơ quan %q): %q", m[3], short(s))
	}
	if b := nearBody(m[3]); b != "" {
		return "", registry.Errorf(registry.EINVALID, "cơ quan %q có thể là %q đọc sai: %q", m[3], b, short(s))
	}
	out := m[1]
	if m[2] != "" {
		out += "/" + m[2]
	}
	out += "/QĐ"
	if m[3] != "" {
		out += "-" + m[3]
	}
	return out, nil
}

// docPart is one part of a paper's number after the first: a year, or the
// code of the paper or of its issuer ("GBT", "BV", "UBND-TP").
var docPart = regexp.MustCompile(`^(?:(?:19|20)\d\d|[A-ZĐ]{1,8}(?:-[A-ZĐ]{1,8})*)$`)

// DocNumber reads the number of a paper other than a decision, as a
// death notice's ("Giấy báo tử số"): digits, then parts after slashes, each
// a year or an upper-case code ("117/GBT", "340/2018/GBT", "475"). "Số"
// before it is dropped and spaces around the slashes go; anything else,
// a letter among the digits included ("12Z7/BV"), is not such a number.
func DocNumber(s string) (string, error) {
	t := strings.NewReplacer("⁄", "/", "∕", "/", "Ð", "Đ").Replace(s)
	t = strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if ws := strings.Fields(t); len(ws) > 1 {
		if f := strings.Trim(fold(ws[0]), ".:"); f == "so" || f == "no" {
			t = strings.Join(ws[1:], " ")
		}
	}
	parts := strings.Split(strings.Join(strings.Fields(t), ""), "/")
	bad := len(parts[0]) == 0 || len(parts[0]) > 6 || strings.TrimFunc(parts[0], unicode.IsDigit) != ""
	for _, p := range parts[1:] {
		bad = bad || !docPart.MatchString(p)
	}
	if bad {
		return "", registry.Errorf(registry.EINVALID, "không phải số giấy tờ (số/năm/ký hiệu): %q", short(s))
	}
	return strings.Join(parts, "/"), nil
}

// decisionBodies are the issuing bodies of data/decision-bodies.txt.
var decisionBodies = sync.OnceValue(func() []string {
	var out []string
	for _, l := range dataLines(decisionBodiesTXT) {
		out = append(out, strings.TrimSpace(l[0]))
	}
	return out
})

// nearBody returns the known issuing body of three letters or more that
// body differs from by one letter in place ("UBNI" for UBND: a letter
// misread), or "".
func nearBody(body string) string {
	if slices.ContainsFunc(decisionBodies(), func(b string) bool { return strings.EqualFold(b, body) }) {
		return ""
	}
	for _, b := range decisionBodies() {
		if len(b) < 3 || len(b) != len(body) || strings.EqualFold(b, body) {
			continue
		}
		diff := 0
		for i := range len(b) {
			if !strings.EqualFold(b[i:i+1], body[i:i+1]) {
				diff++
			}
		}
		if diff == 1 {
			return b
		}
	}
	return ""
}

// cutBody reports whether body is the start of a known issuing body but
// none itself ("UBN" for UBND): the reading was cut short.
func cutBody(body string) bool {
	if body == "" {
		return false
	}
	short := false
	for _, b := range decisionBodies() {
		switch {
		case strings.EqualFold(b, body):
			return false
		case len(body) < len(b) && strings.EqualFold(b[:len(body)], body):
			short = true
		}
	}
	return short
}
