package registry

import (
	"context"
	"time"
)

// Role is what a user of the review station may do. Roles are checked by
// the server on every request, never only by hiding buttons.
type Role string

// Roles.
const (
	RoleReviewer   Role = "reviewer"   // clears review tasks, keys entries
	RoleSupervisor Role = "supervisor" // also arbitrates double entries, decides duplicates, sees progress
	RoleIssuer     Role = "issuer"     // searches records and issues certified extracts
)

// ParseRole returns the role named by s, or EINVALID.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case RoleReviewer, RoleSupervisor, RoleIssuer:
		return Role(s), nil
	}
	return "", Errorf(EINVALID, "unknown role %q (want reviewer, supervisor or issuer)", s)
}

// CanReview reports whether the role may clear review tasks.
func (r Role) CanReview() bool { return r == RoleReviewer || r == RoleSupervisor }

// CanArbitrate reports whether the role may settle a double-entry
// disagreement or a possible duplicate.
func (r Role) CanArbitrate() bool { return r == RoleSupervisor }

// CanIssue reports whether the role may search records and issue extracts.
func (r Role) CanIssue() bool { return r == RoleIssuer }

// User is a person signed in to the review station.
type User struct {
	ID      int64
	Name    string
	Role    Role
	Created time.Time
	// PasswordHash is the KDF output in its own encoded form; it never
	// leaves the server.
	PasswordHash string
	// Disabled is set for an account a supervisor turned off: it cannot
	// sign in, and its sessions are gone.
	Disabled bool
}

// Session is a signed-in browser. The cookie carries Token; the store keeps
// only its hash.
type Session struct {
	Token   string
	User    User
	CSRF    string // the session's anti-forgery token, echoed by every form
	Expires time.Time
}

// TaskStage is where a task stands in single or double entry.
type TaskStage string

// Task stages. A single-entry task is settled by one person. A double-entry
// task (names, dates and ID numbers that the machine did not read itself) is
// keyed blind by two different reviewers: if their values agree the field
// is verified, if not a supervisor arbitrates.
const (
	StageReview    TaskStage = "review"    // single entry
	StageEntry1    TaskStage = "entry1"    // double entry, first keying
	StageEntry2    TaskStage = "entry2"    // double entry, second keying, by someone else
	StageArbitrate TaskStage = "arbitrate" // the two keyings differ: a supervisor decides
)

// TaskFilter narrows the queue; zero fields match everything.
type TaskFilter struct {
	BatchID  int64
	Kind     Kind
	FieldKey string
	Reason   Reason // a rule reason matches by prefix "rule:"
}

// TaskView is a leased task with what the screen shows beside it.
type TaskView struct {
	Task
	Stage      TaskStage
	LeaseUntil time.Time
	Record     *Record // the whole record, for context
	Field      *Field  // the field to settle (Record.Fields[FieldKey])
	// Version is the field's version when it was read; a submit names it
	// and is refused with ECONFLICT if the field changed since.
	Version int64
	// Blind is set for the second keying of a double entry: the screen must
	// not show the reading nor the first keying.
	Blind bool
	// Keyings are the two values of a double entry, for the arbitrating
	// supervisor only.
	Keyings []Keying
	// Note says why the task is where it is, such as "không đọc được" when
	// a reviewer could not read the value and sent it to a supervisor.
	Note string
}

// Keying is one person's value for a double-entry field.
type Keying struct {
	User  string
	Value string
	At    time.Time
}

// Action is what a reviewer does with a task.
type Action string

// Actions.
const (
	ActAccept    Action = "accept"    // the reading is right
	ActReplace   Action = "replace"   // Value is the right value
	ActBlank     Action = "blank"     // the field is empty on the page
	ActIllegible Action = "illegible" // it cannot be read; a supervisor will see it again
	ActSkip      Action = "skip"      // not now: release the lease, let someone else try
)

// Submission settles (or skips) one leased task.
type Submission struct {
	TaskID  int64
	User    string
	Action  Action
	Value   string // the normalised value, for ActReplace (and a keying)
	Raw     string // what the person typed, kept in the event
	Version int64  // TaskView.Version
	// Origin says the value was not typed but offered and confirmed with
	// one key: "derived" from another field, a "default", or "copied" from
	// the book's previous entry. The settling event records it.
	Origin string
}

// Outcome says what a submission did.
type Outcome struct {
	// Field is the field after the submission.
	Field Field
	// Stage is the task's stage after it; "" when the task is done.
	Stage TaskStage
	// RecordVerified is set when this submission made the record verified.
	RecordVerified bool
}

// Progress is the state of the review work, for the progress page.
type Progress struct {
	OpenByReason map[Reason]int // open tasks, rule reasons grouped under "rule:…"
	OpenByStage  map[TaskStage]int
	Leased       int
	Reviewers    []ReviewerStat
	Batches      []BatchStat
}

// ReviewerStat is one person's throughput.
type ReviewerStat struct {
	User      string
	Today     int // tasks settled since midnight, local time
	LastHour  int
	Total     int
	LastEvent time.Time
}

// BatchStat is how far one batch is.
type BatchStat struct {
	Batch    Batch
	Records  int
	Verified int
	Open     int // open tasks
}

// UserStore keeps the station's accounts and sessions.
type UserStore interface {
	// CreateUser stores u (PasswordHash set by the caller) and sets u.ID;
	// ECONFLICT if the name is taken.
	CreateUser(ctx context.Context, u *User) error
	// SetPassword replaces a user's password hash; ENOTFOUND if no such user.
	SetPassword(ctx context.Context, name, hash string) error
	// FindUser returns the user named name, or ENOTFOUND.
	FindUser(ctx context.Context, name string) (*User, error)
	// CreateSession stores s (Token, CSRF, Expires and User.Name set).
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the unexpired session with this token, or
	// ENOTFOUND.
	FindSession(ctx context.Context, token string) (*Session, error)
	// DeleteSession signs a session out; no error if it is gone already.
	DeleteSession(ctx context.Context, token string) error
}

// OpenBook is one book of one office with records waiting for a person.
type OpenBook struct {
	Office string
	Book   string
	Kind   Kind // the kind of its records (the first in order, should a book mix them)
	Open   int  // records that need review
}

// ReviewStore is what the review station needs from a store. Every change
// it makes is recorded as an Event with the acting user.
type ReviewStore interface {
	// NextTask leases the next open task the user may take (a reviewer:
	// review and entry stages, never the second keying of a field the user
	// keyed first; a supervisor: also arbitrate) for the lease duration, in
	// priority order: records closest to verified first, then oldest. A task
	// leased by someone else and not expired is never returned. ENOTFOUND
	// when the queue is empty.
	NextTask(ctx context.Context, user User, f TaskFilter, lease time.Duration) (*TaskView, error)
	// LeaseTask leases one given task to the user (to open it from a list),
	// or returns ECONFLICT if someone else holds it, ENOTFOUND if it is done.
	LeaseTask(ctx context.Context, user User, taskID int64, lease time.Duration) (*TaskView, error)
	// GroupTasks leases up to limit open single-entry tasks of one field key
	// (group mode: one field across many pages), oldest first.
	GroupTasks(ctx context.Context, user User, fieldKey string, f TaskFilter, limit int, lease time.Duration) ([]*TaskView, error)
	// RecordTasks leases every open task of one record the user may take, in
	// the form's order (record-entry mode). With recordID "" it picks the
	// record with the most open tasks. ENOTFOUND when there is none.
	RecordTasks(ctx context.Context, user User, recordID string, lease time.Duration) ([]*TaskView, error)
	// Submit settles or skips a task the user holds. It returns ECONFLICT
	// if the lease is lost or the field's version moved (a stale submit,
	// never applied), EUNAUTHORIZED if the user may not settle this stage.
	// Validation of Value is the caller's job.
	Submit(ctx context.Context, s Submission) (*Outcome, error)
	// ReleaseLeases gives back every lease the user holds (sign-out).
	ReleaseLeases(ctx context.Context, user string) error
	// OpenBooks lists the books that have records waiting for a person,
	// by office and book, with how many, counted without reading the
	// records (the keying view's page list, over the whole registry).
	OpenBooks(ctx context.Context) ([]OpenBook, error)
	// Events returns the events of one record, oldest first.
	RecordEvents(ctx context.Context, recordID string) ([]Event, error)
	// Progress reports the queue and the throughput, as of now.
	Progress(ctx context.Context) (*Progress, error)
	// FieldKeys lists field keys with open single-entry tasks and how many,
	// for choosing a group.
	FieldKeys(ctx context.Context) (map[string]int, error)
}
