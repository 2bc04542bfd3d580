package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/internal/storetest"
)

// TestConformance runs the store suite against a real PostgreSQL server
// started for the test, a fresh database per check.
func TestConformance(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.Run(t, func(t *testing.T, now func() time.Time) *storetest.Harness {
		url := srv.NewDatabase(t)
		db, err := postgres.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = now
		t.Cleanup(func() { db.Close() })
		r, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return &storetest.Harness{Store: db, Raw: postgres.Raw{DB: r}, SetFieldValue: db.SetFieldValue,
			Tamper: postgres.Raw{DB: r}.Tamper}
	})
}
