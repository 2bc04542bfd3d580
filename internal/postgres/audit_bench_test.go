package postgres_test

import (
	"context"
	"testing"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/internal/storetest"
	"github.com/civreg/civreg/registry"
)

// BenchmarkLogEvent is the cost of one event in its own transaction, its
// link in the chain included (see storetest.BenchLogEvent); with 8 writers
// they run together and queue on the chain's lock at commit.
func BenchmarkLogEvent(b *testing.B) {
	srv := pgtest.Start(b)
	storetest.BenchLogEvent(b, func(b *testing.B) registry.Store {
		db, err := postgres.Open(context.Background(), srv.NewDatabase(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	})
}
