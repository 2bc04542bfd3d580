package scan

import (
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/locate"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/registry"
)

// Two readings agree when their letters, marks and digits do: the second
// model's lost separators do not count, a changed mark or digit does.
func TestSameLetters(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"Ấp 3 - Xã Bình Ba - Tỉnh Bà Rịa - Vũng Tàu", "Ấp 3 Xã Bình Ba Tỉnh Bà Rịa Vũng Tàu", true},
		{"Số 12 đường Lê Lợi, P.6, Q.3", "Số 12 đường Lê Lợi P6 Q3", true},
		{"Số 304 đường Bạch Đằng", "Số 304 đường Bach Đằng", false}, // the dot below
		{"Số 304 đường Bạch Đằng", "Số 301 đường Bạch Đằng", false},
		{"Nguyễn Thị Hậu", "Nguyễn Thị Hầu", false},
		{"2012-02-03", "2012-02-03", true},
	} {
		if got := sameLetters(tc.a, tc.b); got != tc.want {
			t.Errorf("sameLetters(%q, %q) = %t, want %t", tc.a, tc.b, got, tc.want)
		}
	}
}

// Two readings of a place that differ in an abbreviation's full stop send
// it to a person, keeping the reading kept; other types and agreeing
// stops do not.
func TestStopsDisputed(t *testing.T) {
	for _, tc := range []struct {
		t         registry.ValueType
		kept, alt string
		disputed  bool
	}{
		{registry.TypePlace, "Quận 7, TP. Hồ Chí Minh", "Quận 7, TP Hồ Chí Minh", true},
		{registry.TypePlace, "Quận 7, TP Hồ Chí Minh", "Quận 7, TP. Hồ Chí Minh", true},
		{registry.TypePlace, "Quận 7 - TP. Hồ Chí Minh", "Quận 7, TP. Hồ Chí Minh", false},
		{registry.TypePlace, "Quận 7, TP. Hồ Chí Minh", "", false},
		{registry.TypeText, "UBND TP. Hồ Chí Minh", "UBND TP Hồ Chí Minh", false},
	} {
		v := passes{raw: tc.kept}
		stops(&v, tc.t, tc.alt)
		if v.disputed != tc.disputed || v.raw != tc.kept || tc.disputed && !strings.Contains(v.doubt, tc.alt) {
			t.Errorf("stops(%q, %q): disputed %v raw %q doubt %q, want disputed %v", tc.kept, tc.alt, v.disputed, v.raw, v.doubt, tc.disputed)
		}
	}
}

// A date kept from the page pass is disputed by a re-read that does not
// parse but has as many digits, other ones.
func TestOtherDigitsDisputed(t *testing.T) {
	for _, tc := range []struct {
		t         registry.ValueType
		kept, alt string
		disputed  bool
	}{
		{registry.TypeDate, "27 03 1981", "27031984", true},
		{registry.TypeDate, "27 03 1981", "27031981", false},
		{registry.TypeDate, "27 03 1981", "2703198", false},
		{registry.TypeName, "Lê Văn 1981", "Lê Văn 1984", false},
	} {
		v := passes{raw: tc.kept, again: tc.alt}
		otherDigits(&v, tc.t)
		if v.disputed != tc.disputed {
			t.Errorf("otherDigits(%q, %q): disputed %v, want %v", tc.kept, tc.alt, v.disputed, tc.disputed)
		}
	}
}

// A time of death read as a date alone is held back when words no field
// took lie beside it.
func TestHourLost(t *testing.T) {
	date := normalize.Normalize(registry.TypeDeathTime, "29.12.2007")
	full := normalize.Normalize(registry.TypeDeathTime, "13h39 ngày 29.12.2007")
	for _, tc := range []struct {
		n     normalize.Result
		stray bool
		want  bool
	}{
		{date, true, true},
		{date, false, false},
		{full, true, false},
	} {
		if got := hourLost(registry.TypeDeathTime, tc.n, route.Evidence{Stray: tc.stray}); got != tc.want {
			t.Errorf("hourLost(%q, stray %v) = %v, want %v", tc.n.Value, tc.stray, got, tc.want)
		}
	}
	if !date.OK || !full.OK || strings.Contains(date.Value, "T") || !strings.Contains(full.Value, "T") {
		t.Fatalf("death times parsed as %+v and %+v", date, full)
	}
}

// A title on a signer's line whose name did not read is held back; one
// beside a name that read, or a blank name, is not.
func TestTitleBeside(t *testing.T) {
	title := normalize.Normalize(registry.TypeTitle, "Cán bộ hộ tịch")
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Ñw@#xg@ Người di khai", false},
		{"Nguyễn Văn An", true},
		{"", true},
	} {
		name := normalize.Normalize(registry.TypeSigner, tc.name)
		if got := titleBeside(name, title); got.OK != tc.want {
			t.Errorf("title beside name %q: ok %v (%q), want %v", tc.name, got.OK, got.Note, tc.want)
		}
	}
}

// A place that lacks the full stop another place of its page has is
// disputed; the page's other fields and a page without stops are not.
func TestPageStyleDisputes(t *testing.T) {
	place := func(raw string) reading {
		n := normalize.Normalize(registry.TypePlace, raw)
		return reading{spec: form.FieldSpec{Type: registry.TypePlace}, raw: raw, norm: n, ev: route.Evidence{Valid: n.OK}}
	}
	rs := []reading{
		place("Ấp 6 - Xã Thới Tam Thôn - Huyện Hóc Môn - Tp Hồ Chí Minh"),
		place("Số 12 đường Lê Lợi - Phường Bến Nghé - Quận 1 - Tp. Hồ Chí Minh"),
		{spec: form.FieldSpec{Type: registry.TypeText}, raw: "UBND Tp Hồ Chí Minh", norm: normalize.Result{OK: true}},
	}
	pageStyle(rs)
	for i, want := range []bool{true, false, false} {
		if rs[i].ev.Disputed != want {
			t.Errorf("reading %d %q: disputed %v (%q), want %v", i, rs[i].raw, rs[i].ev.Disputed, rs[i].norm.Note, want)
		}
	}
	alone := []reading{place("Ấp 6 - Xã Thới Tam Thôn - Huyện Hóc Môn - Tp Hồ Chí Minh")}
	if pageStyle(alone); alone[0].ev.Disputed {
		t.Errorf("a page's only place disputed: %q", alone[0].norm.Note)
	}
}

// A title whose office ends at "UBND" is held back when words no field
// took stand beside its line (the unit the region left out); with its
// unit, or with nothing beside it, it stands.
func TestUnitLost(t *testing.T) {
	for _, tc := range []struct {
		title string
		stray int
		want  bool
	}{
		{"Chủ tịch UBND", 1, false},
		{"Phó Chủ tịch Ủy ban nhân dân", 2, false},
		{"Chủ tịch UBND", 0, true},
		{"Chủ tịch UBND xã", 1, true},
		{"Phó Chủ tịch", 1, true},
	} {
		title := normalize.Normalize(registry.TypeTitle, tc.title)
		if got := unitLost(title, &locate.Region{Stray: tc.stray}); got.OK != tc.want {
			t.Errorf("%q with %d stray words: ok %v (%q), want %v", tc.title, tc.stray, got.OK, got.Note, tc.want)
		}
	}
}
