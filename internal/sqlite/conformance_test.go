package sqlite_test

import (
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
		return &storetest.Harness{Store: db, Raw: r, SetFieldValue: db.SetFieldValue}
	})
}
