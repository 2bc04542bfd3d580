package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/civreg/civreg/registry"
)

// Rule is the outcome of one cross-field rule on one record: evidence for
// (OK) or against the readings of the fields it names. Name is stable and
// used as a routing reason ("rule:<name>").
type Rule struct {
	Name string
	Keys []string
	OK   bool
	Note string
}

// Rule names.
const (
	RuleRegisteredAfterEvent = "registered_after_event"
	RuleNotInFuture          = "not_in_future"
	RuleBookYear             = "book_year"
	RuleIDMatchesBirth       = "id_matches_birth"
	RuleWordsMatchDate       = "words_match_date"
	RuleMarriageAge          = "marriage_age"
	RuleDeathAfterBirth      = "death_after_birth"
	RuleAgePlausible         = "age_plausible"
	RuleParentAge            = "parent_age"
	RuleMiddleNameSex        = "middle_name_sex"
)

// day is a calendar day as y*10000+m*100+d, so that days compare as ints.
type day int

func mkDay(y, m, d int) day { return day(y*10000 + m*100 + d) }

func (d day) y() int  { return int(d) / 10000 }
func (d day) md() int { return int(d) % 10000 }

// span is the range of days a date of any precision may stand for.
type span struct{ lo, hi day }

// parseSpan reads a normalised value: "1948", "1948-06", "1948-06-26" or a
// time of death "1948-06-26T08:20". ok is false for anything else.
func parseSpan(v string) (span, bool) {
	if i := strings.IndexByte(v, 'T'); i >= 0 {
		v = v[:i]
	}
	p := strings.Split(v, "-")
	n := make([]int, len(p))
	for i, s := range p {
		if !allDigits(s) || len(s) > 4 {
			return span{}, false
		}
		n[i], _ = strconv.Atoi(s)
	}
	var x ymd
	switch len(p) {
	case 1:
		x = ymd{y: n[0]}
	case 2:
		x = ymd{y: n[0], m: n[1]}
	case 3:
		x = ymd{y: n[0], m: n[1], d: n[2]}
	default:
		return span{}, false
	}
	if len(p[0]) != 4 || x.check() != nil {
		return span{}, false
	}
	switch {
	case x.m == 0:
		return span{mkDay(x.y, 1, 1), mkDay(x.y, 12, 31)}, true
	case x.d == 0:
		return span{mkDay(x.y, x.m, 1), mkDay(x.y, x.m, daysIn(x.y, x.m))}, true
	}
	return span{mkDay(x.y, x.m, x.d), mkDay(x.y, x.m, x.d)}, true
}

// years is the age in completed years on day at of someone born on b.
func years(b, at day) int {
	n := at.y() - b.y()
	if at.md() < b.md() {
		n--
	}
	return n
}

// ageRange is the least and greatest age on a day of at of someone born on
// a day of b.
func ageRange(b, at span) (lo, hi int) {
	return years(b.hi, at.lo), years(b.lo, at.hi)
}

// sexOf reads a normalised sex: 1 male, 2 female, 0 unknown.
func sexOf(v string) int {
	switch v {
	case "Nam":
		return 1
	case "Nữ":
		return 2
	}
	return 0
}

// twelveDigits finds a 12-digit ID inside an ID document value.
var twelveDigits = regexp.MustCompile(`(?:^|[^0-9])([0-9]{12})(?:$|[^0-9])`)

// person names one person's fields on a form, and the sex the role implies
// (0 when the form has a Giới tính field instead).
type person struct {
	name, birth, sex, ids string
	impliedSex            int
}

// persons lists the people of a record kind.
func persons(kind registry.Kind) []person {
	switch kind {
	case registry.Birth:
		return []person{
			{"nksHoTen", "nksNgaySinh", "nksGioiTinh", "nksSoDinhDanh", 0},
			{"chaHoTen", "chaNamSinh", "", "", 1},
			{"meHoTen", "meNamSinh", "", "", 2},
		}
	case registry.Marriage:
		return []person{
			{"chongHoTen", "chongNgaySinh", "", "chongGiayToTuyThan chongSoGiayToTuyThan", 1},
			{"voHoTen", "voNgaySinh", "", "voGiayToTuyThan voSoGiayToTuyThan", 2},
		}
	case registry.Death:
		return []person{{"nktHoTen", "nktNgaySinh", "nktGioiTinh", "nktGiayToTuyThan nktSoGiayToTuyThan", 0}}
	case registry.Recognition:
		return []person{
			{"nnHoTen", "nnNgaySinh", "nnGioiTinh", "nnGiayToTuyThan nnSoGiayToTuyThan", 0},
			{"ndnHoTen", "ndnNgaySinh", "ndnGioiTinh", "ndnGiayToTuyThan", 0},
		}
	}
	return nil
}

// RegistrationDateKeys are the fields that date an entry's registration:
// the registration date, and a recognition's decision date where the
// entry has no registration date.
var RegistrationDateKeys = []string{"ngayDangKy", "quyetDinhNgay"}

// check is one cross-field rule of ledgers.md, by its Name: text says
// what it checks, in Vietnamese, for the review station (RuleText); run
// adds its outcomes on one record to the checker, none when an input is
// unknown.
type check struct {
	name string
	text string
	run  func(*checker)
}

// checks are the cross-field rules on one record, in the order
// CheckRecord reports them (a field's notes follow it).
var checks = []check{
	{RuleRegisteredAfterEvent, "ngày đăng ký phải sau ngày xảy ra sự kiện", (*checker).registeredAfterEvent},
	{RuleNotInFuture, "ngày tháng nằm trong tương lai", (*checker).notInFuture},
	{RuleBookYear, "ngày đăng ký không khớp với năm của sổ", (*checker).bookYear},
	{RuleIDMatchesBirth, "số định danh không khớp ngày sinh hoặc giới tính", func(c *checker) {
		for _, p := range c.persons {
			c.idMatchesBirth(p)
		}
	}},
	{RuleMiddleNameSex, "tên đệm không hợp với giới tính", func(c *checker) {
		for _, p := range c.persons {
			c.middleNameSex(p)
		}
	}},
	{RuleWordsMatchDate, "ngày ghi bằng chữ không khớp ngày ghi bằng số", (*checker).wordsMatchDate},
	{RuleMarriageAge, "tuổi kết hôn không đúng quy định", (*checker).marriageAge},
	{RuleDeathAfterBirth, "ngày mất phải sau ngày sinh", (*checker).deathAfterBirth},
	{RuleAgePlausible, "tuổi không hợp lý", (*checker).agePlausible},
	{RuleParentAge, "tuổi của cha hoặc mẹ không hợp lý", (*checker).parentAge},
}

// sequenceText is what the batch's rule, RuleSequence, checks.
const sequenceText = "số không liền với trang trước và trang sau trong lô"

// RuleText says what the rule named name checks, in Vietnamese, as the
// review station shows it beside a field sent to a person for it (reason
// "rule:<name>"): the record's rules that CheckRecord applies, and the
// batch's RuleSequence and RuleDateOrder. It returns "" for a name it does not know.
func RuleText(name string) string {
	switch name {
	case RuleSequence:
		return sequenceText
	case RuleDateOrder:
		return dateOrderText
	}
	for _, ch := range checks {
		if ch.name == name {
			return ch.text
		}
	}
	return ""
}

// CheckRecord applies every cross-field rule of ledgers.md that the
// record's fields allow. values holds already-normalised values by field
// key; an empty value is unknown, and a rule with an unknown input is not
// reported. book is the quyenSo "NN/YYYY" or "". today is the reference for
// "not in the future". Dates of different precision compare conservatively:
// a rule fails only when no day the dates may stand for satisfies it.
func CheckRecord(kind registry.Kind, values map[string]string, book string, today time.Time) []Rule {
	c := &checker{kind: kind, values: values, persons: persons(kind), book: book,
		today: mkDay(today.Year(), int(today.Month()), today.Day())}
	c.reg = RegistrationDateKeys[0]
	if values[c.reg] == "" && kind == registry.Recognition {
		c.reg = RegistrationDateKeys[1]
	}
	for _, ch := range checks {
		ch.run(c)
	}
	return c.rules
}

// checker collects the outcomes of the rules on one record.
type checker struct {
	kind    registry.Kind
	values  map[string]string
	persons []person
	reg     string // the key of the date the entry was registered on
	book    string
	today   day
	rules   []Rule
}

// span reads the date of key k, if known and well-formed.
func (c *checker) span(k string) (span, bool) {
	if k == "" || c.values[k] == "" {
		return span{}, false
	}
	return parseSpan(c.values[k])
}

// add records a rule: OK when there is nothing bad to say.
func (c *checker) add(name string, keys, bad []string) {
	c.rules = append(c.rules, Rule{Name: name, Keys: keys, OK: len(bad) == 0, Note: strings.Join(bad, "; ")})
}

// registeredAfterEvent: the entry is registered on or after the event it
// records (the birth, the death, the spouses' or the people's births).
func (c *checker) registeredAfterEvent() {
	var events []string
	switch c.kind {
	case registry.Birth:
		events = []string{"nksNgaySinh"}
	case registry.Death:
		events = []string{"nktNgayChet"}
	case registry.Marriage:
		events = []string{"chongNgaySinh", "voNgaySinh"}
	case registry.Recognition:
		events = []string{"nnNgaySinh", "ndnNgaySinh"}
	}
	r, ok := c.span(c.reg)
	if !ok {
		return
	}
	var keys, bad []string
	for _, e := range events {
		if ev, ok := c.span(e); ok {
			keys = append(keys, e)
			if r.hi < ev.lo {
				bad = append(bad, fmt.Sprintf("%s %s sau ngày đăng ký %s", e, c.values[e], c.values[c.reg]))
			}
		}
	}
	if len(keys) > 0 {
		c.add(RuleRegisteredAfterEvent, append([]string{c.reg}, keys...), bad)
	}
}

// notInFuture: no date of the entry is after today.
func (c *checker) notInFuture() {
	var keys, bad []string
	dates := []string{c.reg, "ngayXacNhanQuanHeHonNhan", "gbtNgay", "nktNgayChet"}
	for _, p := range c.persons {
		dates = append(dates, p.birth)
	}
	for _, k := range dates {
		if s, ok := c.span(k); ok {
			keys = append(keys, k)
			if s.lo > c.today {
				bad = append(bad, k+" "+c.values[k]+" ở tương lai")
			}
		}
	}
	if len(keys) > 0 {
		c.add(RuleNotInFuture, keys, bad)
	}
}

// bookYear: the entry is registered in its book's year.
func (c *checker) bookYear() {
	r, ok := c.span(c.reg)
	if !ok || c.book == "" {
		return
	}
	i := strings.LastIndexByte(c.book, '/')
	if i < 0 || len(c.book)-i-1 != 4 || !allDigits(c.book[i+1:]) {
		return
	}
	y, _ := strconv.Atoi(c.book[i+1:])
	var bad []string
	if r.lo.y() != y || r.hi.y() != y {
		bad = append(bad, fmt.Sprintf("năm đăng ký %d khác năm của quyển %s", r.lo.y(), c.book))
	}
	c.add(RuleBookYear, []string{c.reg}, bad)
}

// wordsMatchDate: a birth's date in words is its date in figures.
func (c *checker) wordsMatchDate() {
	if c.kind != registry.Birth {
		return
	}
	a, b := c.values["nksNgaySinhBangChu"], c.values["nksNgaySinh"]
	if a == "" || b == "" {
		return
	}
	if _, ok := parseSpan(a); !ok {
		return
	}
	if _, ok := parseSpan(b); !ok {
		return
	}
	var bad []string
	n := min(len(a), len(b))
	if a[:n] != b[:n] {
		bad = append(bad, fmt.Sprintf("ngày bằng chữ %s khác ngày bằng số %s", a, b))
	}
	c.add(RuleWordsMatchDate, []string{"nksNgaySinhBangChu", "nksNgaySinh"}, bad)
}

// marriageAge: each spouse was of the age the law asked when the
// marriage was registered.
func (c *checker) marriageAge() {
	if c.kind != registry.Marriage {
		return
	}
	r, ok := c.span(c.reg)
	if !ok {
		return
	}
	// The 2000 law's "từ 20 tuổi" was read as "in one's 20th year"; the
	// 2014 law (in force 2015) says "đủ 20 tuổi".
	strict := r.lo >= mkDay(2015, 1, 1)
	for _, p := range c.persons {
		b, ok := c.span(p.birth)
		if !ok {
			continue
		}
		need := 20
		if p.impliedSex == 2 {
			need = 18
		}
		if !strict {
			need--
		}
		_, hi := ageRange(b, r)
		var bad []string
		if hi < need {
			bad = append(bad, fmt.Sprintf("%s mới %d tuổi khi đăng ký kết hôn", p.name, hi))
		}
		c.add(RuleMarriageAge, []string{p.birth, c.reg}, bad)
	}
}

// deathAfterBirth: the dead died after they were born.
func (c *checker) deathAfterBirth() {
	if c.kind != registry.Death {
		return
	}
	d, okd := c.span("nktNgayChet")
	b, okb := c.span("nktNgaySinh")
	if !okd || !okb {
		return
	}
	var bad []string
	if d.hi < b.lo {
		bad = append(bad, "ngày chết trước ngày sinh")
	}
	c.add(RuleDeathAfterBirth, []string{"nktNgayChet", "nktNgaySinh"}, bad)
}

// agePlausible: nobody is 120 or older at death, or at registration.
func (c *checker) agePlausible() {
	at := c.reg
	if c.kind == registry.Death {
		at = "nktNgayChet"
	}
	for _, p := range c.persons {
		if p.name == "chaHoTen" || p.name == "meHoTen" {
			continue
		}
		b, okb := c.span(p.birth)
		a, oka := c.span(at)
		if !okb || !oka {
			continue
		}
		var bad []string
		if lo, _ := ageRange(b, a); lo >= 120 {
			bad = append(bad, fmt.Sprintf("%s ít nhất %d tuổi", p.name, lo))
		}
		c.add(RuleAgePlausible, []string{p.birth, at}, bad)
	}
}

// parentAge: a parent is 12 to 70 years older than the child.
func (c *checker) parentAge() {
	type pair struct{ parent, child string }
	var pairs []pair
	switch c.kind {
	case registry.Birth:
		pairs = []pair{{"chaNamSinh", "nksNgaySinh"}, {"meNamSinh", "nksNgaySinh"}}
	case registry.Recognition:
		// Only an Era B page has the tick boxes, and there the first
		// section is the parent's whichever box is ticked ("Phần ghi về
		// người nhận/được nhận là cha / mẹ"; ledgers.md: → nn*); the box
		// says who asked, not who is older. An Era A page does not say
		// which of the two is the parent.
		if c.values["loaiDangKy"] != "" {
			pairs = []pair{{"nnNgaySinh", "ndnNgaySinh"}}
		}
	}
	for _, pr := range pairs {
		pb, okp := c.span(pr.parent)
		cb, okc := c.span(pr.child)
		if !okp || !okc {
			continue
		}
		lo, hi := ageRange(pb, cb)
		var bad []string
		if hi < 12 || lo > 70 {
			bad = append(bad, fmt.Sprintf("cha/mẹ hơn con %d–%d tuổi", lo, hi))
		}
		c.add(RuleParentAge, []string{pr.parent, pr.child}, bad)
	}
}

// sex returns the person's sex as recorded or implied by the role.
func (c *checker) sex(p person) int {
	if p.sex != "" {
		return sexOf(c.values[p.sex])
	}
	return p.impliedSex
}

// idMatchesBirth checks a 12-digit ID against the birth year and sex.
func (c *checker) idMatchesBirth(p person) {
	var idKey, id string
	for _, k := range strings.Fields(p.ids) {
		if m := twelveDigits.FindStringSubmatch(c.values[k]); m != nil {
			idKey, id = k, m[1]
			break
		}
	}
	if id == "" {
		return
	}
	prov, female, year, err := PersonalIDFacts(id)
	if err != nil {
		c.add(RuleIDMatchesBirth, []string{idKey}, []string{registry.ErrorMessage(err)})
		return
	}
	keys := []string{idKey}
	var bad []string
	if b, ok := c.span(p.birth); ok {
		keys = append(keys, p.birth)
		if year < b.lo.y() || year > b.hi.y() {
			bad = append(bad, fmt.Sprintf("số định danh cho năm sinh %d, ngày sinh là %s", year, c.values[p.birth]))
		}
	}
	if s := c.sex(p); s != 0 {
		if p.sex != "" {
			keys = append(keys, p.sex)
		}
		if (s == 2) != female {
			bad = append(bad, "số định danh không khớp giới tính")
		}
	}
	if len(keys) == 1 {
		return // nothing to compare with
	}
	r := Rule{Name: RuleIDMatchesBirth, Keys: keys, OK: len(bad) == 0, Note: strings.Join(bad, "; ")}
	if prov != "079" && r.OK {
		r.Note = "mã tỉnh " + prov + " (" + provinceName[prov] + "), không phải TP.HCM"
	}
	c.rules = append(c.rules, r)
}

// middleNameSex checks "Thị" (female) and "Văn" (male) as middle names
// against the sex: a mismatch is only worth a look.
func (c *checker) middleNameSex(p person) {
	name := c.values[p.name]
	s := c.sex(p)
	if name == "" || s == 0 {
		return
	}
	want := 0
	for _, w := range middleWords(name) {
		switch w {
		case "thi":
			if want == 1 {
				return // both: no evidence
			}
			want = 2
		case "van":
			if want == 2 {
				return
			}
			want = 1
		}
	}
	if want == 0 {
		return
	}
	keys := []string{p.name}
	if p.sex != "" {
		keys = append(keys, p.sex)
	}
	var bad []string
	if want != s {
		if want == 2 {
			bad = append(bad, "tên đệm “Thị” thường là nữ: đáng xem lại")
		} else {
			bad = append(bad, "tên đệm “Văn” thường là nam: đáng xem lại")
		}
	}
	c.add(RuleMiddleNameSex, keys, bad)
}
