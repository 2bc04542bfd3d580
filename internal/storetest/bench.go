package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/registry"
)

// BenchLogEvent is the cost of one event in its own transaction, its link
// in the chain included, for each store open makes: Writers1 with one
// writer, Writers8 with 8 at once, queueing on the store's write lock or
// its chain's. The chain is verified at the end.
func BenchLogEvent(b *testing.B, open func(b *testing.B) registry.Store) {
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("Writers%d", writers), func(b *testing.B) {
			ctx := context.Background()
			db := open(b)
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
