package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/civreg/civreg/registry"
	"github.com/mattn/go-sqlite3"
)

// Backup writes a consistent copy of the store to a new file at path with
// SQLite's online backup, while the store stays in use. It refuses to
// overwrite an existing file.
func (d *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return registry.Errorf(registry.ECONFLICT, "backup file %s exists already", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	dst, err := sql.Open("sqlite3", fileURI(abs))
	if err != nil {
		return err
	}
	defer dst.Close()

	dconn, err := dst.Conn(ctx)
	if err != nil {
		return err
	}
	defer dconn.Close()
	sconn, err := d.rdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer sconn.Close()

	err = dconn.Raw(func(dc any) error {
		return sconn.Raw(func(sc any) error {
			dst, ok1 := dc.(*sqlite3.SQLiteConn)
			src, ok2 := sc.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return fmt.Errorf("backup: not a sqlite3 connection")
			}
			b, err := dst.Backup("main", src, "main")
			if err != nil {
				return err
			}
			// One step copies the whole file under one read snapshot;
			// smaller steps would restart each time a writer commits, and
			// could never finish while a scan runs.
			if _, err := b.Step(-1); err != nil {
				b.Finish()
				return err
			}
			return b.Finish()
		})
	})
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
