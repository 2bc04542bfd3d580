package moj

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/civreg/civreg/registry"
)

// book exports one book; see Export. The error is the store's or the
// context's: a book's own failure is in its report.
func (x *exporter) book(ctx context.Context, b book) (BookReport, error) {
	br := BookReport{Office: b.office, Kind: b.kind, Book: b.book}
	recs, err := x.records(ctx, b)
	if err != nil {
		return br, err
	}
	rows := x.classify(&br, recs)
	switch {
	case len(br.Left) > 0 && !x.o.Partial:
		br.Status, br.Err = BookRefused, fmt.Sprintf("%d of %d entries not verified or not fit to leave (--partial exports the others)", len(br.Left), len(recs))
		x.progress(len(recs))
		return br, nil
	case len(rows) == 0:
		br.Status, br.Err = BookFailed, "no verified entry"
		x.progress(len(recs))
		return br, nil
	}
	base := BookPath(x.o.Dir, b.office, b.kind, b.book)
	key, _ := filepath.Rel(x.o.Dir, base)
	br.Files = []string{base + ".xlsx", base + ".zip"}
	hash := bookHash(b.kind, b.office, b.book, rows)
	if x.man.unchanged(key, base, hash) {
		br.Status, br.Rows = BookUnchanged, len(rows)
		x.progress(len(recs))
		return br, nil
	}
	x.progress(len(recs) - len(rows)) // the entries left out are done
	before, n := x.done, len(rows)
	rows, err = x.write(ctx, &br, base, rows)
	if err != nil {
		if ctx.Err() != nil || registry.ErrorCode(err) != registry.EINTERNAL && registry.ErrorCode(err) != registry.ENOTFOUND {
			return br, err
		}
		br.Status, br.Err = BookFailed, registry.ErrorMessage(err)
		x.progress(before + n - x.done) // the book is done with
		return br, nil
	}
	br.Status, br.Rows = BookExported, len(rows)
	x.man.Books[key] = manifestBook{Hash: hash, Entries: len(rows), XLSX: size(base + ".xlsx"), Zip: size(base + ".zip")}
	x.dirty++
	return br, x.saveManifest(false)
}

// classify returns the records that may leave as rows, and puts the others
// in br.Left with the reason, the book's gaps and repeats and each row's
// doubts in br.Warnings.
func (x *exporter) classify(br *BookReport, recs []*registry.Record) []*registry.Record {
	var rows []*registry.Record
	var entries []string
	today := x.o.Now()
	for _, r := range recs {
		so := entry(r)
		entries = append(entries, so)
		if r.Status != registry.RecordVerified {
			br.Left = append(br.Left, Problem{Entry: so, RecordID: r.ID, What: "not verified: " + pending(r)})
			continue
		}
		errs, warns := CheckRow(r, today)
		for _, w := range warns {
			br.Warnings = append(br.Warnings, Problem{Entry: so, RecordID: r.ID, What: w})
		}
		if len(errs) > 0 {
			for _, e := range errs {
				br.Left = append(br.Left, Problem{Entry: so, RecordID: r.ID, What: e})
			}
			continue
		}
		rows = append(rows, r)
	}
	br.Warnings = append(Sequence(entries), br.Warnings...)
	return rows
}

// entry returns a record's entry number, "" if it has none.
func entry(r *registry.Record) string {
	if f := r.Fields["so"]; f != nil {
		return f.Value
	}
	return ""
}

// pending lists the fields of a record still waiting for a person.
func pending(r *registry.Record) string {
	s := ""
	for _, k := range sortedKeys(r) {
		if r.Fields[k].Status == registry.FieldNeedsReview {
			if s != "" {
				s += ", "
			}
			s += k
		}
	}
	return s
}

// write writes a book's zip and workbook under temporary names and renames
// both once both are complete. Entries whose page cannot be rendered are
// left out with Partial, and fail the book without. It returns the rows
// written.
func (x *exporter) write(ctx context.Context, br *BookReport, base string, rows []*registry.Record) ([]*registry.Record, error) {
	if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
		return nil, pathErr(base+".zip", err)
	}
	var kept []*registry.Record
	zt, err := newTemp(base+".zip", func(f *os.File) error {
		var err error
		kept, err = x.pages(ctx, br, f, rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	xt, err := newTemp(base+".xlsx", func(f *os.File) error {
		return writeSheet(f, br.Kind, kept)
	})
	if err != nil {
		zt.abort()
		return nil, err
	}
	if err := zt.commit(); err != nil {
		xt.abort()
		return nil, err
	}
	return kept, xt.commit()
}

// pages writes one PDF per row into a zip on f, rendering a few pages at a
// time on o.Workers goroutines, and returns the rows whose page is in it.
func (x *exporter) pages(ctx context.Context, br *BookReport, f *os.File, rows []*registry.Record) ([]*registry.Record, error) {
	zw := zip.NewWriter(f)
	var kept []*registry.Record
	step := 4 * x.o.Workers
	for start := 0; start < len(rows); start += step {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		part := rows[start:min(start+step, len(rows))]
		pdfs, errs := x.render(ctx, br, part)
		for i, r := range part {
			if errs[i] != nil {
				if registry.ErrorCode(errs[i]) != registry.ENOTFOUND && registry.ErrorCode(errs[i]) != registry.EINVALID {
					return nil, errs[i]
				}
				if !x.o.Partial {
					return nil, registry.Errorf(registry.ENOTFOUND, "entry %s: %s", entry(r), registry.ErrorMessage(errs[i]))
				}
				br.Left = append(br.Left, Problem{Entry: entry(r), RecordID: r.ID, What: registry.ErrorMessage(errs[i])})
				continue
			}
			h := &zip.FileHeader{Name: PDFName(r.Office, r.Kind, r.Book, entry(r)), Method: zip.Store, Modified: r.Created}
			w, err := zw.CreateHeader(h)
			if err == nil {
				_, err = w.Write(pdfs[i])
			}
			if err != nil {
				return nil, err
			}
			kept = append(kept, r)
		}
		x.progress(len(part))
	}
	if len(kept) == 0 {
		return nil, registry.Errorf(registry.ENOTFOUND, "no entry with its page image")
	}
	return kept, zw.Close()
}

// render makes the PDFs of a few rows at once.
func (x *exporter) render(ctx context.Context, br *BookReport, part []*registry.Record) ([][]byte, []error) {
	pdfs, errs := make([][]byte, len(part)), make([]error, len(part))
	var wg sync.WaitGroup
	sem := make(chan struct{}, x.o.Workers)
	for i, r := range part {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			pdfs[i], errs[i] = x.pagePDF(ctx, br, r)
		}()
	}
	wg.Wait()
	return pdfs, errs
}

// pagePDF renders one entry's page.
func (x *exporter) pagePDF(ctx context.Context, br *BookReport, r *registry.Record) ([]byte, error) {
	o, err := x.s.PageSmall(ctx, r.ID)
	if err != nil {
		if registry.ErrorCode(err) == registry.ENOTFOUND {
			return nil, registry.Errorf(registry.ENOTFOUND, "no original page image (scanned before originals were kept?)")
		}
		return nil, err
	}
	title := fmt.Sprintf("%s %s, số %s — %s", r.Kind.Title(), r.Book, entry(r), r.Office)
	b, err := pagePDF(o, title, r.Created)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "original page image: %v", err)
	}
	return b, nil
}
