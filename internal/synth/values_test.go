package synth

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// parseISO reads a truth date with its precision: "1948-06-26" or "1948".
func parseISO(t *testing.T, s string) (time.Time, bool) {
	t.Helper()
	if len(s) == 4 {
		y, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("bad year %q", s)
		}
		return date(y, 1, 1), false
	}
	d, err := time.Parse("2006-01-02", s[:min(len(s), 10)])
	if err != nil {
		t.Fatalf("bad date %q", s)
	}
	return d, true
}

// allWordsStyles lists every style FormatDateInWords knows.
func allWordsStyles() []normalize.WordsStyle {
	var out []normalize.WordsStyle
	for _, th := range []string{"nghìn", "ngàn"} {
		for _, z := range []string{"linh", "lẻ"} {
			for _, c := range []bool{false, true} {
				for _, f := range []bool{false, true} {
					for cs := 0; cs < 4; cs++ {
						out = append(out, normalize.WordsStyle{Thousand: th, Zero: z, Commas: c, Four: f, Case: cs})
					}
				}
			}
		}
	}
	return out
}

// checkID says whether a 12-digit ID agrees with a birth date (or year) and
// sex, as ledgers.md defines it.
func checkID(id, birth, sex string) error {
	if len(id) != 12 {
		return nil // a CMND or passport: nothing to agree with
	}
	y, _ := strconv.Atoi(birth[:4])
	g := int(id[3] - '0')
	wantG := (y/100 - 19) * 2
	if sex == female {
		wantG++
	}
	if g != wantG {
		return fmt.Errorf("id %s: century/sex digit %d, want %d for %s %s", id, g, wantG, birth, sex)
	}
	if id[4:6] != fmt.Sprintf("%02d", y%100) {
		return fmt.Errorf("id %s: year digits disagree with %s", id, birth)
	}
	return nil
}

// TestValuesConsistent draws many entries of every form (values only, no
// drawing) and checks the cross-field rules of ledgers.md on the truth.
func TestValuesConsistent(t *testing.T) {
	styles := allWordsStyles()
	for _, f := range form.All() {
		t.Run(f.ID().String(), func(t *testing.T) {
			prevSo := -1
			for i := 0; i < 150; i++ {
				o := PageOptions{Seed: 42, Kind: f.Kind, Era: f.Era, Index: i}
				b, v, _ := pageEntry(o, f)
				e := &drawnEntry{t: t, i: i, f: f, v: v}
				e.checkStates()
				so, _ := strconv.Atoi(e.get("so").Value)
				if so <= prevSo {
					t.Errorf("entry %d: so %d does not increase (was %d)", i, so, prevSo)
				}
				prevSo = so
				e.checkRegistration(b.Number)
				switch f.Kind {
				case registry.Birth:
					e.checkBirth(styles)
				case registry.Marriage:
					e.checkMarriage()
				case registry.Death:
					e.checkDeath()
				case registry.Recognition:
					e.checkRecognition()
				}
			}
		})
	}
}

// drawnEntry is one drawn entry under TestValuesConsistent's checks.
type drawnEntry struct {
	t   *testing.T
	i   int
	f   *form.Form
	v   map[string]fieldValue
	reg time.Time // the registration date
}

func (e *drawnEntry) get(k string) fieldValue {
	fv, ok := e.v[k]
	if !ok {
		e.t.Fatalf("entry %d: no value for %s", e.i, k)
	}
	return fv
}

// checkStates: every field typed or blank, a typed one not empty, all NFC.
func (e *drawnEntry) checkStates() {
	for _, k := range e.f.Keys() {
		fv := e.get(k)
		if fv.State != StateTyped && fv.State != StateBlank {
			e.t.Fatalf("entry %d: %s state %q without wear", e.i, k, fv.State)
		}
		if fv.State == StateTyped && fv.Value == "" {
			e.t.Errorf("entry %d: %s typed with an empty value", e.i, k)
		}
		if fv.Value != normalize.NFC(fv.Value) || fv.Printed != normalize.NFC(fv.Printed) {
			e.t.Errorf("entry %d: %s not NFC", e.i, k)
		}
	}
}

// checkRegistration: registered in the past, in the book's year, in the
// form's era.
func (e *drawnEntry) checkRegistration(book string) {
	regKey := "ngayDangKy"
	if e.f.Kind == registry.Recognition && e.f.Era == registry.EraA {
		regKey = "quyetDinhNgay"
	}
	e.reg, _ = parseISO(e.t, e.get(regKey).Value)
	reg := e.reg
	if reg.After(date(2026, 1, 1)) {
		e.t.Errorf("entry %d: registration %v in the future", e.i, reg)
	}
	if y := strings.Split(book, "/")[1]; y != fmt.Sprint(reg.Year()) {
		e.t.Errorf("entry %d: book %s but registered %v", e.i, book, reg)
	}
	if e.f.Era == registry.EraA && reg.Year() > 2015 || e.f.Era == registry.EraB && reg.Year() < 2016 {
		e.t.Errorf("entry %d: era %s registered %v", e.i, e.f.Era, reg)
	}
}

// before returns the date of k, checked to be no later than the
// registration; the zero time when k is not typed.
func (e *drawnEntry) before(k string) time.Time {
	fv := e.get(k)
	if fv.State != StateTyped {
		return time.Time{}
	}
	d, _ := parseISO(e.t, fv.Value)
	if d.After(e.reg) {
		e.t.Errorf("entry %d: %s %s after registration %v", e.i, k, fv.Value, e.reg)
	}
	return d
}

// idCheck checks a typed ID against the birth date and the sex (of sexKey,
// or sex when sexKey is "").
func (e *drawnEntry) idCheck(idKey, birthKey, sexKey, sex string) {
	id := e.get(idKey)
	if id.State != StateTyped {
		return
	}
	if sexKey != "" {
		sex = e.get(sexKey).Value
	}
	if err := checkID(id.Value, e.get(birthKey).Value, sex); err != nil {
		e.t.Errorf("entry %d: %s: %v", e.i, idKey, err)
	}
}

func (e *drawnEntry) checkBirth(styles []normalize.WordsStyle) {
	t, i := e.t, e.i
	born := e.before("nksNgaySinh")
	words := e.get("nksNgaySinhBangChu")
	if words.Value != e.get("nksNgaySinh").Value {
		t.Errorf("entry %d: words say %s, date %s", i, words.Value, e.get("nksNgaySinh").Value)
	}
	found := false
	for _, st := range styles {
		if normalize.FormatDateInWords(born, st) == words.Printed {
			found = true
			break
		}
	}
	if !found {
		t.Errorf("entry %d: %q is not %v in words", i, words.Printed, born)
	}
	if e.f.Era != registry.EraB {
		return
	}
	e.idCheck("nksSoDinhDanh", "nksNgaySinh", "nksGioiTinh", "")
	for _, k := range []string{"meNamSinh", "chaNamSinh"} {
		if p := e.get(k); p.State == StateTyped {
			y, _ := strconv.Atoi(p.Value)
			if d := born.Year() - y; d < 18 || d > 46 {
				t.Errorf("entry %d: %s %d for a child born %d", i, k, y, born.Year())
			}
		}
	}
}

func (e *drawnEntry) checkMarriage() {
	for _, sp := range []struct {
		pre, sex string
		age      int
	}{{"chong", male, 20}, {"vo", female, 18}} {
		b := e.before(sp.pre + "NgaySinh")
		if e.reg.Year()-b.Year() < sp.age {
			e.t.Errorf("entry %d: %s aged %d at %v", e.i, sp.pre, e.reg.Year()-b.Year(), e.reg)
		}
		if e.f.Era == registry.EraB {
			e.idCheck(sp.pre+"GiayToTuyThan", sp.pre+"NgaySinh", "", sp.sex)
		}
	}
}

func (e *drawnEntry) checkDeath() {
	t, i := e.t, e.i
	born := e.before("nktNgaySinh")
	died := e.before("nktNgayChet")
	if died.Year() < born.Year() || died.Year()-born.Year() > 120 {
		t.Errorf("entry %d: born %v died %v", i, born, died)
	}
	if tv := e.get("nktNgayChet").Value; len(tv) != 10 && len(tv) != 16 {
		t.Errorf("entry %d: death time %q", i, tv)
	}
	if e.f.Era == registry.EraB {
		e.idCheck("nktGiayToTuyThan", "nktNgaySinh", "nktGioiTinh", "")
		if g, _ := parseISO(t, e.get("gbtNgay").Value); g.Before(died) || g.After(e.reg) {
			t.Errorf("entry %d: death notice %v outside %v..%v", i, g, died, e.reg)
		}
	}
}

func (e *drawnEntry) checkRecognition() {
	parent := e.before("nnNgaySinh")
	child := e.before("ndnNgaySinh")
	if d := child.Year() - parent.Year(); d < 17 || d > 46 {
		e.t.Errorf("entry %d: parent %v, child %v", e.i, parent, child)
	}
	if e.f.Era == registry.EraB {
		e.idCheck("nnGiayToTuyThan", "nnNgaySinh", "nnGioiTinh", "")
		e.idCheck("ndnGiayToTuyThan", "ndnNgaySinh", "ndnGioiTinh", "")
	}
}

func TestNames(t *testing.T) {
	r := stream(3, "names")
	var van, thi, n int
	for i := 0; i < 2000; i++ {
		sex := randSex(r)
		p := newPerson(r, sex, date(1960, 1, 1), "")
		name := p.Name()
		if name != strings.Join(strings.Fields(name), " ") || len(strings.Fields(name)) < 2 {
			t.Fatalf("bad name %q", name)
		}
		if sex == male && p.Middle == "Thị" || sex == female && p.Middle == "Văn" {
			t.Errorf("%s with %s", name, sex)
		}
		if p.Middle == "Văn" {
			van++
		}
		if p.Middle == "Thị" {
			thi++
		}
		if p.Family == "Nguyễn" {
			n++
		}
	}
	if van < 300 || thi < 300 {
		t.Errorf("Văn %d, Thị %d of 2000 people born 1960: want the classic middle names common", van, thi)
	}
	if n < 600 || n > 900 {
		t.Errorf("Nguyễn %d of 2000: want about 38%%", n)
	}
}

func TestFontsCoverVietnamese(t *testing.T) {
	labels, values, err := Fonts()
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) < 2 || len(values) < 5 {
		t.Errorf("found %d label and %d value fonts: want variety", len(labels), len(values))
	}
	for _, fo := range append(labels, values...) {
		if m := Missing(fo.f, VietnameseSample); m != "" {
			t.Errorf("%s misses %q", fo, m)
		}
		if fo.bold != nil {
			if m := Missing(fo.bold, VietnameseSample); m != "" {
				t.Errorf("%s bold misses %q", fo, m)
			}
		}
	}
}

// TestHeldOutFontsApart checks that the held-out faces are never drawn in
// the role tuning pages use them in, and that they cover Vietnamese.
func TestHeldOutFontsApart(t *testing.T) {
	tuning := map[fontSpec]bool{}
	for _, c := range fontCandidates {
		tuning[fontSpec{File: c.File, Role: c.Role}] = true
	}
	for _, c := range heldOutCandidates {
		if tuning[fontSpec{File: c.File, Role: c.Role}] {
			t.Errorf("%s is a tuning face in the same role", c.File)
		}
	}
	labels, values, err := HeldOutFonts()
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) < 2 || len(values) < 5 {
		t.Errorf("found %d held-out label and %d value fonts: want variety", len(labels), len(values))
	}
	for _, fo := range append(labels, values...) {
		if m := Missing(fo.f, VietnameseSample); m != "" {
			t.Errorf("%s misses %q", fo, m)
		}
	}
	_, tr, err := RenderPage(PageOptions{Seed: 3, Kind: registry.Birth, Era: registry.EraB, HeldOut: true})
	if err != nil || !tr.HeldOut {
		t.Fatalf("held-out page: %v, truth says held out: %v", err, tr.HeldOut)
	}
}

func TestParseWear(t *testing.T) {
	tests := []struct {
		in   string
		want Wear
		err  bool
	}{
		{"", WearNone, false},
		{"none", WearNone, false},
		{"light", WearLight, false},
		{"heavy", WearHeavy, false},
		{"light,200dpi", func() Wear { w := WearLight; w.LowDPI = true; return w }(), false},
		{"skew=2.5,blur,stamps", Wear{Skew: 2.5, Blur: 1.2, Stamps: true}, false},
		{"skew=9", Wear{Skew: 3}, false},
		{"illegible=0.2,blank=0.1", Wear{Illegible: 0.2, Blank: 0.1}, false},
		{"fuzzy", Wear{}, true},
		{"noise=abc", Wear{}, true},
	}
	for _, tt := range tests {
		got, err := ParseWear(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseWear(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && got != tt.want {
			t.Errorf("ParseWear(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if err == nil {
			back, err := ParseWear(got.String())
			if err != nil || back != got {
				t.Errorf("ParseWear(%q).String() = %q does not read back", tt.in, got.String())
			}
		}
	}
}
