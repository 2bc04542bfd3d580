package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
	"github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// busyTimeout is how long a connection waits for another writer's lock
// before giving up with SQLITE_BUSY. SQLite allows one writer at a time; the
// scan workers, the review server and a second CLI process all write the
// same file, and a page's transaction takes milliseconds, so waiting is
// always better than failing the page.
const busyTimeout = 10 * time.Second

// Compile-time checks that DB is a store.
var (
	_ registry.ScanStore   = (*DB)(nil)
	_ registry.RecordStore = (*DB)(nil)
	_ registry.UserStore   = (*DB)(nil)
	_ registry.ReviewStore = (*DB)(nil)
)

// DB is an open civreg store.
type DB struct {
	// Store is the logic any SQL store shares (leases, reviews), over
	// this store's pools.
	*sqlstore.Store[*sql.Tx]

	path string
	// db takes the write lock when a transaction begins (BEGIN IMMEDIATE):
	// a deferred transaction that reads and then writes can fail with
	// SQLITE_BUSY at once, without waiting, when another writer got in
	// between.
	db *sql.DB
	// rdb only reads (query_only), with deferred transactions, which in WAL
	// mode see a snapshot and never block or wait for writers: a long
	// export does not stall a scan.
	rdb *sql.DB

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens the store in the SQLite file at path, creating the file and its
// directory if needed, and brings its schema up to date.
func Open(path string) (*DB, error) {
	if path == "" || path == ":memory:" {
		return nil, registry.Errorf(registry.EINVALID, "the store needs a file path, not %q", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "cannot create the store's directory: %v", err)
	}
	d := &DB{path: abs, Now: time.Now}

	// WAL lets readers go on while one connection writes, and makes a commit
	// one append instead of a journal rewrite. synchronous=NORMAL is safe
	// with WAL (a power cut can lose the last commits, never corrupt the
	// file) and saves an fsync per commit. foreign_keys is off by default
	// in SQLite and is per connection, hence in the DSN, as is the busy
	// timeout.
	conn := fmt.Sprintf("_foreign_keys=on&_busy_timeout=%d", busyTimeout.Milliseconds())
	name := fileURI(abs)
	if d.db, err = sql.Open("sqlite3", name+"?"+conn+"&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate"); err != nil {
		return nil, err
	}
	if err := d.migrate(context.Background()); err != nil {
		d.db.Close()
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB {
			return nil, registry.Errorf(registry.EINVALID, "%s is not a civreg store (not an SQLite file)", path)
		}
		return nil, fmt.Errorf("cannot open store %s: %w", path, err)
	}
	if d.rdb, err = sql.Open("sqlite3", name+"?"+conn+"&_query_only=on"); err != nil {
		d.db.Close()
		return nil, err
	}
	d.Store = d.shared()
	return d, nil
}

// Close closes the store.
func (d *DB) Close() error {
	var errs []error
	if d.rdb != nil {
		errs = append(errs, d.rdb.Close())
	}
	if d.db != nil {
		errs = append(errs, d.db.Close())
	}
	return errors.Join(errs...)
}

// Path returns the absolute path of the store's file.
func (d *DB) Path() string { return d.path }

// migrate applies the embedded migrations not applied yet, in name order,
// each in its own transaction together with its row in migrations, so that
// a failed migration leaves the schema as it was.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("cannot create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := d.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrateFile applies one migration on a connection of its own with
// foreign keys off, as SQLite asks of a migration that rebuilds a table
// (otherwise dropping the old table would cascade to the rows that refer
// to it), and checks every foreign key before it commits.
func (d *DB) migrateFile(ctx context.Context, name string) (err error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		// Foreign keys on again before the connection goes back to the
		// pool; a connection that cannot is not given back.
		if _, ferr := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); ferr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = ferr
			}
		}
		conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	b, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(b)); err != nil {
		return err
	}
	if hook := migrationHooks[name]; hook != nil {
		if err := hook(ctx, tx); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	bad := rows.Next()
	var table string
	if bad {
		var cols = make([]any, 4)
		for i := range cols {
			cols[i] = new(any)
		}
		cols[0] = &table
		rows.Scan(cols...)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if bad {
		return fmt.Errorf("a row of %s refers to a row that is not there", table)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied) VALUES (?, ?)`, name, storetime.Format(d.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// isConstraint reports whether err is a failed constraint: unique, foreign
// key, check, or a trigger's RAISE.
func isConstraint(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint
}

// conflict turns a constraint failure into ECONFLICT.
var conflict = sqlstore.Conflicts(isConstraint)

// fileURI returns the URI of the file at the absolute path abs, escaped so
// that a '?' or '#' in a directory name is not taken for URI syntax.
func fileURI(abs string) string {
	return "file:" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()
}

var _ registry.Store = (*DB)(nil)
