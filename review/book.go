package review

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/civreg/civreg/registry"
)

// bookTTL is how long the records of a book are kept for the keying view
// (the page list, the previous entry, the values keyed in the book).
const bookTTL = 20 * time.Second

// bookCache keeps the records of the books being keyed, read once per
// bookTTL rather than on every keystroke of the type-ahead.
type bookCache struct {
	mu    sync.Mutex
	books map[string]*bookRecords
}

type bookRecords struct {
	at   time.Time
	recs []*registry.Record // by page
}

func newBookCache() *bookCache { return &bookCache{books: map[string]*bookRecords{}} }

func bookKey(office, book string) string { return office + "\x00" + book }

// get returns the records of one book of one office, by page.
func (c *bookCache) get(ctx context.Context, rs registry.RecordStore, office, book string, now time.Time) ([]*registry.Record, error) {
	k := bookKey(office, book)
	c.mu.Lock()
	if b, ok := c.books[k]; ok && now.Sub(b.at) < bookTTL {
		c.mu.Unlock()
		return b.recs, nil
	}
	c.mu.Unlock()
	var recs []*registry.Record
	err := rs.EachRecord(ctx, registry.RecordFilter{Office: office, Book: book}, func(r *registry.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.books) > 64 {
		c.books = map[string]*bookRecords{}
	}
	c.books[k] = &bookRecords{at: now, recs: recs}
	return recs, nil
}

// forget drops a book, after a save changed its pages.
func (c *bookCache) forget(office, book string) {
	c.mu.Lock()
	delete(c.books, bookKey(office, book))
	c.mu.Unlock()
}

// previous returns the entry of the book just before rec, or nil.
func previous(recs []*registry.Record, rec *registry.Record) *registry.Record {
	var prev *registry.Record
	for _, r := range recs {
		if r.ID == rec.ID || r.Page > rec.Page || r.Page == rec.Page && r.ID >= rec.ID {
			break
		}
		prev = r
	}
	return prev
}

// settled returns a field's value when a person or the machine has settled
// it: a value still waiting for review (a reading, or under a double
// entry) is never offered to anyone.
func settled(r *registry.Record, key string) string {
	if r == nil {
		return ""
	}
	f := r.Fields[key]
	if f == nil || f.Status == registry.FieldNeedsReview {
		return ""
	}
	return f.Value
}

// nextOpen returns the first page of the book after rec that still has
// fields to key, else the first before it, else nil.
func nextOpen(recs []*registry.Record, rec *registry.Record) *registry.Record {
	var first *registry.Record
	after := false
	for _, r := range recs {
		if r.ID == rec.ID {
			after = true
			continue
		}
		if r.Status != registry.RecordNeedsReview {
			continue
		}
		if after {
			return r
		}
		if first == nil {
			first = r
		}
	}
	return first
}

// sortByCount orders values by how often they occur, the commonest first.
func sortByCount(vs []string, n map[string]int) {
	sort.SliceStable(vs, func(i, j int) bool { return n[vs[i]] > n[vs[j]] })
}
