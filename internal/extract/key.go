package extract

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"time"

	"github.com/civreg/civreg/registry"
)

// Key is an office's signing key.
type Key struct {
	ID      string // KeyID of the public half
	Office  string
	Private ed25519.PrivateKey
}

// NewKey makes a fresh signing key for office.
func NewKey(office string) (*Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return &Key{ID: KeyID(priv.Public().(ed25519.PublicKey)), Office: office, Private: priv}, nil
}

// Public returns the key's public half as the store keeps it.
func (k *Key) Public() *registry.OfficeKey {
	return &registry.OfficeKey{ID: k.ID, Office: k.Office, Public: []byte(k.Private.Public().(ed25519.PublicKey))}
}

// Sign signs content.
func (k *Key) Sign(content []byte) []byte {
	return ed25519.Sign(k.Private, content)
}

// KeyID returns the id of a public key: the first 16 hex digits of its
// SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Verify reports whether sig is k's signature of content, and that k is
// the key it says it is.
func Verify(k *registry.OfficeKey, content, sig []byte) bool {
	if k == nil || len(k.Public) != ed25519.PublicKeySize || KeyID(k.Public) != k.ID {
		return false
	}
	return ed25519.Verify(ed25519.PublicKey(k.Public), content, sig)
}

// PEM block types and headers.
const (
	privateType  = "PRIVATE KEY"
	publicType   = "PUBLIC KEY"
	officeHeader = "Office"
	idHeader     = "Key-Id"
)

// MarshalPrivate returns k as a PKCS #8 PEM block. The office and key id
// ride along as PEM headers; the key itself is what counts.
func MarshalPrivate(k *Key) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k.Private)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: privateType, Headers: map[string]string{officeHeader: k.Office, idHeader: k.ID}, Bytes: der}), nil
}

// ParsePrivate reads a key written by MarshalPrivate (or any PKCS #8
// Ed25519 key, whose office is then "").
func ParsePrivate(b []byte) (*Key, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != privateType {
		return nil, registry.Errorf(registry.EINVALID, "not a PEM private key")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "bad private key: %v", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, registry.Errorf(registry.EINVALID, "not an ed25519 key")
	}
	return &Key{ID: KeyID(priv.Public().(ed25519.PublicKey)), Office: blk.Headers[officeHeader], Private: priv}, nil
}

// MarshalPublic returns k as a PKIX PEM block with the office and key id
// as headers, for another office to import.
func MarshalPublic(k *registry.OfficeKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(ed25519.PublicKey(k.Public))
	if err != nil {
		return nil, err
	}
	h := map[string]string{officeHeader: k.Office, idHeader: k.ID}
	if !k.Created.IsZero() {
		h["Created"] = k.Created.UTC().Format(time.RFC3339)
	}
	return pem.EncodeToMemory(&pem.Block{Type: publicType, Headers: h, Bytes: der}), nil
}

// ParsePublic reads a public key written by MarshalPublic (or any PKIX
// Ed25519 key, whose office is then "").
func ParsePublic(b []byte) (*registry.OfficeKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != publicType {
		return nil, registry.Errorf(registry.EINVALID, "not a PEM public key")
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "bad public key: %v", err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, registry.Errorf(registry.EINVALID, "not an ed25519 key")
	}
	return &registry.OfficeKey{ID: KeyID(pub), Office: blk.Headers[officeHeader], Public: []byte(pub)}, nil
}
