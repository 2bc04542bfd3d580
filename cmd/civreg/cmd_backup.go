package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

func newBackupCommand(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the store to a new file, consistently, while it is in use",
		Long: `Backup writes a consistent copy of the store to FILE with SQLite's online
backup: a scan or the review server may keep writing meanwhile, and the copy
holds the store as it was at one moment. FILE must not exist; restore by
using the copy as --db.

A PostgreSQL registry (--db postgres://…) is backed up with PostgreSQL's own
tools, not by civreg: pg_dump -Fc -f FILE 'postgres://…' takes a consistent
copy while offices keep working (page images included), and pg_restore
puts it back.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBackup(cmd, g, args[0])
		},
	}
}

func runBackup(cmd *cobra.Command, g *Globals, path string) error {
	if postgres.IsURL(g.DB) {
		return registry.Errorf(registry.EINVALID, "civreg does not back up a PostgreSQL registry: run pg_dump -Fc -f %s '%s' (pg_restore puts it back)", path, postgres.Redact(g.DB))
	}
	if _, err := os.Lstat(path); err == nil {
		return registry.Errorf(registry.ECONFLICT, "%s exists already: choose a new file, a backup never overwrites", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return registry.Errorf(registry.EINVALID, "cannot use %s: %v", path, err)
	}
	db, err := openSQLite(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(cmd.Context(), path); err != nil {
		return err
	}
	if !g.Quiet {
		fi, err := os.Stat(path)
		if err == nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "backed up %s to %s (%d bytes)\n", db.Path(), path, fi.Size())
		}
	}
	return nil
}
