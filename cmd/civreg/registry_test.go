package main

import (
	"context"
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
// registry on a real PostgreSQL server: users, keys of two offices, search
// by an unaccented misspelled name, an extract issued at one office and
// verified, reprinted and logged at another, export, duplicates; backup
// says to use pg_dump; a wrong password is one line.
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

	if _, stderr, code := runIn(t, "mật khẩu\n", "--db", url, "user", "add", "lan", "--role", "issuer", "--password-stdin"); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, stderr)
	}
	if stdout, _, _ := run(t, "--db", url, "user", "list"); !strings.Contains(stdout, "lan") {
		t.Errorf("user list:\n%s", stdout)
	}
	keyOf := map[string]string{}
	for _, office := range []string{"UBND phường Sài Gòn", "UBND xã Bình Chánh"} {
		stdout, stderr, code := run(t, "--db", url, "keys", "init", "--office", office, "--out", filepath.Join(dir, "keys"))
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
	stdout, stderr, code := run(t, "--db", url, "extract", "issue", "ks-1", "--by", "lan", "--office", "UBND phường Sài Gòn",
		"--key", keyOf["UBND phường Sài Gòn"], "--out", pdf)
	copyNo := regexp.MustCompile(`issued (\d+/\d{4}/TLKS-BS)`).FindStringSubmatch(stdout)
	if code != 0 || copyNo == nil {
		t.Fatalf("extract issue: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, _, code := run(t, "--db", url, "extract", "verify", pdf); code != 0 || !strings.HasPrefix(stdout, "valid") {
		t.Errorf("verify: exit %d:\n%s", code, stdout)
	}
	if _, stderr, code := run(t, "--db", url, "extract", "reprint", copyNo[1], "--office", "UBND phường Sài Gòn", "--out", filepath.Join(dir, "re.pdf")); code != 0 {
		t.Errorf("reprint: exit %d: %s", code, stderr)
	}
	if stdout, _, code := run(t, "--db", url, "extract", "log", "ks-1"); code != 0 || !strings.Contains(stdout, copyNo[1]) {
		t.Errorf("extract log: exit %d:\n%s", code, stdout)
	}
	if _, stderr, code := run(t, "--db", url, "extract", "issue", "ks-2", "--by", "lan", "--office", "UBND xã Bình Chánh",
		"--key", keyOf["UBND xã Bình Chánh"], "--out", filepath.Join(dir, "y.pdf")); code != exitUsage {
		t.Errorf("issuing a record under review: exit %d, want %d: %s", code, exitUsage, stderr)
	}
	if stdout, _, code := run(t, "--db", url, "export", "--format", "ndjson", "--out", "-"); code != 0 || strings.Count(stdout, "\n") != 2 {
		t.Errorf("export: exit %d:\n%s", code, stdout)
	}
	if _, stderr, code := run(t, "--db", url, "duplicates", "scan"); code != 0 {
		t.Errorf("duplicates scan: exit %d: %s", code, stderr)
	}
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
