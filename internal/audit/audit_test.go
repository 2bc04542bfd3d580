package audit_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/registry"
)

// TestEncodeKeepsFieldsApart: moving bytes from one field to the next, or
// changing any column, changes the encoding, and so the hash.
func TestEncodeKeepsFieldsApart(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 123456789, time.UTC)
	base := registry.Event{ID: 7, At: at, Actor: "lan", Action: "field.corrected", RecordID: "ks-1", FieldKey: "nksHoTen", Old: "An", New: "Anh"}
	seen := map[string]string{string(audit.EncodeEvent(&base)): "base"}
	for name, e := range map[string]registry.Event{
		"shifted":  {ID: 7, At: at, Actor: "lan", Action: "field.corrected", RecordID: "ks-1", FieldKey: "nksHoTen", Old: "AnA", New: "nh"},
		"other id": {ID: 8, At: at, Actor: "lan", Action: "field.corrected", RecordID: "ks-1", FieldKey: "nksHoTen", Old: "An", New: "Anh"},
		"other at": {ID: 7, At: at.Add(time.Microsecond), Actor: "lan", Action: "field.corrected", RecordID: "ks-1", FieldKey: "nksHoTen", Old: "An", New: "Anh"},
		"actor":    {ID: 7, At: at, Actor: "mai", Action: "field.corrected", RecordID: "ks-1", FieldKey: "nksHoTen", Old: "An", New: "Anh"},
	} {
		enc := string(audit.EncodeEvent(&e))
		if prev, ok := seen[enc]; ok {
			t.Errorf("%s encodes as %s does", name, prev)
		}
		seen[enc] = name
	}
	// Below the microsecond a store keeps, nothing changes.
	same := base
	same.At = at.Truncate(time.Microsecond)
	if !bytes.Equal(audit.EncodeEvent(&same), audit.EncodeEvent(&base)) {
		t.Error("a time read back from the store encodes differently")
	}
	if bytes.Equal(audit.Next(nil, []byte("a")), audit.Next(audit.Next(nil, nil), []byte("a"))) {
		t.Error("the hash does not depend on the link before")
	}
}

func TestCheckpointSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	sum := sha256.Sum256(pub)
	key := &registry.OfficeKey{ID: hex.EncodeToString(sum[:8]), Office: "UBND phường Sài Gòn", Public: pub}
	head := &registry.Link{Seq: 12, Hash: audit.Next(nil, []byte("x"))}
	cp, err := audit.Seal(head, key.ID, priv, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !audit.CheckSignature(cp, key) {
		t.Fatal("a fresh checkpoint does not verify")
	}
	moved := *cp
	moved.Seq = 11
	if audit.CheckSignature(&moved, key) {
		t.Error("a checkpoint moved to another link verifies")
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if audit.CheckSignature(cp, &registry.OfficeKey{ID: key.ID, Public: other}) {
		t.Error("a key that is not the one named verifies")
	}
	if _, err := audit.Seal(nil, key.ID, priv, time.Now()); err == nil {
		t.Error("an empty chain was sealed")
	}
}
