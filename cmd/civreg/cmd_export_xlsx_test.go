package main

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportXLSX(t *testing.T) {
	db := searchStore(t)
	out := filepath.Join(t.TempDir(), "ks.xlsx")
	if _, stderr, code := run(t, "--db", db, "-q", "export", "--format", "xlsx", "--kind", "ks", "--out", out); code != 0 {
		t.Fatalf("export xlsx: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("KhaiSinh")
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows = %v, %v; want a header and 2 records", rows, err)
	}
	i := slices.Index(rows[0], "nksHoTen")
	if i < 0 || rows[1][i] != "Nguyễn Văn An" || rows[2][i] != "Trần Thị Bích" {
		t.Errorf("nksHoTen column %d: %v / %v", i, rows[1], rows[2])
	}
	if _, _, code := run(t, "--db", db, "export", "--format", "xlsx", "--out", out+"2"); code != exitUsage {
		t.Errorf("xlsx without --kind: exit %d, want %d", code, exitUsage)
	}
}
