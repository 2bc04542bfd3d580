package normalize

import (
	"maps"
	"slices"
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
