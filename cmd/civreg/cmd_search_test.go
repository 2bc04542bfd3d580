package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// searchStore makes a store with two birth records.
func searchStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, v := range []map[string]string{
		{"so": "12", "nksHoTen": "Nguyễn Văn An", "nksNgaySinh": "1990-05-03", "nksSoDinhDanh": "079090001234", "chaHoTen": "Nguyễn Văn Bình", "ngayDangKy": "2009-03-12"},
		{"so": "13", "nksHoTen": "Trần Thị Bích", "nksNgaySinh": "1991-01-02", "ngayDangKy": "2009-03-14"},
	} {
		fields := map[string]*registry.Field{}
		for k, s := range v {
			fields[k] = &registry.Field{Value: s, Raw: s, Confidence: 1, Status: registry.FieldAuto}
		}
		err := db.SavePage(context.Background(), &registry.PageResult{
			Page:   registry.Page{SHA256: strings.Repeat(string(rune('a'+i)), 64), File: "quyen.pdf", PageIndex: i},
			Record: &registry.Record{Kind: registry.Birth, Era: registry.EraB, Office: "UBND phường Bến Nghé", Book: "01/2009", Page: i + 1, Fields: fields},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestSearchCommand(t *testing.T) {
	db := searchStore(t)
	stdout, stderr, code := run(t, "--db", db, "search", "--name", "ngyuen van an", "--born", "1990")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "RECORD") {
		t.Fatalf("want a header and one hit, got:\n%s", stdout)
	}
	for _, want := range []string{strings.Repeat("a", 16), "KS", "verified", "Nguyễn Văn An", "1990-05-03", "UBND phường Bến Nghé", "01/2009/12", "2009-03-12", "gần đúng"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("hit line %q lacks %q", lines[1], want)
		}
	}

	stdout, _, code = run(t, "--db", db, "search", "--book", "1/2009", "--entry", "13", "--json")
	var hits []registry.SearchHit
	if err := json.Unmarshal([]byte(stdout), &hits); err != nil || code != 0 {
		t.Fatalf("--json: exit %d, %v:\n%s", code, err, stdout)
	}
	if len(hits) != 1 || hits[0].Name != "Trần Thị Bích" || hits[0].Entry != "13" {
		t.Errorf("--json hits = %+v", hits)
	}
	// Logged (issue 22: searches were not), under the system account.
	if n := count(t, db, `SELECT COUNT(*) FROM events WHERE action = 'search' AND actor LIKE 'dòng lệnh: %' AND note LIKE 'họ tên: ngyuen van an; sinh: 1990%'`); n != 1 {
		t.Errorf("%d search events for the first search, want 1", n)
	}
}

func TestSearchCommandErrors(t *testing.T) {
	db := searchStore(t)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"search"}, exitUsage},
		{[]string{"search", "--entry", "12"}, exitUsage},
		{[]string{"search", "--kind", "XX", "--name", "an"}, exitUsage},
		{[]string{"search", "--born", "hôm qua"}, exitUsage},
		{[]string{"search", "--name", "le van tam"}, exitNotFound},
		{[]string{"search", "--id", "079090009999", "--json"}, exitNotFound},
	} {
		if _, stderr, code := run(t, append([]string{"--db", db}, tt.args...)...); code != tt.code {
			t.Errorf("%v: exit %d, want %d (%s)", tt.args, code, tt.code, stderr)
		}
	}
	if _, _, code := run(t, "--db", filepath.Join(t.TempDir(), "none.db"), "search", "--name", "an"); code != exitNotFound {
		t.Errorf("missing store: exit %d, want %d", code, exitNotFound)
	}
}
