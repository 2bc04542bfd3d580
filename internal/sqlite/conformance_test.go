package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/storetest"
)

// TestConformance runs the store suite against a real SQLite file.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) *storetest.Harness {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "civreg.db"))
		if err != nil {
			t.Fatal(err)
		}
		db.Now = now
		t.Cleanup(func() { db.Close() })
		r, err := sql.Open("sqlite3", db.Path()+"?_busy_timeout=5000")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return &storetest.Harness{Store: db, Raw: r, SetFieldValue: db.SetFieldValue,
			Tamper: func(ctx context.Context, table, q string, args ...any) error {
				return tamper(ctx, r, table, q, args...)
			}}
	})
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
