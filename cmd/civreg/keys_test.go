package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// TestKeysOnePerOffice: before issue 22 keys import took a second key for
// the store's own office without a word, and an extract signed with it
// verified valid; a --pubkey file without an Office line skipped the
// office check; no key could be revoked.
func TestKeysOnePerOffice(t *testing.T) {
	const office = "UBND phường Sài Gòn"
	dir, db := extractStore(t)
	addSupervisor(t, db, "hoa")
	keys := filepath.Join(dir, "keys")
	initKey := func(args ...string) (string, string, int) {
		return runIn(t, lanPw, append([]string{"--db", db, "keys", "init", "--office", office, "--out", keys, "--password-stdin"}, args...)...)
	}
	stdout, stderr, code := initKey("--by", "hoa")
	if code != 0 {
		t.Fatalf("keys init: exit %d: %s", code, stderr)
	}
	keyA := regexp.MustCompile(`key ([0-9a-f]{16})`).FindStringSubmatch(stdout)[1]
	fileA := filepath.Join(keys, keyA+".pem")
	first := filepath.Join(dir, "first.pdf")
	if _, stderr, code := issueAs(t, db, fileA, "ks-1", first); code != 0 {
		t.Fatalf("issue: exit %d: %s", code, stderr)
	}

	// Another key for the same office: refused without --replace, and
	// from anyone but a supervisor.
	other, err := extract.NewKey(office)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := extract.MarshalPublic(other.Public())
	pubFile := filepath.Join(dir, "other.pem")
	os.WriteFile(pubFile, pub, 0o644)
	if _, stderr, code := runIn(t, lanPw, "--db", db, "keys", "import", pubFile, "--by", "hoa", "--password-stdin"); code != exitConflict || !strings.Contains(stderr, "has key "+keyA+" already") {
		t.Errorf("import of a second key for the office: exit %d, want %d: %s", code, exitConflict, stderr)
	}
	if _, stderr, code := runIn(t, lanPw, "--db", db, "keys", "import", pubFile, "--replace", "--by", "lan", "--password-stdin"); code != exitFailure {
		t.Errorf("an issuer replaces the office key: exit %d: %s", code, stderr)
	}
	// An extract signed with that key does not verify.
	content, _ := embedded(t, mustRead(t, first))
	forged := filepath.Join(dir, "forged.pdf")
	writeSigned(t, forged, content, other)
	if stdout, _, code := run(t, "--db", db, "extract", "verify", forged); code != 1 || !strings.Contains(stdout, "does not know") {
		t.Errorf("extract signed with a key not imported: exit %d:\n%s", code, stdout)
	}

	// A supervisor replaces the key: the old one is kept for the copy it
	// signed, which stays valid, and signs nothing more.
	stdout, stderr, code = initKey("--replace", "--by", "hoa")
	if code != 0 {
		t.Fatalf("keys init --replace: exit %d: %s", code, stderr)
	}
	keyC := regexp.MustCompile(`key ([0-9a-f]{16})`).FindStringSubmatch(stdout)[1]
	stdout, _, code = run(t, "--db", db, "extract", "verify", first)
	if code != 0 || !strings.Contains(stdout, "Khoá ký: "+keyA) || !strings.Contains(stdout, "đã thay bằng khoá mới") || !strings.Contains(stdout, "còn hiệu lực vào ngày cấp") {
		t.Errorf("verify a copy of the replaced key: exit %d:\n%s", code, stdout)
	}
	if _, stderr, code := issueAs(t, db, fileA, "ks-1", filepath.Join(dir, "old.pdf")); code != exitConflict || !strings.Contains(stderr, "replaced") {
		t.Errorf("issue with the replaced key: exit %d, want %d: %s", code, exitConflict, stderr)
	}
	// A copy dated after the replacement, signed with the old key (its
	// file stolen), does not verify.
	privA, err := extract.ParsePrivate(mustRead(t, fileA))
	if err != nil {
		t.Fatal(err)
	}
	c, err := extract.Parse(content)
	if err != nil {
		t.Fatal(err)
	}
	c.Issued = time.Now().Add(48 * time.Hour).In(extract.Zone).Format(time.RFC3339)
	later, _ := c.Canonical()
	writeSigned(t, forged, later, privA)
	if stdout, _, code := run(t, "--db", db, "extract", "verify", forged); code != 1 || !strings.Contains(stdout, "was replaced on") {
		t.Errorf("a copy dated after its key was replaced: exit %d:\n%s", code, stdout)
	}

	// Revoked: nothing more is issued with it.
	if _, stderr, code := runIn(t, lanPw, "--db", db, "keys", "revoke", keyC, "--by", "hoa", "--note", "máy bị mất", "--password-stdin"); code != 0 {
		t.Fatalf("keys revoke: exit %d: %s", code, stderr)
	}
	if _, stderr, code := issueAs(t, db, filepath.Join(keys, keyC+".pem"), "ks-1", filepath.Join(dir, "rev.pdf")); code != exitConflict || !strings.Contains(stderr, "revoked") {
		t.Errorf("issue with a revoked key: exit %d: %s", code, stderr)
	}
	if stdout, _, _ := run(t, "--db", db, "keys", "list"); !strings.Contains(stdout, "revoked") || !strings.Contains(stdout, "replaced") {
		t.Errorf("keys list does not show the ended keys:\n%s", stdout)
	}

	// A public key file that names no office.
	noOffice := regexp.MustCompile(`(?m)^Office: .*\n`).ReplaceAll(pub, nil)
	os.WriteFile(pubFile, noOffice, 0o644)
	if _, stderr, code := run(t, "extract", "verify", forged, "--pubkey", pubFile); code != exitUsage || !strings.Contains(stderr, "names no office") {
		t.Errorf("verify --pubkey without an Office line: exit %d: %s", code, stderr)
	}
}

// addSupervisor adds a supervisor with lan's password.
func addSupervisor(t *testing.T, path, name string) {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hash, err := lanHash()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(context.Background(), &registry.User{Name: name, Role: registry.RoleSupervisor, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeSigned draws content signed with k into path.
func writeSigned(t *testing.T, path string, content []byte, k *extract.Key) {
	t.Helper()
	msg, err := extract.SignedMessage(content, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Render(content, k.Sign(msg), k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
}
