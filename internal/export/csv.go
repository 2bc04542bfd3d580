package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// bom starts the file so that spreadsheet programs read it as UTF-8;
// without it Excel shows Vietnamese as mojibake.
const bom = "\uFEFF"

// recordColumns are the columns before the field keys.
var recordColumns = []string{"id", "kind", "era", "office", "book", "page", "status"}

// CSV writes one row per record: the record's columns, then the value of
// each field key column, in UTF-8 with a byte order mark and CRLF line
// ends, as spreadsheet programs expect.
type CSV struct {
	bw      *bufio.Writer
	w       *csv.Writer
	keys    []string
	row     []string
	started bool
}

// NewCSV returns a writer of CSV to w with a column for every field key of
// the given kinds' forms (every kind when none is given); see Columns. A
// record's fields of other kinds' forms are not written.
func NewCSV(w io.Writer, kinds ...registry.Kind) *CSV {
	bw := bufio.NewWriter(w)
	c := &CSV{bw: bw, w: csv.NewWriter(bw), keys: Columns(kinds...)}
	c.w.UseCRLF = true
	c.row = make([]string, len(recordColumns)+len(c.keys))
	return c
}

// start writes the byte order mark and the header, once.
func (c *CSV) start() error {
	if c.started {
		return nil
	}
	c.started = true
	if _, err := c.bw.WriteString(bom); err != nil {
		return err
	}
	return c.w.Write(append(append([]string(nil), recordColumns...), c.keys...))
}

// Write writes r as one row. Keys its form prints but it lacks are left
// empty, as missing; a record of an unknown form is EINVALID.
func (c *CSV) Write(r *registry.Record) error {
	if _, err := Keys(r); err != nil {
		return err
	}
	if err := c.start(); err != nil {
		return err
	}
	copy(c.row, []string{r.ID, string(r.Kind), string(r.Era), r.Office, r.Book, strconv.Itoa(r.Page), string(r.Status)})
	for i, k := range c.keys {
		c.row[len(recordColumns)+i] = field(r, k).Value
	}
	return c.w.Write(c.row)
}

// Flush writes the header if no record was written, and what is buffered.
func (c *CSV) Flush() error {
	if err := c.start(); err != nil {
		return err
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}
