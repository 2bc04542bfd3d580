package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/registry"
)

// BenchmarkLogEvent is the cost of one event in its own transaction, its
// link in the chain included; Parallel8 has 8 writers at once queueing on
// the chain's lock at commit. The chain is verified at the end.
func BenchmarkLogEvent(b *testing.B) {
	srv := pgtest.Start(b)
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("Writers%d", writers), func(b *testing.B) {
			ctx := context.Background()
			db, err := postgres.Open(ctx, srv.NewDatabase(b))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			work := make(chan int)
			var wg sync.WaitGroup
			for w := 0; w < writers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range work {
						if err := db.LogEvent(ctx, &registry.Event{Actor: "lan", Action: "record.viewed", RecordID: fmt.Sprint(i), Note: "trang sổ"}); err != nil {
							b.Error(err)
						}
					}
				}()
			}
			for i := 0; b.Loop(); i++ {
				work <- i
			}
			close(work)
			wg.Wait()
			b.StopTimer()
			if r, err := audit.Verify(ctx, db, db); err != nil || r.Broken != nil {
				b.Fatalf("verify: %+v, %v", r, err)
			}
		})
	}
}
