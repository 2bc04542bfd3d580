package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/storetest"
	"github.com/civreg/civreg/registry"
)

// TestSearchAfterReopen finds records in a store opened again, and indexes
// records stored before the index existed.
func TestSearchAfterReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SearchFixture(t, db)
	db.Close()

	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := storetest.IDs(storetest.Search(t, db, registry.SearchQuery{Name: "tran van tu"})); strings.Join(got, ",") != "kt" {
		t.Errorf("after reopening: %v, want [kt]", got)
	}
	// As if the records had been stored before the index came.
	r := raw(t, db)
	for _, q := range []string{`DELETE FROM search_docs`, `DELETE FROM search_names`, `DELETE FROM search_tokens`, `DELETE FROM search_ids`, `DELETE FROM search_vocab`,
		`INSERT INTO search_state (name, value) VALUES ('backfill', 'pending')`} {
		if _, err := r.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if got := storetest.IDs(storetest.Search(t, db, registry.SearchQuery{Name: "ngyuen van an"})); strings.Join(got, ",") != "an,hoa" {
		t.Errorf("after backfill: %v, want [an hoa]", got)
	}
	if n := storetest.Count(t, r, "search_docs"); n != 5 {
		t.Errorf("backfill indexed %d records, want 5", n)
	}
}

// TestSearchNamesGivenFirstMigration writes the name keys as stores before
// migration 0006 held them (surname first) and opens the store again: the
// migration must give back exactly the keys the index writes now, and a
// surname with a given name must find the names with middle names.
func TestSearchNamesGivenFirstMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SearchFixture(t, db)
	r := raw(t, db)
	keys := func() []string {
		rows, err := r.QueryContext(ctx, `SELECT key || '|' || year || '|' || doc || '|' || role FROM search_names ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	want := keys()
	if !strings.Contains(strings.Join(want, "\n"), "1 an nguyen van|1990|") {
		t.Fatalf("keys are not given name first: %q", want)
	}
	// Surname first, as before 0006: the first word of the name moves back
	// to the end ("1 an nguyen van" → "1 nguyen van an").
	for _, q := range []string{
		`UPDATE search_names SET key = substr(key, 1, 2) || substr(key, instr(substr(key, 3), ' ') + 3) || ' ' || substr(key, 3, instr(substr(key, 3), ' ') - 1)
			WHERE instr(substr(key, 3), ' ') > 0`,
	} {
		if _, err := r.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if old := keys(); !strings.Contains(strings.Join(old, "\n"), "1 nguyen van an|1990|") {
		t.Fatalf("keys were not put back surname first: %q", old)
	}
	db = rerunMigration(t, db, "0006")
	r = raw(t, db)
	if got := keys(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after the migration the keys are\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := storetest.IDs(storetest.Search(t, db, registry.SearchQuery{Name: "Nguyễn Cường"})); strings.Join(got, ",") != "anh" {
		t.Errorf("surname and given name: %v, want [anh] (its father is Nguyễn Văn Cường)", got)
	}
}

// TestSearchCardMigration drops the status and card of the search entries
// and runs migration 0008 again: it must fill them as the index does, and
// the hits must show the same.
func TestSearchCardMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SearchFixture(t, db)
	entries := func(r *sql.DB) map[string]string {
		rows, err := r.QueryContext(ctx, `SELECT record_id, status, card FROM search_docs`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var id, status, card string
			if err := rows.Scan(&id, &status, &card); err != nil {
				t.Fatal(err)
			}
			var m map[string]string
			if err := json.Unmarshal([]byte(card), &m); err != nil {
				t.Fatalf("card of %s: %v", id, err)
			}
			out[id] = status + " " + fmt.Sprint(m) // fmt prints maps sorted
		}
		return out
	}
	query := registry.SearchQuery{Name: "nguyen van an"}
	r := raw(t, db)
	want, wantHits := entries(r), storetest.Search(t, db, query)
	if len(want) != 5 || !strings.Contains(want["an"], "needs_review") && !strings.Contains(want["an"], "verified") || !strings.Contains(want["an"], "nksHoTen:Nguyễn Văn An") {
		t.Fatalf("entries = %v", want)
	}
	db = rerunMigration(t, db, "0008", `ALTER TABLE search_docs DROP COLUMN status`, `ALTER TABLE search_docs DROP COLUMN card`)
	if got := entries(raw(t, db)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the migration:\n%v\nwant\n%v", got, want)
	}
	if got := storetest.Search(t, db, query); fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", wantHits) {
		t.Errorf("hits after the migration:\n%+v\nwant\n%+v", got, wantHits)
	}
}
