package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// crashTask is one seeded single-entry task and the reading it started from.
type crashTask struct {
	RecordID, Key, Orig string
}

// crashAck is a submit the station answered with 303.
type crashAck struct {
	Reviewer string
	Task     int64
	Value    string
}

var (
	crashCSRF    = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	crashVersion = regexp.MustCompile(`name="version" value="(\d+)"`)
	crashLoc     = regexp.MustCompile(`^/task/(\d+)$`)
)

// seedReviewStore makes a store of n records on 1×1 pages, each with
// perRecord free-text fields waiting for single-entry review.
func seedReviewStore(t *testing.T, path string, n, perRecord int) map[int64]crashTask {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "02/2020"}
	if err := db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 1, 1)))
	tasks := map[int64]crashTask{}
	for i := range n {
		rec := &registry.Record{Kind: registry.Death, Era: registry.EraB, Office: b.Office, Book: b.Book, Page: i + 1, Fields: map[string]*registry.Field{}}
		var ts []registry.Task
		for k := range perRecord {
			key := fmt.Sprintf("ghiChu%02d", k)
			v := fmt.Sprintf("máy đọc trang %d ô %d", i, k)
			rec.Fields[key] = &registry.Field{Value: v, Raw: v, Confidence: 0.4, Status: registry.FieldNeedsReview, Reason: registry.ReasonLowConfidence}
			ts = append(ts, registry.Task{FieldKey: key, Reason: registry.ReasonLowConfidence})
		}
		sum := sha256.Sum256(fmt.Appendf(nil, "crash-%d", i))
		pr := &registry.PageResult{
			Page:   registry.Page{BatchID: b.ID, SHA256: fmt.Sprintf("%x", sum), File: fmt.Sprintf("p%d.png", i), Width: 1, Height: 1, Status: registry.PageDone},
			Image:  img.Bytes(),
			Record: rec,
			Tasks:  ts,
		}
		if err := db.SavePage(ctx, pr); err != nil {
			t.Fatal(err)
		}
		for _, tk := range pr.Tasks {
			tasks[tk.ID] = crashTask{rec.ID, tk.FieldKey, rec.Fields[tk.FieldKey].Value}
		}
	}
	return tasks
}

// station is a `civreg review serve` process that can be killed and
// started again on the same store and port.
type station struct {
	t    *testing.T
	bin  string
	db   string
	addr string
	cmd  *exec.Cmd
	logs bytes.Buffer
}

func (s *station) start() {
	s.t.Helper()
	s.cmd = civregCmd(s.bin, "--db", s.db, "-q", "review", "serve", "--addr", s.addr)
	s.logs.Reset()
	s.cmd.Stdout, s.cmd.Stderr = &s.logs, &s.logs
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	// Up when the sign-in page answers.
	for i := 0; ; i++ {
		res, err := http.Get("http://" + s.addr + "/login")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if i == 300 {
			s.cmd.Process.Kill()
			s.cmd.Wait()
			s.t.Fatalf("review serve did not come up: %v\n%s", err, s.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill sends SIGKILL and reports whether that is what ended the process.
func (s *station) kill() {
	s.t.Helper()
	s.cmd.Process.Signal(syscall.SIGKILL)
	err := s.cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		s.t.Fatalf("review serve ended before the kill: %v\n%s", err, s.logs.String())
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		s.t.Fatalf("review serve ended on its own: %v\n%s", err, s.logs.String())
	}
}

// crashReviewer is a browser that keeps submitting through restarts: a
// refused connection or a dropped answer is retried from POST /next.
type crashReviewer struct {
	name string
	base string
	http *http.Client
	csrf string
}

func (r *crashReviewer) send(method, path string, form url.Values) (int, string, string, error) {
	var req *http.Request
	if form == nil {
		req, _ = http.NewRequest(method, r.base+path, nil)
	} else {
		req, _ = http.NewRequest(method, r.base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", r.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	res, err := r.http.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(res.Body); err != nil {
		return 0, "", "", err
	}
	return res.StatusCode, res.Header.Get("Location"), b.String(), nil
}

// signIn waits up to two minutes for the sign-in: it costs one Argon2id
// hash of 64 MiB, and on the CI's virtual machines, where a first write to
// fresh memory is dear, that alone took 7 to 19 s, more with other test
// packages running beside it. Everything after it has 20 s.
func (r *crashReviewer) signIn(password string) error {
	jar, _ := cookiejar.New(nil)
	r.http = &http.Client{Jar: jar, Timeout: 2 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	code, _, body, err := r.send("POST", "/login", url.Values{"name": {r.name}, "password": {password}})
	if err != nil || code != http.StatusSeeOther {
		return fmt.Errorf("sign in %s: %d %v %.200s", r.name, code, err, body)
	}
	r.http.Timeout = 20 * time.Second
	_, _, body, err = r.send("GET", "/", nil)
	m := crashCSRF.FindStringSubmatch(body)
	if err != nil || m == nil {
		return fmt.Errorf("sign in %s: no csrf token on the start page (%v)", r.name, err)
	}
	r.csrf = m[1]
	return nil
}

// TestReviewServerSurvivesSIGKILL has reviewers submit over HTTP while the
// review server is killed with SIGKILL at random moments and started again
// on the same store, at least 20 times. Afterwards the store is whole
// (integrity_check), every submit answered 303 is in it with its event, no
// field changed without an event, no task is done without its field
// settled, and record statuses, open-task counts and versions agree.
//
// Kill moments are drawn with a seed (CIVREG_CRASH_SEED to replay one).
func TestReviewServerSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the review server 20 times")
	}
	const (
		kills     = 20
		reviewers = 4
		password  = "mật-khẩu-thử-1"
	)
	rng := crashRand(t, 20260214)

	bin := buildCivreg(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "civreg.db")
	tasks := seedReviewStore(t, dbPath, 200, 10)
	names := addReviewers(t, bin, dbPath, reviewers, password)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	st := &station{t: t, bin: bin, db: dbPath, addr: addr}
	st.start()
	rs := make([]*crashReviewer, reviewers)
	signIn := time.Now()
	for i, n := range names {
		rs[i] = &crashReviewer{name: n, base: "http://" + addr}
		if err := rs[i].signIn(password); err != nil {
			st.kill()
			t.Fatal(err)
		}
	}
	t.Logf("%d sign-ins took %v", reviewers, time.Since(signIn).Round(time.Millisecond))

	load := &crashLoad{}
	var wg sync.WaitGroup
	for _, r := range rs {
		wg.Go(func() { r.review(load) })
	}
	t0 := time.Now()
	for k := range kills {
		time.Sleep(time.Duration(50+rng.Intn(600)) * time.Millisecond)
		st.kill()
		// What a kill leaves must open and be whole, before any restart
		// had a chance to repair it.
		db := crashRawDB(t, dbPath)
		crashIntegrity(t, db, fmt.Sprintf("after kill %d", k+1))
		db.Close()
		if t.Failed() {
			load.stop.Store(true)
			wg.Wait()
			t.FailNow()
		}
		st.start()
	}
	time.Sleep(300 * time.Millisecond)
	load.stop.Store(true)
	wg.Wait()
	st.kill()
	t.Logf("%d kills in %v; %d submits sent, %d answered 303, %d requests refused or cut while the server was down", kills, time.Since(t0).Round(time.Millisecond), load.sent.Load(), len(load.acks), load.transport.Load())
	for _, r := range load.refused {
		t.Error(r)
	}
	if len(load.acks) < 4*kills {
		t.Errorf("only %d submits answered 303: the load did not run between the kills", len(load.acks))
	}

	db := crashRawDB(t, dbPath)
	defer db.Close()
	crashIntegrity(t, db, "at the end")
	checkReviewStore(t, db, tasks, load.acks)
}

// addReviewers adds n reviewers with the password through the binary and
// returns their names.
func addReviewers(t *testing.T, bin, dbPath string, n int, password string) []string {
	t.Helper()
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("duyet%d", i)
		cmd := civregCmd(bin, "--db", dbPath, "-q", "user", "add", names[i], "--role", "reviewer", "--password-stdin")
		cmd.Stdin = strings.NewReader(password + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("user add: %v\n%s", err, out)
		}
	}
	return names
}

// crashLoad is what the reviewers' submits met while the server was being
// killed.
type crashLoad struct {
	stop      atomic.Bool
	sent      atomic.Int64
	transport atomic.Int64 // requests cut or refused while the server was down
	mu        sync.Mutex
	acks      []crashAck
	refused   []string
}

// review takes tasks and submits values as r until load.stop, counting
// what the server answered.
func (r *crashReviewer) review(load *crashLoad) {
	loc := ""
	for seq := 0; !load.stop.Load(); seq++ {
		if crashLoc.FindStringSubmatch(loc) == nil {
			code, l, _, err := r.send("POST", "/next", url.Values{"csrf": {r.csrf}})
			if err != nil || code != http.StatusSeeOther || crashLoc.FindStringSubmatch(l) == nil {
				if err != nil {
					load.transport.Add(1)
				}
				time.Sleep(10 * time.Millisecond)
				continue
			}
			loc = l
		}
		code, _, body, err := r.send("GET", loc, nil)
		v := crashVersion.FindStringSubmatch(body)
		if err != nil || code != http.StatusOK || v == nil {
			if err != nil {
				load.transport.Add(1)
			}
			loc = ""
			continue
		}
		id, _ := strconv.ParseInt(crashLoc.FindStringSubmatch(loc)[1], 10, 64)
		value := fmt.Sprintf("%s lượt %d", r.name, seq)
		load.sent.Add(1)
		code, next, body, err := r.send("POST", loc, url.Values{"csrf": {r.csrf}, "version": {v[1]}, "action": {"save"}, "value": {value}, "force": {value}})
		switch {
		case err != nil:
			// Killed before or after it was stored: either is fine, as
			// long as it is whole.
			load.transport.Add(1)
			loc = ""
		case code == http.StatusSeeOther:
			load.mu.Lock()
			load.acks = append(load.acks, crashAck{r.name, id, value})
			load.mu.Unlock()
			loc = next
		default:
			load.mu.Lock()
			if len(load.refused) < 10 {
				load.refused = append(load.refused, fmt.Sprintf("%s: submit %s = %d %.200s", r.name, loc, code, body))
			}
			load.mu.Unlock()
			loc = ""
		}
	}
}

// crashRawDB opens the store at path with database/sql, not as a store.
func crashRawDB(t *testing.T, path string) *sql.DB {
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// crashIntegrity checks that db is whole: its pages and its foreign keys.
func crashIntegrity(t *testing.T, db *sql.DB, when string) {
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("%s: integrity_check = %q %v", when, res, err)
	}
	rows, err := db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Errorf("%s: foreign_key_check finds dangling rows", when)
	}
	rows.Close()
}

// checkReviewStore checks what the review server left: acknowledged
// submits, events, tasks, fields and records agree.
func checkReviewStore(t *testing.T, db *sql.DB, tasks map[int64]crashTask, acks []crashAck) {
	t.Helper()
	type fieldRow struct {
		Value, Status string
		Version       int64
	}
	fields := map[[2]string]fieldRow{}
	rows, err := db.Query(`SELECT record_id, key, value, status, version FROM fields`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var rec, key string
		var f fieldRow
		if err := rows.Scan(&rec, &key, &f.Value, &f.Status, &f.Version); err != nil {
			t.Fatal(err)
		}
		fields[[2]string{rec, key}] = f
	}
	rows.Close()
	type event struct{ Action, Actor, Old, New string }
	events := map[[2]string][]event{}
	rows, err = db.Query(`SELECT record_id, field_key, action, actor, old, new FROM events WHERE action LIKE 'field.%' OR action LIKE 'task.%' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var rec, key string
		var e event
		if err := rows.Scan(&rec, &key, &e.Action, &e.Actor, &e.Old, &e.New); err != nil {
			t.Fatal(err)
		}
		events[[2]string{rec, key}] = append(events[[2]string{rec, key}], e)
	}
	rows.Close()
	status := map[int64]string{}
	rows, err = db.Query(`SELECT id, status FROM tasks`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			t.Fatal(err)
		}
		status[id] = s
	}
	rows.Close()
	if len(status) != len(tasks) {
		t.Errorf("%d tasks stored, %d seeded", len(status), len(tasks))
	}

	// Every 303 is in the store: value, task done, one event by its author.
	acked := map[int64]crashAck{}
	for _, a := range acks {
		if prev, ok := acked[a.Task]; ok {
			t.Errorf("task %d answered 303 twice: to %s and %s", a.Task, prev.Reviewer, a.Reviewer)
		}
		acked[a.Task] = a
		tk := tasks[a.Task]
		fk := [2]string{tk.RecordID, tk.Key}
		f := fields[fk]
		if f.Value != a.Value || f.Status != string(registry.FieldCorrected) || status[a.Task] != "done" {
			t.Errorf("task %d answered 303 to %s with %q; store has %q %s, task %s", a.Task, a.Reviewer, a.Value, f.Value, f.Status, status[a.Task])
		}
		if evs := events[fk]; len(evs) != 1 || evs[0] != (event{"field.corrected", a.Reviewer, tk.Orig, a.Value}) {
			t.Errorf("task %d answered 303 to %s: events %+v", a.Task, a.Reviewer, evs)
		}
	}
	// Every field: settled exactly when its task is done, changed exactly
	// when it has one event, one version step per event.
	late := 0
	for id, tk := range tasks {
		fk := [2]string{tk.RecordID, tk.Key}
		f, evs := fields[fk], events[fk]
		switch {
		case status[id] == "open":
			if f.Value != tk.Orig || f.Status != string(registry.FieldNeedsReview) || len(evs) != 0 || f.Version != 1 {
				t.Errorf("task %d open, yet field is %q %s v%d with %d events", id, f.Value, f.Status, f.Version, len(evs))
			}
		case status[id] == "done":
			if f.Status == string(registry.FieldNeedsReview) {
				t.Errorf("task %d done, field still needs review", id)
			}
			if len(evs) != 1 || evs[0].Action != "field.corrected" || evs[0].New != f.Value || evs[0].Old != tk.Orig || f.Version != 2 {
				t.Errorf("task %d done, field %q v%d, events %+v; want one field.corrected to it", id, f.Value, f.Version, evs)
			}
			if _, ok := acked[id]; !ok {
				late++ // stored, but the answer was cut by a kill
			}
		default:
			t.Errorf("task %d: status %q", id, status[id])
		}
	}
	t.Logf("%d tasks done, %d of them stored without their 303 reaching the reviewer", len(acked)+late, late)

	zero := map[string]string{
		"keying without task":        `SELECT COUNT(*) FROM keyings k WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = k.task_id)`,
		"task without field":         `SELECT COUNT(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM fields f WHERE f.record_id = t.record_id AND f.key = t.field_key)`,
		"field event of no field":    `SELECT COUNT(*) FROM events e WHERE e.action LIKE 'field.%' AND NOT EXISTS (SELECT 1 FROM fields f WHERE f.record_id = e.record_id AND f.key = e.field_key)`,
		"open_tasks miscounted":      `SELECT COUNT(*) FROM records r WHERE r.open_tasks <> (SELECT COUNT(*) FROM tasks t WHERE t.record_id = r.id AND t.status = 'open')`,
		"open task priority stale":   `SELECT COUNT(*) FROM tasks t JOIN records r ON r.id = t.record_id WHERE t.status = 'open' AND t.priority <> r.open_tasks`,
		"verified with work left":    `SELECT COUNT(*) FROM records r WHERE r.status = 'verified' AND (r.open_tasks > 0 OR EXISTS (SELECT 1 FROM fields f WHERE f.record_id = r.id AND f.status = 'needs_review'))`,
		"needs review with none":     `SELECT COUNT(*) FROM records r WHERE r.status = 'needs_review' AND r.open_tasks = 0 AND NOT EXISTS (SELECT 1 FROM fields f WHERE f.record_id = r.id AND f.status = 'needs_review')`,
		"verified without its event": `SELECT COUNT(*) FROM records r WHERE (r.status = 'verified') <> ((SELECT COUNT(*) FROM events e WHERE e.record_id = r.id AND e.action = 'record.verified') = 1)`,
		"record version off":         `SELECT COUNT(*) FROM records r WHERE r.version <> 1 + (SELECT COUNT(*) FROM events e WHERE e.record_id = r.id AND e.action LIKE 'field.%')`,
		"lease on a done task":       `SELECT COUNT(*) FROM tasks WHERE status = 'done' AND (leased_by <> '' OR lease_until <> '')`,
	}
	for what, q := range zero {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n != 0 {
			t.Errorf("%s: %d", what, n)
		}
	}
}
