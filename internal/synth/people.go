package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/normalize"
)

// Sexes as printed and as normalised.
const (
	male   = "Nam"
	female = "Nữ"
)

// person is one generated individual.
type person struct {
	Family, Middle, Given string
	Sex                   string
	Birth                 time.Time
	Ethnicity             string // canonical
	Province              string // 3-digit code of the birth registration, for the ID
}

// Name returns the full name in title case, as normalised.
func (p person) Name() string {
	parts := []string{p.Family}
	if p.Middle != "" {
		parts = append(parts, p.Middle)
	}
	parts = append(parts, p.Given)
	return strings.Join(parts, " ")
}

// newPerson draws a person of the given sex born on birth. Older
// generations carry "Văn"/"Thị" far more often than younger ones.
func newPerson(r *rand.Rand, sex string, birth time.Time, family string) person {
	if family == "" {
		family = surnames.pick(r).Text
	}
	p := person{Family: family, Sex: sex, Birth: birth, Province: idProvince(r)}
	mids, givens := middleMale, givenMale
	classic := "Văn"
	if sex == female {
		mids, givens, classic = middleFemale, givenFemale, "Thị"
	}
	// Chance of the classic middle name falls with the year of birth.
	pc := 0.75
	switch y := birth.Year(); {
	case y >= 2000:
		pc = 0.12
	case y >= 1985:
		pc = 0.35
	case y >= 1965:
		pc = 0.6
	}
	switch {
	case r.Float64() < pc:
		p.Middle = classic
	case r.Float64() < 0.04:
		p.Middle = "" // two-syllable names exist
	default:
		for {
			m := mids.pick(r).Text
			if m != classic {
				p.Middle = m
				break
			}
		}
		if birth.Year() >= 1990 && r.Float64() < 0.25 {
			// Younger people often have two middle names: "Ngọc Bảo".
			m2 := mids.pick(r).Text
			if m2 != classic && m2 != p.Middle {
				p.Middle += " " + m2
			}
		}
	}
	for {
		p.Given = givens.pick(r).Text
		if !strings.HasSuffix(p.Middle, p.Given) {
			break
		}
	}
	return p
}

func randSex(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return male
	}
	return female
}

// idProvince draws the province code of a birth registration: HCMC (079)
// mostly, then the provinces people moved from.
func idProvince(r *rand.Rand) string {
	if r.Float64() < 0.72 {
		return "079"
	}
	others := []string{"074", "077", "036", "001", "038", "040", "080", "082", "083", "086", "089", "094", "052", "051"}
	return others[r.IntN(len(others))]
}

// personalID builds the 12-digit số định danh cá nhân PPP G YY NNNNNN: the
// century-and-sex digit and the year agree with the birth date.
func personalID(r *rand.Rand, p person) string {
	y := p.Birth.Year()
	g := (y/100 - 19) * 2
	if p.Sex == female {
		g++
	}
	return fmt.Sprintf("%s%d%02d%06d", p.Province, g, y%100, r.IntN(1000000))
}

// cmnd builds a 9-digit identity card number (old CMND). HCMC's start 02.
func cmnd(r *rand.Rand, p person) string {
	prefix := "02"
	if p.Province != "079" {
		prefix = []string{"27", "16", "17", "18", "30", "36", "38"}[r.IntN(7)]
	}
	return fmt.Sprintf("%s%07d", prefix, r.IntN(10000000))
}

// ethnicity draws an ethnic group; the result is canonical and the printed
// spelling is sometimes a variant the reader must map back.
func ethnicity(r *rand.Rand) string { return ethnicities.pick(r).Text }

// printEthnicity returns how a page spells the canonical group.
func printEthnicity(r *rand.Rand, canon string) string {
	for _, e := range ethnicities.items {
		if e.Text == canon && len(e.Extra) > 0 && e.Extra[0] != "" && r.Float64() < 0.2 {
			vs := strings.Split(e.Extra[0], "|")
			return vs[r.IntN(len(vs))]
		}
	}
	return canon
}

// relationSex says which sex a relation word implies, "" if none.
func relationSex(rel string) string {
	switch rel {
	case "Cha", "Ông nội", "Ông ngoại", "Chú", "Bác", "Chồng", "Con trai", "Anh":
		return male
	case "Mẹ", "Bà nội", "Bà ngoại", "Cô", "Dì", "Vợ", "Con gái", "Chị":
		return female
	}
	return ""
}

// wordsStyle draws one of the ways books write a date in words.
func wordsStyle(r *rand.Rand) normalize.WordsStyle {
	st := normalize.WordsStyle{Thousand: "nghìn", Zero: "linh"}
	if r.Float64() < 0.4 {
		st.Thousand = "ngàn"
	}
	if r.Float64() < 0.3 {
		st.Zero = "lẻ"
	}
	st.Commas = r.Float64() < 0.5
	st.Four = r.Float64() < 0.3
	switch x := r.Float64(); {
	case x < 0.5:
		st.Case = 0
	case x < 0.75:
		st.Case = 1
	case x < 0.85:
		st.Case = 2
	default:
		st.Case = 3
	}
	return st
}

// between returns a random instant in [a, b], at day precision.
func between(r *rand.Rand, a, b time.Time) time.Time {
	if !b.After(a) {
		return day(a)
	}
	d := int(b.Sub(a).Hours() / 24)
	return day(a.AddDate(0, 0, r.IntN(d+1)))
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// yearsBefore returns a date between lo and hi years before t.
func yearsBefore(r *rand.Rand, t time.Time, lo, hi int) time.Time {
	return between(r, t.AddDate(-hi, 0, 0), t.AddDate(-lo, 0, -1))
}
