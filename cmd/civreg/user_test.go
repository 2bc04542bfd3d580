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
		{"eight digits", "12345678\n", []string{"user", "add", "minh", "--role", "issuer", "--password-stdin"}, exitUsage},
		{"common password", "Mật khẩu 2026\n", []string{"user", "add", "minh", "--role", "issuer", "--password-stdin"}, exitUsage},
		{"no terminal", "", []string{"user", "add", "minh", "--role", "issuer"}, exitUsage},
		{"passwd unknown", "mật khẩu mới đây\n", []string{"user", "passwd", "minh", "--password-stdin"}, exitNotFound},
	} {
		if stdout, stderr, code := runIn(t, tc.stdin, append([]string{"--db", db}, tc.args...)...); code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, tc.code, stdout, stderr)
		}
	}

	if _, _, code := runIn(t, "sai mật khẩu cũ\nmật khẩu mới đây\n", "--db", db, "user", "passwd", "lan", "--password-stdin"); code != exitFailure {
		t.Errorf("user passwd with a wrong old password: exit %d", code)
	}
	if _, stderr, code := runIn(t, "mật khẩu của Lan\nmật khẩu mới đây\r\n", "--db", db, "user", "passwd", "lan", "--password-stdin"); code != exitOK {
		t.Fatalf("user passwd: exit %d: %s", code, stderr)
	}
	if u := storedUser(t, db, "lan"); !auth.VerifyPassword(u.PasswordHash, "mật khẩu mới đây") || auth.VerifyPassword(u.PasswordHash, "mật khẩu của Lan") {
		t.Error("after passwd the new password does not verify, or the old one still does")
	}

	if _, _, code := runIn(t, "mật khẩu của An\n", "--db", db, "user", "add", "an", "--role", "supervisor", "--password-stdin"); code != exitOK {
		t.Fatal("user add an failed")
	}
	// Once there is a supervisor, only a supervisor adds users.
	if _, stderr, code := runIn(t, "mật khẩu mới đây\nmật khẩu của Minh\n", "--db", db, "user", "add", "minh", "--role", "issuer", "--by", "lan", "--password-stdin"); code != exitFailure || !strings.Contains(stderr, "only a supervisor") {
		t.Errorf("a reviewer adds a user: exit %d: %s", code, stderr)
	}
	if _, _, code := runIn(t, "mật khẩu của Minh\n", "--db", db, "user", "add", "minh", "--role", "issuer", "--password-stdin"); code != exitUsage {
		t.Errorf("user add without --by once there is a supervisor: exit %d", code)
	}
	stdout, _, code = runIn(t, "", "--db", db, "user", "list")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != exitOK || len(lines) != 3 || !strings.HasPrefix(lines[1], "an ") || !strings.Contains(lines[1], "supervisor") ||
		!strings.HasPrefix(lines[2], "lan ") || !strings.Contains(lines[2], "reviewer") || strings.Contains(stdout, "argon2") {
		t.Errorf("user list: exit %d\n%s", code, stdout)
	}
}

// TestUserSwitches: before issue 22 no account could be turned off, and
// user add and passwd were not logged.
func TestUserSwitches(t *testing.T) {
	db := filepath.Join(t.TempDir(), "civreg.db")
	for _, u := range [][2]string{{"an", "supervisor"}, {"lan", "reviewer"}} {
		stdin := "mật khẩu của " + u[0] + "\n"
		if u[0] != "an" {
			stdin = "mật khẩu của an\n" + stdin
		}
		if _, stderr, code := runIn(t, stdin, "--db", db, "user", "add", u[0], "--role", u[1], "--by", "an", "--password-stdin"); code != exitOK {
			t.Fatalf("user add %s: exit %d: %s", u[0], code, stderr)
		}
	}
	for _, tc := range []struct {
		stdin string
		args  []string
		code  int
		state string
	}{
		{"mật khẩu của lan\n", []string{"disable", "lan", "--by", "lan"}, exitFailure, "active"},
		{"sai\n", []string{"disable", "lan", "--by", "an"}, exitFailure, "active"},
		{"mật khẩu của an\n", []string{"disable", "lan", "--by", "an"}, exitOK, "disabled"},
		{"mật khẩu của an\n", []string{"disable", "an", "--by", "an"}, exitUsage, "disabled"},
		{"mật khẩu của an\n", []string{"enable", "lan", "--by", "an"}, exitOK, "active"},
		{"mật khẩu của an\n", []string{"unlock", "lan", "--by", "an"}, exitOK, "active"},
	} {
		_, stderr, code := runIn(t, tc.stdin, append([]string{"--db", db, "user"}, append(tc.args, "--password-stdin")...)...)
		if code != tc.code {
			t.Errorf("user %v: exit %d, want %d: %s", tc.args, code, tc.code, stderr)
		}
		if u := storedUser(t, db, "lan"); u.Disabled != (tc.state == "disabled") {
			t.Errorf("after user %v: lan disabled %v, want %s", tc.args, u.Disabled, tc.state)
		}
	}
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evs, err := s.Events(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	seen := map[string]bool{}
	for _, e := range evs {
		line := strings.TrimSpace(e.Actor + " " + e.Action + " " + e.New)
		got, seen[line] = append(got, line), true
	}
	for _, want := range []string{"civreg user.added an", "an user.added lan", "an user.disabled lan", "an user.enabled lan",
		"an user.unlocked lan", "an user.signin", "lan user.signin", "an user.signin.failed"} {
		if !seen[want] {
			t.Errorf("the log lacks %q:\n%s", want, strings.Join(got, "\n"))
		}
	}
}
