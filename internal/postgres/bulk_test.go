package postgres_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"testing"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/registry"
)

// TestLoader loads records with COPY and finds them by a misspelled name,
// an ID and a book and entry; the review queue holds their tasks.
func TestLoader(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	url := srv.NewDatabase(t)
	// Words a registry knows already keep their ids (search_tokens holds
	// them); the new ones are numbered after.
	if n := scalarPG(t, url, `WITH a AS (INSERT INTO search_vocab (tok, n) VALUES ('zzz', 0), ('van', 0) RETURNING 1) SELECT COUNT(*) FROM a`); n != 2 {
		t.Fatal(n)
	}
	l, err := postgres.NewLoader(ctx, url, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		sum := sha256.Sum256([]byte(fmt.Sprint(i)))
		pr := &registry.PageResult{
			Page: registry.Page{SHA256: fmt.Sprintf("%x", sum), File: "b.pdf", PageIndex: i},
			Record: &registry.Record{ID: fmt.Sprintf("%x", sum)[:16], Kind: registry.Birth, Era: registry.EraA, Office: "UBND phường Bến Nghé", Book: "01/2009", Page: i + 1,
				Fields: map[string]*registry.Field{
					"so":            {Value: fmt.Sprint(i + 1), Status: registry.FieldAuto, Confidence: 0.9},
					"nksHoTen":      {Value: fmt.Sprintf("Nguyễn Văn Số%d", i), Status: registry.FieldAuto, Confidence: 0.9},
					"nksNgaySinh":   {Value: "1990-05-03", Status: registry.FieldAuto, Confidence: 0.9},
					"nksSoDinhDanh": {Value: fmt.Sprintf("0790900%05d", i), Status: registry.FieldAuto, Confidence: 0.9},
					"chaHoTen":      {Value: "Trần Văn Ba", Status: registry.FieldNeedsReview, Confidence: 0.3},
				}},
			Tasks: []registry.Task{{FieldKey: "chaHoTen", Reason: registry.ReasonLowConfidence}},
		}
		if err := l.Add(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewLoader(ctx, url, 0); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("a second load into a full registry: %v, want EINVALID", err)
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []registry.SearchQuery{
		{Name: "ngyuen van so17"}, {Name: "nguyen van so17", Born: "1990"}, {ID: "079090000017"}, {Book: "1/2009", Entry: "18"},
	} {
		hits, err := db.Search(ctx, q)
		if err != nil || len(hits) == 0 || hits[0].Name != "Nguyễn Văn Số17" {
			t.Errorf("Search(%+v) = %+v, %v; want Nguyễn Văn Số17 first", q, hits, err)
		}
	}
	st, err := db.Stats(ctx, 0)
	if err != nil || st.Records != 50 || st.Tasks[registry.ReasonLowConfidence] != 50 {
		t.Errorf("Stats = %+v, %v; want 50 records, 50 open tasks", st, err)
	}
	// Every key, foreign key and index dropped for the load is back.
	const q = `SELECT (SELECT COUNT(*) FROM pg_constraint WHERE contype IN ('p', 'u', 'f') AND connamespace = 'public'::regnamespace) * 1000 + (SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'public')`
	if got, want := scalarPG(t, url, q), scalarPG(t, srv.NewDatabase(t), q); got != want {
		t.Errorf("after the load: constraints*1000+indexes = %d, want %d as in a new registry", got, want)
	}
	// The sequences moved past the loaded ids: a page saved now is new.
	b := &registry.Batch{Office: "o"}
	if err := db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	pr := &registry.PageResult{Page: registry.Page{BatchID: b.ID, SHA256: fmt.Sprintf("%064d", 1), File: "x"},
		Record: &registry.Record{Kind: registry.Birth, Era: registry.EraA, Fields: map[string]*registry.Field{
			"so": {Value: "1", Status: registry.FieldAuto}, "nksHoTen": {Value: "Phạm Mới", Status: registry.FieldAuto}}}}
	if err := db.SavePage(ctx, pr); err != nil {
		t.Errorf("SavePage after a load: %v", err)
	}
	if hits, err := db.Search(ctx, registry.SearchQuery{Name: "moi"}); err != nil || len(hits) != 1 || hits[0].Name != "Phạm Mới" {
		t.Errorf("Search(moi), a word new after the load = %+v, %v", hits, err)
	}
	if n := scalarPG(t, url, `SELECT COUNT(*) FROM search_tokens t JOIN search_vocab v ON v.id = t.tok WHERE v.tok = 'van' AND v.n = 50`); n != 50 {
		t.Errorf("records under 'van', a word known before the load: %d, want 50", n)
	}
}

func scalarPG(t *testing.T, url, q string) int {
	t.Helper()
	if db, err := postgres.Open(context.Background(), url); err == nil {
		db.Close() // migrated
	}
	r, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n int
	if err := r.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
