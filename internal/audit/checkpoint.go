package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/civreg/civreg/registry"
)

// checkpointMessage is what an office key signs for a checkpoint.
func checkpointMessage(seq int64, hash []byte, at time.Time) []byte {
	return fmt.Appendf(nil, "civreg audit checkpoint v1\nlink %d\nhash %s\nat %s\n",
		seq, hex.EncodeToString(hash), at.UTC().Format(timeLayout))
}

// Seal signs the chain's head with an office key: the sign function of
// AddCheckpoint. An empty chain (head nil) is not signed.
func Seal(head *registry.Link, keyID string, priv ed25519.PrivateKey, at time.Time) (*registry.Checkpoint, error) {
	if head == nil {
		return nil, registry.Errorf(registry.EINVALID, "the audit log is empty: nothing to sign")
	}
	at = at.UTC().Truncate(time.Microsecond)
	return &registry.Checkpoint{
		Seq: head.Seq, Hash: head.Hash, At: at, KeyID: keyID,
		Signature: ed25519.Sign(priv, checkpointMessage(head.Seq, head.Hash, at)),
	}, nil
}

// CheckSignature reports whether cp is signed by key.
func CheckSignature(cp *registry.Checkpoint, key *registry.OfficeKey) bool {
	if key == nil || key.ID != cp.KeyID || len(key.Public) != ed25519.PublicKeySize {
		return false
	}
	if sum := sha256.Sum256(key.Public); hex.EncodeToString(sum[:8]) != key.ID {
		return false
	}
	return ed25519.Verify(ed25519.PublicKey(key.Public), checkpointMessage(cp.Seq, cp.Hash, cp.At), cp.Signature)
}
