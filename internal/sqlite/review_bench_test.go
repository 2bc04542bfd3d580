package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

func addUser(t testing.TB, db *sqlite.DB, name string, role registry.Role) registry.User {
	t.Helper()
	u := registry.User{Name: name, Role: role, PasswordHash: "hash-of-" + name}
	if err := db.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
	return u
}

// BenchmarkNextTask1M measures taking the next task from a queue of a
// million open tasks (100,000 records of ten), each followed by a submit so
// that the queue moves as it does in use. It reports the 99th percentile of
// NextTask alone as p99-ms.
func BenchmarkNextTask1M(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "civreg.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	seed1M(b, db)
	var users []registry.User
	for i := range 50 {
		users = append(users, addUser(b, db, fmt.Sprintf("u%02d", i), registry.RoleReviewer))
	}

	var took []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		u := users[i%len(users)]
		i++
		start := time.Now()
		v, err := db.NextTask(ctx, u, registry.TaskFilter{}, time.Minute)
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Submit(ctx, registry.Submission{TaskID: v.ID, User: u.Name, Action: registry.ActAccept, Version: v.Version}); err != nil {
			b.Fatal(err)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100])/1e6, "p99-ms")
	b.ReportMetric(float64(took[len(took)/2])/1e6, "p50-ms")
}

// seed1M writes 100,000 records of ten open tasks each straight into the
// store's file, in one transaction.
func seed1M(b *testing.B, db *sqlite.DB) {
	r, err := sql.Open("sqlite3", db.Path()+"?_busy_timeout=5000")
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	tx, err := r.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	const records = 100_000
	now := epoch.Format("2006-01-02T15:04:05.000000Z07:00")
	for _, q := range []string{
		`INSERT INTO batches (id, started) VALUES (1, ?1)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
		 INSERT INTO pages (id, batch_id, sha256, status, created) SELECT i, 1, printf('%064x', i), 'done', ?1 FROM n`,
		`INSERT INTO records (id, page_id, kind, era, page, status, created, updated, open_tasks)
		 SELECT printf('r%06d', id), id, 'KS', 'A', id, 'needs_review', ?1, ?1, 10 FROM pages`,
		`WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
		 INSERT INTO fields (record_id, key, value, status) SELECT r.id, 'f' || k.j, 'x', 'needs_review' FROM records r, k`,
		`INSERT INTO tasks (record_id, field_key, reason, status, created, stage, priority)
		 SELECT record_id, key, 'low_confidence', 'open', ?1, 'review', 10 FROM fields`,
	} {
		if _, err := tx.Exec(q, now, records); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := r.QueryRow(`SELECT COUNT(*) FROM tasks WHERE status = 'open'`).Scan(&n); err != nil || n != 1_000_000 {
		b.Fatalf("seeded %d tasks, %v", n, err)
	}
}
