package moj

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/civreg/civreg/registry"
)

// textFormat is Excel's built-in number format "@": a cell that holds
// text, so that an ID number keeps its leading zeros and a date stays as
// written, also when someone edits the cell.
const textFormat = 49

// writeSheet writes a book's workbook to w: the template's sheet with a
// header row of column names and one row per record, every cell text.
// Rows go through excelize's StreamWriter, which spills to a temporary
// file rather than holding a large book in memory.
func writeSheet(w io.Writer, kind registry.Kind, rows []*registry.Record) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", tmpl.Sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(tmpl.Sheet)
	if err != nil {
		return err
	}
	cols := Columns(kind)
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{NumFmt: textFormat, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := sw.SetColStyle(1, len(cols), text); err != nil {
		return err
	}
	row := make([]any, len(cols))
	for i, c := range cols {
		row[i] = excelize.Cell{StyleID: bold, Value: c.Name}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for n, r := range rows {
		for i, c := range cols {
			if v := Cell(c, r); v != "" {
				row[i] = excelize.Cell{StyleID: text, Value: v}
			} else {
				row[i] = nil
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
