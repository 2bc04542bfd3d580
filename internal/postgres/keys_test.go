package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/pgtest"
	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/registry"
)

// TestImportKey: a station's keys arrive with their validity, oldest
// first; a rerun changes nothing, a later revocation is taken, and an
// office's second active key is refused.
func TestImportKey(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	db, err := postgres.Open(ctx, srv.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	office := "UBND phường Sài Gòn"
	key := func(id string, b byte, created time.Time) registry.OfficeKey {
		k := registry.OfficeKey{ID: id, Office: office, Public: make([]byte, 32), Created: created}
		k.Public[0] = b
		return k
	}
	old, nw := key("old", 1, t0), key("new", 2, t0.Add(time.Hour))
	old.Ended, old.How = t0.Add(time.Hour), registry.KeyReplaced
	for round := 0; round < 2; round++ {
		for _, k := range []registry.OfficeKey{old, nw} {
			if err := db.ImportKey(ctx, &k, "a"); err != nil {
				t.Fatalf("round %d, key %s: %v", round, k.ID, err)
			}
		}
	}
	keys, err := db.Keys(ctx, office)
	if err != nil || len(keys) != 2 || keys[0].ID != "new" || !keys[0].Ended.IsZero() ||
		keys[1].How != registry.KeyReplaced || !keys[1].Ended.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Keys = %+v, %v", keys, err)
	}
	old.How = registry.KeyRevoked
	if err := db.ImportKey(ctx, &old, "a"); err != nil {
		t.Fatal(err)
	}
	if k, err := db.FindKey(ctx, "old"); err != nil || k.How != registry.KeyRevoked || !k.Ended.Equal(t0.Add(time.Hour)) {
		t.Errorf("after the revocation: %+v, %v", k, err)
	}
	other := key("other", 3, t0)
	if err := db.ImportKey(ctx, &other, "b"); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("a second active key: %v, want ECONFLICT", err)
	}
	evs, err := db.Events(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		got = append(got, e.Action+" "+e.New)
	}
	want := "[key.added old key.replaced old key.added new key.revoked old]"
	if s := fmt.Sprint(got); s != want {
		t.Errorf("events = %s, want %s", s, want)
	}
}
