package main

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/pgtest"
)

// TestSyncConflictResolve: conflicts held by a push are settled by a
// supervisor on a real registry, one by taking the station's version, one
// by keeping the registry's; each decision is logged under their name, a
// reviewer may not decide, a decision stands, and the station's next push
// finds everything already there. A conflict whose record changed in the
// registry since it was held is refused until looked at again.
func TestSyncConflictResolve(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	reg, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	a := stationStore(t, "a", 0, 4)
	if rep, code := pushReport(t, a, url, "a"); code != 0 || rep["added"] != 4 {
		t.Fatalf("first push: exit %d, %v", code, rep)
	}
	sa := mustOpen(t, a)
	regName := func(id string) string {
		var v string
		if err := reg.QueryRow(`SELECT value FROM fields WHERE record_id = $1 AND key = 'nksHoTen'`, id).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	setReg := func(id, name string) {
		if _, err := reg.Exec(`UPDATE fields SET value = $1, version = version + 1 WHERE record_id = $2 AND key = 'nksHoTen'`, name, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"r0000", "r0001", "r0002"} {
		setField(t, sa, id, "Tên ở trạm "+id)
		setReg(id, "Tên ở sở "+id)
	}
	if rep, code := pushReport(t, a, url, "a"); code != exitConflict || rep["conflicts"] != 3 {
		t.Fatalf("push after changes on both sides: exit %d, %v; want 3 conflicts", code, rep)
	}
	conflict := func(id string) string {
		return strconv.Itoa(scalar(t, reg, `SELECT id FROM sync_conflicts WHERE record_id = $1`, id))
	}
	if _, stderr, code := runIn(t, lanPw, "--db", url, "user", "add", "hoa", "--role", "supervisor", "--password-stdin"); code != 0 {
		t.Fatalf("user add hoa: %s", stderr)
	}
	if _, stderr, code := runIn(t, lanPw+lanPw, "--db", url, "user", "add", "mai", "--role", "reviewer", "--by", "hoa", "--password-stdin"); code != 0 {
		t.Fatalf("user add mai: %s", stderr)
	}
	resolve := func(id, keep, by string) (string, int) {
		stdout, stderr, code := runIn(t, lanPw, "--db", url, "sync", "conflicts", "resolve", conflict(id), "--keep", keep, "--by", by, "--password-stdin", "--note", "đã đối chiếu sổ gốc")
		return stdout + stderr, code
	}

	if out, code := resolve("r0000", "station", "mai"); code == 0 || regName("r0000") != "Tên ở sở r0000" {
		t.Errorf("a reviewer resolved a conflict: exit %d, %s", code, out)
	}
	if out, code := resolve("r0000", "station", "hoa"); code != 0 || regName("r0000") != "Tên ở trạm r0000" {
		t.Errorf("keep station: exit %d, %s; registry has %q", code, out, regName("r0000"))
	}
	if out, code := resolve("r0001", "registry", "hoa"); code != 0 || regName("r0001") != "Tên ở sở r0001" {
		t.Errorf("keep registry: exit %d, %s; registry has %q", code, out, regName("r0001"))
	}
	if out, code := resolve("r0000", "registry", "hoa"); code != exitConflict || regName("r0000") != "Tên ở trạm r0000" {
		t.Errorf("resolving twice: exit %d, %s; want %d and the first decision standing", code, out, exitConflict)
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM events WHERE action = 'sync.resolved' AND actor = 'hoa' AND note LIKE '%đã đối chiếu sổ gốc'`); n != 2 {
		t.Errorf("%d sync.resolved events by hoa, want 2", n)
	}
	if n := scalar(t, reg, `SELECT COUNT(*) FROM events WHERE action = 'sync.field' AND actor = 'hoa' AND record_id = 'r0000'
		AND field_key = 'nksHoTen' AND old = 'Tên ở sở r0000' AND new = 'Tên ở trạm r0000'`); n != 1 {
		t.Errorf("%d field events for the station's name taken, want 1", n)
	}

	// r0002 changes in the registry after it was held: refused, its
	// differences brought up to date, then taken.
	setReg("r0002", "Tên mới ở sở")
	if out, code := resolve("r0002", "station", "hoa"); code != exitConflict || regName("r0002") != "Tên mới ở sở" {
		t.Errorf("a conflict gone stale: exit %d, %s; want %d, nothing changed", code, out, exitConflict)
	}
	stdout, _, _ := run(t, "--db", url, "sync", "conflicts")
	if !strings.Contains(stdout, `"Tên mới ở sở" → "Tên ở trạm r0002"`) || strings.Contains(stdout, "r0000") {
		t.Errorf("sync conflicts after the refusal:\n%s", stdout)
	}
	if out, code := resolve("r0002", "station", "hoa"); code != 0 || regName("r0002") != "Tên ở trạm r0002" {
		t.Errorf("keep station after a second look: exit %d, %s", code, out)
	}

	if rep, code := pushReport(t, a, url, "a"); code != 0 || rep["conflicts"]+rep["added"]+rep["updated"] != 0 || rep["already_there"] != 4 {
		t.Errorf("push after the conflicts were resolved: exit %d, %v; want all 4 already there", code, rep)
	}
	if stdout, _, _ := run(t, "--db", url, "sync", "conflicts"); !strings.Contains(stdout, "no conflicts held") {
		t.Errorf("sync conflicts at the end:\n%s", stdout)
	}
	if stdout, stderr, code := run(t, "--db", url, "audit", "verify"); code != 0 {
		t.Errorf("audit verify: exit %d: %s%s", code, stdout, stderr)
	}
}
