package audit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/civreg/civreg/registry"
)

// exportFormat names the copy's format in its first line.
const exportFormat = "civreg-audit"

// header is the first line of a copy.
type header struct {
	Format   string    `json:"format"`
	Version  int       `json:"version"`
	Exported time.Time `json:"exported"`
}

// line is one link, or one checkpoint, of a copy.
type line struct {
	Seq        int64                `json:"seq,omitempty"`
	Source     string               `json:"source,omitempty"`
	Row        int64                `json:"row,omitempty"`
	Hash       []byte               `json:"hash,omitempty"`
	What       string               `json:"what,omitempty"`
	Content    []byte               `json:"content,omitempty"`
	Checkpoint *registry.Checkpoint `json:"checkpoint,omitempty"`
}

// What describes a row in one line for people: when, who, what.
func What(l *registry.Link) string {
	switch {
	case l.Event != nil:
		e := l.Event
		return fmt.Sprintf("%s %s %s %s %s", e.At.In(zone).Format("02/01/2006 15:04:05"), e.Actor, e.Action, e.RecordID, e.New)
	case l.Issuance != nil:
		i := l.Issuance
		return fmt.Sprintf("%s %s issued %s of %s", i.At.In(zone).Format("02/01/2006 15:04:05"), i.IssuedBy, i.CopyNo, i.RecordID)
	}
	return "(row gone)"
}

// Export writes a copy of the chain, with each row's canonical content,
// and of the checkpoints, to keep away from the store: Compare later
// names the first link the store no longer holds as the copy does. It
// returns the number of links written.
func Export(ctx context.Context, s registry.AuditStore, w io.Writer, now time.Time) (int64, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(header{Format: exportFormat, Version: 1, Exported: now.UTC()}); err != nil {
		return 0, err
	}
	var n int64
	err := s.EachLink(ctx, 1, func(l *registry.Link) error {
		n++
		return enc.Encode(line{Seq: l.Seq, Source: l.Source, Row: l.RowID, Hash: l.Hash, What: What(l), Content: Encode(l)})
	})
	if err != nil {
		return n, err
	}
	cps, err := s.Checkpoints(ctx)
	if err != nil {
		return n, err
	}
	for i := range cps {
		if err := enc.Encode(line{Checkpoint: &cps[i]}); err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}

// copyReader reads the links of a copy in order, checking its own chain.
type copyReader struct {
	dec  *json.Decoder
	prev []byte
	next int64
}

func newCopyReader(r io.Reader) (*copyReader, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	var h header
	if err := dec.Decode(&h); err != nil || h.Format != exportFormat || h.Version != 1 {
		return nil, registry.Errorf(registry.EINVALID, "not a copy of a civreg audit log (civreg audit export)")
	}
	return &copyReader{dec: dec, next: 1}, nil
}

// link returns the copy's next link, or nil at its end.
func (c *copyReader) link() (*line, error) {
	var l line
	if err := c.dec.Decode(&l); err == io.EOF {
		return nil, nil
	} else if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "the copy is damaged after link %d: %v", c.next-1, err)
	}
	if l.Checkpoint != nil {
		return nil, nil
	}
	if l.Seq != c.next || !bytes.Equal(Next(c.prev, l.Content), l.Hash) {
		return nil, registry.Errorf(registry.EINVALID, "the copy itself does not hold at its link %d", c.next)
	}
	c.prev, c.next = l.Hash, c.next+1
	return &l, nil
}

// Compare walks the store's chain beside a copy written by Export and
// returns where the store first differs from it (nil when the store holds
// every link of the copy, as the copy has it), and how many links were
// compared.
func Compare(ctx context.Context, s registry.AuditStore, copy io.Reader) (*Break, int64, error) {
	c, err := newCopyReader(copy)
	if err != nil {
		return nil, 0, err
	}
	var n int64
	var broken *Break
	ended := false
	err = s.EachLink(ctx, 1, func(l *registry.Link) error {
		want, err := c.link()
		if err != nil {
			return err
		} else if want == nil {
			ended = true
			return errStop
		}
		if l.Seq != want.Seq || !bytes.Equal(l.Hash, want.Hash) {
			broken = &Break{Seq: want.Seq, Source: want.Source, RowID: want.Row,
				Reason: "the store no longer holds it as the copy does; the copy has: " + want.What}
			return errStop
		}
		n++
		return nil
	})
	if err != nil && err != errStop {
		return nil, n, err
	}
	if broken != nil || ended {
		return broken, n, nil
	}
	want, err := c.link()
	if err != nil {
		return nil, n, err
	}
	if want != nil {
		broken = &Break{Seq: want.Seq, Source: want.Source, RowID: want.Row,
			Reason: fmt.Sprintf("the store's log ends at link %d but the copy goes on; the copy has: %s", want.Seq-1, want.What)}
	}
	return broken, n, nil
}
