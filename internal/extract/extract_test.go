package extract_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

var issued = time.Date(2026, 3, 5, 2, 12, 30, 0, time.UTC) // 09:12:30 in Vietnam

// birth returns a verified Era A birth record.
func birth() *registry.Record {
	v := map[string]string{
		"so": "64", "trangSo": "64", "nksHoTen": "Nguyễn Thị Nhàn", "nksGioiTinh": "Nữ",
		"nksNgaySinh": "1948-06-26", "nksNgaySinhBangChu": "1948-06-26",
		"nksNoiSinh": "Bệnh viện Hùng Vương, Thành phố Hồ Chí Minh", "nksDanToc": "Kinh", "nksQuocTich": "Việt Nam",
		"nksQueQuan": "Xã Trung Hòa, Huyện Trảng Bom, Đồng Nai", "chaHoTen": "Nguyễn Văn Đức", "chaDanToc": "Kinh",
		"chaQuocTich": "Việt Nam", "meHoTen": "Trần Thị Ánh", "meDanToc": "Kinh", "meQuocTich": "Việt Nam",
		"nycHoTen": "Nguyễn Văn Đức", "nycQuanHe": "Cha", "ngayDangKy": "2009-03-12",
		"nguoiKy": "Lê Văn Hùng", "chucVuNguoiKy": "Cán bộ tư pháp hộ tịch", "ghiChu": "",
	}
	r := &registry.Record{ID: "rec-ks-1", Kind: registry.Birth, Era: registry.EraA, Office: "UBND phường Bến Nghé", Book: "01/2009", Page: 64,
		Status: registry.RecordVerified, Fields: map[string]*registry.Field{}}
	for _, k := range form.Get(r.Kind, r.Era).Keys() {
		r.Fields[k] = &registry.Field{Key: k, Value: v[k], Status: registry.FieldAuto}
	}
	r.Fields["ghiChu"].Status = registry.FieldMissing
	return r
}

func signed(t *testing.T, rec *registry.Record, copyNo string) (*extract.Key, []byte, []byte, []byte) {
	t.Helper()
	key, err := extract.NewKey("UBND phường Sài Gòn")
	if err != nil {
		t.Fatal(err)
	}
	c, err := extract.NewContent(rec, copyNo, key.Office, issued)
	if err != nil {
		t.Fatal(err)
	}
	content, err := c.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	sig := key.Sign(content)
	pdf, err := extract.Render(content, sig, key.ID)
	if err != nil {
		t.Fatal(err)
	}
	return key, content, sig, pdf
}

func TestContentCanonical(t *testing.T) {
	rec := birth()
	c, err := extract.NewContent(rec, "7/2026/TLKS-BS", "UBND phường Sài Gòn", issued)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"copyNo":"7/2026/TLKS-BS"`, `"issued":"2026-03-05T09:12:30+07:00"`, `"place":"Sài Gòn"`,
		`{"key":"nksNgaySinh","label":"Ngày, tháng, năm sinh:","value":"26/06/1948"}`,
		`"value":"Ngày hai mươi sáu, tháng sáu, năm một nghìn chín trăm bốn mươi tám"`,
		`"registration":{"date":"12/03/2009","office":"UBND phường Bến Nghé","quyenSo":"01/2009","so":"64","type":""}`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("canonical content lacks %s:\n%s", want, b)
		}
	}
	// Keys sorted at every level: "copyNo" < "era" < "format" < ….
	if i, j := bytes.Index(b, []byte(`"copyNo"`)), bytes.Index(b, []byte(`"format"`)); i < 0 || j < i {
		t.Errorf("keys not sorted:\n%s", b)
	}
	// NFD input gives the same bytes.
	rec.Fields["nksHoTen"].Value = "Nguye\u0302\u0303n Thi\u0323 Nha\u0300n"
	c2, _ := extract.NewContent(rec, "7/2026/TLKS-BS", "UBND phường Sài Gòn", issued)
	b2, _ := c2.Canonical()
	if !bytes.Equal(b, b2) {
		t.Errorf("NFD name changed the canonical bytes:\n%s\n%s", b, b2)
	}
	if _, err := extract.Parse(b); err != nil {
		t.Errorf("Parse(canonical) = %v", err)
	}
	loose := bytes.Replace(b, []byte(`{"copyNo"`), []byte(`{ "copyNo"`), 1)
	if _, err := extract.Parse(loose); err == nil {
		t.Errorf("Parse accepted content that is not canonical")
	}
}

func TestPrintedValues(t *testing.T) {
	rec := birth()
	rec.Fields["nksNgaySinh"].Value = "1948-06"
	rec.Fields["nksNgaySinhBangChu"].Value = ""
	c, err := extract.NewContent(rec, "1/2026/TLKS-BS", "UBND phường 12", issued)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(c.Text(), "\n")
	for _, want := range []string{
		"Phường 12, ngày 05 tháng 3 năm 2026",
		"Ngày, tháng, năm sinh: 06/1948; ghi bằng chữ:\n",
		"Họ tên, chức vụ, người ký Giấy khai sinh: Lê Văn Hùng, Cán bộ tư pháp hộ tịch",
		"Đăng ký khai sinh tại: UBND phường Bến Nghé",
		"Số: 64, Quyển số: 01/2009, ngày 12/03/2009",
	} {
		if !strings.Contains(text+"\n", want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestPlaceName(t *testing.T) {
	for _, tc := range []struct{ office, want string }{
		{"UBND phường Bến Nghé", "Bến Nghé"},
		{"Ủy ban nhân dân xã Bình Chánh", "Bình Chánh"},
		{"UBND phường 12", "Phường 12"},
		{"UBND đặc khu Côn Đảo", "Côn Đảo"},
		{"Sở Tư pháp Thành phố Hồ Chí Minh", "Sở Tư pháp Thành phố Hồ Chí Minh"},
	} {
		if got := extract.PlaceName(tc.office); got != tc.want {
			t.Errorf("PlaceName(%q) = %q, want %q", tc.office, got, tc.want)
		}
	}
}

func TestRenderDeterministic(t *testing.T) {
	key, content, sig, pdf := signed(t, birth(), "3/2026/TLKS-BS")
	for i := 0; i < 3; i++ {
		again, err := extract.Render(content, sig, key.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, pdf) {
			t.Fatalf("drawing the same signed content again gave other bytes (%d vs %d)", len(again), len(pdf))
		}
	}
	other, err := extract.Render(content, sig, "0000000000000000")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(other, pdf) {
		t.Errorf("another key id drew the same bytes")
	}
}

func TestRenderText(t *testing.T) {
	testenv.Need(t, "poppler")
	key, _, _, pdf := signed(t, birth(), "12/2026/TLKS-BS")
	dir := t.TempDir()
	file := filepath.Join(dir, "tl.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ") // lines wrap where they will
	for _, want := range []string{
		"UBND PHƯỜNG SÀI GÒN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: 12/2026/TLKS-BS", "Sài Gòn, ngày 05 tháng 3 năm 2026", "TRÍCH LỤC KHAI SINH (BẢN SAO)",
		"Nguyễn Thị Nhàn", "Trần Thị Ánh", "26/06/1948", "Ngày hai mươi sáu, tháng sáu, năm một nghìn chín trăm bốn mươi tám",
		"Đăng ký khai sinh tại: UBND phường Bến Nghé", "Quyển số: 01/2009", "Ghi chú:",
		"NGƯỜI KÝ TRÍCH LỤC", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", key.ID,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
}

func TestDumpSample(t *testing.T) {
	out := os.Getenv("EXTRACT_SAMPLE")
	if out == "" {
		t.Skip("set EXTRACT_SAMPLE=FILE.pdf to write a sample extract")
	}
	_, _, _, pdf := signed(t, birth(), "12/2026/TLKS-BS")
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
}

var update = flag.Bool("update", false, "rewrite testdata/golden.sha256")

// TestRenderGolden pins the bytes of formats civreg-extract/1 and /2: copies
// already issued verify only while the same content draws the same bytes.
// A change of layout, fonts, fpdf or Go's compressor shows up here; it
// needs a new Format (keeping the old drawing), not -update.
func TestRenderGolden(t *testing.T) {
	key := &extract.Key{Office: "UBND phường Sài Gòn", Private: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))}
	key.ID = extract.KeyID(key.Private.Public().(ed25519.PublicKey))
	for _, tc := range []struct{ format, golden string }{
		{extract.Format, "golden.sha256"},
		{extract.FormatQR, "golden-qr.sha256"},
	} {
		t.Run(tc.format, func(t *testing.T) { renderGolden(t, key, tc.format, tc.golden) })
	}
}

func renderGolden(t *testing.T, key *extract.Key, format, golden string) {
	c, err := extract.NewContent(birth(), "12/2026/TLKS-BS", key.Office, issued)
	if err != nil {
		t.Fatal(err)
	}
	c.Format = format
	content, err := c.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	msg, err := extract.SignedMessage(content, key.ID)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := extract.Render(content, key.Sign(msg), key.ID)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	got := fmt.Sprintf("%x  %d bytes\n", sum, len(pdf))
	golden = filepath.Join("testdata", golden)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the extract draws other bytes than format %s did:\n got %s want %s", format, got, want)
	}
}

// sampleValue is a stored value of a type, for TestEveryForm.
func sampleValue(t registry.ValueType) string {
	switch t {
	case registry.TypeDate, registry.TypeDateWords:
		return "2001-02-03"
	case registry.TypeDeathTime:
		return "2010-09-25T00:20"
	case registry.TypeYear:
		return "1975"
	case registry.TypeSex:
		return "Nữ"
	case registry.TypeNumber:
		return "17"
	}
	return "Giá trị " + string(t)
}

func TestEveryForm(t *testing.T) {
	testenv.Need(t, "poppler")
	for _, f := range form.All() {
		t.Run(f.ID().String(), func(t *testing.T) {
			rec := &registry.Record{ID: "r-" + f.ID().String(), Kind: f.Kind, Era: f.Era, Office: "UBND xã Bình Chánh", Book: "03/2001",
				Status: registry.RecordVerified, Fields: map[string]*registry.Field{}}
			for _, fs := range f.Fields() {
				rec.Fields[fs.Key] = &registry.Field{Key: fs.Key, Value: sampleValue(fs.Type), Status: registry.FieldAuto}
			}
			copyNo := "5/2026/" + extract.Code(f.Kind)
			_, _, _, pdf := signed(t, rec, copyNo)
			file := filepath.Join(t.TempDir(), "tl.pdf")
			os.WriteFile(file, pdf, 0o644)
			out, err := exec.Command("pdftotext", file, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			date := "03/02/2001"
			if f.Kind == registry.Recognition && f.Era == registry.EraA {
				date = "03 tháng 02 năm 2001" // the decision date, after "ngày"
			}
			for _, want := range []string{extract.Title(f.Kind) + " (BẢN SAO)", "Số: " + copyNo, "Giá trị name", date,
				"Quyển số: 03/2001, ngày 03/02/2001", "Trang 1/1"} {
				if !strings.Contains(text, want) {
					t.Errorf("lacks %q:\n%s", want, text)
				}
			}
		})
	}
}
