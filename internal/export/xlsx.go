package export

import (
	"fmt"
	"io"
	"slices"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
	"github.com/xuri/excelize/v2"
)

// XLSX writes the records of one kind as a workbook in the layout of the
// national digitisation import template: one sheet, a header row of field
// keys, one row per record. Rows go through excelize's StreamWriter, which
// keeps them in a temporary file rather than in memory, so an export of a
// whole store runs in constant memory; the workbook is written to w by
// Flush.
type XLSX struct {
	w     io.Writer
	kind  registry.Kind
	f     *excelize.File
	sw    *excelize.StreamWriter
	keys  []string
	row   []any
	next  int // the next row's number
	flush bool
}

var _ Writer = (*XLSX)(nil)

// xlsxHead are the template's first columns, the same for every kind: the
// entry, its book and page, the registration date, office and type. quyenSo
// and noiDangKy are the record's book and office.
var xlsxHead = []string{"so", "quyenSo", "trangSo", "ngayDangKy", "noiDangKy", "loaiDangKy"}

// xlsxTail are the template's last columns.
var xlsxTail = []string{"nguoiKy", "chucVuNguoiKy", "ghiChu"}

// XLSXColumns returns the columns of a kind's import sheet: xlsxHead, then
// the keys the kind's forms print (both eras, in page order, each once),
// then xlsxTail.
func XLSXColumns(kind registry.Kind) []string {
	cols := slices.Clone(xlsxHead)
	for _, k := range Columns(kind) {
		if !slices.Contains(xlsxHead, k) && !slices.Contains(xlsxTail, k) {
			cols = append(cols, k)
		}
	}
	return append(cols, xlsxTail...)
}

// xlsxSheet names the sheet after the book kind.
var xlsxSheet = map[registry.Kind]string{
	registry.Birth: "KhaiSinh", registry.Marriage: "KetHon", registry.Death: "KhaiTu", registry.Recognition: "NhanChaMeCon",
}

// NewXLSX returns a writer of kind's import sheet to w. Each kind has its
// own columns, so a workbook holds one kind: EINVALID without one.
func NewXLSX(w io.Writer, kind registry.Kind) (*XLSX, error) {
	if _, err := registry.ParseKind(string(kind)); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "an xlsx export holds one kind of book: give --kind KS, KH, KT or CMC")
	}
	f := excelize.NewFile()
	sheet := xlsxSheet[kind]
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	x := &XLSX{w: w, kind: kind, f: f, sw: sw, keys: XLSXColumns(kind), next: 1}
	x.row = make([]any, len(x.keys))
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		f.Close()
		return nil, err
	}
	head := make([]any, len(x.keys))
	for i, k := range x.keys {
		head[i] = excelize.Cell{StyleID: bold, Value: k}
	}
	if err := x.setRow(head); err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

func (x *XLSX) setRow(values []any) error {
	cell, err := excelize.CoordinatesToCellName(1, x.next)
	if err != nil {
		return err
	}
	x.next++
	return x.sw.SetRow(cell, values)
}

// Write writes r as one row. Every value is text, as stored (dates ISO
// with their precision, IDs with their leading zeros). A record of another
// kind is EINVALID.
func (x *XLSX) Write(r *registry.Record) error {
	if r.Kind != x.kind {
		return registry.Errorf(registry.EINVALID, "record %s is %s, not %s: an xlsx export holds one kind", r.ID, r.Kind, x.kind)
	}
	if form.Get(r.Kind, r.Era) == nil {
		return registry.Errorf(registry.EINVALID, "record %s: no form %s-%s", r.ID, r.Kind, r.Era)
	}
	for i, k := range x.keys {
		switch k {
		case "quyenSo":
			x.row[i] = r.Book
		case "noiDangKy":
			x.row[i] = r.Office
		default:
			x.row[i] = field(r, k).Value
		}
		if x.row[i] == "" {
			x.row[i] = nil // an empty cell, not an empty string
		}
	}
	return x.setRow(x.row)
}

// Flush finishes the workbook and writes it to w; nothing can be written
// after.
func (x *XLSX) Flush() error {
	if x.flush {
		return fmt.Errorf("xlsx: flushed twice")
	}
	x.flush = true
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.f.WriteTo(x.w)
	return err
}
