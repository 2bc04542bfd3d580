package pgtest_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/civreg/civreg/internal/pgtest"
)

// TestServer starts a server, creates a database and reads from it.
func TestServer(t *testing.T) {
	s := pgtest.Start(t)
	db, err := sql.Open("pgx", s.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRowContext(context.Background(), `SHOW server_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL %s", v)
	bad, _ := sql.Open("pgx", s.URLWithPassword("postgres", "wrong"))
	defer bad.Close()
	if err := bad.Ping(); err == nil {
		t.Errorf("a wrong password was let in")
	}
}
