package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/registry"
)

// TestOpenRefuses checks that a wrong password, an unreachable server and a
// database of a newer schema are each one line with their own code, and
// that opening twice migrates once.
func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = postgres.Open(ctx, url); err != nil {
		t.Fatalf("second open: %v", err)
	}
	db.Close()

	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	for _, tt := range []struct {
		what, url, code, says string
	}{
		{"wrong password", srv.URLWithPassword(name, "nope"), registry.EUNAUTHORIZED, "refused the sign-in"},
		{"no server", "postgres://civreg:x@/civreg?host=/nonexistent-civreg-dir", registry.EUNAVAILABLE, "cannot reach database"},
		{"no database", srv.URL("nosuchdb"), registry.ENOTFOUND, "nosuchdb"},
		{"bad url", "postgres://civreg:x@host:notaport/db", registry.EINVALID, "bad database URL"},
	} {
		_, err := postgres.Open(ctx, tt.url)
		msg := registry.ErrorMessage(err)
		if registry.ErrorCode(err) != tt.code || !strings.Contains(msg, tt.says) || strings.Contains(msg, "\n") {
			t.Errorf("%s: %v (code %s), want %s saying %q on one line", tt.what, err, registry.ErrorCode(err), tt.code, tt.says)
		}
		if strings.Contains(msg, pgtest.Password) || strings.Contains(msg, ":nope@") {
			t.Errorf("%s: the message shows the password: %s", tt.what, msg)
		}
	}

	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO schema_migrations (name, applied) VALUES ('9999_from_the_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	_, err = postgres.Open(ctx, url)
	if registry.ErrorCode(err) != registry.EINVALID || !strings.Contains(err.Error(), "newer than this civreg knows") {
		t.Errorf("newer schema: %v, want EINVALID naming it", err)
	}
}
