package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

// attempt begins a sign-in of name from addr at now, allowing it, and
// returns the failures it was counted against.
func attempt(t *testing.T, db registry.Store, name, addr string) (a *registry.SigninAttempt, byName, byAddr []time.Time) {
	t.Helper()
	a = &registry.SigninAttempt{Name: name, Addr: addr}
	err := db.BeginSignin(context.Background(), a, epoch.Add(-time.Hour), func(n, ad []time.Time) error {
		byName, byAddr = n, ad
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || !a.At.Equal(epoch) {
		t.Fatalf("BeginSignin set %+v: want an id and now", a)
	}
	return a, byName, byAddr
}

// testSignin: failed attempts count per account (until a success or an
// unlock) and per address; a refused attempt is not recorded; sign-ins
// are logged.
func testSignin(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	addUser(t, db, "lan", registry.RoleIssuer)
	addUser(t, db, "hoa", registry.RoleSupervisor)
	for i := 0; i < 3; i++ {
		a, byName, byAddr := attempt(t, db, "lan", "10.0.0.1")
		if len(byName) != i || len(byAddr) != i {
			t.Fatalf("attempt %d counted against %d by name, %d by address; want %d", i, len(byName), len(byAddr), i)
		}
		if err := db.EndSignin(ctx, a, false, "từ 10.0.0.1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, byName, byAddr := attempt(t, db, "hoa", "10.0.0.1"); len(byName) != 0 || len(byAddr) != 3 {
		t.Errorf("another account from the address: %d by name, %d by address; want 0, 3", len(byName), len(byAddr))
	}
	refused := errors.New("chờ một phút")
	a := &registry.SigninAttempt{Name: "lan", Addr: "10.0.0.2"}
	if err := db.BeginSignin(ctx, a, epoch.Add(-time.Hour), func(n, _ []time.Time) error { return refused }); !errors.Is(err, refused) {
		t.Errorf("refused attempt = %v, want allow's error", err)
	}

	a, byName, _ := attempt(t, db, "lan", "10.0.0.2")
	if len(byName) != 3 {
		t.Errorf("after a refusal: %d by name, want 3 (the refused one not recorded)", len(byName))
	}
	if err := db.EndSignin(ctx, a, true, "từ 10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	if _, byName, byAddr := attempt(t, db, "lan", "10.0.0.1"); len(byName) != 0 || len(byAddr) != 4 {
		t.Errorf("after a success: %d by name, %d by address; want 0, 4", len(byName), len(byAddr))
	}
	if err := db.UnlockUser(ctx, "lan", "hoa"); err != nil {
		t.Fatal(err)
	}
	if _, byName, _ := attempt(t, db, "lan", "10.0.0.3"); len(byName) != 0 {
		t.Errorf("after an unlock: %d by name, want 0", len(byName))
	}
	wantCode(t, "unlock of an unknown user", db.UnlockUser(ctx, "nobody", "hoa"), registry.ENOTFOUND)
	// Attempts before since count for nothing.
	if err := db.BeginSignin(ctx, &registry.SigninAttempt{Name: "lan", Addr: "10.0.0.1"}, epoch.Add(time.Second), func(n, ad []time.Time) error {
		if len(n)+len(ad) != 0 {
			t.Errorf("attempts before since counted: %d, %d", len(n), len(ad))
		}
		return refused
	}); !errors.Is(err, refused) {
		t.Error(err)
	}
	got := map[string]int{}
	for _, e := range allEvents(t, db) {
		got[e.Action+" "+e.Actor+" "+e.New]++
	}
	if got["user.signin.failed lan "] != 3 || got["user.signin lan "] != 1 || got["user.unlocked hoa lan"] != 1 {
		t.Errorf("events = %v", got)
	}
}

// testSigninConcurrent: parallel attempts at one account each count the
// ones before them, so that a burst of guesses cannot pass one count.
func testSigninConcurrent(t *testing.T) {
	db := open(t)
	const n = 10
	counts := make(chan int, n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			a := &registry.SigninAttempt{Name: "lan", Addr: "10.0.0.1"}
			errs <- db.BeginSignin(context.Background(), a, epoch.Add(-time.Hour), func(byName, _ []time.Time) error {
				counts <- len(byName)
				return nil
			})
		}()
	}
	seen := map[int]bool{}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(counts)
	for c := range counts {
		seen[c] = true
	}
	if len(seen) != n {
		t.Errorf("%d parallel attempts saw %d distinct counts (%v), want each its own", n, len(seen), seen)
	}
}

// testDisableUser: a disabled account loses its sessions and gets no new
// one until enabled again.
func testDisableUser(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	addUser(t, db, "lan", registry.RoleIssuer)
	s := &registry.Session{Token: "tok", CSRF: "c", Expires: epoch.Add(time.Hour), User: registry.User{Name: "lan"}}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDisabled(ctx, "lan", true, "hoa"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindSession(ctx, "tok"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("session of a disabled user = %v, want ENOTFOUND", err)
	}
	s2 := &registry.Session{Token: "tok2", CSRF: "c", Expires: epoch.Add(time.Hour), User: registry.User{Name: "lan"}}
	wantCode(t, "session for a disabled user", db.CreateSession(ctx, s2), registry.EUNAUTHORIZED)
	if u, err := db.FindUser(ctx, "lan"); err != nil || !u.Disabled {
		t.Errorf("FindUser = %+v, %v; want disabled", u, err)
	}
	if us, err := db.Users(ctx); err != nil || len(us) != 1 || !us[0].Disabled {
		t.Errorf("Users = %+v, %v; want lan disabled", us, err)
	}
	if err := db.SetDisabled(ctx, "lan", false, "hoa"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSession(ctx, s2); err != nil {
		t.Errorf("session after enable: %v", err)
	}
	if u, err := db.FindUser(ctx, "lan"); err != nil || u.Disabled {
		t.Errorf("FindUser after enable = %+v, %v", u, err)
	}
	wantCode(t, "disable an unknown user", db.SetDisabled(ctx, "nobody", true, "hoa"), registry.ENOTFOUND)
	var got []string
	for _, e := range allEvents(t, db) {
		if e.Actor == "hoa" {
			got = append(got, e.Action+" "+e.New)
		}
	}
	if len(got) != 2 || got[0] != "user.disabled lan" || got[1] != "user.enabled lan" {
		t.Errorf("events = %v", got)
	}
}

// testKeyValidity: one active key per office; a replace ends the old key
// (kept, with its validity) and a revocation ends a key for good.
func testKeyValidity(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: epoch}
	db := openAt(t, c.now)
	office := "UBND phường Bến Nghé"
	addUser(t, db, "lan", registry.RoleIssuer)
	pr := Page(batch(t, db), Hash("kv"), office, "01/2009", 1, "2009-03-12")
	pr.Record.ID = "rec-1"
	if err := db.SavePage(ctx, pr); err != nil {
		t.Fatal(err)
	}
	old, _ := officeKey(t, office, 1)
	if err := db.AddKey(ctx, old); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Hour)
	nw, _ := officeKey(t, office, 2)
	wantCode(t, "a second key for an office", db.AddKey(ctx, nw), registry.ECONFLICT)
	wantCode(t, "a replace by no one", db.ReplaceKey(ctx, nw, ""), registry.EINVALID)
	if err := db.ReplaceKey(ctx, nw, "hoa"); err != nil {
		t.Fatal(err)
	}
	keys, err := db.Keys(ctx, office)
	if err != nil || len(keys) != 2 || keys[0].ID != nw.ID || !keys[0].Ended.IsZero() ||
		keys[1].ID != old.ID || keys[1].How != registry.KeyReplaced || !keys[1].Ended.Equal(epoch.Add(time.Hour)) {
		t.Fatalf("Keys = %+v, %v; want the new key active and the old replaced an hour in", keys, err)
	}
	if !keys[1].ValidAt(epoch.Add(time.Minute)) || keys[1].ValidAt(epoch.Add(2*time.Hour)) {
		t.Errorf("old key's validity: %+v", keys[1])
	}
	// The replaced key signs no more copies.
	iss := &registry.Issuance{Office: office, Year: 2026, RecordID: "rec-1", IssuedBy: "lan"}
	wantCode(t, "an issue with a replaced key", db.NextCopy(ctx, iss, "TLKS-BS", func(iss *registry.Issuance) error {
		iss.Content, iss.Signature, iss.KeyID = []byte("{}"), []byte("sig"), old.ID
		return nil
	}), registry.ECONFLICT)

	c.advance(time.Hour)
	if err := db.RevokeKey(ctx, old.ID, "hoa", "lộ khoá"); err != nil {
		t.Fatal(err)
	}
	k, err := db.FindKey(ctx, old.ID)
	if err != nil || k.How != registry.KeyRevoked || !k.Ended.Equal(epoch.Add(time.Hour)) {
		t.Errorf("revoked replaced key = %+v, %v; want revoked, its end kept", k, err)
	}
	wantCode(t, "a second revocation", db.RevokeKey(ctx, old.ID, "hoa", ""), registry.ECONFLICT)
	wantCode(t, "revoke an unknown key", db.RevokeKey(ctx, "nokey", "hoa", ""), registry.ENOTFOUND)
	wantCode(t, "revoke by no one", db.RevokeKey(ctx, nw.ID, "", ""), registry.EINVALID)
	if err := db.RevokeKey(ctx, nw.ID, "hoa", ""); err != nil {
		t.Fatal(err)
	}
	if k, err := db.FindKey(ctx, nw.ID); err != nil || k.How != registry.KeyRevoked || !k.Ended.Equal(epoch.Add(2*time.Hour)) {
		t.Errorf("revoked active key = %+v, %v", k, err)
	}
	// With no active key left, the office may have a new one.
	third, _ := officeKey(t, office, 3)
	if err := db.AddKey(ctx, third); err != nil {
		t.Errorf("a key after the last was revoked: %v", err)
	}
	if _, err := raw(t, db).Exec(`DELETE FROM office_key_ends`); err == nil {
		t.Errorf("key ends deleted: want them kept")
	}
	var got []string
	for _, e := range allEvents(t, db) {
		if e.Actor == "hoa" {
			got = append(got, e.Action)
		}
	}
	if len(got) != 3 || got[0] != "key.replaced" || got[1] != "key.revoked" || got[2] != "key.revoked" {
		t.Errorf("events = %v", got)
	}
}

// allEvents returns every event of db, by its chain.
func allEvents(t *testing.T, db registry.Store) []registry.Event {
	t.Helper()
	var out []registry.Event
	if err := db.EachLink(context.Background(), 1, func(l *registry.Link) error {
		if l.Event != nil {
			out = append(out, *l.Event)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
