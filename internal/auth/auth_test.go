package auth_test

import (
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/registry"
)

func TestHashAndVerify(t *testing.T) {
	h, err := auth.HashPassword("mật khẩu đúng")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q is not an encoded argon2id string with its parameters", h)
	}
	h2, err := auth.HashPassword("mật khẩu đúng")
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		encoded, pw string
		want        bool
	}{
		{h, "mật khẩu đúng", true},
		{h2, "mật khẩu đúng", true},
		{h, "mật khẩu sai", false},
		{h, "", false},
		{"", "mật khẩu đúng", false},
		{"$argon2id$v=19$m=65536,t=3,p=2$bad", "mật khẩu đúng", false},
		{strings.Replace(h, "m=65536", "m=4000000", 1), "mật khẩu đúng", false},
		{strings.Replace(h, "v=19", "v=16", 1), "mật khẩu đúng", false},
	} {
		if got := auth.VerifyPassword(tc.encoded, tc.pw); got != tc.want {
			t.Errorf("VerifyPassword(%.40q, %q) = %v, want %v", tc.encoded, tc.pw, got, tc.want)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		want string
	}{
		{"ngắn", registry.EINVALID},
		{"đủ tám ký", registry.EINVALID}, // ten characters since issue 22
		{"đủ mười ký tự", ""},
		{strings.Repeat("x", 2000), registry.EINVALID},
	} {
		if got := registry.ErrorCode(auth.CheckPassword(tc.pw)); got != tc.want {
			t.Errorf("CheckPassword(%.20q) = %q, want %q", tc.pw, got, tc.want)
		}
	}
}

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
			t.Errorf("token %q: want 43 URL-safe characters", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q made twice", tok)
		}
		seen[tok] = true
	}
}
