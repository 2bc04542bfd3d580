package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/extract"
)

// TestVerifyQR: before issue 22 the QR code held only the copy number,
// key id and signature, and a paper copy could not be checked without
// the PDF. Now its text is checked alone, and names what the paper must
// say.
func TestVerifyQR(t *testing.T) {
	db, key, _ := auditStore(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.pdf")
	if _, stderr, code := issueAs(t, db, key, "ks-1", out); code != 0 {
		t.Fatalf("issue: exit %d: %s", code, stderr)
	}
	content, sig := embedded(t, mustRead(t, out))
	k, err := extract.ParsePrivate(mustRead(t, key))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := extract.SignedMessage(content, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	qr := string(msg) + "|" + base64.RawURLEncoding.EncodeToString(sig)
	t.Logf("QR code: %d bytes: %s", len(qr), qr)

	stdout, stderr, code := run(t, "--db", db, "extract", "verify", "--qr", qr)
	for _, want := range []string{"valid\n", "Cơ quan cấp: UBND phường Sài Gòn", "Số: 3/", "Họ và tên: Nguyễn Thị Nhàn",
		"Ngày, tháng, năm sinh: 26/06/1948", "Đăng ký gốc: Số 64, quyển 01/2009, ngày 12/03/2009", "còn hiệu lực vào ngày cấp"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("verify --qr: exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
		}
	}
	// Offline, with the office's public key only.
	pub, _, _ := run(t, "--db", db, "keys", "export-public")
	pubFile := filepath.Join(dir, "pub.pem")
	os.WriteFile(pubFile, []byte(pub), 0o644)
	if stdout, _, code := run(t, "extract", "verify", "--qr", qr, "--pubkey", pubFile); code != 0 || !strings.HasPrefix(stdout, "valid") {
		t.Errorf("verify --qr --pubkey: exit %d:\n%s", code, stdout)
	}
	// A paper copy whose name was changed, in the code too.
	forged := strings.Replace(qr, "Nguyễn Thị Nhàn", "Nguyễn Thị Nhàn Hai", 1)
	if stdout, _, code := run(t, "--db", db, "extract", "verify", "--qr", forged); code != 1 || !strings.Contains(stdout, "invalid: the signature does not match") {
		t.Errorf("verify a forged QR: exit %d:\n%s", code, stdout)
	}
	if _, _, code := run(t, "--db", db, "extract", "verify", "--qr", "TLBS1|1/2026/TLKS-BS|abc|def"); code != 1 {
		t.Errorf("verify an old QR: exit %d, want 1", code)
	}
	if _, _, code := run(t, "--db", db, "extract", "verify"); code != exitUsage {
		t.Errorf("verify with neither file nor --qr: exit %d", code)
	}
}
