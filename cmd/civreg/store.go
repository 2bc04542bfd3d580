package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// openStore opens the store g.DB names. Only a command that fills the
// store (create) may bring a new one into being: for the others a missing
// file is a mistyped --db, and an empty store made in its place would hide
// it.
//
// A postgres:// URL opens the city registry on PostgreSQL instead; its
// schema is brought up to date, as a file's is.
func openStore(g *Globals, create bool) (registry.Store, error) {
	if postgres.IsURL(g.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
		defer cancel()
		return postgres.Open(ctx, g.DB)
	}
	return openSQLite(g, create)
}

// connectTimeout bounds the wait for a PostgreSQL server that does not
// answer, so that a wrong host is one line after seconds, not a hang.
const connectTimeout = 15 * time.Second

// openSQLite opens the SQLite store in the file g.DB.
func openSQLite(g *Globals, create bool) (*sqlite.DB, error) {
	if postgres.IsURL(g.DB) {
		return nil, registry.Errorf(registry.EINVALID, "%s is a PostgreSQL registry: this needs a station's SQLite file", postgres.Redact(g.DB))
	}
	if g.DB == "" {
		return nil, registry.Errorf(registry.EINVALID, "no store given: pass --db FILE or set CIVREG_DB")
	}
	if !create {
		if _, err := os.Stat(g.DB); errors.Is(err, fs.ErrNotExist) {
			return nil, registry.Errorf(registry.ENOTFOUND, "no store at %s: scan some pages first, or pass --db", g.DB)
		} else if err != nil {
			return nil, registry.Errorf(registry.EINVALID, "cannot read store %s: %v", g.DB, err)
		}
	}
	return sqlite.Open(g.DB)
}
