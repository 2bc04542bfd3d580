package review

import "testing"

func TestDiffMarks(t *testing.T) {
	got := diffMarks("Nguyễn Thị Nga", "Nguyễn Thi Ngà")
	want := []Mark{{"Nguyễn Th", false}, {"ị", true}, {" Ng", false}, {"a", true}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	}
	if m := diffMarks("abc", "abc"); len(m) != 1 || m[0].Unsure {
		t.Errorf("equal: %+v", m)
	}
}
