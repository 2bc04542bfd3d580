package export_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/civreg/civreg/internal/export"
	"github.com/civreg/civreg/registry"
	"github.com/xuri/excelize/v2"
)

func TestXLSX(t *testing.T) {
	births := records()[:1]
	b := births[0]
	b.Fields["nksSoDinhDanh"] = &registry.Field{Value: "079148001234", Status: registry.FieldAuto}
	var buf bytes.Buffer
	x, err := export.NewXLSX(&buf, registry.Birth)
	if err != nil {
		t.Fatal(err)
	}
	write(t, x, births)

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"KhaiSinh"}) {
		t.Errorf("sheets = %v, want [KhaiSinh]", got)
	}
	rows, err := f.GetRows("KhaiSinh")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want a header and one record", len(rows))
	}
	head := rows[0]
	if want := []string{"so", "quyenSo", "trangSo", "ngayDangKy", "noiDangKy", "loaiDangKy", "nksHoTen"}; !slices.Equal(head[:len(want)], want) {
		t.Errorf("header starts %v, want %v", head[:len(want)], want)
	}
	if !slices.Equal(head, export.XLSXColumns(registry.Birth)) {
		t.Errorf("header = %v, want XLSXColumns(KS)", head)
	}
	if slices.Contains(head, "xDebug") || slices.Contains(head, "nktHoTen") {
		t.Errorf("header %v has keys no birth form prints", head)
	}
	cell := func(key string) string {
		i := slices.Index(head, key)
		if i < 0 {
			t.Fatalf("no column %s", key)
		}
		if i >= len(rows[1]) {
			return ""
		}
		return rows[1][i]
	}
	for key, want := range map[string]string{
		"nksHoTen": "Nguyễn Thị Nhàn", "quyenSo": "01/2009", "noiDangKy": "UBND phường Bến Nghé",
		"nksNgaySinh": "1948-06", "nksSoDinhDanh": "079148001234", "nksGioiTinh": "Nữ", "so": "",
	} {
		if got := cell(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	// The ID keeps its leading zero: it is text, not a number.
	ref, _ := excelize.CoordinatesToCellName(slices.Index(head, "nksSoDinhDanh")+1, 2)
	if typ, err := f.GetCellType("KhaiSinh", ref); err != nil || typ == excelize.CellTypeNumber {
		t.Errorf("the ID cell's type is %v, %v; want text", typ, err)
	}
}

func TestXLSXOneKind(t *testing.T) {
	var buf bytes.Buffer
	if _, err := export.NewXLSX(&buf, ""); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("NewXLSX without a kind = %v, want EINVALID", err)
	}
	x, err := export.NewXLSX(&buf, registry.Birth)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Write(records()[1]); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("a death record in a birth sheet = %v, want EINVALID", err)
	}
	for _, k := range registry.Kinds {
		cols := export.XLSXColumns(k)
		if cols[0] != "so" || cols[len(cols)-1] != "ghiChu" || len(cols) < 15 {
			t.Errorf("%s columns = %v", k, cols)
		}
	}
}
