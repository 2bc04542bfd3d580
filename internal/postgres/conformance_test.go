package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/internal/storetest"
	"github.com/civreg/civreg/registry"
)

// TestConformance runs the store suite against a real PostgreSQL server
// started for the test, a fresh database per check.
func TestConformance(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.Run(t, func(t *testing.T, now func() time.Time) *storetest.Harness {
		url := srv.NewDatabase(t)
		db := openAt(t, url, now)
		r, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return &storetest.Harness{Store: db, Raw: postgres.Raw{DB: r},
			Tamper: postgres.Raw{DB: r}.Tamper,
			Unchain: func(t *testing.T) registry.Store {
				db.Close()
				// Back to the registry as it was before migration 0006.
				for _, s := range []string{`DROP TABLE audit_checkpoints`, `DROP TABLE audit_chain`, `DELETE FROM schema_migrations WHERE name = '0006_audit_chain.sql'`} {
					if _, err := r.Exec(s); err != nil {
						t.Fatal(err)
					}
				}
				return openAt(t, url, now)
			}}
	})
}

// openAt opens the registry at url with the clock now, closed when t ends.
func openAt(t *testing.T, url string, now func() time.Time) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = now
	t.Cleanup(func() { db.Close() })
	return db
}
