// Package push brings a station's verified records into the city registry:
// each record with its fields, its page image and its events, and the
// offices' public keys, in batches that each commit on their own, so that a
// push cut short (a kill -9, a dropped line) is simply run again. A
// record's id is made from its page's content hash, so it is the same on
// every station and every rerun: what the registry holds as pushed already
// is recognised by its digest and skipped, and a record changed on both
// sides since the last push is held for a supervisor, never overwritten.
package push

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"

	"github.com/civreg/civreg/registry"
)

// Source is the station's store.
type Source interface {
	EachRecord(ctx context.Context, f registry.RecordFilter, fn func(*registry.Record) error) error
	PageImage(ctx context.Context, recordID string) ([]byte, error)
	PageOriginal(ctx context.Context, recordID string) (*registry.Original, error)
	Events(ctx context.Context, recordID string) ([]registry.Event, error)
	Keys(ctx context.Context, office string) ([]registry.OfficeKey, error)
	Stats(ctx context.Context, batchID int64) (registry.BatchStats, error)
}

// Report sums up a push.
type Report struct {
	Records   int `json:"records"` // verified records looked at
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Present   int `json:"already_there"`
	Conflicts int `json:"conflicts"`
	Keys      int `json:"keys_added"`
	Batches   int `json:"batches_committed"`
}

// Pusher pushes one station's records.
type Pusher struct {
	From   Source
	To     registry.SyncStore
	Origin string // the station's name, kept with what it pushed
	// BatchSize is how many records one transaction pushes (0: 200).
	BatchSize int
	// Progress, when set, is told how many of total records are done.
	Progress func(done, total int)
}

// Run pushes the keys, then every verified record, and reports.
func (p *Pusher) Run(ctx context.Context) (Report, error) {
	var rep Report
	if p.Origin == "" {
		return rep, registry.Errorf(registry.EINVALID, "a push needs the station's name")
	}
	n, err := p.pushKeys(ctx)
	rep.Keys = n
	if err != nil {
		return rep, err
	}
	st, err := p.From.Stats(ctx, 0)
	if err != nil {
		return rep, err
	}
	size := p.BatchSize
	if size <= 0 {
		size = 200
	}
	var batch []*registry.Record
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := p.flush(ctx, batch, &rep)
		batch = batch[:0]
		if p.Progress != nil {
			p.Progress(rep.Records, st.Verified)
		}
		return err
	}
	err = p.From.EachRecord(ctx, registry.RecordFilter{Status: registry.RecordVerified}, func(r *registry.Record) error {
		batch = append(batch, r)
		if len(batch) >= size {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return rep, err
}

// pushKeys brings the registry's copy of the station's office keys up to
// date: the keys it lacks and how the station's keys ended (replaced or
// revoked), oldest first, so that an office's old key has ended before
// its new one arrives. A key id the registry holds with another public key
// is refused: ids are made from the key, so it is a forgery or a
// corruption.
func (p *Pusher) pushKeys(ctx context.Context) (int, error) {
	keys, err := p.From.Keys(ctx, "")
	if err != nil {
		return 0, err
	}
	slices.Reverse(keys)
	added := 0
	for i := range keys {
		k := &keys[i]
		have, err := p.To.FindKey(ctx, k.ID)
		switch {
		case err == nil && !slices.Equal(have.Public, k.Public):
			return added, registry.Errorf(registry.ECONFLICT, "office key %s differs between the station and the registry", k.ID)
		case err == nil && have.How == k.How:
			continue
		case err != nil && registry.ErrorCode(err) != registry.ENOTFOUND:
			return added, err
		}
		if err := p.To.ImportKey(ctx, k, p.Origin); err != nil {
			return added, err
		}
		if have == nil {
			added++
		}
	}
	return added, nil
}

// flush pushes one batch: the records the registry holds as they are are
// skipped without reading their images; the others go in one transaction.
func (p *Pusher) flush(ctx context.Context, batch []*registry.Record, rep *Report) error {
	ids := make([]string, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
	}
	have, err := p.To.Digests(ctx, ids)
	if err != nil {
		return err
	}
	var out []registry.Pushed
	for _, r := range batch {
		rep.Records++
		d := Digest(r)
		if have[r.ID] == d {
			rep.Present++
			continue
		}
		pr, err := p.pushed(ctx, r, d)
		if err != nil {
			return err
		}
		out = append(out, pr)
	}
	if len(out) == 0 {
		return nil
	}
	outcomes, err := p.To.Push(ctx, p.Origin, out)
	if err != nil {
		return err
	}
	rep.Batches++
	for _, o := range outcomes {
		switch o {
		case registry.PushAdded:
			rep.Added++
		case registry.PushUpdated:
			rep.Updated++
		case registry.PushPresent:
			rep.Present++
		case registry.PushConflict:
			rep.Conflicts++
		}
	}
	return nil
}

// pushed reads what the registry needs of one record.
func (p *Pusher) pushed(ctx context.Context, r *registry.Record, digest string) (registry.Pushed, error) {
	img, err := p.From.PageImage(ctx, r.ID)
	if err != nil && registry.ErrorCode(err) != registry.ENOTFOUND {
		return registry.Pushed{}, fmt.Errorf("page image of %s: %w", r.ID, err)
	}
	orig, err := p.From.PageOriginal(ctx, r.ID)
	if registry.ErrorCode(err) == registry.ENOTFOUND {
		orig, err = nil, nil // a page stored before originals were kept
	}
	if err != nil {
		return registry.Pushed{}, fmt.Errorf("original page of %s: %w", r.ID, err)
	}
	ev, err := p.From.Events(ctx, r.ID)
	if err != nil {
		return registry.Pushed{}, err
	}
	page := registry.Page{SHA256: r.Source.SHA256, File: r.Source.File, PageIndex: r.Source.PageIndex, Side: r.Source.Side, Status: registry.PageDone}
	return registry.Pushed{Record: r, Page: page, Image: img, Original: orig, Events: ev, Digest: digest}, nil
}

// Digest identifies a record's content: its status and every field's key,
// value and status, in key order. Two stores holding the same record the
// same way give the same digest.
func Digest(r *registry.Record) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", r.ID, r.Status)
	keys := make([]string, 0, len(r.Fields))
	for k := range r.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f := r.Fields[k]
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", k, f.Value, f.Status)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Differences lists the fields whose values differ between the registry's
// record and the station's, as "key: registry → station".
func Differences(reg, station *registry.Record) []string {
	keys := map[string]bool{}
	for k := range reg.Fields {
		keys[k] = true
	}
	for k := range station.Fields {
		keys[k] = true
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		a, b := value(reg.Fields[k]), value(station.Fields[k])
		if a != b {
			out = append(out, fmt.Sprintf("%s: %q → %q", k, a, b))
		}
	}
	return out
}

func value(f *registry.Field) string {
	if f == nil {
		return ""
	}
	return f.Value
}
