package main

import (
	"context"
	"database/sql"
	"encoding/hex"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// auditStore is extractStore with an office key and two extracts issued
// (copies 1 and 2), and a copy of its audit log exported; it returns the
// store, the key file and the copy.
func auditStore(t *testing.T) (db, key, copy string) {
	t.Helper()
	dir, db := extractStore(t)
	keys := filepath.Join(dir, "keys")
	stdout, stderr, code := run(t, "--db", db, "keys", "init", "--office", "UBND phường Sài Gòn", "--out", keys)
	if code != 0 {
		t.Fatalf("keys init: exit %d: %s", code, stderr)
	}
	key = filepath.Join(keys, regexp.MustCompile(`key ([0-9a-f]{16})`).FindStringSubmatch(stdout)[1]+".pem")
	for i, rec := range []string{"ks-1", "kh-1"} {
		out := filepath.Join(dir, rec+".pdf")
		if _, stderr, code := issueAs(t, db, key, rec, out); code != 0 {
			t.Fatalf("issue %d: exit %d: %s", i+1, code, stderr)
		}
	}
	copy = filepath.Join(dir, "audit-copy.ndjson")
	if stdout, stderr, code := run(t, "--db", db, "audit", "export", "--out", copy); code != 0 || !strings.Contains(stdout, "links") {
		t.Fatalf("audit export: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, stderr, code := run(t, "--db", db, "audit", "verify", "--against", copy); code != 0 || !strings.Contains(stdout, "holds") {
		t.Fatalf("audit verify of an untouched store: exit %d: %s%s", code, stdout, stderr)
	}
	return db, key, copy
}

// issueAs issues an extract of rec as the store's issuer.
func issueAs(t *testing.T, db, key, rec, out string) (string, string, int) {
	t.Helper()
	return runIn(t, lanPw, "--db", db, "extract", "issue", rec, "--by", "lan", "--password-stdin", "--requester", "Nguyễn Thị Nhàn", "--key", key, "--out", out)
}

// tamper runs SQL on the store file as someone who can write it would:
// with the append-only triggers dropped first and recreated after.
func tamper(t *testing.T, db string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var triggers []string
	rows, err := raw.Query(`SELECT sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		triggers = append(triggers, s)
	}
	rows.Close()
	var names []string
	rows, _ = raw.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger'`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		names = append(names, s)
	}
	rows.Close()
	for _, n := range names {
		stmts = append([]string{`DROP TRIGGER ` + n}, stmts...)
	}
	stmts = append(stmts, triggers...)
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	var ok string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check after tampering: %q %v", ok, err)
	}
}

// wantBroken runs audit verify (with args) and wants exit 5 naming where.
func wantBroken(t *testing.T, db string, where *regexp.Regexp, args ...string) {
	t.Helper()
	stdout, stderr, code := run(t, append([]string{"--db", db, "audit", "verify"}, args...)...)
	t.Logf("verify %v: %s", args, strings.TrimSpace(stderr))
	if code != exitConflict || !where.MatchString(stderr) {
		t.Errorf("audit verify %v after tampering: exit %d, want %d matching %s:\n%s%s", args, code, exitConflict, where, stdout, stderr)
	}
}

func TestAuditCatchesDeletedIssuance(t *testing.T) {
	db, key, copy := auditStore(t)
	// The attack of issue 22: drop the triggers, delete the second
	// issuance and its event, recreate the triggers.
	tamper(t, db,
		`DELETE FROM events WHERE action = 'extract.issued' AND new LIKE '2/%'`,
		`DELETE FROM issuances WHERE seq = 2`)
	wantBroken(t, db, regexp.MustCompile(`broken at link \d+ \(issuance 2\): the row is gone`))
	wantBroken(t, db, regexp.MustCompile(`broken at link \d+ \(issuance 2\)`), "--against", copy)

	// The deleted copy number is not given again: nothing is issued on a
	// broken log.
	_, stderr, code := issueAs(t, db, key, "ks-1", filepath.Join(t.TempDir(), "again.pdf"))
	if code != exitConflict || !strings.Contains(stderr, "audit log is broken") {
		t.Errorf("issue on a broken log: exit %d, want %d: %s", code, exitConflict, stderr)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM issuances`); n != 1 {
		t.Errorf("%d issuances after the refused issue, want 1", n)
	}

	// The attacker removes the links too, from the issuance's on: the
	// chain ends before the checkpoint the second issue signed
	// (with the sign-in of the refused issue logged after them).
	const from = `(SELECT seq FROM audit_chain WHERE source = 'issuance' AND row_id = 2)`
	tamper(t, db,
		`DELETE FROM events WHERE id IN (SELECT row_id FROM audit_chain WHERE source = 'event' AND seq >= `+from+`)`,
		`DELETE FROM audit_chain WHERE seq >= `+from)
	wantBroken(t, db, regexp.MustCompile(`checkpoint \d+ signed link \d+, but the log ends`))
	head := strconv.Itoa(count(t, db, `SELECT MAX(seq) FROM audit_chain`))
	if _, stderr, code := issueAs(t, db, key, "ks-1", filepath.Join(t.TempDir(), "again.pdf")); code != exitConflict {
		t.Errorf("issue after the links were removed: exit %d, want %d: %s", code, exitConflict, stderr)
	}
	tamper(t, db,
		`DELETE FROM events WHERE id IN (SELECT row_id FROM audit_chain WHERE source = 'event' AND seq > `+head+`)`,
		`DELETE FROM audit_chain WHERE seq > `+head)

	// And the checkpoint: the file now looks as if the copy was never
	// issued. Only the copy kept elsewhere tells.
	tamper(t, db, `DELETE FROM audit_checkpoints WHERE id = (SELECT MAX(id) FROM audit_checkpoints)`)
	wantBroken(t, db, regexp.MustCompile(`broken at link \d+ \(issuance 2\): the store('s log ends| no longer holds it)`), "--against", copy)
}

func TestAuditCatchesEditedRow(t *testing.T) {
	db, _, copy := auditStore(t)
	tamper(t, db, `UPDATE events SET actor = 'mallory' WHERE id = 1`)
	wantBroken(t, db, regexp.MustCompile(`broken at link 1 \(event 1\): the row does not match its hash`))
	wantBroken(t, db, regexp.MustCompile(`broken at link 1 \(event 1\)`), "--against", copy)
}

func TestAuditCatchesInsertedRow(t *testing.T) {
	db, _, _ := auditStore(t)
	tamper(t, db, `INSERT INTO events (at, actor, action, record_id) VALUES ('2026-01-01T00:00:00.000000Z', 'lan', 'field.corrected', 'ks-1')`)
	wantBroken(t, db, regexp.MustCompile(`broken at event \d+: the row is in no link`))
}

// TestAuditCatchesRewrittenChain: an attacker who edits a row and
// recomputes every hash after it still fails the office's signed
// checkpoints.
func TestAuditCatchesRewrittenChain(t *testing.T) {
	db, _, copy := auditStore(t)
	tamper(t, db, `UPDATE events SET actor = 'mallory' WHERE id = 1`)
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	var prev []byte
	s.EachLink(context.Background(), 1, func(l *registry.Link) error {
		prev = audit.Next(prev, audit.Encode(l))
		stmts = append(stmts, `UPDATE audit_chain SET hash = x'`+hex.EncodeToString(prev)+`' WHERE seq = `+strconv.FormatInt(l.Seq, 10))
		return nil
	})
	s.Close()
	tamper(t, db, stmts...)
	wantBroken(t, db, regexp.MustCompile(`the chain does not match checkpoint 1 signed by key`))
	wantBroken(t, db, regexp.MustCompile(`broken at link 1 \(event 1\)`), "--against", copy)
}

func count(t *testing.T, db, q string) int {
	t.Helper()
	var n int
	if err := openRaw(t, db).QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
