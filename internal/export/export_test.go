package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/export"
	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// records returns a birth record of the old form with a few fields read,
// one needing review, and a death record of the new form.
func records() []*registry.Record {
	return []*registry.Record{
		{
			ID: "5f1c0a9e3b2d4c71", Kind: registry.Birth, Era: registry.EraA,
			Office: "UBND phường Bến Nghé", Book: "01/2009", Page: 64, Status: registry.RecordNeedsReview,
			Source:  registry.Source{File: "batch-07/quyen-01-2009.pdf", PageIndex: 63, SHA256: "9b7e"},
			BatchID: 7, Created: time.Date(2025, 7, 1, 8, 30, 0, 0, time.UTC),
			Fields: map[string]*registry.Field{
				"nksHoTen":    {Value: "Nguyễn Thị Nhàn", Raw: "NGUYỄN THỊ NHÀN", Confidence: 0.97, Status: registry.FieldAuto, Box: &registry.Box{391, 433, 1084, 570}},
				"nksNgaySinh": {Value: "1948-06", Raw: "../6/1948", Confidence: 0.42, Status: registry.FieldNeedsReview, Box: &registry.Box{641, 548, 1080, 644}, Reason: registry.ReasonLowConfidence, Note: "day unreadable"},
				"nksGioiTinh": {Value: "Nữ", Raw: "nữ", Confidence: 0.99, Status: registry.FieldConfirmed},
				"ngayDangKy":  {Value: "2009-03-12", Raw: "12 tháng 3 năm 2009", Confidence: 0.9, Status: registry.FieldCorrected},
				"ghiChu":      {Value: "Đăng ký lại, theo \"QĐ 12\" <số 3 & 4>\ndòng hai", Raw: "Đăng ký lại", Confidence: 0.5, Status: registry.FieldAuto},
				"xDebug":      {Value: "extra", Status: registry.FieldAuto},
			},
		},
		{
			ID: "a0b1c2d3e4f50617", Kind: registry.Death, Era: registry.EraB,
			Office: "UBND phường Sài Gòn", Book: "02/2021", Page: 3, Status: registry.RecordVerified,
			Source: registry.Source{File: "kt.png", PageIndex: 0, SHA256: "c0ff"},
			Fields: map[string]*registry.Field{
				"nktHoTen": {Value: "Trần Văn Ba", Raw: "Trần Văn Ba", Confidence: 0.995, Status: registry.FieldAuto},
				"so":       {Value: "12", Raw: "12", Confidence: 1, Status: registry.FieldAuto},
			},
		},
	}
}

func write(t *testing.T, w export.Writer, recs []*registry.Record) {
	t.Helper()
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, path, got)
	}
}

func TestNDJSON(t *testing.T) {
	var b bytes.Buffer
	write(t, export.NewNDJSON(&b), records())
	golden(t, "records.ndjson", b.Bytes())

	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	for i, line := range lines {
		rec := records()[i]
		var got struct {
			ID, Kind, Era, Office, Book, Status string
			Page                                int
			Source                              map[string]any
			Fields                              map[string]map[string]any
		}
		dec := json.NewDecoder(strings.NewReader(line))
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if got.ID != rec.ID || got.Kind != string(rec.Kind) || got.Page != rec.Page || got.Source["sha256"] != rec.Source.SHA256 {
			t.Errorf("line %d: record columns %+v", i, got)
		}
		for _, k := range form.Get(rec.Kind, rec.Era).Keys() {
			f, ok := got.Fields[k]
			if !ok {
				t.Errorf("line %d: key %s missing", i, k)
				continue
			}
			for _, attr := range []string{"value", "raw", "confidence", "status"} {
				if _, ok := f[attr]; !ok {
					t.Errorf("line %d: %s has no %s", i, k, attr)
				}
			}
			if rec.Fields[k] == nil && (f["status"] != "missing" || f["value"] != "" || f["confidence"] != 0.0 || f["box"] != nil) {
				t.Errorf("line %d: unread %s = %v, want a missing field", i, k, f)
			}
		}
		for k, want := range rec.Fields {
			if got.Fields[k]["value"] != want.Value || got.Fields[k]["status"] != string(want.Status) {
				t.Errorf("line %d: %s = %v, want %+v", i, k, got.Fields[k], want)
			}
		}
	}
	nhan := `"nksHoTen":{"value":"Nguyễn Thị Nhàn","raw":"NGUYỄN THỊ NHÀN","confidence":0.97,"status":"auto","box":[391,433,1084,570]}`
	if !strings.Contains(lines[0], nhan) {
		t.Errorf("line 0 lacks %s", nhan)
	}
	if strings.Contains(lines[0], `\u003c`) {
		t.Error("HTML-escaped text in NDJSON")
	}
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	write(t, export.NewCSV(&b, registry.Birth, registry.Death), records())
	golden(t, "records.csv", b.Bytes())

	if !bytes.HasPrefix(b.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := append([]string{"id", "kind", "era", "office", "book", "page", "status"}, export.Columns(registry.Birth, registry.Death)...)
	if !reflect.DeepEqual(rows[0], wantHeader) {
		t.Errorf("header = %q, want %q", rows[0], wantHeader)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header and 2", len(rows))
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	for i, rec := range records() {
		row := rows[i+1]
		if row[0] != rec.ID || row[col("page")] != "64" && i == 0 || row[col("status")] != string(rec.Status) {
			t.Errorf("row %d: %q", i+1, row[:7])
		}
		for _, k := range form.Get(rec.Kind, rec.Era).Keys() {
			want := ""
			if f := rec.Fields[k]; f != nil {
				want = f.Value
			}
			if c := col(k); c < 0 || row[c] != want {
				t.Errorf("row %d: %s = %q (column %d), want %q", i+1, k, row[max(c, 0)], c, want)
			}
		}
	}
	if col("xDebug") >= 0 {
		t.Error("a key no form prints became a column")
	}
}

func TestEmptyCSV(t *testing.T) {
	var b bytes.Buffer
	write(t, export.NewCSV(&b, registry.Marriage), nil)
	want := "\uFEFFid,kind,era,office,book,page,status," + strings.Join(export.Columns(registry.Marriage), ",") + "\r\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestColumns(t *testing.T) {
	all := export.Columns()
	for _, f := range form.All() {
		var sub []string
		for _, k := range all {
			if slices.Contains(f.Keys(), k) {
				sub = append(sub, k)
			}
		}
		// Each form's keys appear once each, in page order, unless another
		// form placed a shared key earlier: check set equality and no
		// duplicates, and page order for the first form of the list.
		if len(sub) != len(f.Keys()) {
			t.Errorf("%s: %d of its %d keys are columns", f.ID(), len(sub), len(f.Keys()))
		}
	}
	seen := map[string]bool{}
	for _, k := range all {
		if seen[k] {
			t.Errorf("column %s twice", k)
		}
		seen[k] = true
	}
	ksA := form.Get(registry.Birth, registry.EraA).Keys()
	if ks := export.Columns(registry.Birth); !slices.Equal(ks[:len(ksA)], ksA) {
		t.Errorf("KS columns do not start with KS-A's keys in page order: %q", ks)
	}
	if got, want := len(export.Columns(registry.Birth, registry.Death)), len(export.Columns(registry.Death, registry.Birth)); got != want {
		t.Errorf("column count depends on the order of kinds: %d, %d", got, want)
	}
}

func TestUnknownForm(t *testing.T) {
	r := &registry.Record{ID: "x", Kind: registry.Birth, Era: ""}
	for name, w := range map[string]export.Writer{"ndjson": export.NewNDJSON(&bytes.Buffer{}), "csv": export.NewCSV(&bytes.Buffer{})} {
		if err := w.Write(r); registry.ErrorCode(err) != registry.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}
