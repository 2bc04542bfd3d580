package registry

import (
	"context"
	"time"
)

// DuplicateStatus is where a possible duplicate stands.
type DuplicateStatus string

// Duplicate statuses.
const (
	DuplicateOpen      DuplicateStatus = "open"      // flagged, waiting for a person
	DuplicateLinked    DuplicateStatus = "linked"    // a person confirmed: the same entry registered twice
	DuplicateDismissed DuplicateStatus = "dismissed" // a person decided: different people or events
)

// ParseDuplicateStatus returns the status named by s, or an EINVALID error.
func ParseDuplicateStatus(s string) (DuplicateStatus, error) {
	switch st := DuplicateStatus(s); st {
	case DuplicateOpen, DuplicateLinked, DuplicateDismissed:
		return st, nil
	}
	return "", Errorf(EINVALID, "unknown duplicate status %q (want open, linked or dismissed)", s)
}

// Duplicate is a pair of records that may be the same person or event
// entered twice, for instance an entry and its re-registration ("ĐĂNG KÝ
// LẠI"). Linking records the decision; it merges nothing, because each
// entry stays in its book as printed.
type Duplicate struct {
	ID      int64
	RecordA string // the smaller record id of the pair
	RecordB string
	// Score is how likely the pair is one entry twice, in [0, 1]: the more
	// independent evidence (same ID number, same name and date, a
	// re-registration note), the higher.
	Score float64
	// Why lists the evidence in Vietnamese, for the reviewer.
	Why       string
	Status    DuplicateStatus
	DecidedBy string    // the user who linked or dismissed it
	DecidedAt time.Time // zero while open
	Note      string    // the reviewer's note with the decision
	Created   time.Time
}

// DuplicateScan sums up one FindDuplicates run.
type DuplicateScan struct {
	Records int // records whose duplicate keys were (re)computed
	Flagged int // pairs flagged for the first time
	Open    int // open pairs in the store after the run
}

// DuplicateStore flags and decides possible duplicates.
//
// A pair is flagged when two different records of the same kind share a key:
// the same accent-folded main name (the couple's names for a marriage, the
// parent's and the child's for a recognition) with the same date of birth
// or event, or the same ID number. Keys are kept in an index, so that a run
// looks at the records added or changed since the last run only.
type DuplicateStore interface {
	// FindDuplicates (re)computes the keys of new and changed records and
	// flags the pairs that share one. A pair decided already keeps its
	// decision; an open pair whose records no longer share a key is
	// withdrawn.
	FindDuplicates(ctx context.Context) (DuplicateScan, error)
	// Duplicates lists the pairs with the given status (all when empty),
	// highest score first.
	Duplicates(ctx context.Context, status DuplicateStatus) ([]Duplicate, error)
	// Decide links (link = true) or dismisses an open pair in the name of
	// user, and logs a "duplicate.linked" or "duplicate.dismissed" event on
	// both records. It returns ENOTFOUND for an unknown id, ECONFLICT for a
	// pair decided already, and EINVALID without a user.
	Decide(ctx context.Context, id int64, user string, link bool, note string) (*Duplicate, error)
}
