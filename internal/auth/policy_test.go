package auth_test

import (
	"testing"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/registry"
)

// TestCheckNewPassword: "12345678" was accepted before issue 22.
func TestCheckNewPassword(t *testing.T) {
	for _, tc := range []struct {
		name, pw string
		want     string
	}{
		{"lan", "12345678", registry.EINVALID},
		{"lan", "1234567890", registry.EINVALID},
		{"lan", "Mật khẩu 123", registry.EINVALID}, // matkhau123
		{"lan", "P@ssw0rd123", registry.EINVALID},
		{"lan", "aaaaaaaaaaaa", registry.EINVALID},
		{"nguyenlan", "Nguyễn Lan 2026!", registry.EINVALID},
		{"lan", "hoa sen nở muộn", ""},
		{"lan", "mật khẩu của Lan", ""},
	} {
		if got := registry.ErrorCode(auth.CheckNewPassword(tc.name, tc.pw)); got != tc.want {
			t.Errorf("CheckNewPassword(%q, %q) = %q, want %q", tc.name, tc.pw, got, tc.want)
		}
	}
}
