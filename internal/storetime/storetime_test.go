package storetime

import (
	"testing"
	"time"
)

// TestRoundTrip keeps a time to the microsecond in UTC, with a fixed width
// that sorts as text, and the zero time as "".
func TestRoundTrip(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	a := time.Date(2024, 3, 1, 15, 4, 5, 120000, hcm)
	b := a.Add(time.Second)
	sa, sb := Format(a), Format(b)
	if sa != "2024-03-01T08:04:05.000120Z" || !(sa < sb) || len(sa) != len(sb) {
		t.Errorf("Format: %q, %q", sa, sb)
	}
	if got, err := Parse(sa); err != nil || !got.Equal(a) {
		t.Errorf("Parse(%q) = %v, %v; want %v", sa, got, err, a)
	}
	if Format(time.Time{}) != "" {
		t.Errorf("the zero time: %q", Format(time.Time{}))
	}
	if got, err := Parse(""); err != nil || !got.IsZero() {
		t.Errorf(`Parse("") = %v, %v`, got, err)
	}
	if _, err := Parse("01/03/2024"); err == nil {
		t.Error("Parse took a date as people write it")
	}
}

// TestTruncate keeps what a store keeps of a time: UTC, to the
// microsecond, so that a time read back equals the one written.
func TestTruncate(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	a := time.Date(2024, 3, 1, 15, 4, 5, 120999, hcm)
	got := Truncate(a)
	if want := time.Date(2024, 3, 1, 8, 4, 5, 120000, time.UTC); got != want {
		t.Errorf("Truncate(%v) = %v, want %v", a, got, want)
	}
	if back, err := Parse(Format(a)); err != nil || back != got {
		t.Errorf("Parse(Format(%v)) = %v, %v; want %v", a, back, err, got)
	}
}
