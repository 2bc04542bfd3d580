package registry

import (
	"context"
	"time"
)

// Issuance is one certified extract (bản sao trích lục) given out by an
// office. Its copy number is the office's own, "N/YYYY/TLKS-BS": a sequence
// per office and year that is never reused.
type Issuance struct {
	ID        int64
	CopyNo    string // "12/2026/TLKS-BS"
	Office    string // the issuing office
	Year      int
	Seq       int
	RecordID  string
	IssuedBy  string
	Requester string
	At        time.Time
	// Content is the canonical extract content that was signed, and
	// Signature the office's Ed25519 signature over it; together they let
	// the same copy be printed again byte for byte.
	Content   []byte
	Signature []byte
	KeyID     string // which office key signed
}

// IssueStore keeps the append-only issuance log.
type IssueStore interface {
	// NextCopy allocates the next copy number of office and year and stores
	// iss with it (iss.Seq, iss.CopyNo and iss.ID set), with an
	// "extract.issued" event, in one transaction. build is called inside
	// the transaction with the allocated number to fill Content, Signature
	// and KeyID; if it fails nothing is stored and the number is not used.
	NextCopy(ctx context.Context, iss *Issuance, code string, build func(*Issuance) error) error
	// FindIssuance returns the issuance with a copy number, or ENOTFOUND.
	FindIssuance(ctx context.Context, copyNo string) (*Issuance, error)
	// Issuances lists the issuances of one record, oldest first.
	Issuances(ctx context.Context, recordID string) ([]Issuance, error)
}

// Issuer issues certified extracts; the review station's issue button and
// the CLI both use it.
type Issuer interface {
	// Issue makes a signed extract of a verified record for office, logs
	// it, and returns it with its PDF. A record that is not verified is
	// refused with EINVALID naming the pending fields.
	Issue(ctx context.Context, recordID, office, by, requester string) (*Issuance, []byte, error)
	// Preview returns the lines an extract of a record for office would
	// print, before any number is given, for the clerk to hold against
	// the register page; EINVALID for a record not verified.
	Preview(ctx context.Context, recordID, office string) ([]string, error)
	// Reprint renders an issued copy again, byte for byte, for by at the
	// request of requester, and logs it as an issue is logged.
	Reprint(ctx context.Context, copyNo, by, requester string) (*Issuance, []byte, error)
}

// OfficeKey is the public half of an office's Ed25519 signing key, kept in
// the store so that any office can check the extracts another one issued.
// The private half never enters the store.
type OfficeKey struct {
	ID      string // the first 16 hex digits of the SHA-256 of Public
	Office  string
	Public  []byte // the 32-byte Ed25519 public key
	Created time.Time
	// Ended is when the key stopped being valid, zero while it is the
	// office's active key; How says how ("replaced" or "revoked"). A key
	// that ended is kept for checking the copies it signed before.
	Ended time.Time
	How   string
}

// Key ends.
const (
	KeyReplaced = "replaced"
	KeyRevoked  = "revoked"
)

// ValidAt reports whether the key was valid at t: created by then and not
// ended yet.
func (k *OfficeKey) ValidAt(t time.Time) bool {
	return !t.Before(k.Created.Truncate(time.Second)) && (k.Ended.IsZero() || t.Before(k.Ended))
}

// Check returns EINVALID for a key a store cannot take: without its id or
// office, or whose public half is not 32 bytes.
func (k *OfficeKey) Check() error {
	switch {
	case k.ID == "" || k.Office == "":
		return Errorf(EINVALID, "a key needs its id and office")
	case len(k.Public) != 32:
		return Errorf(EINVALID, "an ed25519 public key has 32 bytes, not %d", len(k.Public))
	}
	return nil
}

// KeyStore keeps the offices' public keys.
type KeyStore interface {
	// AddKey stores k (k.Created set when zero), or returns ECONFLICT if a
	// key with its id is stored already, or if k.Office has an active key
	// (ReplaceKey replaces it).
	AddKey(ctx context.Context, k *OfficeKey) error
	// ReplaceKey stores k as its office's active key, ending the one
	// before (kept, with its validity), logged as "key.replaced" by by.
	ReplaceKey(ctx context.Context, k *OfficeKey, by string) error
	// RevokeKey ends a key now, logged as "key.revoked" by by with note;
	// ENOTFOUND for an unknown key, ECONFLICT for one revoked already.
	RevokeKey(ctx context.Context, id, by, note string) error
	// FindKey returns the key with an id, or ENOTFOUND.
	FindKey(ctx context.Context, id string) (*OfficeKey, error)
	// Keys lists the keys of office, or of every office when office is "",
	// newest first.
	Keys(ctx context.Context, office string) ([]OfficeKey, error)
}
