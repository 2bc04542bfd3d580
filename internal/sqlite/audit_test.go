package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// TestAuditChainsExistingRows: a store made before the chain gets its
// rows chained by the migration, and the chain then holds.
func TestAuditChainsExistingRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := db.SaveFailure(ctx, &registry.Page{File: "a.png", Status: registry.PageFailed, Error: "unreadable"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	// Back to the store as it was before migration 0020.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`DROP TABLE audit_chain`, `DROP TABLE audit_checkpoints`, `DELETE FROM migrations WHERE name LIKE '%0020%'`} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := audit.Verify(ctx, db, db)
	if err != nil {
		t.Fatal(err)
	}
	if r.Broken != nil || r.Checked != 3 {
		t.Errorf("after the migration: %d links checked, broken %v; want 3, nil", r.Checked, r.Broken)
	}
	if err := db.SaveFailure(ctx, &registry.Page{File: "b.png", Status: registry.PageFailed, Error: "unreadable"}); err != nil {
		t.Fatal(err)
	}
	if r, err := audit.Verify(ctx, db, db); err != nil || r.Broken != nil || r.Checked != 4 {
		t.Errorf("after one more event: %+v, %v", r, err)
	}
}
