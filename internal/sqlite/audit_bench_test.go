package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/storetest"
	"github.com/civreg/civreg/registry"
)

// BenchmarkLogEvent is the cost of one event in its own transaction, its
// link in the chain included (see storetest.BenchLogEvent); with 8 writers
// they queue on the file's one write lock.
func BenchmarkLogEvent(b *testing.B) {
	storetest.BenchLogEvent(b, func(b *testing.B) registry.Store {
		db, err := sqlite.Open(filepath.Join(b.TempDir(), "civreg.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	})
}

// BenchmarkAuditVerify recomputes a chain of 20,000 events (ns/op over
// 20,000 is the cost of one link), and makes the check an issue makes
// with a checkpoint a thousand events back.
func BenchmarkAuditVerify(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "civreg.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	batch := make([]registry.Event, 1000)
	for n := 0; n < 20; n++ {
		for i := range batch {
			batch[i] = registry.Event{Actor: "lan", Action: "field.corrected", RecordID: fmt.Sprintf("r%d", n*1000+i), FieldKey: "nksHoTen", Old: "Nguyễn Văn A", New: "Nguyễn Văn An"}
		}
		if err := db.LogEvents(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			r, err := audit.Verify(ctx, db, db)
			if err != nil || r.Broken != nil || r.Checked < 20000 {
				b.Fatalf("%+v %v", r, err)
			}
		}
	})
	// As at an issue: the last checkpoint (the day's first issue), a
	// thousand events since.
	key, err := extract.NewKey("UBND phường Sài Gòn")
	if err != nil {
		b.Fatal(err)
	}
	if err := db.AddKey(ctx, key.Public()); err != nil {
		b.Fatal(err)
	}
	if err := db.AddCheckpoint(ctx, func(head *registry.Link) (*registry.Checkpoint, error) {
		return audit.Seal(head, key.ID, key.Private, time.Now())
	}); err != nil {
		b.Fatal(err)
	}
	if err := db.LogEvents(ctx, batch); err != nil {
		b.Fatal(err)
	}
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			r, err := audit.Check(ctx, db, db)
			if err != nil || r.Broken != nil {
				b.Fatalf("%+v %v", r, err)
			}
		}
	})
}

// BenchmarkLogEventsBatched is the cost of one event written in a batch of
// 100, as the station's access log writes looks and searches under load.
func BenchmarkLogEventsBatched(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "civreg.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	batch := make([]registry.Event, 100)
	for i := 0; b.Loop(); i++ {
		for j := range batch {
			batch[j] = registry.Event{Actor: "lan", Action: "search", New: "3", Note: "họ tên: nguyễn văn an"}
		}
		if err := db.LogEvents(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/event")
}
