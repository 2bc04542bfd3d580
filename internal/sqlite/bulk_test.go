package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/storetest"
	"github.com/civreg/civreg/registry"
)

// bulkRecord makes the i-th record of a load.
func bulkRecord(i int) *registry.PageResult {
	names := []string{"Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Nam", "Phạm Minh Châu"}
	f := func(v string) *registry.Field {
		return &registry.Field{Value: v, Raw: strings.ToUpper(v), Confidence: 0.98, Status: registry.FieldAuto}
	}
	r := &registry.Record{
		ID: fmt.Sprintf("%016x", i), Kind: registry.Birth, Era: registry.EraB, Office: "UBND phường Sài Gòn", Book: "01/2020", Page: i + 1,
		Fields: map[string]*registry.Field{
			"so":            f(fmt.Sprint(i + 1)),
			"nksHoTen":      f(names[i%len(names)]),
			"nksNgaySinh":   f(fmt.Sprintf("%d-01-%02d", 1990+i%10, 1+i%28)),
			"nksSoDinhDanh": f(fmt.Sprintf("0792%02d%06d", 90+i%10, i)),
			"chaHoTen":      f("Võ Văn \"Tư\"\\"),
			"ghiChu":        {Status: registry.FieldMissing, Box: &registry.Box{1700, 300, 2200, 900}},
		},
	}
	pr := &registry.PageResult{Page: registry.Page{SHA256: storetest.Hash(r.ID), File: "bulk.pdf", PageIndex: i}, Record: r}
	if i%3 == 0 {
		r.Fields["nksNgaySinh"].Status = registry.FieldNeedsReview
		r.Fields["nksNgaySinh"].Reason = registry.ReasonLowConfidence
		pr.Tasks = []registry.Task{{FieldKey: "nksNgaySinh", Reason: registry.ReasonLowConfidence, Stage: registry.StageEntry1}}
	}
	return pr
}

func TestLoader(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	l, err := sqlite.NewLoader(ctx, path, 7)
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	for i := range n {
		if err := l.Add(bulkRecord(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}

	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := raw(t, db)
	for table, want := range map[string]int{"pages": n, "records": n, "fields": 6 * n, "tasks": 17, "search_docs": n, "search_ids": n} {
		if got := storetest.Count(t, r, table); got != want {
			t.Errorf("%s has %d rows, want %d", table, got, want)
		}
	}
	var mode string
	if err := r.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var pageSize int
	if err := r.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil || pageSize != 16384 {
		t.Errorf("page_size = %d, %v; want 16384 in a store the load created", pageSize, err)
	}
	if got := storetest.Count(t, r, "search_names"); got < 2*n {
		t.Errorf("search_names has %d rows, want a row for each name at least (%d)", got, 2*n)
	}
	// Every index the schema defines is there again.
	rows, err := r.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('pages', 'records', 'fields', 'tasks', 'search_docs', 'search_names')`)
	if err != nil {
		t.Fatal(err)
	}
	var idx []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		idx = append(idx, s)
	}
	rows.Close()
	sort.Strings(idx)
	for _, want := range []string{"tasks_queue", "pages_sha256", "records_order", "search_docs_book", "search_docs_born", "search_names_year"} {
		if i := sort.SearchStrings(idx, want); i == len(idx) || idx[i] != want {
			t.Errorf("index %s missing after the load (have %v)", want, idx)
		}
	}

	// A loaded record reads back as added, with its status computed.
	want := bulkRecord(3).Record
	got, err := db.FindRecord(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	for k, f := range want.Fields {
		f.Key = k
	}
	if got.Status != registry.RecordNeedsReview || !reflect.DeepEqual(got.Fields, want.Fields) {
		t.Errorf("loaded record = %s, want fields %s, needs_review", storetest.Dump(got), storetest.Dump(want))
	}
	// The search index was built by the load.
	hits, err := db.Search(ctx, registry.SearchQuery{Name: "le hoang nma", Born: "3/1/1992"})
	if err != nil || len(hits) != 1 || hits[0].RecordID != fmt.Sprintf("%016x", 2) {
		t.Fatalf("search after load = %+v, %v", hits, err)
	}
	// The hit is shown from the loaded search entry as from the record.
	rec2, err := db.FindRecord(ctx, hits[0].RecordID)
	if err != nil {
		t.Fatal(err)
	}
	if h := hits[0]; h.Name != rec2.Fields["nksHoTen"].Value || h.Born != rec2.Fields["nksNgaySinh"].Value || h.Status != rec2.Status || h.Book != rec2.Book || h.Name == "" {
		t.Errorf("hit after load = %+v, want the name, date of birth, status and book of %s", h, storetest.Dump(rec2))
	}
	hits, err = db.Search(ctx, registry.SearchQuery{ID: "079297000007"})
	if err != nil || len(hits) != 1 || hits[0].RecordID != fmt.Sprintf("%016x", 7) {
		t.Errorf("search by ID after load = %+v, %v", hits, err)
	}
	var vn int
	if err := r.QueryRow(`SELECT n FROM search_vocab WHERE tok = 'nguyen'`).Scan(&vn); err != nil || vn != 13 {
		t.Errorf("count of 'nguyen' = %d, %v; want 13", vn, err)
	}
	// Tasks keep their stage, and records count their open tasks, as the
	// review queue and the progress page expect.
	var entry1, openTasks int
	if err := r.QueryRow(`SELECT COUNT(*) FROM tasks WHERE stage = 'entry1'`).Scan(&entry1); err != nil || entry1 != 17 {
		t.Errorf("tasks at entry1 = %d, %v; want 17", entry1, err)
	}
	if err := r.QueryRow(`SELECT SUM(open_tasks) FROM records`).Scan(&openTasks); err != nil || openTasks != 17 {
		t.Errorf("records' open tasks add up to %d, %v; want 17", openTasks, err)
	}
	// A store with records is not loaded into.
	if _, err := sqlite.NewLoader(ctx, path, 0); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("NewLoader on a filled store = %v, want EINVALID", err)
	}
}

func TestLoaderDuplicate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	l, err := sqlite.NewLoader(ctx, path, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 2, 1, 3, 4, 5, 6, 7, 8, 9} {
		if err := l.Add(bulkRecord(i)); err != nil {
			break // the writer may report the failure early
		}
	}
	if err := l.Close(ctx); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("Close after a duplicate = %v, want ECONFLICT", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a failed load left %s behind (%v)", path, err)
	}
}

// The loader does not have SQLite evaluate CHECK constraints, so it
// refuses what they would have: a field's unknown status or confidence out
// of range, a task's unknown stage.
func TestLoaderRefusesWhatChecksWould(t *testing.T) {
	ctx := context.Background()
	for name, spoil := range map[string]func(*registry.PageResult){
		"status":     func(pr *registry.PageResult) { pr.Record.Fields["nksHoTen"].Status = "fine" },
		"confidence": func(pr *registry.PageResult) { pr.Record.Fields["nksHoTen"].Confidence = 1.5 },
		"stage": func(pr *registry.PageResult) {
			pr.Tasks = append(pr.Tasks, registry.Task{FieldKey: "nksHoTen", Reason: registry.ReasonAudit, Stage: "later"})
		},
	} {
		path := filepath.Join(t.TempDir(), "civreg.db")
		l, err := sqlite.NewLoader(ctx, path, 4)
		if err != nil {
			t.Fatal(err)
		}
		pr := bulkRecord(0)
		spoil(pr)
		l.Add(pr)
		if err := l.Close(ctx); registry.ErrorCode(err) != registry.EINVALID {
			t.Errorf("%s: Close = %v, want EINVALID", name, err)
		}
	}
}
