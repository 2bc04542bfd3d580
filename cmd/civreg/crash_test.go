package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestScanSurvivesSIGKILL kills `civreg scan` at random moments and reruns
// it, over and over, on a small generated batch: whatever the moment of
// the kill, the store holds whole pages only (each with its record, every
// field of its form, its tasks and one page.stored event), and the run
// that finally completes leaves every page stored exactly once, with a
// report that adds up.
//
// Kill moments are drawn, with a seed (CIVREG_CRASH_SEED to replay one),
// between 0 and the time a full run takes; a kill that lands after the run
// ended counts for nothing, and rounds go on until at least minKills runs
// were really killed.
func TestScanSurvivesSIGKILL(t *testing.T) {
	needTesseract(t)
	if testing.Short() {
		t.Skip("kills and reruns the scanner some 30 times")
	}
	const (
		minKills  = 20
		perRound  = 6 // kill attempts on one store before running to the end
		maxRounds = 15
	)
	rng := crashRand(t, 20261123)

	bin := buildCivreg(t)
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages")
	gen := civregCmd(bin, "samples", "generate", "--out", pages, "--seed", "5", "--pages", "1",
		"--wear", "none", "--formats", "png,jpeg,mtiff,pdf", "--pages-per-file", "2", "-q")
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("samples generate: %v\n%s", err, out)
	}

	scan := func(db string) *exec.Cmd {
		return civregCmd(bin, "--db", db, "-q", "scan", "--workers", "2", "--json", pages)
	}
	// One full run, to know how many pages there are and how long a run
	// takes: the range the kill moments are drawn from.
	start := time.Now()
	out, err := scan(filepath.Join(dir, "baseline.db")).Output()
	full := time.Since(start)
	if err != nil {
		t.Fatalf("baseline scan: %v\n%s", err, out)
	}
	var base scanReport
	if err := json.Unmarshal(out, &base); err != nil {
		t.Fatal(err)
	}
	want := base.Stored
	if want < 8 || base.Failed != 0 {
		t.Fatalf("baseline: %d stored, %d failed; want 8 or more pages, none failed", base.Stored, base.Failed)
	}
	t.Logf("baseline: %d pages in %v", want, full.Round(time.Millisecond))

	kills, attempts := 0, 0
	for round := 0; kills < minKills; round++ {
		if round == maxRounds {
			t.Fatalf("only %d of %d kill attempts landed in a running scan", kills, attempts)
		}
		db := filepath.Join(dir, "round"+strconv.Itoa(round)+".db")
		for i := 0; i < perRound; i++ {
			at := time.Duration(rng.Int63n(int64(full)))
			cmd := scan(db)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			timer := time.AfterFunc(at, func() { cmd.Process.Signal(syscall.SIGKILL) })
			err := cmd.Wait()
			timer.Stop()
			attempts++
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
					kills++
				} else {
					t.Fatalf("round %d run %d: %v (not our kill)\n%s", round, i, err, stderr.String())
				}
			} else if err != nil {
				t.Fatal(err)
			}
			// Whatever the moment, what is stored is whole.
			if _, err := os.Stat(db); err == nil && storeReady(t, db) {
				c := storeCounts(t, db)
				c.check(t)
				c.db.Close()
			}
			if t.Failed() {
				t.Fatalf("round %d: store broken after a kill at %v", round, at)
			}
		}
		// Run to the end: every page once, a report that adds up.
		out, err := scan(db).Output()
		if err != nil {
			t.Fatalf("round %d: final scan: %v\n%s", round, err, out)
		}
		var rep scanReport
		if err := json.Unmarshal(out, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Stored+rep.Skipped+rep.Failed != want || rep.Failed != 0 {
			t.Errorf("round %d: final report %d stored + %d skipped + %d failed, want %d pages, none failed",
				round, rep.Stored, rep.Skipped, rep.Failed, want)
		}
		c := storeCounts(t, db)
		c.check(t)
		c.db.Close()
		if c.Done != want || c.Records != want || c.StoredEvents != want {
			t.Errorf("round %d: %d done pages, %d records, %d page.stored events; want %d each", round, c.Done, c.Records, c.StoredEvents, want)
		}
		if c.Failed != 0 {
			t.Errorf("round %d: %d failed pages stored", round, c.Failed)
		}
		t.Logf("round %d: %d kills so far (%d attempts); final run stored %d, skipped %d", round, kills, attempts, rep.Stored, rep.Skipped)
	}
}

// storeReady reports whether the store at path has the tables a scan
// stores into. A kill while the first run creates the store leaves it
// with some of its migrations (one transaction each) and nothing stored
// ("no such table: pages" in a CI run); the next run
// completes them, which the round's final scan checks.
func storeReady(t *testing.T, path string) bool {
	t.Helper()
	db := openRaw(t, path)
	defer db.Close()
	var n int
	err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('pages', 'records', 'fields', 'tasks', 'events', 'page_images')`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n == 6
}

// crashRand returns the random source of a crash test: seeded with def, or
// with $CIVREG_CRASH_SEED to replay a failed run.
func crashRand(t *testing.T, def int64) *rand.Rand {
	t.Helper()
	seed := def
	if s := os.Getenv("CIVREG_CRASH_SEED"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("CIVREG_CRASH_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d", seed)
	return rand.New(rand.NewSource(seed))
}
