package auth

import (
	"fmt"
	"time"
)

// Limit is how many failed sign-ins one account, or one client address,
// is let through in a window, and how fast: the first Free at once, then
// each after a wait that doubles from Delay up to MaxDelay; at Lock
// failures the key is locked until the oldest of them leaves the window,
// or a supervisor lifts the lock.
type Limit struct {
	Free     int
	Delay    time.Duration
	MaxDelay time.Duration
	Lock     int // 0: never locked
	Window   time.Duration
}

// AccountLimit lets at most 20 guesses at one account through in an hour:
// three at once, then at growing intervals (1 s, 2 s, … 5 min), then none
// until a supervisor unlocks it or the hour has passed.
var AccountLimit = Limit{Free: 3, Delay: time.Second, MaxDelay: 5 * time.Minute, Lock: 20, Window: time.Hour}

// AddressLimit slows one client address that fails on many accounts:
// thirty failures in an hour at once, then one a minute at most. It never
// locks: on a station every person may come from the same address.
var AddressLimit = Limit{Free: 30, Delay: time.Second, MaxDelay: time.Minute, Window: time.Hour}

// Refusal says why a sign-in is not tried now.
type Refusal struct {
	Wait    time.Duration // until another try is let through
	Locked  bool          // the account is locked (a supervisor can lift it)
	Address bool          // refused for the client address, not the account
}

// Error returns the refusal as one line.
func (r *Refusal) Error() string {
	switch {
	case r.Locked:
		return fmt.Sprintf("the account is locked after too many failed sign-ins, for %s or until a supervisor unlocks it", r.Wait.Round(time.Second))
	case r.Address:
		return fmt.Sprintf("too many failed sign-ins from this address: wait %s", r.Wait.Round(time.Second))
	}
	return fmt.Sprintf("too many failed sign-ins: wait %s", r.Wait.Round(time.Second))
}

// Since is the start of the window that counts at now.
func (l Limit) Since(now time.Time) time.Time { return now.Add(-l.Window) }

// Allow returns nil if a try may be made at now after the failures given
// (oldest first), or why not.
func (l Limit) Allow(failures []time.Time, now time.Time) *Refusal {
	since := l.Since(now)
	for len(failures) > 0 && !failures[0].After(since) {
		failures = failures[1:]
	}
	n := len(failures)
	if l.Lock > 0 && n >= l.Lock {
		return &Refusal{Locked: true, Wait: failures[n-l.Lock].Add(l.Window).Sub(now)}
	}
	if n < l.Free || n == 0 {
		return nil
	}
	delay := l.Delay
	for i := l.Free; i < n && delay < l.MaxDelay; i++ {
		delay *= 2
	}
	delay = min(delay, l.MaxDelay)
	if next := failures[n-1].Add(delay); now.Before(next) {
		return &Refusal{Wait: next.Sub(now)}
	}
	return nil
}
