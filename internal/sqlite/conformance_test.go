package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/storetest"
	"github.com/civreg/civreg/registry"
)

// TestConformance runs the store suite against a real SQLite file.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) *storetest.Harness {
		db := openAt(t, filepath.Join(t.TempDir(), "civreg.db"), now)
		r, err := sql.Open("sqlite3", db.Path()+"?_busy_timeout=5000")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return &storetest.Harness{Store: db, Raw: r,
			Tamper: func(ctx context.Context, table, q string, args ...any) error {
				return tamper(ctx, r, table, q, args...)
			},
			Unchain: func(t *testing.T) registry.Store {
				db.Close()
				// Back to the store as it was before migration 0020.
				for _, s := range []string{`DROP TABLE audit_chain`, `DROP TABLE audit_checkpoints`, `DELETE FROM migrations WHERE name LIKE '%0020%'`} {
					if _, err := r.Exec(s); err != nil {
						t.Fatal(err)
					}
				}
				return openAt(t, db.Path(), now)
			}}
	})
}

// openAt opens the store at path with the clock now, closed when t ends.
func openAt(t *testing.T, path string, now func() time.Time) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = now
	t.Cleanup(func() { db.Close() })
	return db
}

// tamper runs q on table as the issue 22 attack did: drop the table's
// triggers, run it, make them again.
func tamper(ctx context.Context, r *sql.DB, table, q string, args ...any) error {
	conn, err := r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, table)
	if err != nil {
		return err
	}
	var names, defs []string
	for rows.Next() {
		var n, d string
		if err := rows.Scan(&n, &d); err != nil {
			rows.Close()
			return err
		}
		names, defs = append(names, n), append(defs, d)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, n := range names {
		if _, err := conn.ExecContext(ctx, `DROP TRIGGER `+n); err != nil {
			return err
		}
	}
	_, qerr := conn.ExecContext(ctx, q, args...)
	for _, d := range defs {
		if _, err := conn.ExecContext(ctx, d); err != nil {
			return err
		}
	}
	return qerr
}
