package moj

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/civreg/civreg/registry"
)

// Store is what an export reads: records, and the small copies of their
// original pages.
type Store interface {
	EachRecord(ctx context.Context, f registry.RecordFilter, fn func(*registry.Record) error) error
	PageSmall(ctx context.Context, recordID string) (*registry.Original, error)
}

// Options choose what to export, where, and whom to tell.
type Options struct {
	Dir    string // the output directory, created if need be
	Office string // only this office ("" for all)
	Book   string // only books with this number
	Kind   registry.Kind
	// Partial exports the verified entries of a book that has others, and
	// lists the others; without it such a book is refused whole.
	Partial bool
	Workers int              // page renditions at once; 0 means one per core
	Now     func() time.Time // the day the cross-field rules take as today
	// OnBook, if set, is called with each book's outcome, in order.
	OnBook func(BookReport)
	// Progress, if set, is called as entries are done, with how many of
	// the total; total is known before the first call.
	Progress func(done, total int)
}

// BookStatus is how a book's export ended.
type BookStatus string

// Book statuses.
const (
	BookExported  BookStatus = "exported"
	BookUnchanged BookStatus = "unchanged" // as last exported: nothing written
	BookRefused   BookStatus = "refused"   // entries not verified or not fit: nothing written
	BookFailed    BookStatus = "failed"    // an error: nothing written
)

// BookReport is one book's outcome.
type BookReport struct {
	Office string
	Kind   registry.Kind
	Book   string
	Status BookStatus
	Rows   int       // entries in the files
	Left   []Problem // entries left out (or that refused the book), and why
	// Warnings are worth a look but stopped nothing: gaps and repeats in
	// the entry numbers, dates known to the month only.
	Warnings []Problem
	Err      string // why the book was refused or failed, one line
	Files    []string
}

// Name names the book for people: "KS 01/2009 of UBND phường Bến Nghé".
func (b BookReport) Name() string {
	return fmt.Sprintf("%s %s of %s", b.Kind, b.Book, b.Office)
}

// Report sums up an export.
type Report struct {
	Books     int
	Exported  int
	Unchanged int
	Failed    int // refused or failed
	Rows      int // entries in the files written
	Left      int // entries left out of books exported with Partial
}

// book is one register book and its number of entries.
type book struct {
	kind         registry.Kind
	office, book string
	n            int
}

// exporter is one run.
type exporter struct {
	s    Store
	o    Options
	man  *manifest
	done int
	tot  int
	// dirty counts the books written since the manifest was last saved.
	dirty int
}

// Export writes the import package of every book o selects into o.Dir,
// book after book, holding one book in memory at a time. A book is
// refused whole when an entry is not verified or fails its checks (unless
// o.Partial), and fails whole when a file cannot be written; the rest go
// on. It returns an error only when the directory cannot be written or
// the store cannot be read; the books' outcomes go to o.OnBook and into
// the report.
func Export(ctx context.Context, s Store, o Options) (*Report, error) {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if err := checkDir(o.Dir); err != nil {
		return nil, err
	}
	x := &exporter{s: s, o: o, man: loadManifest(o.Dir)}
	books, err := x.books(ctx)
	if err != nil {
		return nil, err
	}
	rep := &Report{Books: len(books)}
	for _, b := range books {
		x.tot += b.n
	}
	x.progress(0)
	for _, b := range books {
		br, err := x.book(ctx, b)
		if err != nil {
			x.saveManifest(true)
			return rep, err
		}
		rep.add(br)
		if o.OnBook != nil {
			o.OnBook(br)
		}
	}
	if err := x.saveManifest(true); err != nil {
		return rep, err
	}
	return rep, nil
}

func (r *Report) add(b BookReport) {
	switch b.Status {
	case BookExported:
		r.Exported++
		r.Rows += b.Rows
		r.Left += len(b.Left)
	case BookUnchanged:
		r.Unchanged++
	default:
		r.Failed++
	}
}

// checkDir makes the output directory and makes sure files can be written
// in it, so that an unwritable directory is one message, not one per book.
func checkDir(dir string) error {
	if dir == "" {
		return registry.Errorf(registry.EINVALID, "no output directory: give --out DIR")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return registry.Errorf(registry.EINVALID, "cannot write %s: %v", dir, unwrapPath(err))
	}
	f, err := os.CreateTemp(dir, ".civreg-probe-*")
	if err != nil {
		return registry.Errorf(registry.EINVALID, "cannot write %s: %v", dir, unwrapPath(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// books lists the books o selects with their number of entries, kind by
// kind, in the store's order (office, book).
func (x *exporter) books(ctx context.Context) ([]book, error) {
	kinds := registry.Kinds
	if x.o.Kind != "" {
		kinds = []registry.Kind{x.o.Kind}
	}
	var out []book
	for _, k := range kinds {
		f := registry.RecordFilter{Kind: k, Office: x.o.Office, Book: x.o.Book}
		err := x.s.EachRecord(ctx, f, func(r *registry.Record) error {
			if n := len(out); n > 0 && out[n-1].kind == k && out[n-1].office == r.Office && out[n-1].book == r.Book {
				out[n-1].n++
				return nil
			}
			out = append(out, book{kind: k, office: r.Office, book: r.Book, n: 1})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// records reads one book's records, in page order.
func (x *exporter) records(ctx context.Context, b book) ([]*registry.Record, error) {
	var recs []*registry.Record
	f := registry.RecordFilter{Kind: b.kind, Office: b.office, Book: b.book}
	err := x.s.EachRecord(ctx, f, func(r *registry.Record) error {
		// An empty office or book in a filter matches every one.
		if r.Office == b.office && r.Book == b.book {
			recs = append(recs, r)
		}
		return nil
	})
	return recs, err
}

func (x *exporter) progress(n int) {
	x.done += n
	if x.o.Progress != nil {
		x.o.Progress(x.done, x.tot)
	}
}

// saveManifest saves the manifest every 20 books written, or now.
func (x *exporter) saveManifest(now bool) error {
	if x.dirty == 0 || !now && x.dirty < 20 {
		return nil
	}
	x.dirty = 0
	return x.man.save(x.o.Dir)
}
