package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/civreg/civreg/registry"
)

// NDJSON writes one JSON object per line per record, in the shape of
// shared/spec/export.md, fields in page order.
type NDJSON struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

// NewNDJSON returns a writer of NDJSON to w.
func NewNDJSON(w io.Writer) *NDJSON {
	n := &NDJSON{w: bufio.NewWriter(w)}
	n.enc = json.NewEncoder(&n.buf)
	// Names and places are read by people in the file too; "<" and "&"
	// are ordinary characters here, not HTML.
	n.enc.SetEscapeHTML(false)
	return n
}

// jsonRecord is the exported shape of a record; the field order is the
// contract's.
type jsonRecord struct {
	ID     string                `json:"id"`
	Kind   registry.Kind         `json:"kind"`
	Era    registry.Era          `json:"era"`
	Office string                `json:"office"`
	Book   string                `json:"book"`
	Page   int                   `json:"page"`
	Status registry.RecordStatus `json:"status"`
	Source registry.Source       `json:"source"`
	Fields orderedFields         `json:"fields"`
}

// orderedFields encodes a record's fields as an object with the keys in
// the given order (encoding/json would sort a map's keys).
type orderedFields struct {
	r    *registry.Record
	keys []string
}

// MarshalJSON implements json.Marshaler.
func (o orderedFields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // as in NewNDJSON
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(k); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode ends with a newline
		b.WriteByte(':')
		if err := enc.Encode(field(o.r, k)); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Write writes r as one line.
func (n *NDJSON) Write(r *registry.Record) error {
	keys, err := Keys(r)
	if err != nil {
		return err
	}
	n.buf.Reset()
	err = n.enc.Encode(jsonRecord{
		ID: r.ID, Kind: r.Kind, Era: r.Era, Office: r.Office, Book: r.Book, Page: r.Page,
		Status: r.Status, Source: r.Source, Fields: orderedFields{r: r, keys: keys},
	})
	if err != nil {
		return registry.Errorf(registry.EINVALID, "record %s: %v", r.ID, err)
	}
	_, err = n.w.Write(n.buf.Bytes())
	return err
}

// Flush writes out what is buffered.
func (n *NDJSON) Flush() error { return n.w.Flush() }
