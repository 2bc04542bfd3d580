package scan

import (
	"testing"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/registry"
)

// A date read without its day goes to a person like a value cut short
// (issue 19: "1996-01" accepted for 03/01/1996, its day lost); a whole
// date, or a year alone (old people's dates of birth), does not.
func TestPartialDateDoubted(t *testing.T) {
	cal := route.Calibration{}
	for _, tc := range []struct {
		raw     string
		partial bool
	}{{"tháng 01 năm 1996", true}, {"03/01/1996", false}, {"1938", false}} {
		n := normalize.Normalize(registry.TypeDate, tc.raw)
		if !n.OK {
			t.Fatalf("%q: not read (%q)", tc.raw, n.Note)
		}
		e := evidence(registry.TypeDate, nil, n, 99, 99, true)
		e.Located = true
		if e.Cut != tc.partial {
			t.Errorf("%q -> %q: cut=%v, want %v", tc.raw, n.Value, e.Cut, tc.partial)
		}
		if c := cal.Confidence(e); tc.partial && c > 0.5 {
			t.Errorf("%q: confidence %.3f, want at most one half", tc.raw, c)
		}
	}
}
