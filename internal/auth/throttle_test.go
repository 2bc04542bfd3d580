package auth_test

import (
	"testing"
	"time"

	"github.com/civreg/civreg/internal/auth"
)

// TestAccountLimit plays a guesser who tries as soon as let through for
// two hours: at most 20 tries get through in any hour, with growing waits.
func TestAccountLimit(t *testing.T) {
	l := auth.AccountLimit
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	var failures []time.Time
	var lastWait time.Duration
	for now := start; now.Before(start.Add(2 * time.Hour)); now = now.Add(time.Second) {
		r := l.Allow(failures, now)
		for ; r == nil; r = l.Allow(failures, now) {
			failures = append(failures, now)
		}
		if !r.Locked && r.Wait > lastWait+time.Second {
			lastWait = r.Wait
		}
	}
	for i := range failures {
		n := 0
		for _, f := range failures[i:] {
			if f.Sub(failures[i]) < time.Hour {
				n++
			}
		}
		if n > 20 {
			t.Fatalf("%d tries in the hour from %s, want at most 20", n, failures[i].Format("15:04:05"))
		}
	}
	if len(failures) < 20 || lastWait < time.Minute {
		t.Errorf("%d tries in two hours, longest wait %s: want 20 to 40, waits growing past a minute", len(failures), lastWait)
	}
	// The first three at once.
	if failures[2].Sub(start) != 0 || failures[3].Sub(start) == 0 {
		t.Errorf("first tries at %v", failures[:4])
	}
}

func TestAddressLimitNeverLocks(t *testing.T) {
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	var failures []time.Time
	for i := 0; i < 100; i++ {
		failures = append(failures, now.Add(time.Duration(i)*time.Second))
	}
	r := auth.AddressLimit.Allow(failures, now.Add(100*time.Second))
	if r == nil || r.Locked || r.Wait > time.Minute {
		t.Errorf("after 100 failures from one address: %+v, want a wait of at most a minute", r)
	}
	if r := auth.AddressLimit.Allow(failures, now.Add(161*time.Second)); r != nil {
		t.Errorf("a minute after the last failure: %+v, want a try", r)
	}
}
