package scan

import (
	"testing"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// A registration date whose year was misread takes the book's year when the
// batch names its book; without a book, or with the year read right, the
// reading stands.
func TestBookYear(t *testing.T) {
	for _, tc := range []struct {
		book, raw, want string
		mended          bool
	}{
		{"01/1985", "26 tháng 2 năm 1965", "1985-02-26", true},
		{"01/2012", "ÚZ tháng 07 năm Z012", "", false}, // the day is unreadable: no date
		{"01/2012", "12 tháng 07 năm Z012", "2012-07-12", true},
		{"01/2012", "12 tháng 07 năm 2012", "2012-07-12", false},
		{"", "26 tháng 2 năm 1965", "1965-02-26", false},
		{"01/2012", "12 tháng 07 năm 1998", "1998-07-12", false},
	} {
		w := &worker{batch: registry.Batch{Book: tc.book}}
		n, mended := w.bookYear(tc.raw, normalize.Normalize(registry.TypeDate, tc.raw))
		if n.Value != tc.want || mended != tc.mended {
			t.Errorf("book %q, %q: %q (%v), want %q (%v)", tc.book, tc.raw, n.Value, mended, tc.want, tc.mended)
		}
		if mended && n.Note == "" {
			t.Errorf("book %q, %q: no note", tc.book, tc.raw)
		}
		// A year taken from the book is a mend: the field goes to a person
		// whatever its confidence (issue 19: "05 tháng 07 năm Z012" was
		// 03/01/2013, accepted at 0.993 as 05/07/2013).
		if ev := evidence(registry.TypeDate, nil, n, 99, 99, true); ev.Mended != mended {
			t.Errorf("book %q, %q: evidence mended %v, want %v", tc.book, tc.raw, ev.Mended, mended)
		}
	}
}
