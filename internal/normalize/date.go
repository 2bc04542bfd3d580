package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/civreg/civreg/registry"
)

// Years outside this range are not dates of a register entry: they are
// misreadings.
const (
	minYear = 1850
	maxYear = 2100
)

// ymd is a date of day, month or year precision: m and d are 0 when the
// date does not name them.
type ymd struct{ y, m, d int }

// iso writes the date as ISO 8601 with its precision kept.
func (v ymd) iso() string {
	switch {
	case v.m == 0:
		return fmt.Sprintf("%04d", v.y)
	case v.d == 0:
		return fmt.Sprintf("%04d-%02d", v.y, v.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", v.y, v.m, v.d)
}

// check rejects dates that do not exist.
func (v ymd) check() error {
	if v.y < minYear || v.y > maxYear {
		return registry.Errorf(registry.EINVALID, "năm %d ngoài khoảng %d–%d", v.y, minYear, maxYear)
	}
	if v.m == 0 {
		if v.d != 0 {
			return registry.Errorf(registry.EINVALID, "có ngày mà không có tháng")
		}
		return nil
	}
	if v.m < 1 || v.m > 12 {
		return registry.Errorf(registry.EINVALID, "tháng %d không hợp lệ", v.m)
	}
	if v.d != 0 && (v.d < 1 || v.d > daysIn(v.y, v.m)) {
		return registry.Errorf(registry.EINVALID, "ngày %d/%d/%d không có thật", v.d, v.m, v.y)
	}
	return nil
}

// daysIn returns the number of days of month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Date parses a numeric date as written in the books — "26/6/1948",
// "27.9.2003", "05/03/2012", "6/1948", "1944", "28 tháng 4 năm 2009",
// "ngày 28 tháng 4 năm 2009", or ISO — into ISO 8601 with the precision
// kept ("1948-06-26", "1948-06", "1944"). It never invents a day or month,
// rejects dates that do not exist and years outside 1850..2100, and fixes
// only unambiguous OCR slips (O for 0, l or I for 1 inside a group of
// digits). A date written in words is handed to DateInWords.
func Date(raw string) (string, error) {
	v, err := parseDate(clean(raw))
	if err != nil {
		return "", err
	}
	return v.iso(), nil
}

// Year parses a year of birth, "1948" or "năm 1948"; a fuller date yields
// its year.
func Year(raw string) (string, error) {
	v, err := parseDate(clean(raw))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%04d", v.y), nil
}

// Date keywords, folded.
const (
	kwDay   = "ngay"
	kwMonth = "thang"
	kwYear  = "nam"
)

// dateFiller are words that may stand around a date without changing it
// ("Đăng ký ngày …", "sinh năm 1948").
var dateFiller = map[string]bool{"dang": true, "ky": true, "ki": true, "sinh": true, "vao": true}

// dateItem is a keyword or a group of digits.
type dateItem struct {
	kw     string // "ngay", "thang", "nam"; "" for a number
	digits string
}

// parseDate parses a cleaned numeric date reading.
func parseDate(s string) (ymd, error) {
	if blank(s) {
		return ymd{}, registry.Errorf(registry.EINVALID, "trống")
	}
	items, ok := dateItems(fold(s))
	if !ok {
		// Not digits and keywords: perhaps the date is in words.
		if v, err := parseDateWords(s); err == nil {
			return v, nil
		}
		return ymd{}, registry.Errorf(registry.EINVALID, "không đọc được ngày tháng: %q", short(s))
	}
	var v ymd
	var err error
	// Only "tháng" or "năm" label the groups: "ngày 25/9/2010" is a
	// numeric date after the word "ngày".
	labelled := false
	var nums []dateItem
	for _, it := range items {
		if it.kw == kwMonth || it.kw == kwYear {
			labelled = true
		}
		if it.kw == "" {
			nums = append(nums, it)
		}
	}
	switch {
	case labelled:
		v, err = labelledDate(items)
	case len(nums) == 0:
		return ymd{}, registry.Errorf(registry.EINVALID, "không có số nào")
	default:
		v, err = positionalDate(nums, isoDate.MatchString(strings.TrimSpace(s)))
	}
	if err != nil {
		return ymd{}, err
	}
	return v, v.check()
}

// dateItems splits folded text into keywords and digit groups, fixing OCR
// slips inside digit groups. It fails on any other word.
func dateItems(f string) ([]dateItem, bool) {
	var items []dateItem
	for _, tok := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		its, ok := dateToken(tok)
		if !ok {
			return nil, false
		}
		items = append(items, its...)
	}
	return items, len(items) > 0
}

// dateToken reads one run of letters and digits: a keyword, filler, a digit
// group (with slips fixed) or a keyword glued to digits ("ngay28").
func dateToken(tok string) ([]dateItem, bool) {
	switch tok {
	case kwDay, "mung", "mong":
		return []dateItem{{kw: kwDay}}, true
	case kwMonth, kwYear:
		return []dateItem{{kw: tok}}, true
	}
	if dateFiller[tok] {
		return nil, true
	}
	if d, ok := slipDigits(tok); ok {
		return []dateItem{{digits: d}}, true
	}
	for _, kw := range []string{kwDay, kwMonth, kwYear, "mung", "mong"} {
		if strings.HasPrefix(tok, kw) && len(tok) > len(kw) {
			if rest, ok := dateToken(tok[len(kw):]); ok {
				head, _ := dateToken(kw)
				return append(head, rest...), true
			}
		}
		if strings.HasSuffix(tok, kw) && len(tok) > len(kw) {
			if d, ok := slipDigits(tok[:len(tok)-len(kw)]); ok {
				its, _ := dateToken(kw)
				return append([]dateItem{{digits: d}}, its...), true
			}
		}
	}
	return nil, false
}

// slipDigits returns tok as digits when it is digits with at most the slips
// O/o for 0 and l/I/i for 1 (tok is folded, so I is i) and at least one
// real digit: a lone "O" or "l" is not read as a number.
func slipDigits(tok string) (string, bool) {
	if tok == "" || len(tok) > 8 {
		return "", false
	}
	real := false
	b := []byte(tok)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			real = true
		case c == 'o':
			b[i] = '0'
		case c == 'l' || c == 'i':
			b[i] = '1'
		default:
			return "", false
		}
	}
	return string(b), real
}

// labelledDate assigns digit groups to the keyword before them: "ngày 28
// tháng 4 năm 2009", also with a blank part ("ngày .. tháng 4 năm 2009").
// A group with no keyword before it counts as the day when it comes first
// ("28 tháng 4 năm 2009").
func labelledDate(items []dateItem) (ymd, error) {
	var v ymd
	var dayD, monD, yearD string
	pending := ""
	for i, it := range items {
		if it.kw != "" {
			pending = it.kw
			continue
		}
		slot := pending
		if slot == "" && i == 0 {
			slot = kwDay
		}
		pending = ""
		var dst *string
		switch slot {
		case kwDay:
			dst = &dayD
		case kwMonth:
			dst = &monD
		case kwYear:
			dst = &yearD
		default:
			return v, registry.Errorf(registry.EINVALID, "số %s không rõ là ngày, tháng hay năm", it.digits)
		}
		if *dst != "" {
			return v, registry.Errorf(registry.EINVALID, "hai giá trị cho cùng một phần của ngày")
		}
		*dst = it.digits
	}
	if yearD == "" {
		return v, registry.Errorf(registry.EINVALID, "thiếu năm")
	}
	if dayD != "" && monD == "" {
		return v, registry.Errorf(registry.EINVALID, "có ngày mà thiếu tháng")
	}
	return numbersDate(dayD, monD, yearD)
}

// isoDate is a date written year first, as ISO 8601 writes it: the only
// order with the year first that is read. A register writes the year last,
// so "1995 1" is a year with a stray mark after it, not January 1995.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}(-\d{2})?$`)

// positionalDate reads unlabelled groups: y, m/y, d/m/y, or, when iso,
// y-m(-d).
func positionalDate(items []dateItem, iso bool) (ymd, error) {
	g := make([]string, len(items))
	for i, it := range items {
		g[i] = it.digits
	}
	switch {
	case len(g) == 1:
		return numbersDate("", "", g[0])
	case len(g) == 2 && iso:
		return numbersDate("", g[1], g[0])
	case len(g) == 2:
		return numbersDate("", g[0], g[1])
	case len(g) == 3 && iso:
		return numbersDate(g[2], g[1], g[0])
	case len(g) == 3:
		return numbersDate(g[0], g[1], g[2])
	}
	return ymd{}, registry.Errorf(registry.EINVALID, "quá nhiều nhóm số cho một ngày")
}

// numbersDate builds a date from its digit groups ("" for an absent part).
func numbersDate(d, m, y string) (ymd, error) {
	var v ymd
	if len(y) != 4 {
		if len(y) == 2 {
			return v, registry.Errorf(registry.EINVALID, "năm chỉ có hai chữ số: %s", y)
		}
		return v, registry.Errorf(registry.EINVALID, "năm phải có bốn chữ số: %s", y)
	}
	v.y, _ = strconv.Atoi(y)
	for _, p := range []struct {
		s   string
		dst *int
	}{{m, &v.m}, {d, &v.d}} {
		if p.s == "" {
			continue
		}
		if len(p.s) > 2 {
			return v, registry.Errorf(registry.EINVALID, "ngày hoặc tháng quá dài: %s", p.s)
		}
		*p.dst, _ = strconv.Atoi(p.s)
		if *p.dst == 0 {
			return v, registry.Errorf(registry.EINVALID, "ngày hoặc tháng bằng 0")
		}
	}
	return v, nil
}

// short cuts s for an error message.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// deathClock finds a clock time in folded text: "0h20'", "08 giờ 20 phút",
// "14g30", "14:30", "8 giờ". Groups: hour, minute (may be empty).
var deathClock = regexp.MustCompile(`(^|[^0-9])([0-9]{1,2}) ?(?:gio|h|g|:)['’′]? ?([0-9]{1,2})? ?(?:phut|ph|p|'|’|′)?`)

// deathWord is a word of a time of death as read, folded.
var deathWord = regexp.MustCompile(`[a-z]+`)

// deathKeyword gives the words of a time of death their spelling where a
// model without Vietnamese letters read them ("16 gid’ 15 phiit ngary
// 09/03/1985", "ngay 11 thang 4 ndm 1985").
func deathKeyword(w string) string {
	switch {
	case len(w) == 3 && strings.HasPrefix(w, "gi"):
		return "gio"
	case len(w) >= 3 && len(w) <= 5 && strings.HasPrefix(w, "ph"):
		return "phut"
	case strings.HasPrefix(w, "ng") && EditDistance(w, "ngay", 1) <= 1:
		return "ngay"
	case EditDistance(w, "thang", 1) <= 1:
		return "thang"
	case len(w) == 3 && w[0] == 'n' && w[2] == 'm':
		return "nam"
	}
	return w
}

// deathFiller are the words around a time of death that mean nothing for
// the value ("Đã chết vào lúc .. giờ .. phút, ngày …").
var deathFiller = map[string]bool{"da": true, "chet": true, "vao": true, "luc": true, "gio": true, "phut": true, "h": true, "g": true, "p": true, "ph": true}

// DeathTime parses the time and date of death: "0h20' ngày 25/9/2010"
// becomes "2010-09-25T00:20", "08 giờ 20 phút, ngày 25/09/2020" becomes
// "2020-09-25T08:20"; a reading without a time gives the ISO date alone. A
// time is kept only with a full date.
func DeathTime(raw string) (string, error) {
	s := clean(raw)
	if blank(s) {
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	f := deathWord.ReplaceAllStringFunc(fold(s), deathKeyword)
	hour, minute := -1, 0
	if m := deathClock.FindStringSubmatchIndex(f); m != nil {
		hour, _ = strconv.Atoi(f[m[4]:m[5]])
		if m[6] >= 0 {
			minute, _ = strconv.Atoi(f[m[6]:m[7]])
		}
		f = f[:m[3]] + " " + f[m[1]:]
	}
	var kept []string
	for _, w := range words(f) {
		if !deathFiller[w] {
			kept = append(kept, w)
		}
	}
	v, err := parseDate(strings.Join(kept, " "))
	if err != nil {
		return "", err
	}
	if hour < 0 {
		return v.iso(), nil
	}
	if hour > 23 || minute > 59 {
		return "", registry.Errorf(registry.EINVALID, "giờ không hợp lệ: %d giờ %d phút", hour, minute)
	}
	if v.d == 0 {
		return "", registry.Errorf(registry.EINVALID, "có giờ chết mà ngày chết không đủ")
	}
	return fmt.Sprintf("%sT%02d:%02d", v.iso(), hour, minute), nil
}
