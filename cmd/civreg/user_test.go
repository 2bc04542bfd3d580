package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

func storedUser(t *testing.T, db, name string) *registry.User {
	t.Helper()
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.FindUser(context.Background(), name)
	if err != nil {
		t.Fatalf("FindUser(%s): %v", name, err)
	}
	return u
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "station", "civreg.db")

	stdout, stderr, code := runIn(t, "mật khẩu của Lan\n", "--db", db, "user", "add", "lan", "--role", "reviewer", "--password-stdin")
	if code != exitOK || !strings.Contains(stdout, "added user lan (reviewer)") {
		t.Fatalf("user add: exit %d\n%s%s", code, stdout, stderr)
	}
	u := storedUser(t, db, "lan")
	if u.Role != registry.RoleReviewer || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("stored user %+v", u)
	}
	if !auth.VerifyPassword(u.PasswordHash, "mật khẩu của Lan") {
		t.Error("the stored hash does not verify the password given on standard input")
	}
	if auth.VerifyPassword(u.PasswordHash, "mật khẩu của Lan\n") || auth.VerifyPassword(u.PasswordHash, "sai") {
		t.Error("the stored hash verifies a wrong password")
	}

	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
	}{
		{"taken name", "mật khẩu khác\n", []string{"user", "add", "lan", "--role", "issuer", "--password-stdin"}, exitConflict},
		{"unknown role", "mật khẩu khác\n", []string{"user", "add", "minh", "--role", "admin", "--password-stdin"}, exitUsage},
		{"no role", "mật khẩu khác\n", []string{"user", "add", "minh", "--password-stdin"}, exitUsage},
		{"short password", "ngắn\n", []string{"user", "add", "minh", "--role", "issuer", "--password-stdin"}, exitUsage},
		{"no terminal", "", []string{"user", "add", "minh", "--role", "issuer"}, exitUsage},
		{"passwd unknown", "mật khẩu mới đây\n", []string{"user", "passwd", "minh", "--password-stdin"}, exitNotFound},
	} {
		if stdout, stderr, code := runIn(t, tc.stdin, append([]string{"--db", db}, tc.args...)...); code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, tc.code, stdout, stderr)
		}
	}

	if _, stderr, code := runIn(t, "mật khẩu mới đây\r\n", "--db", db, "user", "passwd", "lan", "--password-stdin"); code != exitOK {
		t.Fatalf("user passwd: exit %d: %s", code, stderr)
	}
	if u := storedUser(t, db, "lan"); !auth.VerifyPassword(u.PasswordHash, "mật khẩu mới đây") || auth.VerifyPassword(u.PasswordHash, "mật khẩu của Lan") {
		t.Error("after passwd the new password does not verify, or the old one still does")
	}

	if _, _, code := runIn(t, "mật khẩu của An\n", "--db", db, "user", "add", "an", "--role", "supervisor", "--password-stdin"); code != exitOK {
		t.Fatal("user add an failed")
	}
	stdout, _, code = runIn(t, "", "--db", db, "user", "list")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != exitOK || len(lines) != 3 || !strings.HasPrefix(lines[1], "an ") || !strings.Contains(lines[1], "supervisor") ||
		!strings.HasPrefix(lines[2], "lan ") || !strings.Contains(lines[2], "reviewer") || strings.Contains(stdout, "argon2") {
		t.Errorf("user list: exit %d\n%s", code, stdout)
	}
}
