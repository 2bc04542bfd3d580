package scan

import "testing"

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
