package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/storetest"
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

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	for i := range 5 {
		if err := db.SavePage(ctx, storetest.Page(0, storetest.Hash(fmt.Sprint(i)), "o", "b", i+1, "2009")); err != nil {
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
	if err := db.SavePage(ctx, storetest.Page(0, storetest.Hash("late"), "o", "b", 9, "2009")); err != nil {
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
		if n := storetest.Count(t, r, "migrations"); n != len(migrations) {
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
		pr := storetest.Page(b.ID, storetest.Hash(fmt.Sprint("m", i)), "UBND phường Bến Nghé", "01/2009", i+1, "2009-03-12")
		pr.Record.Fields["nksHoTen"].Status = registry.FieldNeedsReview
		pr.Tasks = []registry.Task{{FieldKey: "nksHoTen", Reason: registry.ReasonLowConfidence}}
		if err := db.SavePage(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	r := raw(t, db)
	before := map[string]int{}
	for _, table := range []string{"fields", "tasks", "records", "events"} {
		before[table] = storetest.Count(t, r, table)
	}
	if before["tasks"] != 3 {
		t.Fatalf("%d tasks stored, want 3", before["tasks"])
	}
	db = rerunMigration(t, db, "0007")
	r = raw(t, db)
	for table, n := range before {
		if got := storetest.Count(t, r, table); got != n {
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
