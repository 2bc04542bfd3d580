package normalize

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestOutOfSequence(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want []int
	}{
		{[]string{"57", "58", "59", "60"}, nil},
		{[]string{"57", "5", "59", "60"}, []int{1}},     // a lost 8
		{[]string{"156", "157", "58", "159"}, []int{2}}, // a lost 1
		{[]string{"126", "127127", "128"}, []int{1}},    // read twice
		{[]string{"10", "12", "14", "16"}, nil},         // two entries a page
		{[]string{"10", "11", "15", "16"}, nil},
		{[]string{"330", "333", "334"}, nil},             // 331 and 332 not in the batch          // pages missing from the scan
		{[]string{"10", "", "12", "99", "14"}, []int{3}}, // an unread neighbour says nothing of 12
		{[]string{"12", "13", "10"}, nil},                // neighbours out of order
		{[]string{"57"}, nil},
		{nil, nil},
	} {
		got := slices.Sorted(maps.Keys(OutOfSequence(tc.in)))
		if !slices.Equal(got, tc.want) {
			t.Errorf("OutOfSequence(%q) flags %v, want %v", tc.in, got, tc.want)
		}
	}
}

// A book registers in order: a date outside its neighbours' is flagged
// (the italic 01 read as 07), dates equal to a neighbour's are not,
// neighbours out of order or a missing or partial date say nothing.
func TestOutOfDateOrder(t *testing.T) {
	got := OutOfDateOrder([]string{
		"2011-01-02", "2011-07-03", "2011-01-04", // 0..2: the middle one is out
		"2011-01-04", "2011-01-05", // 3..4: in order, same day allowed
		"", "2011-01-06", "2011-01", "2011-01-09",
		"2011-02-01", "2011-01-20", "2011-01-25", // 9 lies outside 01-09…01-20; 10 has 9 after 11, so says nothing
	})
	if len(got) != 2 || got[1] == "" || got[9] == "" {
		t.Errorf("flags = %v, want indexes 1 and 9", got)
	}
	if !strings.Contains(got[1], "03/07/2011") {
		t.Errorf("note %q does not give the date as people read it", got[1])
	}
}
