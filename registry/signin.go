package registry

import (
	"context"
	"time"
)

// SigninAttempt is one try at signing in, by account name (as typed) and
// client address.
type SigninAttempt struct {
	ID   int64
	Name string
	Addr string
	At   time.Time
}

// SigninStore keeps the sign-in attempts the station throttles on, and the
// accounts' locks and switches. The policy lives with the caller.
type SigninStore interface {
	// BeginSignin records a as a failed attempt, before the password is
	// checked, so that parallel guesses count at once, and sets a.ID;
	// unless allow refuses it, given the failed attempts at or after since
	// of a.Name (after its last success or unlock) and of a.Addr, oldest
	// first. allow's error is returned and nothing is recorded then.
	BeginSignin(ctx context.Context, a *SigninAttempt, since time.Time, allow func(byName, byAddr []time.Time) error) error
	// EndSignin logs how attempt a ended, as a "user.signin" or
	// "user.signin.failed" event with note; a success clears the
	// account's failures.
	EndSignin(ctx context.Context, a *SigninAttempt, ok bool, note string) error
	// UnlockUser clears the failed attempts of name, by a supervisor,
	// logged as "user.unlocked"; ENOTFOUND for an unknown user.
	UnlockUser(ctx context.Context, name, by string) error
	// SetDisabled turns an account off (ending its sessions) or on again,
	// logged as "user.disabled" or "user.enabled"; ENOTFOUND for an
	// unknown user.
	SetDisabled(ctx context.Context, name string, disabled bool, by string) error
}

// EventLog adds events for what is not a change to the store: a reprint,
// a look at a record, a search, an account change made elsewhere.
type EventLog interface {
	// LogEvent adds e (e.At set to now when zero) and sets e.ID.
	LogEvent(ctx context.Context, e *Event) error
}

// EventBatcher adds many events in one transaction: a log of looks that
// must not slow the looking.
type EventBatcher interface {
	EventLog
	// LogEvents adds the events (each At set to now when zero), all or
	// none.
	LogEvents(ctx context.Context, es []Event) error
}
