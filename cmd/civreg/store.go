package main

import (
	"errors"
	"io/fs"
	"os"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// openStore opens the store g.DB names. Only a command that fills the
// store (create) may bring a new one into being: for the others a missing
// file is a mistyped --db, and an empty store made in its place would hide
// it.
func openStore(g *Globals, create bool) (registry.Store, error) {
	return openSQLite(g, create)
}

// openSQLite opens the SQLite store in the file g.DB.
func openSQLite(g *Globals, create bool) (*sqlite.DB, error) {
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
