package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/civreg/civreg/registry"
	"golang.org/x/crypto/argon2"
)

// MinPasswordLen is the shortest password accepted, in characters.
const MinPasswordLen = 10

// maxPasswordLen bounds the work a login can ask of the KDF.
const maxPasswordLen = 1024

// Params are the Argon2id costs. New hashes use DefaultParams; a stored hash
// carries its own, so that raising the costs later does not lock anyone out.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultParams follow RFC 9106's second recommended option (64 MiB, three
// passes), which takes a fraction of a second on the station's hardware.
var DefaultParams = Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}

var b64 = base64.RawStdEncoding

// CheckPassword returns EINVALID if pw is too short or too long to be a
// password.
func CheckPassword(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		return registry.Errorf(registry.EINVALID, "the password needs at least %d characters", MinPasswordLen)
	case len(pw) > maxPasswordLen:
		return registry.Errorf(registry.EINVALID, "the password is longer than %d bytes", maxPasswordLen)
	}
	return nil
}

// HashPassword returns pw hashed with Argon2id and a fresh random salt, in
// the PHC string form "$argon2id$v=19$m=65536,t=3,p=2$salt$hash".
func HashPassword(pw string) (string, error) {
	return hashWith(DefaultParams, pw)
}

func hashWith(p Params, pw string) (string, error) {
	if len(pw) > maxPasswordLen {
		return "", registry.Errorf(registry.EINVALID, "the password is longer than %d bytes", maxPasswordLen)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey([]byte(pw), salt, p, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// kdfSlots bounds the hashes computed at once: each holds its Memory (64
// MiB by default) while it runs, and a burst of sign-ins, honest or not,
// must not take the station's memory. The others wait their turn.
var kdfSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// kdfRuns counts the hashes computed, for measuring what a flood of
// sign-ins costs.
var kdfRuns atomic.Int64

// KDFRuns returns how many password hashes this process has computed.
func KDFRuns() int64 { return kdfRuns.Load() }

// idKey is argon2.IDKey within a slot.
func idKey(pw, salt []byte, p Params, keyLen uint32) []byte {
	kdfRuns.Add(1)
	kdfSlots <- struct{}{}
	defer func() { <-kdfSlots }()
	return argon2.IDKey(pw, salt, p.Time, p.Memory, p.Threads, keyLen)
}

// dummyHash is verified against when there is no stored hash, so that
// asking for an unknown user costs as much as for a known one. It is made
// on first use: a command that never verifies should not pay for it.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("civreg: no such user")
	if err != nil {
		panic(err)
	}
	return h
})

// VerifyPassword reports whether pw matches the encoded hash, comparing in
// constant time. With an empty or malformed encoded hash (an unknown user)
// it still does the work of one verification and returns false, so that
// the time a sign-in takes does not tell which names exist.
func VerifyPassword(encoded, pw string) bool {
	p, salt, want, err := decode(encoded)
	if err != nil || len(pw) > maxPasswordLen {
		p, salt, want, _ = decode(dummyHash())
		idKey([]byte(pw), salt, p, uint32(len(want)))
		return false
	}
	got := idKey([]byte(pw), salt, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// decode parses a PHC Argon2id string, refusing costs that a tampered
// store could use to make a login exhaust the machine.
func decode(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("unsupported argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("bad argon2 parameters %q", parts[3])
	}
	if p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<20 || p.Time < 1 || p.Time > 64 || p.Threads < 1 {
		return p, nil, nil, fmt.Errorf("argon2 parameters out of range %q", parts[3])
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("bad argon2 salt")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, fmt.Errorf("bad argon2 key")
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}
