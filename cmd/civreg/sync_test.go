package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// stationStore makes a station's store holding verified births r<from>…r<to-1>.
func stationStore(t *testing.T, name string, from, to int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := from; i < to; i++ {
		seedRecord(t, db, fmt.Sprintf("r%04d", i), registry.Birth, registry.EraA)
	}
	if _, err := mustOpen(t, path).Exec(`INSERT INTO page_images (page_id, data) SELECT id, CAST('image of ' || sha256 AS BLOB) FROM pages`); err != nil {
		t.Fatal(err)
	}
	return path
}

// pushReport runs sync push in process and decodes its report.
func pushReport(t *testing.T, db, url, name string) (map[string]int, int) {
	t.Helper()
	stdout, stderr, code := run(t, "--db", db, "-q", "sync", "push", "--to", url, "--station", name, "--json")
	var rep map[string]int
	if err := json.Unmarshal([]byte(strings.TrimSpace(stdout)), &rep); err != nil {
		t.Fatalf("sync push %s: exit %d: %v\n%s%s", name, code, err, stdout, stderr)
	}
	return rep, code
}

func scalar(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestSyncPush has two stations push overlapping records to a registry,
// one of them killed with SIGKILL in the middle of its push and run again:
// the registry holds each record once, whole, with its events once; reruns
// add nothing; a record changed on one side only is brought up to date,
// one changed on both sides is held as a conflict and not overwritten.
func TestSyncPush(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	reg, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	a, b := stationStore(t, "a", 0, 300), stationStore(t, "b", 200, 400)
	if _, stderr, code := run(t, "--db", a, "keys", "init", "--office", "UBND phường Sài Gòn", "--out", filepath.Join(t.TempDir(), "keys")); code != 0 {
		t.Fatalf("keys init: %s", stderr)
	}
	perRecord := scalar(t, mustOpen(t, a), `SELECT COUNT(*) FROM fields WHERE record_id = 'r0000'`)

	// Station A, killed once some batches are in.
	bin := buildCivreg(t)
	cmd := civregCmd(bin, "--db", a, "-q", "sync", "push", "--to", url, "--station", "a", "--batch", "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killedAt := -1
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var n int
		if reg.QueryRow(`SELECT COUNT(*) FROM records`).Scan(&n) == nil && n >= 30 {
			cmd.Process.Signal(syscall.SIGKILL)
			killedAt = n
			break
		}
	}
	cmd.Wait()
	n := scalar(t, reg, `SELECT COUNT(*) FROM records`)
	if killedAt < 0 || n >= 300 {
		t.Fatalf("the push was not cut short (%d records in the registry)", n)
	}
	if f := scalar(t, reg, `SELECT COUNT(*) FROM fields`); f != n*perRecord {
		t.Errorf("after the kill: %d records but %d fields, want %d: a record half-written", n, f, n*perRecord)
	}
	t.Logf("killed with %d of 300 records pushed", n)

	rep, code := pushReport(t, a, url, "a")
	if code != 0 || rep["added"] != 300-n || rep["already_there"] != n || rep["records"] != 300 {
		t.Errorf("rerun after the kill: exit %d, %v; want %d added, %d already there", code, rep, 300-n, n)
	}
	rep, code = pushReport(t, b, url, "b")
	if code != 0 || rep["added"] != 100 || rep["already_there"] != 100 {
		t.Errorf("station b: exit %d, %v; want 100 added, 100 already there", code, rep)
	}
	for _, st := range []struct{ db, name string }{{a, "a"}, {b, "b"}} {
		if rep, code := pushReport(t, st.db, url, st.name); code != 0 || rep["already_there"] != 200+100*boolInt(st.name == "a") || rep["added"]+rep["updated"]+rep["conflicts"] != 0 {
			t.Errorf("rerun of %s: exit %d, %v; want nothing new", st.name, code, rep)
		}
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM records`); n != 400 {
		t.Errorf("%d records in the registry, want 400", n)
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM events WHERE action = 'page.stored'`); n != 400 {
		t.Errorf("%d page.stored events, want 400: one per record, from whichever station pushed it first", n)
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM page_images`); n != 400 {
		t.Errorf("%d page images, want 400", n)
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM office_keys`); n != 1 {
		t.Errorf("%d office keys, want 1", n)
	}
	pushKeyReplaced(t, a, url, reg)

	// r0001 changes at station a only: brought up to date. r0000 changes
	// on both sides: held. r0250 was pushed by a; b changes it: held.
	sa := mustOpen(t, a)
	setField(t, sa, "r0001", "Nguyễn Thị Nhàn Mới")
	setField(t, sa, "r0000", "Tên ở trạm")
	if _, err := reg.Exec(`UPDATE fields SET value = 'Tên ở sở', version = version + 1 WHERE record_id = 'r0000' AND key = 'nksHoTen'`); err != nil {
		t.Fatal(err)
	}
	setField(t, mustOpen(t, b), "r0250", "Tên khác")
	rep, code = pushReport(t, a, url, "a")
	if code != exitConflict || rep["updated"] != 1 || rep["conflicts"] != 1 {
		t.Errorf("push after changes: exit %d, %v; want exit %d, 1 updated, 1 conflict", code, rep, exitConflict)
	}
	rep, _ = pushReport(t, b, url, "b")
	if rep["conflicts"] != 1 {
		t.Errorf("b's changed r0250: %v, want 1 conflict", rep)
	}
	var v string
	reg.QueryRow(`SELECT value FROM fields WHERE record_id = 'r0000' AND key = 'nksHoTen'`).Scan(&v)
	if v != "Tên ở sở" {
		t.Errorf("the registry's r0000 was overwritten: %q", v)
	}
	reg.QueryRow(`SELECT value FROM fields WHERE record_id = 'r0001' AND key = 'nksHoTen'`).Scan(&v)
	if v != "Nguyễn Thị Nhàn Mới" {
		t.Errorf("r0001 not brought up to date: %q", v)
	}
	stdout, _, code := run(t, "--db", url, "sync", "conflicts")
	if code != 0 || !strings.Contains(stdout, "r0000") || !strings.Contains(stdout, "r0250") || !strings.Contains(stdout, `"Tên ở sở" → "Tên ở trạm"`) {
		t.Errorf("sync conflicts: exit %d:\n%s", code, stdout)
	}
	if stdout, _, _ := run(t, "--db", url, "search", "--name", "nguyen thi nhan moi"); !strings.Contains(stdout, "r0001") {
		t.Errorf("the updated name is not found:\n%s", stdout)
	}

	// A third office finds a pushed record by a misspelled unaccented name
	// and issues its extract, which verifies.
	if _, stderr, code := runIn(t, lanPw, "--db", url, "user", "add", "mai", "--role", "issuer", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	keys := filepath.Join(t.TempDir(), "keys")
	stdout, _, _ = run(t, "--db", url, "keys", "init", "--office", "UBND phường Tân Định", "--out", keys)
	keyID := regexp.MustCompile(`key ([0-9a-f]{16})`).FindStringSubmatch(stdout)
	if keyID == nil {
		t.Fatalf("keys init:\n%s", stdout)
	}
	stdout, _, _ = run(t, "--db", url, "search", "--name", "nguyen thi nhna", "--json")
	var hits []registry.SearchHit
	if err := json.Unmarshal([]byte(stdout), &hits); err != nil || len(hits) == 0 {
		t.Fatalf("search: %v\n%s", err, stdout)
	}
	pdf := filepath.Join(t.TempDir(), "tl.pdf")
	if stdout, stderr, code := runIn(t, lanPw, "--db", url, "extract", "issue", hits[0].RecordID, "--by", "mai", "--password-stdin", "--requester", "Nguyễn Thị Nhàn",
		"--office", "UBND phường Tân Định", "--key", filepath.Join(keys, keyID[1]+".pem"), "--out", pdf); code != 0 {
		t.Fatalf("issue at a third office: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, _, code := run(t, "--db", url, "extract", "verify", pdf); code != 0 || !strings.HasPrefix(stdout, "valid") {
		t.Errorf("verify: exit %d:\n%s", code, stdout)
	}

	// The review station serves from the registry too.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	srvCmd := &station{t: t, bin: bin, db: url, addr: addr}
	srvCmd.start()
	srvCmd.kill()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mustOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// setField changes a station's name as a correction would.
func setField(t *testing.T, db *sql.DB, id, name string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `UPDATE fields SET value = ?, status = 'corrected', version = version + 1 WHERE record_id = ? AND key = 'nksHoTen'`, name, id); err != nil {
		t.Fatal(err)
	}
}

// pushKeyReplaced replaces station a's office key; the push carries the
// new key and the old one's end to the registry.
func pushKeyReplaced(t *testing.T, a, url string, reg *sql.DB) {
	t.Helper()
	if _, stderr, code := runIn(t, lanPw, "--db", a, "user", "add", "hoa", "--role", "supervisor", "--password-stdin"); code != 0 {
		t.Fatalf("user add at the station: %s", stderr)
	}
	if _, stderr, code := runIn(t, lanPw, "--db", a, "keys", "init", "--office", "UBND phường Sài Gòn", "--replace", "--by", "hoa", "--password-stdin",
		"--out", filepath.Join(t.TempDir(), "keys")); code != 0 {
		t.Fatalf("keys init --replace at the station: %s", stderr)
	}
	if rep, code := pushReport(t, a, url, "a"); code != 0 || rep["keys_added"] != 1 {
		t.Errorf("push after a key replaced: exit %d, %v; want 1 key added", code, rep)
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM office_keys`); n != 2 {
		t.Errorf("%d office keys, want 2", n)
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM office_key_ends WHERE how = 'replaced' AND "by" = 'trạm a'`); n != 1 {
		t.Errorf("%d replaced keys in the registry, want the station's old one", n)
	}
}
