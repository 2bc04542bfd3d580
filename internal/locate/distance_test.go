package locate

import (
	"math/rand/v2"
	"testing"

	"github.com/civreg/civreg/internal/normalize"
)

// boundedDistance agrees with normalize.EditDistance on whether two keys
// are within k edits, and on the distance when they are.
func TestBoundedDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	word := func(alpha string) string {
		b := make([]rune, rng.IntN(14))
		rs := []rune(alpha)
		for i := range b {
			b[i] = rs[rng.IntN(len(rs))]
		}
		return string(b)
	}
	check := func(a, b string, k int) {
		t.Helper()
		got, want := boundedDistance(a, b, k), normalize.EditDistance(a, b, k)
		if (got > k) != (want > k) || (want <= k && got != want) {
			t.Fatalf("boundedDistance(%q, %q, %d) = %d, EditDistance %d", a, b, k, got, want)
		}
	}
	for range 200000 {
		a, b := word("abc"), word("abcd")
		if rng.IntN(3) == 0 {
			// Near misses: b is a with a few edits.
			rb := []byte(a)
			for range rng.IntN(4) {
				if len(rb) > 0 {
					rb[rng.IntN(len(rb))] = "abcd"[rng.IntN(4)]
				}
			}
			b = string(rb)
		}
		check(a, b, rng.IntN(6))
	}
	for range 2000 {
		check(word("aăâđ"), word("aăâđb"), rng.IntN(5))
	}
	check("hovaten", "hovaten", 0)
	check("", "abc", 3)
	check("", "", 0)
}
