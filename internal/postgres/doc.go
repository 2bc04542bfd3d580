// Package postgres is the city registry's store on PostgreSQL: the same
// tables, contracts and conformance suite (internal/storetest) as a
// station's SQLite store, for many offices at once. It implements
// registry.Store and is the only package that speaks to PostgreSQL (with
// pgx: pure Go, the native protocol, COPY FROM STDIN for bulk loads).
//
// The schema lives in migrations/*.sql, embedded, applied in order under an
// advisory lock, each in its own transaction with its row in
// schema_migrations; a database holding a migration this binary does not
// know is refused. Events, issuances and office keys are append-only,
// enforced by triggers. Page images are content-addressed (page_images is
// keyed by SHA-256). Copy numbers come from a row per office and year that
// the issuing transaction locks.
//
// The logic both stores share lives in internal/sqlstore, which DB embeds
// with this package's dialect (dialect.go); its SQL is written with ?
// placeholders and rebound to $n by the pool and Tx here; times are text
// in the same fixed-width UTC form. Where PostgreSQL lets two writers in
// at once and SQLite did not, the dialect takes row locks: a lease picks
// its task FOR UPDATE SKIP LOCKED, a submission locks its record then its
// task, the search index writes its rows in one order. This package keeps
// what is PostgreSQL's own: the driver and the pool, the migrations, the
// COPY loader, when a row joins the audit chain (at commit, under an
// advisory lock), and the registry's side of a push (push.go, conflict.go,
// keys.go), written against the registry's schema, which only PostgreSQL
// holds.
package postgres
