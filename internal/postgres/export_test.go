package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Raw is direct access to the store's tables with ? placeholders, for the
// conformance suite's checks past the interfaces.
type Raw struct{ DB *sql.DB }

func (r Raw) Exec(q string, args ...any) (sql.Result, error) {
	return r.DB.Exec(rebind(q), args...)
}

func (r Raw) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.DB.ExecContext(ctx, rebind(q), args...)
}

func (r Raw) Query(q string, args ...any) (*sql.Rows, error) {
	return r.DB.Query(rebind(q), args...)
}

func (r Raw) QueryRow(q string, args ...any) *sql.Row {
	return r.DB.QueryRow(rebind(q), args...)
}

// Tamper runs q on table with its triggers off, as the table's owner can.
func (r Raw) Tamper(ctx context.Context, table, q string, args ...any) error {
	tx, err := r.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` DISABLE TRIGGER USER`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, rebind(q), args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` ENABLE TRIGGER USER`); err != nil {
		return err
	}
	return tx.Commit()
}

// MigrateTo brings the database at url up to the migration named last and
// no further, as a civreg of that schema left it, for the upgrade tests.
func MigrateTo(ctx context.Context, url, last string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return err
	}
	sdb := stdlib.OpenDB(*cfg)
	defer sdb.Close()
	d := &DB{url: url, cfg: cfg, Now: time.Now, db: &pool{sdb}}
	d.rdb = d.db
	if _, err := sdb.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT COLLATE "C" PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if strings.TrimPrefix(name, "migrations/") > last {
			break
		}
		if err := d.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}
