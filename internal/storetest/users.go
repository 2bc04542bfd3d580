package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

func testUsers(t *testing.T) {
	ctx := context.Background()
	db := open(t)

	u := &registry.User{Name: "lan", Role: registry.RoleReviewer, PasswordHash: "$argon2id$h1"}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || !u.Created.Equal(epoch) {
		t.Errorf("CreateUser set ID %d, Created %v; want an id and now", u.ID, u.Created)
	}
	dup := &registry.User{Name: "lan", Role: registry.RoleIssuer, PasswordHash: "x"}
	if err := db.CreateUser(ctx, dup); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("CreateUser(taken name) = %v, want ECONFLICT", err)
	}
	for _, bad := range []registry.User{
		{Name: "", Role: registry.RoleReviewer, PasswordHash: "x"},
		{Name: "minh", Role: "admin", PasswordHash: "x"},
		{Name: "minh", Role: registry.RoleReviewer},
	} {
		if err := db.CreateUser(ctx, &bad); registry.ErrorCode(err) != registry.EINVALID {
			t.Errorf("CreateUser(%+v) = %v, want EINVALID", bad, err)
		}
	}

	got, err := db.FindUser(ctx, "lan")
	if err != nil {
		t.Fatal(err)
	}
	if *got != *u {
		t.Errorf("FindUser = %+v, want %+v", got, u)
	}
	if _, err := db.FindUser(ctx, "nobody"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("FindUser(unknown) = %v, want ENOTFOUND", err)
	}

	if err := db.SetPassword(ctx, "lan", "$argon2id$h2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindUser(ctx, "lan"); got == nil || got.PasswordHash != "$argon2id$h2" {
		t.Errorf("after SetPassword, hash = %+v", got)
	}
	if err := db.SetPassword(ctx, "nobody", "x"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("SetPassword(unknown) = %v, want ENOTFOUND", err)
	}

	if err := db.CreateUser(ctx, &registry.User{Name: "an", Role: registry.RoleSupervisor, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	all, err := db.Users(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "an" || all[1].Name != "lan" || all[1].PasswordHash != "" {
		t.Errorf("Users = %+v, %v; want an, lan without hashes", all, err)
	}
}

func testSessions(t *testing.T) {
	ctx := context.Background()
	clock := epoch
	db := openAt(t, func() time.Time { return clock })
	u := &registry.User{Name: "lan", Role: registry.RoleSupervisor, PasswordHash: "secret-hash"}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}

	s := &registry.Session{Token: "tok-1", CSRF: "csrf-1", Expires: epoch.Add(time.Hour), User: registry.User{Name: "lan"}}
	if err := db.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if s.User.ID != u.ID || s.User.Role != registry.RoleSupervisor || s.User.PasswordHash != "" {
		t.Errorf("CreateSession filled user %+v; want lan's id and role, no hash", s.User)
	}
	if err := db.CreateSession(ctx, &registry.Session{Token: "t", CSRF: "c", Expires: epoch.Add(time.Hour), User: registry.User{Name: "nobody"}}); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("CreateSession(unknown user) = %v, want ENOTFOUND", err)
	}

	got, err := db.FindSession(ctx, "tok-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Token != "tok-1" || got.CSRF != "csrf-1" || !got.Expires.Equal(s.Expires) || got.User.Name != "lan" || got.User.ID != u.ID || got.User.PasswordHash != "" {
		t.Errorf("FindSession = %+v", got)
	}
	if _, err := db.FindSession(ctx, "tok-2"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("FindSession(unknown) = %v, want ENOTFOUND", err)
	}

	// Only the token's hash is stored.
	var n int
	if err := raw(t, db).QueryRow(`SELECT COUNT(*) FROM sessions WHERE token_hash = 'tok-1'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("token stored in clear: %d rows, %v", n, err)
	}

	clock = epoch.Add(time.Hour)
	if _, err := db.FindSession(ctx, "tok-1"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("FindSession(expired) = %v, want ENOTFOUND", err)
	}
	clock = epoch

	if err := db.DeleteSession(ctx, "tok-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindSession(ctx, "tok-1"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("FindSession(deleted) = %v, want ENOTFOUND", err)
	}
	if err := db.DeleteSession(ctx, "tok-1"); err != nil {
		t.Errorf("DeleteSession(gone) = %v, want nil", err)
	}

	// A new password signs the user out everywhere.
	if err := db.CreateSession(ctx, &registry.Session{Token: "tok-3", CSRF: "c", Expires: epoch.Add(time.Hour), User: registry.User{Name: "lan"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPassword(ctx, "lan", "new-hash"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindSession(ctx, "tok-3"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("FindSession after SetPassword = %v, want ENOTFOUND", err)
	}
}
