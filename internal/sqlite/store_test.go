package sqlite_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
	_ "github.com/mattn/go-sqlite3" // raw access to check what the store wrote
)

var epoch = time.Date(2025, 7, 1, 8, 30, 0, 0, time.UTC)

// open returns a store in a fresh temporary directory with a fixed clock.
func open(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "civreg.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return epoch }
	t.Cleanup(func() { db.Close() })
	return db
}

// raw opens the store's file directly, bypassing the store.
func raw(t *testing.T, db *sqlite.DB) *sql.DB {
	t.Helper()
	r, err := sql.Open("sqlite3", db.Path()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func count(t *testing.T, r *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := r.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// hash returns a content hash made from a short tag.
func hash(tag string) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(tag)))
}

// page builds the result of reading one birth page.
func page(batch int64, sha, office, book string, n int, registered string) *registry.PageResult {
	return &registry.PageResult{
		Page:  registry.Page{BatchID: batch, SHA256: sha, File: fmt.Sprintf("quyen-%s.pdf", strings.ReplaceAll(book, "/", "-")), PageIndex: n - 1, Angle: -0.4, Width: 2300, Height: 3400},
		Image: []byte("PNG-" + sha[:8]),
		Record: &registry.Record{
			Kind: registry.Birth, Era: registry.EraA, Office: office, Book: book, Page: n,
			Fields: map[string]*registry.Field{
				"nksHoTen":   {Value: "Nguyễn Thị Nhàn", Raw: "NGUYỄN THỊ NHÀN", Confidence: 0.97, Status: registry.FieldAuto, Box: &registry.Box{391, 433, 1084, 570}},
				"ngayDangKy": {Value: registered, Raw: registered, Confidence: 0.9, Status: registry.FieldAuto},
				"ghiChu":     {Status: registry.FieldMissing},
			},
		},
	}
}

func batch(t *testing.T, db *sqlite.DB) int64 {
	t.Helper()
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "01/2009", Kind: registry.Birth}
	if err := db.CreateBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if b.ID == 0 || !b.Started.Equal(epoch) {
		t.Fatalf("batch = %+v, want an id and Started = now", b)
	}
	return b.ID
}

func TestSavePageRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	bid := batch(t, db)
	pr := page(bid, hash("a"), "UBND phường Bến Nghé", "01/2009", 64, "2009-03-12")
	pr.Record.ID = "rec-1"
	pr.Record.Fields["nksNgaySinh"] = &registry.Field{
		Value: "1948-06", Raw: "6/1948", Confidence: 0.41, Status: registry.FieldNeedsReview,
		Box: &registry.Box{641, 548, 1080, 644}, Reason: registry.ReasonLowConfidence, Note: "day unreadable",
	}
	pr.Tasks = []registry.Task{{FieldKey: "nksNgaySinh", Reason: registry.ReasonLowConfidence}}
	if err := db.SavePage(ctx, pr); err != nil {
		t.Fatal(err)
	}
	if pr.Page.ID == 0 || pr.Tasks[0].ID == 0 || pr.Tasks[0].RecordID != "rec-1" {
		t.Errorf("ids not set: page %d, task %+v", pr.Page.ID, pr.Tasks[0])
	}

	got, err := db.FindRecord(ctx, "rec-1")
	if err != nil {
		t.Fatal(err)
	}
	want := *pr.Record
	want.Status = registry.RecordNeedsReview
	want.Source = registry.Source{File: "quyen-01-2009.pdf", PageIndex: 63, SHA256: hash("a")}
	want.BatchID = bid
	want.Created = epoch
	for k, f := range want.Fields {
		f.Key = k
	}
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindRecord:\n got %s\nwant %s", dump(got), dump(&want))
	}

	img, err := db.PageImage(ctx, "rec-1")
	if err != nil || string(img) != "PNG-"+hash("a")[:8] {
		t.Errorf("PageImage = %q, %v", img, err)
	}
	if ok, err := db.HasPage(ctx, hash("a")); !ok || err != nil {
		t.Errorf("HasPage(stored) = %v, %v; want true", ok, err)
	}
	if ok, err := db.HasPage(ctx, hash("b")); ok || err != nil {
		t.Errorf("HasPage(unknown) = %v, %v; want false", ok, err)
	}
	ev, err := db.Events(ctx, "rec-1")
	if err != nil || len(ev) != 1 || ev[0].Action != "page.stored" || ev[0].Actor != "civreg" || !ev[0].At.Equal(epoch) {
		t.Errorf("Events = %+v, %v; want one page.stored", ev, err)
	}
}

func TestRecordIDFromHash(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	pr := page(0, hash("x"), "o", "01/2009", 1, "2009")
	if err := db.SavePage(ctx, pr); err != nil {
		t.Fatal(err)
	}
	if want := hash("x")[:16]; pr.Record.ID != want {
		t.Errorf("record id = %q, want %q", pr.Record.ID, want)
	}
	if pr.Record.Status != registry.RecordVerified {
		t.Errorf("status = %q, want verified", pr.Record.Status)
	}
}

func TestFindRecordNotFound(t *testing.T) {
	_, err := open(t).FindRecord(context.Background(), "nope")
	if registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("err = %v, want ENOTFOUND", err)
	}
	_, err = open(t).PageImage(context.Background(), "nope")
	if registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("PageImage err = %v, want ENOTFOUND", err)
	}
}

func TestSavePageDuplicate(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	r := raw(t, db)
	if err := db.SavePage(ctx, page(0, hash("a"), "o", "01/2009", 1, "2009")); err != nil {
		t.Fatal(err)
	}
	tables := []string{"pages", "page_images", "records", "fields", "tasks", "events"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = count(t, r, tb)
	}

	tests := []struct {
		name string
		pr   *registry.PageResult
	}{
		{"same hash", page(0, hash("a"), "o", "01/2009", 2, "2009")},
		{"same record id", func() *registry.PageResult {
			p := page(0, hash("b"), "o", "01/2009", 2, "2009")
			p.Record.ID = hash("a")[:16]
			p.Tasks = []registry.Task{{FieldKey: "ghiChu", Reason: registry.ReasonMissing}}
			return p
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.SavePage(ctx, tt.pr)
			if registry.ErrorCode(err) != registry.ECONFLICT {
				t.Fatalf("err = %v, want ECONFLICT", err)
			}
			if msg := registry.ErrorMessage(err); strings.Contains(msg, "\n") || strings.Contains(msg, "UNIQUE") {
				t.Errorf("message %q is not one clean line", msg)
			}
			for _, tb := range tables {
				if n := count(t, r, tb); n != before[tb] {
					t.Errorf("%s: %d rows, want %d (nothing partial)", tb, n, before[tb])
				}
			}
		})
	}
}

func TestSavePageInvalid(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	tests := []struct {
		name   string
		change func(*registry.PageResult)
		code   string
	}{
		{"no record", func(p *registry.PageResult) { p.Record = nil }, registry.EINVALID},
		{"no hash", func(p *registry.PageResult) { p.Page.SHA256 = "" }, registry.EINVALID},
		{"bad kind", func(p *registry.PageResult) { p.Record.Kind = "XX" }, registry.EINVALID},
		{"bad status", func(p *registry.PageResult) { p.Record.Fields["ghiChu"].Status = "ok" }, registry.EINVALID},
		{"bad confidence", func(p *registry.PageResult) { p.Record.Fields["ghiChu"].Confidence = 1.5 }, registry.EINVALID},
		{"task for unknown field", func(p *registry.PageResult) { p.Tasks = []registry.Task{{FieldKey: "meHoTen"}} }, registry.EINVALID},
		{"unknown batch", func(p *registry.PageResult) { p.Page.BatchID = 99 }, registry.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := page(0, hash(tt.name), "o", "b", 1, "2009")
			tt.change(p)
			if err := db.SavePage(ctx, p); registry.ErrorCode(err) != tt.code {
				t.Errorf("err = %v, want %s", err, tt.code)
			}
		})
	}
	if n := count(t, raw(t, db), "pages"); n != 0 {
		t.Errorf("%d pages stored, want 0", n)
	}
}

func TestFailureThenSuccess(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	bid := batch(t, db)
	r := raw(t, db)

	// Two unreadable files without a hash, then a page that failed twice.
	for _, p := range []registry.Page{
		{BatchID: bid, File: "broken-1.pdf", Error: "not a pdf"},
		{BatchID: bid, File: "broken-2.pdf", Error: "not a pdf"},
		{BatchID: bid, SHA256: hash("a"), File: "q.pdf", PageIndex: 3, Error: "no labels found"},
		{BatchID: bid, SHA256: hash("a"), File: "q.pdf", PageIndex: 3, Error: "no labels found again"},
	} {
		if err := db.SaveFailure(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	fails, err := db.Failures(ctx, bid)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range fails {
		got = append(got, fmt.Sprintf("%s#%d %s %s", p.File, p.PageIndex, p.Status, p.Error))
	}
	want := []string{"broken-1.pdf#0 failed not a pdf", "broken-2.pdf#0 failed not a pdf", "q.pdf#3 failed no labels found again"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Failures = %q, want %q", got, want)
	}
	if ok, _ := db.HasPage(ctx, hash("a")); ok {
		t.Error("HasPage(failed hash) = true, want false: a rerun must try a failed page again")
	}

	if err := db.SavePage(ctx, page(bid, hash("a"), "o", "b", 4, "2009")); err != nil {
		t.Fatalf("SavePage after failure: %v", err)
	}
	if fails, _ := db.Failures(ctx, bid); len(fails) != 2 {
		t.Errorf("%d failures after success, want 2", len(fails))
	}
	if n := count(t, r, "pages"); n != 3 {
		t.Errorf("%d page rows, want 3", n)
	}
	// A failure of a page already done is a conflict, and changes nothing.
	p := registry.Page{BatchID: bid, SHA256: hash("a"), File: "q.pdf", Error: "late"}
	if err := db.SaveFailure(ctx, &p); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("SaveFailure(done hash) = %v, want ECONFLICT", err)
	}
	ev, err := db.Events(ctx, "")
	if err != nil || len(ev) != 4 || ev[3].Action != "page.failed" {
		t.Errorf("failure events = %d, %v; want 4 page.failed", len(ev), err)
	}

	st, err := db.Stats(ctx, bid)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := sqlite.BatchStats{
		PagesDone: 1, PagesFailed: 2, Records: 1, Verified: 1,
		Fields: map[registry.FieldStatus]int{registry.FieldAuto: 2, registry.FieldMissing: 1},
		Tasks:  map[registry.Reason]int{},
	}
	if !reflect.DeepEqual(st, wantStats) {
		t.Errorf("Stats = %+v, want %+v", st, wantStats)
	}
	if _, err := db.Stats(ctx, 42); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("Stats(unknown batch) = %v, want ENOTFOUND", err)
	}
}

func TestEachRecord(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	b1, b2 := batch(t, db), batch(t, db)
	add := func(bid int64, id, office, book string, n int, registered string, kind registry.Kind, review bool) {
		t.Helper()
		p := page(bid, hash(id), office, book, n, registered)
		p.Record.ID, p.Record.Kind = id, kind
		if review {
			p.Record.Fields["nksHoTen"].Status = registry.FieldNeedsReview
		}
		if err := db.SavePage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// Stored out of order on purpose.
	add(b1, "r5", "Phường B", "01/2010", 1, "2010-01-05", registry.Birth, false)
	add(b1, "r2", "Phường A", "01/2009", 10, "2009-06", registry.Birth, true)
	add(b1, "r1", "Phường A", "01/2009", 2, "2009-02-01", registry.Birth, false)
	add(b2, "r4", "Phường A", "02/2009", 1, "2009", registry.Death, false)
	add(b2, "r3", "Phường A", "01/2009", 10, "", registry.Birth, false)
	add(b2, "r6", "Phường B", "01/2010", 1, "2010-12-31", registry.Birth, false)

	tests := []struct {
		name string
		f    registry.RecordFilter
		want string
	}{
		{"all", registry.RecordFilter{}, "r1 r2 r3 r4 r5 r6"},
		{"verified", registry.RecordFilter{Status: registry.RecordVerified}, "r1 r3 r4 r5 r6"},
		{"needs review", registry.RecordFilter{Status: registry.RecordNeedsReview}, "r2"},
		{"kind", registry.RecordFilter{Kind: registry.Death}, "r4"},
		{"office", registry.RecordFilter{Office: "Phường B"}, "r5 r6"},
		{"book", registry.RecordFilter{Book: "01/2009"}, "r1 r2 r3"},
		{"batch", registry.RecordFilter{BatchID: b2}, "r3 r4 r6"},
		{"from", registry.RecordFilter{RegisteredFrom: "2009-06-01"}, "r2 r4 r5 r6"},
		{"to year", registry.RecordFilter{RegisteredTo: "2009"}, "r1 r2 r4"},
		{"to day", registry.RecordFilter{RegisteredTo: "2009-03-01"}, "r1 r4"},
		{"from month", registry.RecordFilter{RegisteredFrom: "2009-07"}, "r4 r5 r6"},
		{"range", registry.RecordFilter{RegisteredFrom: "2010", RegisteredTo: "2010-06-30"}, "r5"},
		{"combined", registry.RecordFilter{Office: "Phường A", Kind: registry.Birth, BatchID: b1}, "r1 r2"},
		{"none", registry.RecordFilter{Office: "Phường Z"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			err := db.EachRecord(ctx, tt.f, func(r *registry.Record) error {
				if len(r.Fields) != 3 {
					t.Errorf("%s has %d fields, want 3", r.ID, len(r.Fields))
				}
				ids = append(ids, r.ID)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	t.Run("stop", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := db.EachRecord(ctx, registry.RecordFilter{}, func(*registry.Record) error {
			n++
			if n == 2 {
				return stop
			}
			return nil
		})
		if err != stop || n != 2 {
			t.Errorf("err = %v after %d records, want stop after 2", err, n)
		}
	})

	t.Run("write from callback", func(t *testing.T) {
		i := 0
		err := db.EachRecord(ctx, registry.RecordFilter{Office: "Phường B"}, func(r *registry.Record) error {
			i++
			return db.SavePage(ctx, page(0, hash(fmt.Sprint("cb", i)), "Phường B", "01/2010", 100+i, "2010"))
		})
		if err != nil {
			t.Fatal(err)
		}
		if i != 2 {
			t.Errorf("walked %d records, want the 2 that existed when it began", i)
		}
	})
}

func TestEventsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if err := db.SavePage(ctx, page(0, hash("a"), "o", "b", 1, "2009")); err != nil {
		t.Fatal(err)
	}
	r := raw(t, db)
	for _, q := range []string{`UPDATE events SET note = 'forged'`, `DELETE FROM events`} {
		if _, err := r.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", q, err)
		}
	}
	if n := count(t, r, "events"); n != 1 {
		t.Errorf("%d events, want 1", n)
	}
	if _, err := r.Exec(`INSERT INTO events (at, actor, action) VALUES ('x', 'y', 'z')`); err != nil {
		t.Errorf("append refused: %v", err)
	}
}

func TestConcurrentSavePage(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	const workers, each = 6, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				p := page(0, hash(fmt.Sprintf("w%d-%d", w, i)), "o", fmt.Sprint(w), i+1, "2009")
				if err := db.SavePage(ctx, p); err != nil {
					errs <- err
				}
				if _, err := db.HasPage(ctx, p.Page.SHA256); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, err := db.Stats(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if st.Records != workers*each || st.PagesDone != workers*each {
		t.Errorf("stats = %+v, want %d records", st, workers*each)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	for i := range 5 {
		if err := db.SavePage(ctx, page(0, hash(fmt.Sprint(i)), "o", "b", i+1, "2009")); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "sub dir?#", "backup.db")
	if err := db.Backup(ctx, path); err == nil {
		t.Error("backup into a missing directory succeeded")
	}
	path = filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, path); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("second backup to the same file: %v, want ECONFLICT", err)
	}
	// Writes after the backup do not reach it.
	if err := db.SavePage(ctx, page(0, hash("late"), "o", "b", 9, "2009")); err != nil {
		t.Fatal(err)
	}

	cp, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var orig, copied []*registry.Record
	collect := func(to *[]*registry.Record) func(*registry.Record) error {
		return func(r *registry.Record) error { *to = append(*to, r); return nil }
	}
	if err := db.EachRecord(ctx, registry.RecordFilter{}, collect(&orig)); err != nil {
		t.Fatal(err)
	}
	if err := cp.EachRecord(ctx, registry.RecordFilter{}, collect(&copied)); err != nil {
		t.Fatal(err)
	}
	if len(copied) != 5 || !reflect.DeepEqual(copied, orig[:5]) {
		t.Errorf("backup holds %d records, want the first 5 of the original", len(copied))
	}
	if img, err := cp.PageImage(ctx, copied[0].ID); err != nil || len(img) == 0 {
		t.Errorf("backup image: %q, %v", img, err)
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "civreg.db")
	migrations, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(migrations) == 0 {
		t.Fatalf("migration files: %v, %v", migrations, err)
	}
	for i := range 2 {
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		r := raw(t, db)
		if n := count(t, r, "migrations"); n != len(migrations) {
			t.Errorf("open %d: %d migrations recorded, want %d (one per file, once)", i, n, len(migrations))
		}
		var mode string
		if err := r.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v; want wal", mode, err)
		}
		db.Close()
	}
	if _, err := sqlite.Open(":memory:"); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("Open(:memory:) = %v, want EINVALID", err)
	}
	junk := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Open(junk); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("Open(text file) = %v, want EINVALID", err)
	}
}

func dump(r *registry.Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%+v", *r)
	for k, f := range r.Fields {
		fmt.Fprintf(&b, "\n  %s: %+v box=%v", k, *f, f.Box)
	}
	return b.String()
}

// TestMigrationRebuildKeepsReferences runs the migration that rebuilds the
// fields table again on a store with records, tasks and events: with
// foreign keys left on, dropping the old table would take the tasks with
// it. Every row must be there after.
func TestMigrationRebuildKeepsReferences(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "01/2009", Kind: registry.Birth}
	if err := db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		pr := page(b.ID, hash(fmt.Sprint("m", i)), "UBND phường Bến Nghé", "01/2009", i+1, "2009-03-12")
		pr.Record.Fields["nksHoTen"].Status = registry.FieldNeedsReview
		pr.Tasks = []registry.Task{{FieldKey: "nksHoTen", Reason: registry.ReasonLowConfidence}}
		if err := db.SavePage(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	r := raw(t, db)
	before := map[string]int{}
	for _, table := range []string{"fields", "tasks", "records", "events"} {
		before[table] = count(t, r, table)
	}
	if before["tasks"] != 3 {
		t.Fatalf("%d tasks stored, want 3", before["tasks"])
	}
	db = rerunMigration(t, db, "0007")
	r = raw(t, db)
	for table, n := range before {
		if got := count(t, r, table); got != n {
			t.Errorf("%s: %d rows after the migration, want %d", table, got, n)
		}
	}
}

// rerunMigration runs stmts on the store behind db, marks the migration
// whose file name starts with prefix as not applied, closes db and opens
// the store again, which applies that migration anew.
func rerunMigration(t *testing.T, db *sqlite.DB, prefix string, stmts ...string) *sqlite.DB {
	t.Helper()
	r := raw(t, db)
	for _, q := range append(stmts, `DELETE FROM migrations WHERE name LIKE 'migrations/`+prefix+`_%'`) {
		if _, err := r.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	path := db.Path()
	db.Close()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
