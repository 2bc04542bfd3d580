package main

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/registry"
)

// TestCommandsOnPostgres runs the commands a clerk uses against a city
// registry on a real PostgreSQL server: users (signed in with their
// passwords, disabled and enabled), keys of two offices, search by an
// unaccented misspelled name, an extract issued at one office and
// verified, reprinted and logged at another, export, duplicates, the audit
// log verified, exported, sealed and found broken after an edit, a key
// replaced and revoked; backup says to use pg_dump; a wrong password is
// one line.
func TestCommandsOnPostgres(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	seedRecord(t, db, "ks-1", registry.Birth, registry.EraA)
	seedRecord(t, db, "ks-2", registry.Birth, registry.EraB, "meHoTen")
	db.Close()
	dir := t.TempDir()

	if _, stderr, code := runIn(t, lanPw, "--db", url, "user", "add", "lan", "--role", "issuer", "--password-stdin"); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runIn(t, hoaPw, "--db", url, "user", "add", "hoa", "--role", "supervisor", "--password-stdin"); code != 0 {
		t.Fatalf("user add hoa: exit %d: %s", code, stderr)
	}
	pgUserSwitches(t, url)
	if stdout, _, _ := run(t, "--db", url, "user", "list"); !strings.Contains(stdout, "lan") {
		t.Errorf("user list:\n%s", stdout)
	}
	keyOf := map[string]string{}
	for _, office := range []string{"UBND phường Sài Gòn", "UBND xã Bình Chánh"} {
		stdout, stderr, code := runIn(t, hoaPw, "--db", url, "keys", "init", "--office", office, "--out", filepath.Join(dir, "keys"), "--by", "hoa", "--password-stdin")
		m := regexp.MustCompile(`key ([0-9a-f]{16})`).FindStringSubmatch(stdout)
		if code != 0 || m == nil {
			t.Fatalf("keys init %s: exit %d: %s%s", office, code, stdout, stderr)
		}
		keyOf[office] = filepath.Join(dir, "keys", m[1]+".pem")
	}
	stdout, _, code := run(t, "--db", url, "search", "--name", "nguyen thi nhna")
	if code != 0 || !strings.Contains(stdout, "ks-1") {
		t.Errorf("search for a misspelled unaccented name: exit %d:\n%s", code, stdout)
	}

	pdf := filepath.Join(dir, "x.pdf")
	stdout, stderr, code := runIn(t, lanPw, "--db", url, "extract", "issue", "ks-1", "--by", "lan", "--password-stdin", "--requester", "Nguyễn Thị Nhàn",
		"--office", "UBND phường Sài Gòn", "--key", keyOf["UBND phường Sài Gòn"], "--out", pdf)
	copyNo := regexp.MustCompile(`issued (\d+/\d{4}/TLKS-BS)`).FindStringSubmatch(stdout)
	if code != 0 || copyNo == nil {
		t.Fatalf("extract issue: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, _, code := run(t, "--db", url, "extract", "verify", pdf); code != 0 || !strings.HasPrefix(stdout, "valid") {
		t.Errorf("verify: exit %d:\n%s", code, stdout)
	}
	if _, stderr, code := runIn(t, lanPw, "--db", url, "extract", "reprint", copyNo[1], "--by", "lan", "--password-stdin", "--requester", "Nguyễn Thị Nhàn",
		"--office", "UBND phường Sài Gòn", "--out", filepath.Join(dir, "re.pdf")); code != 0 {
		t.Errorf("reprint: exit %d: %s", code, stderr)
	}
	if stdout, _, code := run(t, "--db", url, "extract", "log", "ks-1"); code != 0 || !strings.Contains(stdout, copyNo[1]) {
		t.Errorf("extract log: exit %d:\n%s", code, stdout)
	}
	if _, stderr, code := runIn(t, lanPw, "--db", url, "extract", "issue", "ks-2", "--by", "lan", "--password-stdin", "--requester", "Trần Văn Bình",
		"--office", "UBND xã Bình Chánh", "--key", keyOf["UBND xã Bình Chánh"], "--out", filepath.Join(dir, "y.pdf")); code != exitUsage {
		t.Errorf("issuing a record under review: exit %d, want %d: %s", code, exitUsage, stderr)
	}
	if stdout, _, code := run(t, "--db", url, "export", "--format", "ndjson", "--out", "-"); code != 0 || strings.Count(stdout, "\n") != 2 {
		t.Errorf("export: exit %d:\n%s", code, stdout)
	}
	if _, stderr, code := run(t, "--db", url, "duplicates", "scan"); code != 0 {
		t.Errorf("duplicates scan: exit %d: %s", code, stderr)
	}
	pgAudit(t, url, keyOf["UBND phường Sài Gòn"])
	pgKeyChanges(t, url, keyOf["UBND xã Bình Chánh"], filepath.Join(dir, "keys"))
	_, stderr, code = run(t, "--db", url, "backup", filepath.Join(dir, "b.db"))
	if code != exitUsage || !strings.Contains(stderr, "pg_dump") || strings.Contains(stderr, pgtest.Password) {
		t.Errorf("backup on PostgreSQL: exit %d, want %d naming pg_dump: %s", code, exitUsage, stderr)
	}
	// A page scanned straight into the registry is stored whole, its
	// image by its hash.
	if _, err := exec.LookPath("tesseract"); err == nil {
		stdout, stderr, code := run(t, "--db", url, "-q", "scan", "--office", "UBND phường Bến Nghé", "--book", "01/1996", "../../samples/KH-A-01-1996-p029.tif")
		if code != 0 || !strings.Contains(stdout, "1 page(s) stored") {
			t.Errorf("scan into the registry: exit %d:\n%s%s", code, stdout, stderr)
		}
	}
	t.Setenv("CIVREG_DB", srv.URLWithPassword("postgres", "wrong"))
	_, stderr, code = run(t, "search", "--name", "an")
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "refused the sign-in") {
		t.Errorf("wrong password: exit %d, want 1 with one line: %q", code, stderr)
	}
}

// hoaPw is the registry supervisor's password in the PostgreSQL tests.
const hoaPw = "mật khẩu của Hoà\n"

// pgUserSwitches disables and enables an account on the registry: only a
// supervisor signed in may, and a disabled account cannot act.
func pgUserSwitches(t *testing.T, url string) {
	t.Helper()
	if _, _, code := runIn(t, lanPw, "--db", url, "user", "disable", "hoa", "--by", "lan", "--password-stdin"); code != exitFailure {
		t.Errorf("an issuer disabling the supervisor: exit %d, want %d", code, exitFailure)
	}
	if _, stderr, code := runIn(t, hoaPw, "--db", url, "user", "disable", "lan", "--by", "hoa", "--password-stdin"); code != exitOK {
		t.Fatalf("user disable: exit %d: %s", code, stderr)
	}
	if stdout, _, _ := run(t, "--db", url, "user", "list"); !strings.Contains(stdout, "lan") {
		t.Errorf("user list:\n%s", stdout)
	}
	if _, _, code := runIn(t, lanPw, "--db", url, "extract", "issue", "ks-1", "--by", "lan", "--password-stdin", "--requester", "X", "--out", filepath.Join(t.TempDir(), "x.pdf")); code != exitFailure {
		t.Errorf("a disabled issuer issuing: exit %d, want %d", code, exitFailure)
	}
	if _, stderr, code := runIn(t, hoaPw, "--db", url, "user", "enable", "lan", "--by", "hoa", "--password-stdin"); code != exitOK {
		t.Fatalf("user enable: exit %d: %s", code, stderr)
	}
}

// pgAudit verifies, exports, seals and re-verifies the registry's audit
// log, then edits a past event past its trigger and wants it found.
func pgAudit(t *testing.T, url, key string) {
	t.Helper()
	copy := filepath.Join(t.TempDir(), "audit.ndjson")
	if stdout, stderr, code := run(t, "--db", url, "audit", "export", "--out", copy); code != 0 || !strings.Contains(stdout, "links") {
		t.Errorf("audit export: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, stderr, code := run(t, "--db", url, "audit", "seal", "--office", "UBND phường Sài Gòn", "--key", key); code != 0 || !strings.Contains(stdout, "sealed") {
		t.Errorf("audit seal: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, stderr, code := run(t, "--db", url, "audit", "verify", "--against", copy); code != 0 || !strings.Contains(stdout, "holds") {
		t.Fatalf("audit verify: exit %d: %s%s", code, stdout, stderr)
	}
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var id int64
	if err := raw.QueryRow(`SELECT MIN(id) FROM events WHERE action = 'extract.issued'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE events DISABLE TRIGGER USER`, `UPDATE events SET actor = 'hoa' WHERE id = $1`, `ALTER TABLE events ENABLE TRIGGER USER`} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{id}
		}
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	_, stderr, code := run(t, "--db", url, "audit", "verify")
	if code != exitConflict || !strings.Contains(stderr, fmt.Sprintf("(event %d)", id)) {
		t.Errorf("audit verify after an edit: exit %d, want %d naming event %d: %s", code, exitConflict, id, stderr)
	}
	// Put it back, as the copy says, for the rest of the test.
	for _, q := range []string{`ALTER TABLE events DISABLE TRIGGER USER`, `UPDATE events SET actor = 'lan' WHERE id = $1`, `ALTER TABLE events ENABLE TRIGGER USER`} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{id}
		}
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
}

// pgKeyChanges replaces an office's key and revokes the old one on the
// registry, by a supervisor.
func pgKeyChanges(t *testing.T, url, oldKey, dir string) {
	t.Helper()
	office := "UBND xã Bình Chánh"
	if _, _, code := runIn(t, hoaPw, "--db", url, "keys", "init", "--office", office, "--out", dir, "--by", "hoa", "--password-stdin"); code != exitConflict {
		t.Errorf("a second key without --replace: exit %d, want %d", code, exitConflict)
	}
	if stdout, stderr, code := runIn(t, hoaPw, "--db", url, "keys", "init", "--office", office, "--out", dir, "--replace", "--by", "hoa", "--password-stdin"); code != 0 {
		t.Fatalf("keys init --replace: exit %d: %s%s", code, stdout, stderr)
	}
	id := strings.TrimSuffix(filepath.Base(oldKey), ".pem")
	if _, stderr, code := runIn(t, hoaPw, "--db", url, "keys", "revoke", id, "--by", "hoa", "--note", "máy bị mất", "--password-stdin"); code != 0 {
		t.Fatalf("keys revoke: exit %d: %s", code, stderr)
	}
	if stdout, _, _ := run(t, "--db", url, "keys", "list"); !strings.Contains(stdout, id) {
		t.Errorf("keys list:\n%s", stdout)
	}
}
