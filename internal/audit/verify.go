package audit

import (
	"bytes"
	"context"
	"fmt"

	"github.com/civreg/civreg/registry"
)

// Break is where the chain first does not hold.
type Break struct {
	Seq    int64  // the first broken link; 0 for a row no link covers
	Source string // registry.LinkEvent or registry.LinkIssuance, when known
	RowID  int64
	Reason string // one line, in the words of an office
}

// Error returns the break as one line.
func (b *Break) Error() string {
	var where string
	switch {
	case b.Seq > 0 && b.Source != "":
		where = fmt.Sprintf("link %d (%s %d)", b.Seq, b.Source, b.RowID)
	case b.Seq > 0:
		where = fmt.Sprintf("link %d", b.Seq)
	default:
		where = fmt.Sprintf("%s %d", b.Source, b.RowID)
	}
	return "the audit log is broken at " + where + ": " + b.Reason
}

// Report is what a check of the chain found.
type Report struct {
	Links       int64 // links in the chain
	Checked     int64 // links whose hash was recomputed
	Checkpoints int   // checkpoints whose signature and hash held
	Last        *registry.Checkpoint
	Broken      *Break // nil when the chain holds
}

// earlier keeps the break with the lower link.
func earlier(a, b *Break) *Break {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.Seq == 0:
		return b
	case b.Seq != 0 && b.Seq < a.Seq:
		return b
	}
	return a
}

// Verify recomputes the whole chain, checks every checkpoint against it
// and its office key, and looks for rows no link covers. It returns an
// error only when the check could not be made.
func Verify(ctx context.Context, s registry.AuditStore, keys registry.KeyStore) (*Report, error) {
	shape, err := s.Shape(ctx, 1, false)
	if err != nil {
		return nil, err
	}
	cps, err := s.Checkpoints(ctx)
	if err != nil {
		return nil, err
	}
	want := map[int64]bool{}
	for _, cp := range cps {
		want[cp.Seq] = true
	}
	r := &Report{Links: shape.Links}
	at := map[int64][]byte{}
	r.Broken, err = walk(ctx, s, 1, nil, r, func(l *registry.Link) {
		if want[l.Seq] {
			at[l.Seq] = l.Hash
		}
	})
	if err != nil {
		return nil, err
	}
	for i := range cps {
		b, err := checkCheckpoint(ctx, &cps[i], at, shape.Head, keys)
		if err != nil {
			return nil, err
		}
		if b == nil {
			r.Checkpoints++
			r.Last = &cps[i]
		}
		r.Broken = earlier(r.Broken, b)
	}
	r.Broken = earlier(r.Broken, shapeBreak(shape))
	return r, nil
}

// Check is the quick check made before a copy number is given: the
// chain's shape (no gaps, no row gone, none unchained), the last
// checkpoint, and the links after it recomputed. A row edited before the
// last checkpoint is left to Verify.
func Check(ctx context.Context, s registry.AuditStore, keys registry.KeyStore) (*Report, error) {
	shape, err := s.Shape(ctx, 1, true)
	if err != nil {
		return nil, err
	}
	r := &Report{Links: shape.Links}
	if r.Broken = shapeBreak(shape); r.Broken != nil {
		return r, nil
	}
	cp, err := s.LastCheckpoint(ctx)
	if err != nil {
		return nil, err
	}
	from, prev := int64(1), []byte(nil)
	if cp != nil {
		var head []byte
		if cp.Seq <= shape.Head {
			err = s.EachLink(ctx, cp.Seq, func(l *registry.Link) error {
				head = l.Hash
				return errStop
			})
			if err != nil && err != errStop {
				return nil, err
			}
		}
		b, err := checkCheckpoint(ctx, cp, map[int64][]byte{cp.Seq: head}, shape.Head, keys)
		if err != nil || b != nil {
			r.Broken = b
			return r, err
		}
		r.Checkpoints, r.Last = 1, cp
		from, prev = cp.Seq+1, cp.Hash
	}
	r.Broken, err = walk(ctx, s, from, prev, r, nil)
	return r, err
}

var errStop = fmt.Errorf("stop")

// walk recomputes the links from seq on, given the hash before it, and
// returns the first that does not hold.
func walk(ctx context.Context, s registry.AuditStore, from int64, prev []byte, r *Report, seen func(*registry.Link)) (*Break, error) {
	next := from
	var broken *Break
	err := s.EachLink(ctx, from, func(l *registry.Link) error {
		b := &Break{Seq: l.Seq, Source: l.Source, RowID: l.RowID}
		content := Encode(l)
		switch {
		case l.Seq != next:
			b = &Break{Seq: next, Reason: fmt.Sprintf("links %d to %d are missing: rows were removed from the log", next, l.Seq-1)}
		case content == nil:
			b.Reason = "the row is gone: it was deleted from the file"
		case !bytes.Equal(Next(prev, content), l.Hash):
			b.Reason = "the row does not match its hash: it was changed after it was logged, or the chain was rewritten"
		default:
			b = nil
		}
		if b != nil {
			broken = b
			return errStop
		}
		r.Checked++
		if seen != nil {
			seen(l)
		}
		prev, next = l.Hash, next+1
		return nil
	})
	if err != nil && err != errStop {
		return nil, err
	}
	return broken, nil
}

// checkCheckpoint checks cp's signature with its key and its hash against
// the chain's hash at its link (hashes holds it when the link was reached).
func checkCheckpoint(ctx context.Context, cp *registry.Checkpoint, hashes map[int64][]byte, head int64, keys registry.KeyStore) (*Break, error) {
	key, err := keys.FindKey(ctx, cp.KeyID)
	if registry.ErrorCode(err) == registry.ENOTFOUND {
		return &Break{Seq: cp.Seq, Reason: fmt.Sprintf("checkpoint %d is signed with key %s, which this store does not know", cp.ID, cp.KeyID)}, nil
	} else if err != nil {
		return nil, err
	}
	switch h, ok := hashes[cp.Seq]; {
	case !CheckSignature(cp, key):
		return &Break{Seq: cp.Seq, Reason: fmt.Sprintf("checkpoint %d does not carry a valid signature of key %s", cp.ID, cp.KeyID)}, nil
	case cp.Seq > head:
		return &Break{Seq: head + 1, Reason: fmt.Sprintf("checkpoint %d signed link %d, but the log ends at link %d: rows were removed", cp.ID, cp.Seq, head)}, nil
	case ok && !bytes.Equal(h, cp.Hash):
		return &Break{Seq: cp.Seq, Reason: fmt.Sprintf("the chain does not match checkpoint %d signed by key %s on %s: rows up to here were changed or removed and the chain rewritten",
			cp.ID, cp.KeyID, cp.At.In(zone).Format("02/01/2006 15:04"))}, nil
	}
	return nil, nil
}

// shapeBreak names the first sign of tampering in a chain's shape.
func shapeBreak(sh *registry.ChainShape) *Break {
	var b *Break
	if len(sh.Dangling) > 0 {
		l := sh.Dangling[0]
		b = &Break{Seq: l.Seq, Source: l.Source, RowID: l.RowID, Reason: "the row is gone: it was deleted from the file"}
	}
	if sh.Links != sh.Head {
		b = earlier(b, &Break{Seq: sh.Head, Reason: fmt.Sprintf("the log has %d links numbered up to %d: links were removed", sh.Links, sh.Head)})
	}
	if b == nil && len(sh.Unchained) > 0 {
		l := sh.Unchained[0]
		b = &Break{Source: l.Source, RowID: l.RowID, Reason: "the row is in no link of the chain: it was added to the file directly"}
	}
	for _, src := range []string{registry.LinkEvent, registry.LinkIssuance} {
		if b == nil && sh.Rows[src] != sh.RowLinks[src] {
			b = &Break{Source: src, Reason: fmt.Sprintf("the file holds %d rows of %ss but the chain %d", sh.Rows[src], src, sh.RowLinks[src])}
		}
	}
	return b
}
