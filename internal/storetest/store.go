package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

var epoch = time.Date(2025, 7, 1, 8, 30, 0, 0, time.UTC)

// Hash returns a content hash made from a short tag.
func Hash(tag string) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(tag)))
}

// Page builds the result of reading one birth page.
func Page(batch int64, sha, office, book string, n int, registered string) *registry.PageResult {
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

func batch(t *testing.T, db registry.Store) int64 {
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

func testSavePageRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	bid := batch(t, db)
	pr := Page(bid, Hash("a"), "UBND phường Bến Nghé", "01/2009", 64, "2009-03-12")
	pr.Record.ID = "rec-1"
	pr.Page.Side, pr.Page.DPI, pr.Page.Turn = "right", 200, 90 // the right half of a sideways spread
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
	want.Source = registry.Source{File: "quyen-01-2009.pdf", PageIndex: 63, SHA256: Hash("a"), Side: "right"}
	want.BatchID = bid
	want.Created = epoch
	for k, f := range want.Fields {
		f.Key = k
	}
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindRecord:\n got %s\nwant %s", Dump(got), Dump(&want))
	}

	img, err := db.PageImage(ctx, "rec-1")
	if err != nil || string(img) != "PNG-"+Hash("a")[:8] {
		t.Errorf("PageImage = %q, %v", img, err)
	}
	if ok, err := db.HasPage(ctx, Hash("a")); !ok || err != nil {
		t.Errorf("HasPage(stored) = %v, %v; want true", ok, err)
	}
	if ok, err := db.HasPage(ctx, Hash("b")); ok || err != nil {
		t.Errorf("HasPage(unknown) = %v, %v; want false", ok, err)
	}
	ev, err := db.Events(ctx, "rec-1")
	if err != nil || len(ev) != 1 || ev[0].Action != "page.stored" || ev[0].Actor != "civreg" || !ev[0].At.Equal(epoch) {
		t.Errorf("Events = %+v, %v; want one page.stored", ev, err)
	}
}

func testRecordIDFromHash(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	pr := Page(0, Hash("x"), "o", "01/2009", 1, "2009")
	if err := db.SavePage(ctx, pr); err != nil {
		t.Fatal(err)
	}
	if want := Hash("x")[:16]; pr.Record.ID != want {
		t.Errorf("record id = %q, want %q", pr.Record.ID, want)
	}
	if pr.Record.Status != registry.RecordVerified {
		t.Errorf("status = %q, want verified", pr.Record.Status)
	}
}

func testFindRecordNotFound(t *testing.T) {
	_, err := open(t).FindRecord(context.Background(), "nope")
	if registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("err = %v, want ENOTFOUND", err)
	}
	_, err = open(t).PageImage(context.Background(), "nope")
	if registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("PageImage err = %v, want ENOTFOUND", err)
	}
}

func testSavePageDuplicate(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	r := raw(t, db)
	if err := db.SavePage(ctx, Page(0, Hash("a"), "o", "01/2009", 1, "2009")); err != nil {
		t.Fatal(err)
	}
	tables := []string{"pages", "page_images", "records", "fields", "tasks", "events"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = Count(t, r, tb)
	}

	tests := []struct {
		name string
		pr   *registry.PageResult
	}{
		{"same hash", Page(0, Hash("a"), "o", "01/2009", 2, "2009")},
		{"same record id", func() *registry.PageResult {
			p := Page(0, Hash("b"), "o", "01/2009", 2, "2009")
			p.Record.ID = Hash("a")[:16]
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
				if n := Count(t, r, tb); n != before[tb] {
					t.Errorf("%s: %d rows, want %d (nothing partial)", tb, n, before[tb])
				}
			}
		})
	}
}

func testSavePageInvalid(t *testing.T) {
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
			p := Page(0, Hash(tt.name), "o", "b", 1, "2009")
			tt.change(p)
			if err := db.SavePage(ctx, p); registry.ErrorCode(err) != tt.code {
				t.Errorf("err = %v, want %s", err, tt.code)
			}
		})
	}
	if n := Count(t, raw(t, db), "pages"); n != 0 {
		t.Errorf("%d pages stored, want 0", n)
	}
}

func testFailureThenSuccess(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	bid := batch(t, db)
	r := raw(t, db)

	// Two unreadable files without a hash, then a page that failed twice.
	for _, p := range []registry.Page{
		{BatchID: bid, File: "broken-1.pdf", Error: "not a pdf"},
		{BatchID: bid, File: "broken-2.pdf", Error: "not a pdf"},
		{BatchID: bid, SHA256: Hash("a"), File: "q.pdf", PageIndex: 3, Error: "no labels found"},
		{BatchID: bid, SHA256: Hash("a"), File: "q.pdf", PageIndex: 3, Error: "no labels found again"},
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
	if ok, _ := db.HasPage(ctx, Hash("a")); ok {
		t.Error("HasPage(failed hash) = true, want false: a rerun must try a failed page again")
	}

	if err := db.SavePage(ctx, Page(bid, Hash("a"), "o", "b", 4, "2009")); err != nil {
		t.Fatalf("SavePage after failure: %v", err)
	}
	if fails, _ := db.Failures(ctx, bid); len(fails) != 2 {
		t.Errorf("%d failures after success, want 2", len(fails))
	}
	if n := Count(t, r, "pages"); n != 3 {
		t.Errorf("%d page rows, want 3", n)
	}
	// A failure of a page already done is a conflict, and changes nothing.
	p := registry.Page{BatchID: bid, SHA256: Hash("a"), File: "q.pdf", Error: "late"}
	if err := db.SaveFailure(ctx, &p); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("SaveFailure(done hash) = %v, want ECONFLICT", err)
	}
	ev, err := db.Events(ctx, "")
	if err != nil || len(ev) != 4 || ev[3].Action != "page.failed" {
		t.Errorf("failure events = %d, %v; want 4 page.failed", len(ev), err)
	}
	for _, e := range ev {
		if e.RecordID != "" {
			t.Errorf("Events(\"\") holds %s of record %s: only events of no record", e.Action, e.RecordID)
		}
	}

	st, err := db.Stats(ctx, bid)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := registry.BatchStats{
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

func testEachRecord(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	b1, b2 := batch(t, db), batch(t, db)
	add := func(bid int64, id, office, book string, n int, registered string, kind registry.Kind, review bool) {
		t.Helper()
		p := Page(bid, Hash(id), office, book, n, registered)
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
			return db.SavePage(ctx, Page(0, Hash(fmt.Sprint("cb", i)), "Phường B", "01/2010", 100+i, "2010"))
		})
		if err != nil {
			t.Fatal(err)
		}
		if i != 2 {
			t.Errorf("walked %d records, want the 2 that existed when it began", i)
		}
	})
}

func testEventsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if err := db.SavePage(ctx, Page(0, Hash("a"), "o", "b", 1, "2009")); err != nil {
		t.Fatal(err)
	}
	r := raw(t, db)
	for _, q := range []string{`UPDATE events SET note = 'forged'`, `DELETE FROM events`} {
		if _, err := r.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", q, err)
		}
	}
	if n := Count(t, r, "events"); n != 1 {
		t.Errorf("%d events, want 1", n)
	}
	if _, err := r.Exec(`INSERT INTO events (at, actor, action) VALUES ('x', 'y', 'z')`); err != nil {
		t.Errorf("append refused: %v", err)
	}
}

func testConcurrentSavePage(t *testing.T) {
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
				p := Page(0, Hash(fmt.Sprintf("w%d-%d", w, i)), "o", fmt.Sprint(w), i+1, "2009")
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

// Dump prints a record with its fields, for a test's message.
func Dump(r *registry.Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%+v", *r)
	for k, f := range r.Fields {
		fmt.Fprintf(&b, "\n  %s: %+v box=%v", k, *f, f.Box)
	}
	return b.String()
}

func testOpenBooks(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	b := batch(t, db)
	add := func(id, office, book string, kind registry.Kind, review bool) {
		t.Helper()
		p := Page(b, Hash(id), office, book, len(id), "")
		p.Record.ID, p.Record.Kind = id, kind
		if review {
			p.Record.Fields["nksHoTen"].Status = registry.FieldNeedsReview
		}
		if err := db.SavePage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := db.OpenBooks(ctx); err != nil || len(got) != 0 {
		t.Fatalf("OpenBooks of an empty store = %v, %v", got, err)
	}
	add("r1", "Phường B", "01/2010", registry.Birth, true)
	add("r2", "Phường A", "02/2009", registry.Death, true)
	add("r3", "Phường A", "02/2009", registry.Death, true)
	add("r4", "Phường A", "02/2009", registry.Death, false)
	add("r5", "Phường A", "01/2009", registry.Birth, false) // nothing to key
	add("r6", "Phường B", "01/2010", registry.Birth, true)
	add("r7", "Phường A", "", registry.Marriage, true) // a batch without its book
	got, err := db.OpenBooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []registry.OpenBook{
		{Office: "Phường A", Book: "", Kind: registry.Marriage, Open: 1},
		{Office: "Phường A", Book: "02/2009", Kind: registry.Death, Open: 2},
		{Office: "Phường B", Book: "01/2010", Kind: registry.Birth, Open: 2},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("OpenBooks = %v, want %v", got, want)
	}
}
