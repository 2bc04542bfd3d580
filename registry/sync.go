package registry

import (
	"context"
	"time"
)

// Pushed is one verified record as a station pushes it to the city
// registry, with what the registry needs to show and issue it anywhere.
type Pushed struct {
	Record *Record
	Page   Page   // the page it was read from (hash, file, size)
	Image  []byte // the stored page image; nil when the registry has it
	// Original is the page as scanned, in colour, with its small copy for
	// the national export; nil when the station kept none.
	Original *Original
	Events   []Event
	// Digest identifies the record's content (fields and status) as the
	// station holds it; equal digests are equal records.
	Digest string
}

// PushOutcome says what the registry did with one pushed record.
type PushOutcome string

// Push outcomes.
const (
	PushAdded    PushOutcome = "added"    // new in the registry
	PushUpdated  PushOutcome = "updated"  // changed at the station only since its last push: brought up to date
	PushPresent  PushOutcome = "present"  // the registry holds it as pushed already
	PushConflict PushOutcome = "conflict" // changed on both sides: held for a supervisor
)

// SyncConflict is a pushed record the registry did not take because the
// registry's copy changed too since the last push (or another station
// pushed it differently): a supervisor decides, nothing is overwritten.
type SyncConflict struct {
	ID             int64
	RecordID       string
	Origin         string // the station that pushed
	StationDigest  string
	RegistryDigest string
	// Differences lists the fields that differ, "key: registry → station".
	Differences []string
	Held        time.Time
}

// SyncStore is the city registry's side of a push.
type SyncStore interface {
	// Digests returns the current digest of each of ids the registry
	// holds; an id it does not hold is absent from the map.
	Digests(ctx context.Context, ids []string) (map[string]string, error)
	// Push stores a batch of records from origin in one transaction and
	// returns one outcome per record, in order. A rerun of the same batch
	// adds nothing (events are kept once by their origin and id).
	Push(ctx context.Context, origin string, batch []Pushed) ([]PushOutcome, error)
	// Conflicts lists the held conflicts, oldest first.
	Conflicts(ctx context.Context) ([]SyncConflict, error)
	// ImportKey stores a station's office key with its validity as the
	// station has it: a key the registry lacks is added, ended if it
	// ended; a key it holds takes the end the station gave it (a replaced
	// key may become revoked, nothing else changes). An active key of an
	// office whose active key in the registry is another is ECONFLICT.
	ImportKey(ctx context.Context, k *OfficeKey, origin string) error
	// FindKey returns a key by id (see KeyStore).
	FindKey(ctx context.Context, id string) (*OfficeKey, error)
}

// ConflictSide says which version a supervisor keeps of a held conflict.
type ConflictSide string

// The sides of a conflict.
const (
	KeepRegistry ConflictSide = "registry" // the registry's copy stays; the station's version is set aside
	KeepStation  ConflictSide = "station"  // the station's copy replaces the registry's
)

// ConflictResolver is the registry's side of resolving held conflicts.
type ConflictResolver interface {
	// ResolveConflict settles held conflict id as keep says, for
	// supervisor by (who the caller signed in), with an event in the log
	// naming them and note. A conflict resolved already, or whose record
	// changed in the registry since it was held (its differences are then
	// brought up to date, to be looked at again), is ECONFLICT; an unknown
	// id ENOTFOUND. Once resolved, a push of the same station version is
	// "already there".
	ResolveConflict(ctx context.Context, id int64, keep ConflictSide, by, note string) error
}
