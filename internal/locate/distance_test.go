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

// Myers' bit-parallel distance and the band give the same number on keys
// up to the locator's longest, both ways round, on either side of 64
// bytes (a machine word).
func TestMyersAsBand(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	key := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdehinot0123"[rng.IntN(3+rng.IntN(12))]
		}
		return string(b)
	}
	for range 100000 {
		a := key(rng.IntN(128))
		b := []byte(a)
		for range rng.IntN(12) {
			switch i := rng.IntN(len(b) + 1); {
			case rng.IntN(3) == 0 && len(b) < 127:
				b = append(b[:i], append([]byte{"abcz9"[rng.IntN(5)]}, b[i:]...)...)
			case i < len(b) && rng.IntN(2) == 0:
				b = append(b[:i], b[i+1:]...)
			case i < len(b):
				b[i] = "abcz9"[rng.IntN(5)]
			}
		}
		if rng.IntN(10) == 0 {
			b = []byte(key(rng.IntN(128)))
		}
		k := rng.IntN(40)
		want := normalize.EditDistance(a, string(b), k)
		if want > k {
			want = k + 1
		}
		if got := boundedDistance(a, string(b), k); got != want {
			t.Fatalf("boundedDistance(%q, %q, %d) = %d, want %d", a, b, k, got, want)
		}
		if len(a) <= 64 && len(b) <= 127 && len(a)-len(b) <= k && len(b)-len(a) <= k {
			if got := bandDistance(a, string(b), k); got != want {
				t.Fatalf("bandDistance(%q, %q, %d) = %d, want %d", a, b, k, got, want)
			}
		}
	}
}

func BenchmarkBoundedDistance(b *testing.B) {
	pairs := [][2]string{
		{"noidangkykhaisinh", "noidangkykethon"},
		{"hovatennguoiduockhaisinh", "hovatencha"},
		{"ngaythangnamsinh", "ngaythangnamsinhbangchu"},
		{"quoctich", "dantoc"},
	}
	for b.Loop() {
		for _, p := range pairs {
			boundedDistance(p[0], p[1], 6)
		}
	}
}

// prefixOf cuts a key at got's length in runes as []rune did, Vietnamese
// letters (folding keeps đ and those outside ASCII) and keys as short as
// got included.
func TestPrefixOfAsRunes(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	word := func() string {
		b := make([]rune, rng.IntN(9))
		for i := range b {
			b[i] = []rune("abcđơư1")[rng.IntN(7)]
		}
		return string(b)
	}
	byRunes := func(got string, it item) bool {
		n := len([]rune(got))
		if n < 2 {
			return false
		}
		for i, k := range it.keys {
			rs := []rune(k)
			if len(rs) <= n {
				continue
			}
			if similarityAtLeast(got, string(rs[:n]), it.minScores[i]) > 0 {
				return true
			}
		}
		return false
	}
	for range 50000 {
		it := item{keys: []string{word(), word()}, minScores: []float64{0.5 + rng.Float64()/2, 0.8}}
		got := word()
		if rng.IntN(2) == 0 && len(it.keys[0]) > 0 {
			got = string([]rune(it.keys[0])[:rng.IntN(len([]rune(it.keys[0])))])
		}
		if a, b := prefixOf(got, it), byRunes(got, it); a != b {
			t.Fatalf("prefixOf(%q, %q) = %v, by runes %v", got, it.keys, a, b)
		}
	}
}
