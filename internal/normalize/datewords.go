package normalize

import (
	"strconv"

	"github.com/civreg/civreg/registry"
)

// DateInWords parses a date written in words, the inverse of
// FormatDateInWords: "Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm
// bốn mươi tám" gives "1948-06-26". It accepts nghìn/ngàn, linh/lẻ (or
// neither: "hai nghìn lẻ tám", "hai nghìn mười lăm"), mốt, lăm/năm, tư/bốn,
// "mùng"/"mồng" before the day, the month names giêng and chạp, commas or
// none, any case, NFC or NFD, and accents lost to OCR. A date without a day
// keeps month precision.
func DateInWords(raw string) (string, error) {
	v, err := parseDateWords(clean(raw))
	if err != nil {
		return "", err
	}
	return v.iso(), nil
}

// wordsFiller are label remnants that may precede a date in words.
var wordsFiller = map[string]bool{"ghi": true, "bang": true, "chu": true}

// parseDateWords parses a cleaned date in words.
func parseDateWords(s string) (ymd, error) {
	loadVocab()
	if blank(s) {
		return ymd{}, registry.Errorf(registry.EINVALID, "trống")
	}
	toks := words(fold(s))
	i := 0
	for i < len(toks) && wordsFiller[toks[i]] {
		i++
	}
	if i < len(toks) && hasRole(toks[i], "day") {
		i++
	}
	t := -1
	for j := i; j < len(toks); j++ {
		if hasRole(toks[j], "month-kw") {
			t = j
			break
		}
	}
	var v ymd
	if t < 0 {
		// A year alone: "năm một nghìn chín trăm bốn mươi tám".
		if i < len(toks) && hasRole(toks[i], "year-kw") {
			if y, ok := parseNumWords(toks[i+1:]); ok {
				v.y = y
				return v, v.check()
			}
		}
		return v, registry.Errorf(registry.EINVALID, "không đọc được ngày bằng chữ: %q", short(s))
	}
	dayToks := toks[i:t]
	for len(dayToks) > 0 && hasRole(dayToks[0], "dayprefix") {
		dayToks = dayToks[1:]
	}
	rest := toks[t+1:]
	found := false
	for j := 1; j < len(rest); j++ {
		if !hasRole(rest[j], "year-kw") {
			continue
		}
		m, okm := parseMonthWords(rest[:j])
		y, oky := parseNumWords(rest[j+1:])
		if okm && oky && y >= minYear && y <= maxYear {
			v.m, v.y, found = m, y, true
			break
		}
	}
	if !found {
		return ymd{}, registry.Errorf(registry.EINVALID, "không đọc được tháng, năm bằng chữ: %q", short(s))
	}
	if len(dayToks) > 0 {
		d, ok := parseNumWords(dayToks)
		if !ok || d < 1 || d > 31 {
			return ymd{}, registry.Errorf(registry.EINVALID, "không đọc được ngày bằng chữ: %q", short(s))
		}
		v.d = d
	}
	return v, v.check()
}

// hasRole reports whether folded word w has the given role in
// data/numbers.tsv.
func hasRole(w, role string) bool {
	for _, nw := range numberWords[w] {
		if nw.role == role {
			return true
		}
	}
	return false
}

// digitVal returns the value of a digit word (0–9).
func digitVal(w string) (int, bool) {
	for _, nw := range numberWords[w] {
		if nw.role == "digit" {
			return nw.value, true
		}
	}
	return 0, false
}

// allDigits reports whether w is non-empty ASCII digits.
func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// parseMonthWords reads a month: a month name (giêng, chạp) or 1–12.
func parseMonthWords(ws []string) (int, bool) {
	if len(ws) == 1 {
		for _, nw := range numberWords[ws[0]] {
			if nw.role == "month" {
				return nw.value, true
			}
		}
	}
	m, ok := parseNumWords(ws)
	return m, ok && m >= 1 && m <= 12
}

// parseNumWords reads a number below 10000 written in folded words (or as
// one group of digits). Folding merges "mười" (ten) and "mươi" (the tens
// multiplier); position tells them apart.
func parseNumWords(ws []string) (int, bool) {
	if len(ws) == 0 {
		return 0, false
	}
	if len(ws) == 1 && allDigits(ws[0]) {
		if len(ws[0]) > 4 {
			return 0, false
		}
		n, err := strconv.Atoi(ws[0])
		return n, err == nil
	}
	// A year spelled digit by digit: "một chín bốn tám".
	if len(ws) == 4 {
		n, ok := 0, true
		for _, w := range ws {
			d, isd := digitVal(w)
			ok = ok && isd && !hasRole(w, "ten")
			n = n*10 + d
		}
		if ok && n >= 1000 {
			return n, true
		}
	}
	n, i, higher := 0, 0, false
	if len(ws) >= 2 && hasRole(ws[1], "thousand") {
		d, ok := digitVal(ws[0])
		if !ok || d == 0 {
			return 0, false
		}
		n, i, higher = d*1000, 2, true
	}
	if i+1 < len(ws) && hasRole(ws[i+1], "hundred") {
		d, ok := digitVal(ws[i])
		if !ok || (d == 0 && !higher) {
			return 0, false
		}
		n, i, higher = n+d*100, i+2, true
	}
	if i == len(ws) {
		return n, higher
	}
	t, ok := parseTens(ws[i:], higher)
	return n + t, ok
}

// parseTens reads the part below 100; higher says thousands or hundreds
// came before, which allows "linh"/"lẻ" and forbids a bare unit.
func parseTens(ws []string, higher bool) (int, bool) {
	w0 := ws[0]
	switch {
	case hasRole(w0, "linker"):
		if !higher || len(ws) != 2 {
			return 0, false
		}
		d, ok := digitVal(ws[1])
		return d, ok && d >= 1
	case hasRole(w0, "ten"):
		if len(ws) == 1 {
			return 10, true
		}
		if len(ws) == 2 {
			d, ok := digitVal(ws[1])
			return 10 + d, ok && d >= 1
		}
		return 0, false
	}
	d, ok := digitVal(w0)
	if !ok {
		return 0, false
	}
	switch {
	case len(ws) == 1:
		return d, !higher
	case hasRole(ws[1], "tens"):
		if d < 2 {
			return 0, false
		}
		if len(ws) == 2 {
			return d * 10, true
		}
		u, ok := digitVal(ws[2])
		return d*10 + u, ok && u >= 1 && len(ws) == 3
	case len(ws) == 2 && higher && d >= 2:
		// "chín trăm bốn tám": tens and units without "mươi".
		u, ok := digitVal(ws[1])
		return d*10 + u, ok && u >= 1
	}
	return 0, false
}
