package main

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

// extractValues are the fields of the test records, by key; a form's keys
// not listed are blank on the page.
var extractValues = map[string]string{
	"so": "64", "trangSo": "64", "nksHoTen": "Nguyễn Thị Nhàn", "nksGioiTinh": "Nữ",
	"nksNgaySinh": "1948-06-26", "nksNgaySinhBangChu": "1948-06-26", "nksNoiSinh": "Bệnh viện Hùng Vương",
	"nksDanToc": "Kinh", "nksQuocTich": "Việt Nam", "nksQueQuan": "Xã Trung Hòa, Huyện Trảng Bom, Đồng Nai",
	"chaHoTen": "Phạm Văn Đức", "chaDanToc": "Kinh", "chaQuocTich": "Việt Nam",
	"meHoTen": "Trần Thị Ánh Tuyết", "meDanToc": "Hoa", "meQuocTich": "Việt Nam",
	"nycHoTen": "Phạm Văn Đức", "nycQuanHe": "Cha", "ngayDangKy": "2009-03-12",
	"nguoiKy": "Lê Văn Hùng", "chucVuNguoiKy": "Cán bộ tư pháp hộ tịch", "ghiChu": "Đăng ký lại",
	"voHoTen": "Võ Thị Hồng Nhung", "voNgaySinh": "1990-11-02", "voDanToc": "Kinh", "voQuocTich": "Việt Nam",
	"voNoiCuTru": "Phường Bến Nghé, Quận 1", "chongHoTen": "Đặng Quốc Khánh", "chongNgaySinh": "1988",
	"chongDanToc": "Kinh", "chongQuocTich": "Việt Nam", "chongNoiCuTru": "Phường Tân Định, Quận 1",
	"loaiDangKy": "Kết hôn lần đầu",
}

// lanPw is the issuer lan's password on standard input.
const lanPw = "mật khẩu của Lan\n"

var lanHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(strings.TrimSpace(lanPw)) })

// seedRecord stores a record of one form read from one page; pending
// fields are left needing review.
func seedRecord(t *testing.T, db registry.ScanStore, id string, kind registry.Kind, era registry.Era, pending ...string) {
	t.Helper()
	rec := &registry.Record{ID: id, Kind: kind, Era: era, Office: "UBND phường Bến Nghé", Book: "01/2009", Page: 64,
		Fields: map[string]*registry.Field{}}
	for _, k := range form.Get(kind, era).Keys() {
		f := &registry.Field{Value: extractValues[k], Raw: extractValues[k], Confidence: 0.99, Status: registry.FieldAuto}
		if f.Value == "" {
			f.Status, f.Confidence = registry.FieldMissing, 0
		}
		rec.Fields[k] = f
	}
	var tasks []registry.Task
	for _, k := range pending {
		rec.Fields[k].Status = registry.FieldNeedsReview
		tasks = append(tasks, registry.Task{FieldKey: k, Reason: registry.ReasonLowConfidence})
	}
	sum := sha256.Sum256([]byte(id))
	pr := &registry.PageResult{
		Page:   registry.Page{SHA256: fmt.Sprintf("%x", sum), File: id + ".png", Width: 2300, Height: 3400},
		Record: rec, Tasks: tasks,
	}
	if err := db.SavePage(context.Background(), pr); err != nil {
		t.Fatal(err)
	}
}

// extractStore makes a store with records ks-1 and kh-1 (verified), ks-2
// (two fields pending) and an issuer "lan".
func extractStore(t *testing.T) (dir, dbPath string) {
	t.Helper()
	dir = t.TempDir()
	dbPath = filepath.Join(dir, "civreg.db")
	db, err := sqlite.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedRecord(t, db, "ks-1", registry.Birth, registry.EraA)
	seedRecord(t, db, "kh-1", registry.Marriage, registry.EraB)
	seedRecord(t, db, "ks-2", registry.Birth, registry.EraB, "meHoTen", "nksNgaySinh")
	hash, err := lanHash()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(context.Background(), &registry.User{Name: "lan", Role: registry.RoleIssuer, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	return dir, dbPath
}

// pdfText returns pdftotext's reading of a PDF with runs of space joined,
// and checks that pdftoppm renders every page.
func pdfText(t *testing.T, file string) string {
	t.Helper()
	testenv.Need(t, "poppler")
	out, err := exec.Command("pdftotext", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", file, err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", info)
	}
	prefix := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command("pdftoppm", "-r", "40", "-png", file, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm %s: %v\n%s", file, err, out)
	}
	pngs, _ := filepath.Glob(prefix + "*.png")
	if fmt.Sprint(len(pngs)) != string(m[1]) {
		t.Errorf("pdftoppm rendered %d page(s) of %s", len(pngs), m[1])
	}
	for _, p := range pngs {
		if st, err := os.Stat(p); err != nil || st.Size() < 1000 {
			t.Errorf("page image %s is empty", p)
		}
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestExtractEndToEnd(t *testing.T) {
	dir, db := extractStore(t)
	keys := filepath.Join(dir, "keys")
	const office = "UBND phường Sài Gòn"

	stdout, stderr, code := run(t, "--db", db, "keys", "init", "--office", office, "--out", keys)
	if code != 0 {
		t.Fatalf("keys init: exit %d: %s", code, stderr)
	}
	keyID := regexp.MustCompile(`key ([0-9a-f]{16})`).FindStringSubmatch(stdout)
	if keyID == nil {
		t.Fatalf("keys init printed no key id:\n%s", stdout)
	}
	keyPath := filepath.Join(keys, keyID[1]+".pem")
	if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("private key %s: %v, mode %v; want 0600", keyPath, err, st.Mode())
	}
	if stdout, _, _ := run(t, "--db", db, "keys", "list"); !strings.Contains(stdout, keyID[1]) || !strings.Contains(stdout, office) {
		t.Errorf("keys list:\n%s", stdout)
	}
	pub, _, code := run(t, "--db", db, "keys", "export-public")
	if code != 0 || !strings.Contains(pub, "BEGIN PUBLIC KEY") {
		t.Fatalf("export-public: exit %d:\n%s", code, pub)
	}

	// Issue: the first copy of the office this year.
	first := filepath.Join(dir, "first.pdf")
	stdout, stderr, code = runIn(t, lanPw, "--db", db, "extract", "issue", "ks-1", "--by", "lan", "--password-stdin", "--requester", "Nguyễn Thị Nhàn",
		"--office", office, "--key", keyPath, "--out", first)
	if code != 0 {
		t.Fatalf("extract issue: exit %d: %s%s", code, stdout, stderr)
	}
	// The page it was read from is named (issue 22: the clerk issued blind).
	if !strings.Contains(stdout, "read from the page image ks-1.png, page 1 (sha256 ") || !strings.Contains(stdout, "book 01/2009, page 64") {
		t.Errorf("issue does not name the page image:\n%s", stdout)
	}
	copyNo := regexp.MustCompile(`issued (\d+)/(\d{4})/TLKS-BS`).FindStringSubmatch(stdout)
	if copyNo == nil || copyNo[1] != "1" {
		t.Fatalf("issue did not print copy 1:\n%s", stdout)
	}
	year := copyNo[2]
	text := pdfText(t, first)
	for _, want := range []string{
		"UBND PHƯỜNG SÀI GÒN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: 1/" + year + "/TLKS-BS", "Sài Gòn, ngày", "TRÍCH LỤC KHAI SINH (BẢN SAO)",
		"Họ và tên: Nguyễn Thị Nhàn", "Giới tính: Nữ", "Ngày, tháng, năm sinh: 26/06/1948",
		"ghi bằng chữ: Ngày hai mươi sáu, tháng sáu, năm một nghìn chín trăm bốn mươi tám",
		"Họ và tên mẹ: Trần Thị Ánh Tuyết", "Dân tộc: Hoa", "Quê quán: Xã Trung Hòa, Huyện Trảng Bom, Đồng Nai",
		"Đăng ký khai sinh tại: UBND phường Bến Nghé", "Số: 64, Quyển số: 01/2009, ngày 12/03/2009",
		"Ghi chú: Đăng ký lại", "NGƯỜI KÝ TRÍCH LỤC", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", keyID[1],
	} {
		if !strings.Contains(text, want) {
			t.Errorf("extract text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}

	// Valid as issued, with the store's key and with the exported one.
	stdout, _, code = run(t, "--db", db, "extract", "verify", first)
	if code != 0 || !strings.HasPrefix(stdout, "valid\n") || !strings.Contains(stdout, "Họ và tên: Nguyễn Thị Nhàn") {
		t.Errorf("verify fresh extract: exit %d:\n%s", code, stdout)
	}
	pubFile := filepath.Join(dir, "pub.pem")
	os.WriteFile(pubFile, []byte(pub), 0o644)
	if stdout, _, code := run(t, "extract", "verify", first, "--pubkey", pubFile); code != 0 || !strings.HasPrefix(stdout, "valid") {
		t.Errorf("verify --pubkey: exit %d:\n%s", code, stdout)
	}

	// One byte changed in the middle of the file.
	orig, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{len(orig) / 2, len(orig) / 3, len(orig) - 40} {
		bad := bytes.Clone(orig)
		bad[at] ^= 0x01
		badFile := filepath.Join(dir, "bad.pdf")
		os.WriteFile(badFile, bad, 0o644)
		if stdout, _, code := run(t, "--db", db, "extract", "verify", badFile); code != 1 || !strings.HasPrefix(stdout, "invalid: ") {
			t.Errorf("verify with byte %d of %d flipped: exit %d:\n%s", at, len(orig), code, stdout)
		}
	}

	// The embedded content with a digit of the date of birth changed,
	// drawn again into a well-formed PDF: the signature no longer holds.
	content, sig := embedded(t, orig)
	forged := bytes.Replace(content, []byte(`"26/06/1948"`), []byte(`"26/06/1958"`), 1)
	if bytes.Equal(forged, content) {
		t.Fatalf("the date of birth is not in the embedded content:\n%s", content)
	}
	forgedPDF, err := extract.Render(forged, sig, keyID[1])
	if err != nil {
		t.Fatal(err)
	}
	forgedFile := filepath.Join(dir, "forged.pdf")
	os.WriteFile(forgedFile, forgedPDF, 0o644)
	if !strings.Contains(pdfText(t, forgedFile), "26/06/1958") {
		t.Errorf("the forged extract does not show the changed date")
	}
	if stdout, _, code := run(t, "--db", db, "extract", "verify", forgedFile); code != 1 || !strings.Contains(stdout, "invalid: the signature does not match") {
		t.Errorf("verify forged date: exit %d:\n%s", code, stdout)
	}

	// A record with fields pending is refused, naming them.
	_, stderr, code = runIn(t, lanPw, "--db", db, "extract", "issue", "ks-2", "--by", "lan", "--password-stdin", "--requester", "Trần Văn Bình", "--key", keyPath, "--out", filepath.Join(dir, "no.pdf"))
	if code != exitUsage || !strings.Contains(stderr, "nksNgaySinh (Ngày, tháng, năm sinh)") || !strings.Contains(stderr, "meHoTen (Họ, chữ đệm, tên mẹ)") {
		t.Errorf("issue unverified record: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "no.pdf")); err == nil {
		t.Errorf("a refused extract was written")
	}
	// An unknown user is refused, as a wrong password is.
	if _, stderr, code := runIn(t, lanPw, "--db", db, "extract", "issue", "ks-1", "--by", "ai", "--password-stdin", "--requester", "X", "--key", keyPath, "--out", filepath.Join(dir, "no.pdf")); code != exitFailure {
		t.Errorf("issue by unknown user: exit %d: %s", code, stderr)
	}

	// Numbers go on per office and year, across kinds; the key is found in
	// the keys directory without --key.
	t.Setenv("CIVREG_KEYS", keys)
	second := filepath.Join(dir, "second.pdf")
	stdout, stderr, code = runIn(t, lanPw, "--db", db, "extract", "issue", "kh-1", "--by", "lan", "--password-stdin", "--requester", "Trần Văn Bình", "--out", second)
	if code != 0 || !strings.Contains(stdout, "issued 2/"+year+"/TLKH-BS") {
		t.Errorf("second issue: exit %d: %s%s", code, stdout, stderr)
	}
	text = pdfText(t, second)
	for _, want := range []string{"TRÍCH LỤC KẾT HÔN (BẢN SAO)", "Số: 2/" + year + "/TLKH-BS", "Võ Thị Hồng Nhung", "Đặng Quốc Khánh",
		"Ngày, tháng, năm sinh: 02/11/1990", "Đăng ký kết hôn tại: UBND phường Bến Nghé", "Loại đăng ký: Kết hôn lần đầu"} {
		if !strings.Contains(text, want) {
			t.Errorf("marriage extract lacks %q:\n%s", want, text)
		}
	}

	// Another office starts at 1.
	keys2 := filepath.Join(dir, "keys2")
	if _, stderr, code := run(t, "--db", db, "keys", "init", "--office", "UBND xã Bình Chánh", "--out", keys2); code != 0 {
		t.Fatalf("keys init 2: %s", stderr)
	}
	if _, stderr, code := runIn(t, lanPw, "--db", db, "extract", "issue", "ks-1", "--by", "lan", "--password-stdin", "--requester", "Trần Văn Bình", "--out", filepath.Join(dir, "x.pdf")); code != exitUsage {
		t.Errorf("issue with two offices' keys and no --office: exit %d: %s", code, stderr)
	}
	t.Setenv("CIVREG_KEYS", keys2)
	stdout, stderr, code = runIn(t, lanPw, "--db", db, "extract", "issue", "ks-1", "--by", "lan", "--password-stdin", "--requester", "Trần Văn Bình", "--office", "UBND xã Bình Chánh", "--out", filepath.Join(dir, "bc.pdf"))
	if code != 0 || !strings.Contains(stdout, "issued 1/"+year+"/TLKS-BS") {
		t.Errorf("other office: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, _, code := run(t, "--db", db, "extract", "verify", filepath.Join(dir, "bc.pdf")); code != 0 {
		t.Errorf("verify other office's extract: exit %d:\n%s", code, stdout)
	}

	// Reprint gives the same bytes.
	re := filepath.Join(dir, "reprint.pdf")
	if _, stderr, code := runIn(t, lanPw, "--db", db, "extract", "reprint", "1/"+year+"/TLKS-BS", "--by", "lan", "--password-stdin", "--requester", "Nguyễn Thị Nhàn", "--office", office, "--out", re); code != 0 {
		t.Fatalf("reprint: exit %d: %s", code, stderr)
	}
	if again, _ := os.ReadFile(re); !bytes.Equal(again, orig) {
		t.Errorf("reprint differs from the issued file (%d vs %d bytes)", len(again), len(orig))
	}
	if _, _, code := runIn(t, lanPw, "--db", db, "extract", "reprint", "1/"+year+"/TLKS-BS", "--by", "lan", "--password-stdin", "--requester", "Nguyễn Thị Nhàn", "--out", re); code != exitConflict {
		t.Errorf("reprint of a number two offices issued, without --office: exit %d, want %d", code, exitConflict)
	}

	// The log: ks-1 issued twice, by lan, for the requester.
	stdout, _, code = run(t, "--db", db, "extract", "log", "ks-1")
	if code != 0 || !strings.Contains(stdout, "issued 2 time(s), reprinted 1 time(s)") || !strings.Contains(stdout, "reprinted 1/"+year+"/TLKS-BS") || !strings.Contains(stdout, "Nguyễn Thị Nhàn") || !strings.Contains(stdout, "lan") {
		t.Errorf("extract log ks-1: exit %d:\n%s", code, stdout)
	}
	if stdout, _, _ := run(t, "--db", db, "extract", "log"); !strings.Contains(stdout, "3 extract(s) of 2 record(s)") {
		t.Errorf("extract log:\n%s", stdout)
	}
}

// embedded returns the content and signature embedded in an extract PDF,
// read the blunt way (the Flate streams after "/Type /EmbeddedFile"), so
// that the test does not lean on the reader it checks.
func embedded(t *testing.T, pdf []byte) (content, sig []byte) {
	t.Helper()
	var files [][]byte
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("/Type /EmbeddedFile "))
		if i < 0 {
			break
		}
		rest = rest[i:]
		j := bytes.Index(rest, []byte("stream\n"))
		k := bytes.Index(rest, []byte("\nendstream"))
		r, err := zlib.NewReader(bytes.NewReader(rest[j+len("stream\n") : k]))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
		rest = rest[k:]
	}
	if len(files) != 2 {
		t.Fatalf("found %d embedded files, want 2", len(files))
	}
	_, sig, err := extract.ParseSeal(files[1])
	if err != nil {
		t.Fatal(err)
	}
	return files[0], sig
}
