package storetest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/workflow"
	"github.com/civreg/civreg/registry"
)

// clock is a settable time for a store, safe for concurrent readers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// reviewStore returns a store with a settable clock, one batch, and the
// users reviewers alice, bob and carol, supervisor sue and issuer ian.
func reviewStore(t *testing.T) (registry.Store, *clock, int64) {
	t.Helper()
	c := &clock{t: epoch}
	db := openAt(t, c.now)
	bid := batch(t, db)
	for name, role := range map[string]registry.Role{
		"alice": registry.RoleReviewer, "bob": registry.RoleReviewer, "carol": registry.RoleReviewer,
		"sue": registry.RoleSupervisor, "ian": registry.RoleIssuer,
	} {
		addUser(t, db, name, role)
	}
	return db, c, bid
}

func addUser(t testing.TB, db registry.Store, name string, role registry.Role) registry.User {
	t.Helper()
	u := registry.User{Name: name, Role: role, PasswordHash: "hash-of-" + name}
	if err := db.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
	return u
}

func user(name string, role registry.Role) registry.User {
	return registry.User{Name: name, Role: role}
}

var (
	alice = user("alice", registry.RoleReviewer)
	bob   = user("bob", registry.RoleReviewer)
	carol = user("carol", registry.RoleReviewer)
	sue   = user("sue", registry.RoleSupervisor)
	ian   = user("ian", registry.RoleIssuer)
)

var pageNo atomic.Int64

// saveReview stores a birth record with id tag whose given keys need review,
// each with one task at stage; their readings are "đọc KEY".
func saveReview(t testing.TB, db registry.Store, bid int64, tag string, stage registry.TaskStage, keys ...string) *registry.PageResult {
	t.Helper()
	pr := Page(bid, Hash(tag), "UBND phường Bến Nghé", "01/2009", int(pageNo.Add(1)), "2009-03-12")
	pr.Record.ID = tag
	for _, k := range keys {
		pr.Record.Fields[k] = &registry.Field{Value: "đọc " + k, Raw: "doc " + k, Confidence: 0.4, Status: registry.FieldNeedsReview, Reason: registry.ReasonLowConfidence}
		pr.Tasks = append(pr.Tasks, registry.Task{FieldKey: k, Reason: registry.ReasonLowConfidence, Stage: stage})
	}
	if err := db.SavePage(context.Background(), pr); err != nil {
		t.Fatal(err)
	}
	return pr
}

func next(t *testing.T, db registry.Store, u registry.User) *registry.TaskView {
	t.Helper()
	v, err := db.NextTask(context.Background(), u, registry.TaskFilter{}, time.Minute)
	if err != nil {
		t.Fatalf("NextTask(%s): %v", u.Name, err)
	}
	return v
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := registry.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q), want %q", what, err, got, code)
	}
}

func submit(t *testing.T, db registry.Store, v *registry.TaskView, u registry.User, act registry.Action, value string) *registry.Outcome {
	t.Helper()
	out, err := db.Submit(context.Background(), registry.Submission{TaskID: v.ID, User: u.Name, Action: act, Value: value, Raw: value, Version: v.Version})
	if err != nil {
		t.Fatalf("Submit(%s %s task %d): %v", u.Name, act, v.ID, err)
	}
	return out
}

// events returns the record's events after page.stored as "actor action
// field old→new".
func events(t *testing.T, db registry.Store, recordID string) []string {
	t.Helper()
	ev, err := db.RecordEvents(context.Background(), recordID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ev {
		if e.Action == "page.stored" {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %s %s→%s", e.Actor, e.Action, e.FieldKey, e.Old, e.New))
	}
	return out
}

func testLeaseExclusive(t *testing.T) {
	ctx := context.Background()
	db, clk, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview, "nksNgaySinh", "chaHoTen")

	a := next(t, db, alice)
	b := next(t, db, bob)
	if a.ID == b.ID {
		t.Fatalf("alice and bob both got task %d", a.ID)
	}
	if !a.LeaseUntil.Equal(epoch.Add(time.Minute)) {
		t.Errorf("lease until %v, want now + 1m", a.LeaseUntil)
	}
	if _, err := db.NextTask(ctx, carol, registry.TaskFilter{}, time.Minute); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("carol while both tasks are leased: %v, want ENOTFOUND", err)
	}
	_, err := db.LeaseTask(ctx, carol, a.ID, time.Minute)
	wantCode(t, "carol leases alice's task", err, registry.ECONFLICT)

	// A reload gives alice the same task again, with a fresh lease.
	clk.advance(30 * time.Second)
	if again := next(t, db, alice); again.ID != a.ID || !again.LeaseUntil.Equal(epoch.Add(90*time.Second)) {
		t.Errorf("alice again: task %d until %v, want %d until now + 1m", again.ID, again.LeaseUntil, a.ID)
	}

	// An expired lease returns to the queue.
	clk.advance(61 * time.Second)
	c := next(t, db, carol)
	if c.ID != a.ID && c.ID != b.ID {
		t.Errorf("carol got %d, want one of the expired %d, %d", c.ID, a.ID, b.ID)
	}

	// Sign-out gives leases back.
	if err := db.ReleaseLeases(ctx, "carol"); err != nil {
		t.Fatal(err)
	}
	if v, err := db.LeaseTask(ctx, bob, c.ID, time.Minute); err != nil || v.ID != c.ID {
		t.Errorf("bob leases %d after carol signed out: %v", c.ID, err)
	}
	_, err = db.LeaseTask(ctx, alice, 9999, time.Minute)
	wantCode(t, "LeaseTask(unknown)", err, registry.ENOTFOUND)
	_, err = db.NextTask(ctx, ian, registry.TaskFilter{}, time.Minute)
	wantCode(t, "issuer asks for a task", err, registry.EUNAUTHORIZED)
}

func testTaskView(t *testing.T) {
	db, _, bid := reviewStore(t)
	pr := saveReview(t, db, bid, "r1", registry.StageReview, "nksNgaySinh")
	v := next(t, db, alice)
	if v.RecordID != "r1" || v.FieldKey != "nksNgaySinh" || v.Stage != registry.StageReview || v.Task.Stage != registry.StageReview ||
		v.Status != registry.TaskOpen || v.Reason != registry.ReasonLowConfidence || !v.Created.Equal(epoch) {
		t.Errorf("task = %+v", v.Task)
	}
	if v.Record == nil || v.Record.ID != "r1" || len(v.Record.Fields) != len(pr.Record.Fields) {
		t.Fatalf("record = %+v", v.Record)
	}
	if v.Field != v.Record.Fields["nksNgaySinh"] || v.Field.Value != "đọc nksNgaySinh" {
		t.Errorf("field = %+v, want the record's nksNgaySinh", v.Field)
	}
	if v.Version != 1 || v.Blind || v.Keyings != nil {
		t.Errorf("version %d, blind %v, keyings %v; want 1, false, none", v.Version, v.Blind, v.Keyings)
	}
}

func testPriorityOrder(t *testing.T) {
	db, _, bid := reviewStore(t)
	// Saved in this order: three tasks, one, two.
	saveReview(t, db, bid, "three", registry.StageReview, "nksNgaySinh", "chaHoTen", "meHoTen")
	saveReview(t, db, bid, "one", registry.StageReview, "nksNgaySinh")
	saveReview(t, db, bid, "two", registry.StageReview, "nksNgaySinh", "chaHoTen")

	var got []string
	for {
		v, err := db.NextTask(context.Background(), sue, registry.TaskFilter{}, time.Minute)
		if registry.ErrorCode(err) == registry.ENOTFOUND {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.RecordID+"."+v.FieldKey)
		if len(got) == 3 {
			// Settling a task of "three" brings its others to two open
			// tasks, level with "two" and older.
			for _, k := range []string{"nksNgaySinh"} {
				w, err := db.LeaseTask(context.Background(), alice, taskID(t, db, "three", k), time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				submit(t, db, w, alice, registry.ActAccept, "")
			}
		}
		submit(t, db, v, sue, registry.ActAccept, "")
	}
	want := []string{"one.nksNgaySinh", "two.nksNgaySinh", "two.chaHoTen", "three.chaHoTen", "three.meHoTen"}
	if !slices.Equal(got, want) {
		t.Errorf("queue order %v, want %v", got, want)
	}
}

func taskID(t *testing.T, db registry.Store, recordID, key string) int64 {
	t.Helper()
	var id int64
	if err := raw(t, db).QueryRow(`SELECT id FROM tasks WHERE record_id = ? AND field_key = ? ORDER BY id LIMIT 1`, recordID, key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func testSingleEntryActions(t *testing.T) {
	for _, tc := range []struct {
		act        registry.Action
		value      string
		wantValue  string
		wantStatus registry.FieldStatus
		wantStage  registry.TaskStage
		wantEvent  string
	}{
		{registry.ActAccept, "", "đọc nksNgaySinh", registry.FieldConfirmed, "", "alice field.confirmed nksNgaySinh đọc nksNgaySinh→đọc nksNgaySinh"},
		{registry.ActReplace, "1948-06-26", "1948-06-26", registry.FieldCorrected, "", "alice field.corrected nksNgaySinh đọc nksNgaySinh→1948-06-26"},
		{registry.ActReplace, "đọc nksNgaySinh", "đọc nksNgaySinh", registry.FieldConfirmed, "", "alice field.confirmed nksNgaySinh đọc nksNgaySinh→đọc nksNgaySinh"},
		{registry.ActReplace, "", "", registry.FieldMissing, "", "alice field.blank nksNgaySinh đọc nksNgaySinh→"},
		{registry.ActBlank, "", "", registry.FieldMissing, "", "alice field.blank nksNgaySinh đọc nksNgaySinh→"},
		{registry.ActIllegible, "", "đọc nksNgaySinh", registry.FieldNeedsReview, registry.StageArbitrate, "alice task.illegible nksNgaySinh đọc nksNgaySinh→"},
		{registry.ActSkip, "", "đọc nksNgaySinh", registry.FieldNeedsReview, registry.StageReview, "alice task.skipped nksNgaySinh →"},
	} {
		t.Run(string(tc.act)+"/"+tc.value, func(t *testing.T) {
			db, _, bid := reviewStore(t)
			saveReview(t, db, bid, "r1", registry.StageReview, "nksNgaySinh")
			v := next(t, db, alice)
			out := submit(t, db, v, alice, tc.act, tc.value)
			if out.Field.Value != tc.wantValue || out.Field.Status != tc.wantStatus || out.Stage != tc.wantStage {
				t.Errorf("outcome field %q %s, stage %q; want %q %s, stage %q", out.Field.Value, out.Field.Status, out.Stage, tc.wantValue, tc.wantStatus, tc.wantStage)
			}
			rec, err := db.FindRecord(context.Background(), "r1")
			if err != nil {
				t.Fatal(err)
			}
			if f := rec.Fields["nksNgaySinh"]; f.Value != tc.wantValue || f.Status != tc.wantStatus || f.Raw != "doc nksNgaySinh" {
				t.Errorf("stored field %+v, want %q %s with the raw reading kept", f, tc.wantValue, tc.wantStatus)
			}
			done := tc.wantStage == ""
			if out.RecordVerified != done || (rec.Status == registry.RecordVerified) != done {
				t.Errorf("verified: outcome %v, record %s; want %v", out.RecordVerified, rec.Status, done)
			}
			// The search index follows the record's status.
			hits, err := db.Search(context.Background(), registry.SearchQuery{Book: rec.Book, Status: rec.Status})
			if err != nil || len(hits) != 1 || hits[0].Status != rec.Status {
				t.Errorf("search for a %s record of book %s: %+v, %v", rec.Status, rec.Book, hits, err)
			}
			want := []string{tc.wantEvent}
			if done {
				want = append(want, "alice record.verified  →")
			}
			if got := events(t, db, "r1"); !slices.Equal(got, want) {
				t.Errorf("events %q, want %q", got, want)
			}
			var version, recVersion int
			r := raw(t, db)
			if err := r.QueryRow(`SELECT f.version, r.version FROM fields f JOIN records r ON r.id = f.record_id WHERE f.record_id = 'r1' AND f.key = 'nksNgaySinh'`).Scan(&version, &recVersion); err != nil {
				t.Fatal(err)
			}
			wantVersion := 1
			if done {
				wantVersion = 2
			}
			if version != wantVersion || recVersion != wantVersion {
				t.Errorf("field version %d, record version %d; want %d", version, recVersion, wantVersion)
			}
		})
	}
}

func testStaleVersionRefused(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	pr := Page(bid, Hash("r1"), "UBND phường Bến Nghé", "01/2009", 1, "2009-03-12")
	pr.Record.ID = "r1"
	pr.Record.Fields["nksNgaySinh"] = &registry.Field{Value: "1948", Status: registry.FieldNeedsReview}
	pr.Tasks = []registry.Task{
		{FieldKey: "nksNgaySinh", Reason: registry.ReasonLowConfidence},
		{FieldKey: "nksNgaySinh", Reason: registry.ReasonAudit},
	}
	if err := db.SavePage(ctx, pr); err != nil {
		t.Fatal(err)
	}
	a := next(t, db, alice)
	b := next(t, db, bob)
	submit(t, db, b, bob, registry.ActReplace, "1948-06-26")

	_, err := db.Submit(ctx, registry.Submission{TaskID: a.ID, User: "alice", Action: registry.ActReplace, Value: "1949", Version: a.Version})
	wantCode(t, "stale submit", err, registry.ECONFLICT)
	rec, _ := db.FindRecord(ctx, "r1")
	if f := rec.Fields["nksNgaySinh"]; f.Value != "1948-06-26" || f.Status != registry.FieldCorrected {
		t.Errorf("after a refused stale submit the field is %+v, want bob's value", f)
	}
	if got := events(t, db, "r1"); len(got) != 1 || !strings.HasPrefix(got[0], "bob field.corrected") {
		t.Errorf("events %q, want only bob's correction", got)
	}
	// Opened again, alice's task carries the new version and goes through.
	a = next(t, db, alice)
	if a.Version != 2 || a.Field.Value != "1948-06-26" {
		t.Errorf("reopened: version %d value %q", a.Version, a.Field.Value)
	}
	if out := submit(t, db, a, alice, registry.ActAccept, ""); !out.RecordVerified {
		t.Errorf("last task settled, record not verified")
	}
}

func testLeaseLostRefused(t *testing.T) {
	ctx := context.Background()
	db, clk, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview, "nksNgaySinh")
	a := next(t, db, alice)

	_, err := db.Submit(ctx, registry.Submission{TaskID: a.ID, User: "bob", Action: registry.ActAccept, Version: a.Version})
	wantCode(t, "bob submits alice's task", err, registry.ECONFLICT)

	clk.advance(2 * time.Minute)
	_, err = db.Submit(ctx, registry.Submission{TaskID: a.ID, User: "alice", Action: registry.ActAccept, Version: a.Version})
	wantCode(t, "submit after the lease expired", err, registry.ECONFLICT)

	b := next(t, db, bob)
	if b.ID != a.ID {
		t.Fatalf("bob got %d, want the expired %d", b.ID, a.ID)
	}
	_, err = db.Submit(ctx, registry.Submission{TaskID: a.ID, User: "alice", Action: registry.ActReplace, Value: "x", Version: a.Version})
	wantCode(t, "submit after someone else took the task", err, registry.ECONFLICT)
	submit(t, db, b, bob, registry.ActAccept, "")
	_, err = db.Submit(ctx, registry.Submission{TaskID: a.ID, User: "alice", Action: registry.ActReplace, Value: "x", Version: 2})
	wantCode(t, "submit of a done task", err, registry.ECONFLICT)
	if got := events(t, db, "r1"); len(got) != 2 || !strings.HasPrefix(got[0], "bob field.confirmed") {
		t.Errorf("events %q, want bob's confirmation and the verification only", got)
	}
	_, err = db.Submit(ctx, registry.Submission{TaskID: 424242, User: "alice", Action: registry.ActAccept})
	wantCode(t, "submit of an unknown task", err, registry.ENOTFOUND)
	_, err = db.Submit(ctx, registry.Submission{TaskID: a.ID, User: "alice", Action: "approve"})
	wantCode(t, "unknown action", err, registry.EINVALID)
}

func testDoubleEntryAgree(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageEntry1, "nksHoTen")

	a := next(t, db, alice)
	if a.Stage != registry.StageEntry1 || a.Blind {
		t.Errorf("first keying: stage %s blind %v", a.Stage, a.Blind)
	}
	out := submit(t, db, a, alice, registry.ActReplace, "Nguyễn Văn An")
	if out.Stage != registry.StageEntry2 || out.Field.Value != "đọc nksHoTen" || out.Field.Status != registry.FieldNeedsReview {
		t.Errorf("after the first keying: %+v, want stage entry2 and the field unchanged", out)
	}

	// Alice may not key it a second time.
	_, err := db.NextTask(ctx, alice, registry.TaskFilter{}, time.Minute)
	wantCode(t, "alice asks for her own second keying", err, registry.ENOTFOUND)
	_, err = db.LeaseTask(ctx, alice, a.ID, time.Minute)
	wantCode(t, "alice leases her own second keying", err, registry.EUNAUTHORIZED)

	b := next(t, db, bob)
	if b.ID != a.ID || b.Stage != registry.StageEntry2 || !b.Blind {
		t.Fatalf("bob got task %d stage %s blind %v; want %d entry2 blind", b.ID, b.Stage, b.Blind, a.ID)
	}
	if b.Field.Value != "" || b.Field.Raw != "" || b.Record.Fields["nksHoTen"].Value != "" || b.Keyings != nil {
		t.Errorf("blind view shows %q / %q / keyings %v", b.Field.Value, b.Field.Raw, b.Keyings)
	}
	_, err = db.Submit(ctx, registry.Submission{TaskID: b.ID, User: "bob", Action: registry.ActAccept, Version: b.Version})
	wantCode(t, "accept on a blind keying", err, registry.EINVALID)

	out = submit(t, db, b, bob, registry.ActReplace, "Nguyễn Văn An")
	if out.Stage != "" || out.Field.Value != "Nguyễn Văn An" || out.Field.Status != registry.FieldCorrected || !out.RecordVerified {
		t.Errorf("after agreeing keyings: %+v, want the value corrected and the record verified", out)
	}
	want := []string{
		"alice task.keyed nksHoTen →Nguyễn Văn An",
		"bob field.corrected nksHoTen đọc nksHoTen→Nguyễn Văn An",
		"bob record.verified  →",
	}
	if got := events(t, db, "r1"); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}

func testDoubleEntryDisagreeArbitrate(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageEntry1, "nksHoTen")

	submit(t, db, next(t, db, alice), alice, registry.ActReplace, "Nguyễn Văn An")
	out := submit(t, db, next(t, db, bob), bob, registry.ActReplace, "Nguyễn Văn Ân")
	if out.Stage != registry.StageArbitrate || out.Field.Status != registry.FieldNeedsReview {
		t.Errorf("after disagreeing keyings: %+v, want stage arbitrate", out)
	}

	// Reviewers cannot arbitrate.
	_, err := db.NextTask(ctx, carol, registry.TaskFilter{}, time.Minute)
	wantCode(t, "reviewer asks for a task at arbitration", err, registry.ENOTFOUND)
	id := taskID(t, db, "r1", "nksHoTen")
	_, err = db.LeaseTask(ctx, carol, id, time.Minute)
	wantCode(t, "reviewer leases a task at arbitration", err, registry.EUNAUTHORIZED)

	s := next(t, db, sue)
	if s.Stage != registry.StageArbitrate || s.Blind || len(s.Keyings) != 2 ||
		s.Keyings[0].User != "alice" || s.Keyings[0].Value != "Nguyễn Văn An" ||
		s.Keyings[1].User != "bob" || s.Keyings[1].Value != "Nguyễn Văn Ân" || !s.Keyings[1].At.Equal(epoch) {
		t.Fatalf("supervisor's view: stage %s keyings %+v", s.Stage, s.Keyings)
	}
	// A reviewer who somehow submits it is refused.
	if err := db.ReleaseLeases(ctx, "sue"); err != nil {
		t.Fatal(err)
	}
	if _, err := raw(t, db).Exec(`UPDATE tasks SET leased_by = 'carol', lease_until = '9999-12-31T00:00:00.000000Z' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	_, err = db.Submit(ctx, registry.Submission{TaskID: id, User: "carol", Action: registry.ActReplace, Value: "x", Version: s.Version})
	wantCode(t, "reviewer submits an arbitration", err, registry.EUNAUTHORIZED)
	if _, err := raw(t, db).Exec(`UPDATE tasks SET leased_by = '', lease_until = '' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}

	s = next(t, db, sue)
	out = submit(t, db, s, sue, registry.ActReplace, "Nguyễn Văn Ấn")
	if out.Stage != "" || out.Field.Value != "Nguyễn Văn Ấn" || out.Field.Status != registry.FieldCorrected || !out.RecordVerified {
		t.Errorf("after arbitration: %+v", out)
	}
	want := []string{
		"alice task.keyed nksHoTen →Nguyễn Văn An",
		"bob task.disagreed nksHoTen Nguyễn Văn An→Nguyễn Văn Ân",
		"sue task.arbitrated nksHoTen đọc nksHoTen→Nguyễn Văn Ấn",
		"sue record.verified  →",
	}
	if got := events(t, db, "r1"); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	var n int
	if err := raw(t, db).QueryRow(`SELECT COUNT(*) FROM keyings WHERE task_id = ?`, id).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d keyings stored, %v; want 2", n, err)
	}
}

func testIllegibleGoesToSupervisor(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview, "nksNoiSinh")
	submit(t, db, next(t, db, alice), alice, registry.ActIllegible, "")

	_, err := db.NextTask(ctx, bob, registry.TaskFilter{}, time.Minute)
	wantCode(t, "reviewer after illegible", err, registry.ENOTFOUND)
	s := next(t, db, sue)
	if s.Stage != registry.StageArbitrate || s.Note != workflow.NoteIllegible || len(s.Keyings) != 0 {
		t.Errorf("supervisor's view: stage %s note %q keyings %v", s.Stage, s.Note, s.Keyings)
	}
	out := submit(t, db, s, sue, registry.ActIllegible, "")
	if out.Stage != "" || out.Field.Value != "" || out.Field.Status != registry.FieldMissing {
		t.Errorf("supervisor finds it illegible too: %+v, want the field missing", out)
	}
	ev, _ := db.RecordEvents(ctx, "r1")
	if last := ev[len(ev)-2]; last.Action != "task.arbitrated" || !strings.Contains(last.Note, workflow.NoteIllegible) {
		t.Errorf("arbitration event %+v", last)
	}
}

func testSkip(t *testing.T) {
	ctx := context.Background()
	db, clk, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview, "nksNgaySinh")
	a := next(t, db, alice)
	if out := submit(t, db, a, alice, registry.ActSkip, ""); out.Stage != registry.StageReview || out.Field.Status != registry.FieldNeedsReview {
		t.Errorf("skip: %+v, want the task still at review and the field unchanged", out)
	}
	_, err := db.NextTask(ctx, alice, registry.TaskFilter{}, time.Minute)
	wantCode(t, "alice after skipping the only task", err, registry.ENOTFOUND)
	if b := next(t, db, bob); b.ID != a.ID || b.Version != 1 {
		t.Errorf("bob got %d version %d, want the skipped %d at version 1", b.ID, b.Version, a.ID)
	}
	if err := db.ReleaseLeases(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	clk.advance(workflow.SkipHold)
	if a2 := next(t, db, alice); a2.ID != a.ID {
		t.Errorf("alice after the hold got %d, want %d", a2.ID, a.ID)
	}
}

func testFilters(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview, "nksNgaySinh")
	pr := saveReview(t, db, bid, "r2", registry.StageReview, "chaHoTen")
	if _, err := raw(t, db).Exec(`UPDATE tasks SET reason = 'rule:id_matches_birth' WHERE record_id = 'r2'`); err != nil {
		t.Fatal(err)
	}
	other := &registry.Batch{Office: "UBND phường Đa Kao", Book: "02/2010"}
	if err := db.CreateBatch(ctx, other); err != nil {
		t.Fatal(err)
	}
	saveReview(t, db, other.ID, "r3", registry.StageReview, "meHoTen")
	_ = pr

	for _, tc := range []struct {
		name string
		f    registry.TaskFilter
		want string // record, or "" for none
	}{
		{"field key", registry.TaskFilter{FieldKey: "chaHoTen"}, "r2"},
		{"rule prefix", registry.TaskFilter{Reason: "rule:"}, "r2"},
		{"rule name", registry.TaskFilter{Reason: "rule:id_matches_birth"}, "r2"},
		{"other rule", registry.TaskFilter{Reason: "rule:other"}, ""},
		{"reason", registry.TaskFilter{Reason: registry.ReasonLowConfidence, FieldKey: "meHoTen"}, "r3"},
		{"batch", registry.TaskFilter{BatchID: other.ID}, "r3"},
		{"kind", registry.TaskFilter{Kind: registry.Death}, ""},
		{"kind birth", registry.TaskFilter{Kind: registry.Birth, FieldKey: "nksNgaySinh"}, "r1"},
	} {
		v, err := db.NextTask(ctx, alice, tc.f, time.Minute)
		got := ""
		if err == nil {
			got = v.RecordID
		} else if registry.ErrorCode(err) != registry.ENOTFOUND {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: got record %q, want %q", tc.name, got, tc.want)
		}
		if err := db.ReleaseLeases(ctx, "alice"); err != nil {
			t.Fatal(err)
		}
	}
}

func testGroupTasks(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	for i := range 5 {
		saveReview(t, db, bid, fmt.Sprintf("r%d", i), registry.StageReview, "nksNgaySinh", "chaHoTen")
	}
	saveReview(t, db, bid, "e", registry.StageEntry1, "nksNgaySinh")
	b, err := db.LeaseTask(ctx, bob, taskID(t, db, "r0", "nksNgaySinh"), time.Minute)
	if err != nil {
		t.Fatal(err)
	}

	g, err := db.GroupTasks(ctx, alice, "nksNgaySinh", registry.TaskFilter{FieldKey: "chaHoTen"}, 3, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range g {
		got = append(got, v.RecordID+"."+v.FieldKey)
	}
	want := []string{"r1.nksNgaySinh", "r2.nksNgaySinh", "r3.nksNgaySinh"}
	if b.RecordID+"."+b.FieldKey != "r0.nksNgaySinh" || !slices.Equal(got, want) {
		t.Errorf("bob holds %s.%s; group %v, want %v", b.RecordID, b.FieldKey, got, want)
	}
	// Asked again, alice gets her own leases and one more; never the
	// double-entry task.
	g, err = db.GroupTasks(ctx, alice, "nksNgaySinh", registry.TaskFilter{}, 10, time.Minute)
	if err != nil || len(g) != 4 {
		t.Errorf("second group: %d tasks, %v; want 4", len(g), err)
	}
	keys, err := db.FieldKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys["nksNgaySinh"] != 5 || keys["chaHoTen"] != 5 {
		t.Errorf("FieldKeys = %v", keys)
	}
	g, err = db.GroupTasks(ctx, ian, "nksNgaySinh", registry.TaskFilter{}, 10, time.Minute)
	wantCode(t, "issuer asks for a group", err, registry.EUNAUTHORIZED)
	if len(g) != 0 {
		t.Errorf("issuer was refused but given %d tasks", len(g))
	}
}

func testRecordTasks(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	saveReview(t, db, bid, "small", registry.StageReview, "nksNgaySinh")
	keys := []string{"ghiChu", "meHoTen", "nksNgaySinh", "chaHoTen", "nksGioiTinh"}
	saveReview(t, db, bid, "big", registry.StageReview, keys...)
	if _, err := raw(t, db).Exec(`UPDATE tasks SET stage = 'arbitrate' WHERE record_id = 'big' AND field_key = 'ghiChu'`); err != nil {
		t.Fatal(err)
	}
	// Bob holds one of big's tasks.
	bt, err := db.LeaseTask(ctx, bob, taskID(t, db, "big", "meHoTen"), time.Minute)
	if err != nil {
		t.Fatal(err)
	}

	vs, err := db.RecordTasks(ctx, alice, "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		if v.RecordID != "big" {
			t.Errorf("task of record %s, want big", v.RecordID)
		}
		got = append(got, v.FieldKey)
	}
	// Form order, without bob's task and the arbitration.
	order := form.Get(registry.Birth, registry.EraA).Keys()
	want := []string{"nksGioiTinh", "nksNgaySinh", "chaHoTen"}
	sort.Slice(want, func(i, j int) bool { return slices.Index(order, want[i]) < slices.Index(order, want[j]) })
	if !slices.Equal(got, want) {
		t.Errorf("record tasks %v, want %v", got, want)
	}
	vs, err = db.RecordTasks(ctx, sue, "big", time.Minute)
	if err != nil || len(vs) != 1 || vs[0].FieldKey != "ghiChu" {
		t.Errorf("sue's record tasks of big: %d, %v; want the arbitration only (the rest are held)", len(vs), err)
	}
	_, err = db.RecordTasks(ctx, carol, "big", time.Minute)
	wantCode(t, "carol: every task of big held", err, registry.ENOTFOUND)
	_, err = db.RecordTasks(ctx, carol, "nope", time.Minute)
	wantCode(t, "unknown record", err, registry.ENOTFOUND)
	_ = bt
}

func testProgress(t *testing.T) {
	ctx := context.Background()
	db, clk, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview, "nksNgaySinh", "chaHoTen")
	saveReview(t, db, bid, "r2", registry.StageEntry1, "nksHoTen")
	if _, err := raw(t, db).Exec(`UPDATE tasks SET reason = 'rule:id_matches_birth' WHERE record_id = 'r1' AND field_key = 'chaHoTen'`); err != nil {
		t.Fatal(err)
	}
	lease := func(u registry.User, rec, key string) *registry.TaskView {
		t.Helper()
		v, err := db.LeaseTask(ctx, u, taskID(t, db, rec, key), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	submit(t, db, lease(alice, "r1", "nksNgaySinh"), alice, registry.ActAccept, "")
	clk.advance(2 * time.Hour)
	submit(t, db, lease(alice, "r1", "chaHoTen"), alice, registry.ActReplace, "Nguyễn Văn An")
	submit(t, db, lease(carol, "r2", "nksHoTen"), carol, registry.ActSkip, "")
	lease(bob, "r2", "nksHoTen")

	p, err := db.Progress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.OpenByReason) != 1 || p.OpenByReason[registry.ReasonLowConfidence] != 1 {
		t.Errorf("OpenByReason = %v, want low_confidence: 1", p.OpenByReason)
	}
	if len(p.OpenByStage) != 1 || p.OpenByStage[registry.StageEntry1] != 1 || p.Leased != 1 {
		t.Errorf("OpenByStage = %v, Leased = %d; want entry1: 1, one leased", p.OpenByStage, p.Leased)
	}
	now := epoch.Add(2 * time.Hour).In(time.Local)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
	today := 1
	if !epoch.Before(midnight) {
		today = 2
	}
	want := registry.ReviewerStat{User: "alice", Today: today, LastHour: 1, Total: 2, LastEvent: epoch.Add(2 * time.Hour)}
	if len(p.Reviewers) != 1 || p.Reviewers[0] != want {
		t.Errorf("Reviewers = %+v, want only %+v (skips are not work)", p.Reviewers, want)
	}
	if len(p.Batches) != 1 || p.Batches[0].Batch.ID != bid || p.Batches[0].Batch.Office != "UBND phường Bến Nghé" ||
		p.Batches[0].Records != 2 || p.Batches[0].Verified != 1 || p.Batches[0].Open != 1 {
		t.Errorf("Batches = %+v, want 2 records, 1 verified, 1 open", p.Batches)
	}
}

func testReviewConcurrent(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	const workers, rounds = 20, 50
	var users []registry.User
	for i := range workers {
		users = append(users, addUser(t, db, fmt.Sprintf("u%02d", i), registry.RoleReviewer))
	}
	// 800 single-entry tasks and 100 double entries: 1000 submissions.
	keys := []string{"nksNgaySinh", "nksNoiSinh", "chaHoTen", "meHoTen"}
	for i := range 200 {
		saveReview(t, db, bid, fmt.Sprintf("s%03d", i), registry.StageReview, keys...)
	}
	for i := range 100 {
		saveReview(t, db, bid, fmt.Sprintf("d%03d", i), registry.StageEntry1, "nksHoTen")
	}
	remaining := atomic.Int64{}
	remaining.Store(1000)

	var (
		mu      sync.Mutex
		held    = map[int64]string{}
		settled = map[int64]string{} // task → value its field must end with
		wg      sync.WaitGroup
		errs    = make(chan error, workers)
	)
	for _, u := range users {
		wg.Go(func() {
			for done, idle := 0, 0; done < rounds*2 && idle < 5000 && remaining.Load() > 0; {
				v, err := db.NextTask(ctx, u, registry.TaskFilter{}, time.Hour)
				if registry.ErrorCode(err) == registry.ENOTFOUND {
					idle++
					time.Sleep(time.Millisecond)
					continue
				} else if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if other := held[v.ID]; other != "" {
					mu.Unlock()
					errs <- fmt.Errorf("task %d leased to %s while %s holds it", v.ID, u.Name, other)
					return
				}
				held[v.ID] = u.Name
				mu.Unlock()

				value := fmt.Sprintf("%s by %s", v.FieldKey, u.Name)
				if v.Stage != registry.StageReview {
					value = fmt.Sprintf("keyed %d", v.ID) // both keyings agree
				}
				mu.Lock()
				delete(held, v.ID)
				mu.Unlock()
				out, err := db.Submit(ctx, registry.Submission{TaskID: v.ID, User: u.Name, Action: registry.ActReplace, Value: value, Version: v.Version})
				if err != nil {
					errs <- fmt.Errorf("%s submits task %d: %w", u.Name, v.ID, err)
					return
				}
				if out.Stage == "" {
					mu.Lock()
					if settled[v.ID] != "" {
						mu.Unlock()
						errs <- fmt.Errorf("task %d settled twice", v.ID)
						return
					}
					settled[v.ID] = value
					mu.Unlock()
				}
				remaining.Add(-1)
				done++
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	r := raw(t, db)
	var open int
	if err := r.QueryRow(`SELECT COUNT(*) FROM tasks WHERE status = 'open'`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if open != 0 || len(settled) != 900 {
		t.Fatalf("%d tasks open, %d settled; want 0 and 900", open, len(settled))
	}
	// Every task settled exactly once in the audit log, by its last
	// leaseholder, with the value that holder wrote; no update lost.
	rows, err := r.Query(`
		SELECT t.id, f.value, f.version, r.version, r.status,
		       (SELECT COUNT(*) FROM events e WHERE e.record_id = t.record_id AND e.field_key = t.field_key AND e.action LIKE 'field.%'),
		       (SELECT COUNT(*) FROM events e WHERE e.record_id = t.record_id AND e.field_key = t.field_key AND e.action = 'task.keyed'),
		       (SELECT COUNT(*) FROM tasks o WHERE o.record_id = t.record_id)
		FROM tasks t JOIN fields f ON f.record_id = t.record_id AND f.key = t.field_key JOIN records r ON r.id = t.record_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var value, status string
		var fv, rv, settles, keyed, siblings int
		if err := rows.Scan(&id, &value, &fv, &rv, &status, &settles, &keyed, &siblings); err != nil {
			t.Fatal(err)
		}
		if value != settled[id] || fv != 2 || rv != 1+siblings || settles != 1 || status != "verified" {
			t.Errorf("task %d: field %q version %d, record version %d %s, %d settling events; want %q, 2, %d verified, 1",
				id, value, fv, rv, status, settles, settled[id], 1+siblings)
		}
		if strings.HasPrefix(value, "keyed") && keyed != 1 {
			t.Errorf("task %d: %d first keyings logged, want 1", id, keyed)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
