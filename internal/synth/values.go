package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// States of a field in the ground truth.
const (
	StateTyped     = "typed"     // the value is printed on the page
	StateBlank     = "blank"     // nothing is written on the blank
	StateIllegible = "illegible" // a scribble stands for a value nobody can read
)

// fieldValue is one field of a generated entry, before it is drawn.
type fieldValue struct {
	Value   string   // normalised, as the export contract wants it
	Printed string   // the text to draw
	Parts   []string // for a slot with part labels: the pieces between them
	State   string
}

func typed(value, printed string) fieldValue {
	return fieldValue{Value: value, Printed: printed, State: StateTyped}
}

var blank = fieldValue{State: StateBlank}

// signer is a person who signs entries in a book.
type signer struct {
	person
	Title string
}

// bookInfo is what the pages of one book share.
type bookInfo struct {
	Kind      registry.Kind
	Era       registry.Era
	Office    string
	Unit      unitRef
	Number    string // "01/2009"
	Year      int
	StartPage int
	StartSo   int
	SoIsPage  bool
	Start     time.Time // first registration day
	End       time.Time // last possible registration day
	Spacing   float64   // days between entries, on average
	Signers   []signer
}

// newBook draws a book of the kind and era. office and number override the
// generated ones when not empty.
func newBook(r *rand.Rand, kind registry.Kind, era registry.Era, officeName, number string) bookInfo {
	b := bookInfo{Kind: kind, Era: era}
	if era == registry.EraA {
		// More books survive from later years; 1976 is the first year.
		b.Year = 1976 + int(40*sqrtf(r.Float64()))
		if b.Year > 2015 {
			b.Year = 2015
		}
	} else {
		b.Year = 2016 + r.IntN(10)
	}
	n := 1
	if r.Float64() < 0.25 {
		n = 2 + r.IntN(2)
	}
	if number != "" {
		var y int
		if _, err := fmt.Sscanf(number, "%d/%d", &n, &y); err == nil && y > 1900 {
			b.Year = y
		}
		b.Number = number
	} else {
		b.Number = fmt.Sprintf("%02d/%d", n, b.Year)
	}
	b.Start, b.End = date(b.Year, 1, 2), date(b.Year, 12, 31)
	if b.Year == 2025 {
		if r.Float64() < 0.5 {
			b.Start = reform
		} else {
			b.End = reform.AddDate(0, 0, -1)
		}
	}
	b.Unit = pickUnit(r, b.Start)
	b.Office = office(b.Unit)
	if officeName != "" {
		b.Office = officeName
	}
	b.StartPage = 1 + r.IntN(180)
	b.SoIsPage = era == registry.EraA && r.Float64() < 0.6
	b.StartSo = b.StartPage
	if !b.SoIsPage {
		b.StartSo = 1 + r.IntN(400)
	}
	b.Spacing = 0.4 + 2*r.Float64()
	title := titles.filter(0, string(era))
	for i := 0; i < 1+r.IntN(2); i++ {
		p := newPerson(r, randSex(r), yearsBefore(r, b.Start, 32, 62), "")
		b.Signers = append(b.Signers, signer{person: p, Title: title.pick(r).Text})
	}
	return b
}

// entryDate is the registration day of the index-th entry: increasing with
// the index, within the book's year.
func (b bookInfo) entryDate(r *rand.Rand, index int) time.Time {
	d := b.Start.AddDate(0, 0, int((float64(index)+r.Float64())*b.Spacing))
	if d.After(b.End) {
		d = b.End
	}
	return d
}

func sqrtf(x float64) float64 {
	// Newton's method is plenty for a weighting curve and keeps math out.
	if x <= 0 {
		return 0
	}
	z := x
	for i := 0; i < 20; i++ {
		z = (z + x/z) / 2
	}
	return z
}

// entryGen draws one entry's values with one page's writing habits.
type entryGen struct {
	r       *rand.Rand
	book    bookInfo
	reg     time.Time
	caps    bool // names in capitals
	datePad bool
	dateSep string
	places  placeStyle
	long    bool // long places that run on to the next dotted line
	v       map[string]fieldValue
}

func (g *entryGen) name(p person) fieldValue {
	s := p.Name()
	if g.caps {
		return typed(s, strings.ToUpper(s))
	}
	return typed(s, s)
}

func (g *entryGen) fullDate(t time.Time) fieldValue {
	f := "%d" + g.dateSep + "%d" + g.dateSep + "%d"
	if g.datePad {
		f = "%02d" + g.dateSep + "%02d" + g.dateSep + "%d"
	}
	return typed(t.Format("2006-01-02"), fmt.Sprintf(f, t.Day(), int(t.Month()), t.Year()))
}

// birthDate prints a date of birth, the year alone with probability pYear.
func (g *entryGen) birthDate(t time.Time, pYear float64) fieldValue {
	if g.r.Float64() < pYear {
		return g.year(t)
	}
	return g.fullDate(t)
}

func (g *entryGen) year(t time.Time) fieldValue {
	y := fmt.Sprint(t.Year())
	return typed(y, y)
}

// partsDate fills a "ngày .. tháng .. năm .." blank.
func (g *entryGen) partsDate(t time.Time) fieldValue {
	d, m := fmt.Sprint(t.Day()), fmt.Sprint(int(t.Month()))
	if g.datePad {
		d, m = fmt.Sprintf("%02d", t.Day()), fmt.Sprintf("%02d", int(t.Month()))
	}
	v := typed(t.Format("2006-01-02"), "")
	v.Parts = []string{d, m, fmt.Sprint(t.Year())}
	return v
}

// regDate fills the registration date in the form's way for the key.
func (g *entryGen) regDate(key string, t time.Time) {
	if g.book.Era == registry.EraA {
		g.v[key] = g.partsDate(t)
		return
	}
	g.v[key] = g.fullDate(t)
}

func (g *entryGen) words(t time.Time) fieldValue {
	return typed(t.Format("2006-01-02"), normalize.FormatDateInWords(t, wordsStyle(g.r)))
}

func (g *entryGen) sex(s string) fieldValue { return typed(s, s) }

func (g *entryGen) eth(canon string) fieldValue {
	return typed(canon, printEthnicity(g.r, canon))
}

func (g *entryGen) nationality() fieldValue {
	p := "Việt Nam"
	switch x := g.r.Float64(); {
	case x < 0.05:
		p = "Việt nam"
	case x < 0.07:
		p = "VN"
	}
	return typed("Việt Nam", p)
}

func (g *entryGen) text(s string) fieldValue { return typed(s, s) }

func (g *entryGen) residence(t time.Time) fieldValue {
	return g.text(residence(g.r, g.places, t, g.long && g.r.Float64() < 0.6))
}

// oldID fills an Era A "Số Giấy CMND/Hộ chiếu" blank: often empty.
func (g *entryGen) oldID(p person, pBlank float64) fieldValue {
	if g.r.Float64() < pBlank || p.Birth.After(g.reg.AddDate(-14, 0, 0)) {
		return blank
	}
	n := cmnd(g.r, p)
	return typed(n, n)
}

// idDoc fills an Era B "Giấy tờ tùy thân" blank. The value is the number
// (digits, or a passport's letters and digits); the printed text may name
// the document around it.
func (g *entryGen) idDoc(p person) fieldValue {
	r := g.r
	if p.Birth.After(g.reg.AddDate(-14, 0, 0)) {
		if p.Birth.Year() >= 2016 || r.Float64() < 0.3 {
			n := personalID(r, p)
			return typed(n, pick(r, "Số định danh cá nhân: %s", "Số định danh cá nhân %s", "%s")(n))
		}
		return blank
	}
	if r.Float64() < 0.03 {
		n := fmt.Sprintf("%c%07d", 'B'+rune(r.IntN(2)), r.IntN(10000000))
		return typed(n, "Hộ chiếu số "+n)
	}
	cccd := g.reg.Year() >= 2021 || r.Float64() < 0.35
	if cccd {
		n := personalID(r, p)
		issued := between(r, maxTime(date(2016, 1, 1), p.Birth.AddDate(14, 0, 0)), g.reg)
		f := pick(r, "CCCD số %s", "Căn cước công dân số %s", "CCCD: %s", "%s", "Số CCCD %s")
		s := f(n)
		if r.Float64() < 0.3 {
			s += ", cấp ngày " + g.fullDate(issued).Printed
		}
		return typed(n, s)
	}
	n := cmnd(r, p)
	return typed(n, pick(r, "CMND số %s", "Chứng minh nhân dân số %s", "CMND: %s", "%s")(n))
}

// pick returns a formatter for one of the patterns.
func pick(r *rand.Rand, patterns ...string) func(string) string {
	p := patterns[r.IntN(len(patterns))]
	return func(s string) string { return fmt.Sprintf(p, s) }
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// signerLine fills the two fields of the signer's blank.
func (g *entryGen) signerLine() {
	s := g.book.Signers[g.r.IntN(len(g.book.Signers))]
	g.v["nguoiKy"] = g.name(s.person)
	g.v["chucVuNguoiKy"] = g.text(s.Title)
}

// remark fills Ghi chú: mostly empty.
func (g *entryGen) remark(p float64) {
	if g.r.Float64() >= p {
		g.v["ghiChu"] = blank
		return
	}
	t := remarks.pick(g.r).Text
	when := between(g.r, g.reg.AddDate(0, 0, 1), g.reg.AddDate(6, 0, 0))
	if when.After(date(2026, 6, 30)) {
		when = date(2026, 6, 30)
	}
	t = strings.ReplaceAll(t, "{date}", g.fullDate(when).Printed)
	t = strings.ReplaceAll(t, "{dec}", decision(g.r, when))
	g.v["ghiChu"] = g.text(t)
}

// decision draws a decision number such as "125/QĐ-UBND".
func decision(r *rand.Rand, t time.Time) string {
	n := 1 + r.IntN(600)
	switch x := r.Float64(); {
	case x < 0.5:
		return fmt.Sprintf("%d/QĐ-UBND", n)
	case x < 0.7:
		return fmt.Sprintf("%d/QĐ-UB", n)
	case x < 0.85:
		return fmt.Sprintf("%d/QĐ", n)
	default:
		return fmt.Sprintf("%d/%d/QĐ-UBND", n, t.Year())
	}
}

// relation draws the relation of the person who came to register.
func (g *entryGen) relation(kind registry.Kind) string {
	return relations.filter(0, string(kind)).pick(g.r).Text
}

// lateness says how a registration relates to its deadline (Era B boxes).
type lateness int

const (
	onTime lateness = iota
	late
	reRegistered
)

func (g *entryGen) lateness(pLate, pRe float64) lateness {
	switch x := g.r.Float64(); {
	case x < pRe:
		return reRegistered
	case x < pRe+pLate:
		return late
	}
	return onTime
}

// eventBefore draws the day of an event registered at reg under the
// deadline (in days) and lateness.
func (g *entryGen) eventBefore(l lateness, deadline int) time.Time {
	switch l {
	case late:
		return between(g.r, g.reg.AddDate(-12, 0, 0), g.reg.AddDate(0, 0, -deadline-1))
	case reRegistered:
		return between(g.r, g.reg.AddDate(-60, 0, 0), g.reg.AddDate(-3, 0, 0))
	}
	return between(g.r, g.reg.AddDate(0, 0, -deadline), g.reg)
}

func (l lateness) box(kind registry.Kind) string {
	switch l {
	case late:
		return "Quá hạn"
	case reRegistered:
		return "Đăng ký lại"
	}
	if kind == registry.Marriage {
		return "Kết hôn lần đầu"
	}
	return "Đúng hạn"
}
