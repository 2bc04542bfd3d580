package normalize_test

import (
	"testing"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// A number that parses only because a letter among its digits was taken
// for a digit says so, so that no person-free path accepts it; a number
// read as digits, and words around it, say nothing.
func TestMendedDigits(t *testing.T) {
	for _, tc := range []struct {
		t      registry.ValueType
		raw    string
		mended bool
	}{
		{registry.TypeDate, "03/01/2O13", true},
		{registry.TypeDate, "l5/3/2013", true},
		{registry.TypeYear, "197ó", true}, // a 6 read with a mark: 1970 to the parser
		{registry.TypeDate, "12 tháng 3 năm 197ó", true},
		{registry.TypeIDDocument, "Căn cước công dân số 079060968202, cấp ngày 17/9/201ó", false}, // the date is no part of the value
		{registry.TypeIDDocument, "0790609682O2", true},
		{registry.TypeDate, "03 tháng 01 năm 2013", false},
		{registry.TypeDate, "ngày 15 tháng 3 năm 2013", false},
		{registry.TypeDate, "03/01/2013", false},
		{registry.TypeNumber, "41", false},
		{registry.TypeText, "Số 2O13", false},                     // free text is kept as read
		{registry.TypeDate, "ngày 15 tháng 3 năm 1990 Nam", true}, // a word from the next field
		{registry.TypeDate, "Ngày 15, tháng 3, năm 1990", false},
		{registry.TypeDeathTime, "08 giờ 50 phút, ngày 12 tháng 3 năm 2013", false},
		{registry.TypeDeathTime, "lúc 8 giờ sáng ngày 12/3/2013", false},
	} {
		r := normalize.Normalize(tc.t, tc.raw)
		if got := r.Mended != ""; got != tc.mended {
			t.Errorf("%s %q: mended %q, want %v (value %q ok %v)", tc.t, tc.raw, r.Mended, tc.mended, r.Value, r.OK)
		}
	}
}
