package main

import (
	"testing"

	"github.com/civreg/civreg/internal/synth"
)

func TestFieldTally(t *testing.T) {
	box := [4]int{100, 100, 200, 140}
	for _, tc := range []struct {
		name string
		tf   synth.TruthField
		f    exportedField
		has  bool
		want tally
	}{
		{"not exported", synth.TruthField{Value: "a", BoxDeskewed: box}, exportedField{}, false, tally{Fields: 1}},
		{"right, accepted", synth.TruthField{Value: "a", BoxDeskewed: box}, exportedField{Value: "a", Status: "auto", Box: []int{95, 95, 210, 150}}, true,
			tally{Fields: 1, Located: 1, Exact: 1, Accepted: 1}},
		{"wrong, accepted, box elsewhere", synth.TruthField{Value: "a", BoxDeskewed: box}, exportedField{Value: "b", Status: "auto", Box: []int{500, 500, 600, 540}}, true,
			tally{Fields: 1, Accepted: 1, AcceptedWrong: 1}},
		{"wrong, sent to review", synth.TruthField{Value: "a", BoxDeskewed: box}, exportedField{Value: "b", Status: "review", Box: []int{95, 95, 210, 150}}, true,
			tally{Fields: 1, Located: 1}},
		{"illegible, accepted", synth.TruthField{Value: "a", State: "illegible"}, exportedField{Value: "a", Status: "auto", Box: []int{0, 0, 1, 1}}, true,
			tally{Fields: 1, Located: 1, Accepted: 1, AcceptedWrong: 1, Illegible: 1, IllegibleAccepted: 1}},
	} {
		if got := scoreField(tc.tf, tc.f, tc.has, 300); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// The pages timed against the CLI are those it opens as civreg does: one
// page to a file, no PDF, no multi-page TIFF.
func TestSpeedFiles(t *testing.T) {
	truths := []synth.Truth{
		{File: "a.png"}, {File: "b.pdf"}, {File: "c.tif"}, {File: "c.tif", PageIndex: 1},
		{File: "d.g4.tif"}, {File: "e.jpg"}, {File: "f.png"},
	}
	got := speedFiles(truths, "/p", 3)
	want := []string{"/p/a.png", "/p/d.g4.tif", "/p/e.jpg"}
	if len(got) != len(want) {
		t.Fatalf("speedFiles = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("speedFiles = %q, want %q", got, want)
		}
	}
	if m := median([]float64{3, 1, 2, 10}); m != 2.5 {
		t.Errorf("median = %v, want 2.5", m)
	}
}
