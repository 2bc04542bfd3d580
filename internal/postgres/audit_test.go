package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/registry"
)

// TestAuditChainsExistingRows: a registry made before the chain gets its
// rows chained by migration 0006, and the chain then holds.
func TestAuditChainsExistingRows(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := db.SaveFailure(ctx, &registry.Page{File: "a.png", Status: registry.PageFailed, Error: "unreadable"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	// Back to the registry as it was before migration 0006.
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range []string{`DROP TABLE audit_checkpoints`, `DROP TABLE audit_chain`, `DELETE FROM schema_migrations WHERE name = '0006_audit_chain.sql'`} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}

	db, err = postgres.Open(ctx, url)
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
