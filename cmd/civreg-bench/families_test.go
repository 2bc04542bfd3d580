package main

import (
	"math"
	"testing"

	"github.com/civreg/civreg/internal/synth"
)

// TestWilson checks the interval against published values (Newcombe 1998;
// 0/10 and 50/100 are textbook cases) and its edges.
func TestWilson(t *testing.T) {
	cases := []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 10, 0, 0.27753},
		{10, 10, 0.72247, 1},
		{50, 100, 0.40383, 0.59617},
		{5, 2066, 0.0010342, 0.0056530},
		{81, 263, 0.2553, 0.3662},
	}
	for _, c := range cases {
		lo, hi := wilson(c.k, c.n)
		if math.Abs(lo-c.lo) > 6e-5 || math.Abs(hi-c.hi) > 6e-5 {
			t.Errorf("wilson(%d, %d) = %.5f–%.5f, want %.5f–%.5f", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := wilson(0, 0); lo != 0 || hi != 1 {
		t.Errorf("wilson(0, 0) = %v–%v, want 0–1", lo, hi)
	}
	if got, want := ci(5, 2066), "0.24 % (5/2066; 0.10–0.57)"; got != want {
		t.Errorf("ci(5, 2066) = %q, want %q", got, want)
	}
}

func TestCalibrationRefusesHeldOut(t *testing.T) {
	if err := refuseHeldOut([]synth.Truth{{File: "a.png"}, {File: "b.png", EditionFamily: synth.FamilyTuned}}); err != nil {
		t.Errorf("tuned pages refused: %v", err)
	}
	for _, tr := range []synth.Truth{{File: "c.png", HeldOut: true}, {File: "d.png", EditionFamily: synth.FamilyHeldOut}, {File: "e.png", EditionFamily: synth.FamilyOutside}} {
		if err := refuseHeldOut([]synth.Truth{{File: "a.png"}, tr}); err == nil {
			t.Errorf("%s (held out %v, family %q) was not refused", tr.File, tr.HeldOut, tr.EditionFamily)
		}
	}
	*calEdition = synth.FamilyHeldOut
	defer func() { *calEdition = synth.EditionDefault }()
	if checkCalibration() == nil {
		t.Error("-edition held-out was not refused")
	}
	*calEdition = synth.FamilyTuned
	if checkCalibration() != nil || calibrationFamily() != synth.FamilyTuned {
		t.Error("-edition tuned was refused")
	}
}
