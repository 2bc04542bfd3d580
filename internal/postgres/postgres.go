package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Compile-time check that DB is a store.
var _ registry.Store = (*DB)(nil)

// DB is an open civreg registry on a PostgreSQL server.
type DB struct {
	// Store is the logic any SQL store shares (leases, reviews), over
	// this store's pool.
	*sqlstore.Store[*Tx]

	url string
	// db and rdb are the same pool: PostgreSQL's MVCC lets readers and
	// writers go on together, which SQLite needs two pools for. The two
	// names keep the store's code parallel to internal/sqlite's.
	db, rdb *pool
	cfg     *pgx.ConnConfig

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// IsURL reports whether s names a PostgreSQL database rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (postgres://user:password@host/db)
// and brings its schema up to date. An unreachable server, a refused
// password or a database of a newer schema is one line naming the cause.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "bad database URL %s: %v", Redact(url), unwrapParse(err))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	d := &DB{url: url, cfg: cfg, Now: time.Now}
	sdb := stdlib.OpenDB(*cfg)
	sdb.SetMaxOpenConns(20)
	sdb.SetMaxIdleConns(20)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	d.db = &pool{sdb}
	d.rdb = d.db
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, connError(url, err)
	}
	if err := d.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	d.Store = d.shared()
	return d, nil
}

// Close closes the pool.
func (d *DB) Close() error { return d.db.DB.Close() }

// URL returns the database's URL without its password.
func (d *DB) URL() string { return Redact(d.url) }

// connError turns a failure to connect into a one-line domain error.
func connError(u string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return registry.Errorf(registry.EUNAUTHORIZED, "database %s refused the sign-in: %s", Redact(u), pe.Message)
		case "3D000":
			return registry.Errorf(registry.ENOTFOUND, "database %s: %s", Redact(u), pe.Message)
		}
		return registry.Errorf(registry.EINTERNAL, "database %s: %s", Redact(u), pe.Message)
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg, "failed to connect") {
		msg = msg[i+2:]
	}
	return registry.Errorf(registry.EUNAVAILABLE, "cannot reach database %s: %s", Redact(u), msg)
}

func unwrapParse(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// Redact hides the password of a URL in messages.
func Redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// migrationLock is the advisory lock key that keeps two processes from
// migrating one database at once ("civreg" in ASCII).
const migrationLock = 0x63697672656767

// migrate applies the embedded migrations not applied yet, in name order,
// each in its own transaction together with its row in schema_migrations.
// A database that has a migration this binary does not know was made by a
// newer civreg and is refused rather than misread.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.DB.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT COLLATE "C" PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("cannot create schema_migrations in %s: %w", d.URL(), err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	known := map[string]bool{}
	for _, n := range names {
		known[strings.TrimPrefix(n, "migrations/")] = true
	}
	rows, err := d.db.DB.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return err
	}
	var applied []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		applied = append(applied, n)
	}
	rows.Close()
	for _, n := range applied {
		if !known[n] {
			return registry.Errorf(registry.EINVALID, "database %s has schema %s, newer than this civreg knows (%s): upgrade civreg", d.URL(), n, strings.TrimPrefix(names[len(names)-1], "migrations/"))
		}
	}
	for _, name := range names {
		if err := d.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (d *DB) migrateFile(ctx context.Context, path string) error {
	name := strings.TrimPrefix(path, "migrations/")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	b, err := fs.ReadFile(migrationFS, path)
	if err != nil {
		return err
	}
	// The file runs as written: its comments may hold a ? not to rebind.
	if _, err := tx.Tx.ExecContext(ctx, string(b)); err != nil {
		return err
	}
	if hook := migrationHooks[name]; hook != nil {
		if err := hook(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied) VALUES ($1, $2)`, name, storetime.Format(d.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// pool is the connection pool. Its methods take the store's SQL, written
// with ? placeholders as in internal/sqlite, and hand PostgreSQL $1, $2, ….
type pool struct{ *sql.DB }

// Tx is a transaction of the pool, rebinding placeholders like pool. The
// events and issuances it writes are chained when it commits (see
// chainLinks).
type Tx struct {
	*sql.Tx
	ctx   context.Context
	links []sqlstore.Pending
}

// BeginTx starts a transaction.
func (p *pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, ctx: ctx}, nil
}

// Commit chains the rows the transaction wrote, then commits; if the
// chaining fails, nothing is committed.
func (t *Tx) Commit() error {
	if len(t.links) > 0 {
		if err := chainLinks(t.ctx, t); err != nil {
			t.Tx.Rollback()
			return err
		}
	}
	return t.Tx.Commit()
}

// QueryRowContext runs a query returning one row.
func (p *pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.DB.QueryRowContext(ctx, rebind(q), args...)
}

// QueryContext runs a query.
func (p *pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.DB.QueryContext(ctx, rebind(q), args...)
}

// ExecContext runs a statement.
func (p *pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.DB.ExecContext(ctx, rebind(q), args...)
}

// QueryRowContext runs a query returning one row.
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, rebind(q), args...)
}

// QueryContext runs a query.
func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, rebind(q), args...)
}

// ExecContext runs a statement.
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, rebind(q), args...)
}

// PrepareContext prepares a statement.
func (t *Tx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.Tx.PrepareContext(ctx, rebind(q))
}

// rebind turns the ? placeholders of q into $1, $2, …, leaving string
// literals, quoted names and the ?| ?& jsonb operators (never used) alone.
func rebind(q string) string {
	if !strings.ContainsRune(q, '?') {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// now returns the current time as the store keeps it.
func (d *DB) now() time.Time {
	return storetime.Truncate(d.Now())
}

// isConstraint reports whether err is a failed constraint (class 23:
// unique, foreign key, check, not null) or a trigger's refusal.
func isConstraint(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "23") || pe.Code == "P0001")
}

// conflict turns a constraint failure into ECONFLICT.
var conflict = sqlstore.Conflicts(isConstraint)
