package registry

import (
	"context"
	"time"
)

// Chained row kinds: what a Link covers.
const (
	LinkEvent    = "event"
	LinkIssuance = "issuance"
)

// Link is one link of the audit chain: it covers one event or issuance,
// and its Hash covers the previous link's hash and the row's canonical
// content, so that no past row can be changed, removed or slipped in
// without breaking the chain from there on.
type Link struct {
	Seq    int64  // position in the chain, from 1, without gaps
	Source string // LinkEvent or LinkIssuance
	RowID  int64
	Hash   []byte // 32 bytes
	// The row the link covers as it is stored now; both nil when the row
	// is gone.
	Event    *Event
	Issuance *Issuance
}

// Checkpoint is an office's signature over the chain's head at one moment:
// a chain recomputed after a row was changed no longer matches it, and
// only the office key can sign another.
type Checkpoint struct {
	ID        int64
	Seq       int64  // the link signed
	Hash      []byte // that link's hash
	At        time.Time
	KeyID     string
	Signature []byte
}

// ChainShape is what a store can tell of its chain without reading every
// row: a chain with gaps, links whose row is gone, or rows no link covers
// has been tampered with.
type ChainShape struct {
	Links     int64  // number of links
	Head      int64  // highest Seq (equals Links when there are no gaps)
	Dangling  []Link // links whose row is gone (Event and Issuance nil), lowest first
	Unchained []Link // rows no link covers (Seq 0), lowest first
	// Rows counts the events and issuances and RowLinks the links that
	// cover each kind; they differ when rows were removed or added.
	Rows, RowLinks map[string]int64
}

// AuditStore keeps the hash chain over events and issuances and the
// office-signed checkpoints. Every event and issuance a store writes is
// chained in the transaction that writes it.
type AuditStore interface {
	// EachLink calls fn for every link with Seq >= from, in Seq order, with
	// the row it covers.
	EachLink(ctx context.Context, from int64, fn func(*Link) error) error
	// Shape returns the chain's counts and up to limit dangling links and
	// unchained rows; with quick set, the dangling and unchained events are
	// looked for only when the counts of events and of their links differ
	// (issuances are always looked at: they are few, and a copy number
	// hangs on them).
	Shape(ctx context.Context, limit int, quick bool) (*ChainShape, error)
	// Checkpoints lists the checkpoints, oldest first.
	Checkpoints(ctx context.Context) ([]Checkpoint, error)
	// LastCheckpoint returns the newest checkpoint, or nil when there is
	// none.
	LastCheckpoint(ctx context.Context) (*Checkpoint, error)
	// AddCheckpoint calls sign with the chain's last link (nil for an empty
	// chain) inside a write transaction, and stores what it returns.
	AddCheckpoint(ctx context.Context, sign func(head *Link) (*Checkpoint, error)) error
}
