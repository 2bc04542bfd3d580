package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/civreg/civreg/internal/export"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// ExportOptions are the flags of `civreg export`.
type ExportOptions struct {
	Format  string
	Out     string
	Status  string
	Kind    string
	Office  string
	Book    string
	Batch   int64
	From    string
	To      string
	Partial bool
}

// AddFlags registers the options on cmd.
func (o *ExportOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Format, "format", "ndjson", "output format: ndjson, csv, xlsx (the import template of one --kind), or moj (the national register's import package, per book, into --out DIR)")
	f.StringVarP(&o.Out, "out", "o", "-", "output file, - for standard output")
	f.StringVar(&o.Status, "status", "", "only records that are verified or needs_review")
	f.StringVar(&o.Kind, "kind", "", "only books of this kind: KS, KH, KT or CMC")
	f.StringVar(&o.Office, "office", "", "only this registering office, as stored")
	f.StringVar(&o.Book, "book", "", "only this book number NN/YYYY")
	f.Int64Var(&o.Batch, "batch", 0, "only records of this scan batch")
	f.StringVar(&o.From, "from", "", "only records registered on or after YYYY[-MM[-DD]]")
	f.StringVar(&o.To, "to", "", "only records registered on or before YYYY[-MM[-DD]]")
	f.BoolVar(&o.Partial, "partial", false, "moj: export the verified entries of a book that has others, and list the others")
}

func newExportCommand(g *Globals) *cobra.Command {
	var o ExportOptions
	cmd := &cobra.Command{
		Use:   "export [flags]",
		Short: "Write stored records as NDJSON, CSV or XLSX",
		Long: `Export writes the stored records, ordered by office, book and page: NDJSON
(one JSON object per record, every field of the page's form present) for
other systems, or CSV (UTF-8 with BOM, one column per field) for
spreadsheets, or xlsx (the national digitisation import template of one
--kind: so, quyenSo, trangSo, ngayDangKy, ... one row per record). A file
given with --out is replaced only when the export
succeeded.

--format moj writes the national register's import package into --out DIR:
per book DIR/<office>/<kind>/<book>.xlsx (one row per verified entry) and
<book>.zip (one PDF of each entry's original colour page). A book with
entries not verified is refused unless --partial; a rerun skips the books
unchanged since the last export. Exit code 3 when some books failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd, g, o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

// isoDate accepts a registration date bound at year, month or day precision.
var isoDate = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)

// filter checks the options and returns the records they select.
func (o ExportOptions) filter() (registry.RecordFilter, error) {
	f := registry.RecordFilter{Office: o.Office, Book: o.Book, BatchID: o.Batch, RegisteredFrom: o.From, RegisteredTo: o.To}
	switch s := registry.RecordStatus(o.Status); s {
	case "", registry.RecordVerified, registry.RecordNeedsReview:
		f.Status = s
	default:
		return f, registry.Errorf(registry.EINVALID, "--status %q: want verified or needs_review", o.Status)
	}
	if o.Kind != "" {
		k, err := registry.ParseKind(strings.ToUpper(o.Kind))
		if err != nil {
			return f, err
		}
		f.Kind = k
	}
	for _, d := range []struct{ flag, v string }{{"--from", o.From}, {"--to", o.To}} {
		if d.v != "" && !isoDate.MatchString(d.v) {
			return f, registry.Errorf(registry.EINVALID, "%s %q: want YYYY-MM-DD, YYYY-MM or YYYY", d.flag, d.v)
		}
	}
	if o.Batch < 0 {
		return f, registry.Errorf(registry.EINVALID, "--batch %d: want a batch number", o.Batch)
	}
	return f, nil
}

func runExport(cmd *cobra.Command, g *Globals, o ExportOptions) error {
	f, err := o.filter()
	if err != nil {
		return err
	}
	if strings.EqualFold(o.Format, "moj") {
		return runExportMOJ(cmd, g, o, f)
	}
	newWriter := map[string]func(io.Writer) export.Writer{
		"ndjson": func(w io.Writer) export.Writer { return export.NewNDJSON(w) },
		"csv": func(w io.Writer) export.Writer {
			if f.Kind != "" {
				return export.NewCSV(w, f.Kind)
			}
			return export.NewCSV(w)
		},
	}[strings.ToLower(o.Format)]
	if strings.EqualFold(o.Format, "xlsx") {
		// The import template has its own columns per kind.
		if f.Kind == "" {
			return registry.Errorf(registry.EINVALID, "--format xlsx needs --kind: the import template has one sheet layout per kind")
		}
		newWriter = func(w io.Writer) export.Writer {
			x, _ := export.NewXLSX(w, f.Kind) // the kind was checked by filter
			return x
		}
	}
	if newWriter == nil {
		return registry.Errorf(registry.EINVALID, "--format %q: want ndjson, csv or xlsx", o.Format)
	}
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()

	out, commit, err := output(cmd, o.Out)
	if err != nil {
		return err
	}
	defer commit(false)

	w := newWriter(out)
	n := 0
	err = db.EachRecord(cmd.Context(), f, func(r *registry.Record) error {
		n++
		return w.Write(r)
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return registry.Errorf(registry.EINTERNAL, "cannot write %s: %v", o.Out, err)
	}
	if err := commit(true); err != nil {
		return err
	}
	if !g.Quiet {
		dest := o.Out
		if dest == "-" {
			dest = "standard output"
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "exported %d record(s) to %s\n", n, dest)
	}
	return nil
}

// output returns where to write: standard output, or a temporary file next
// to path that commit(true) renames into place, so that a failed export
// never leaves a truncated file behind under the expected name. commit(false)
// after commit(true) does nothing.
func output(cmd *cobra.Command, path string) (io.Writer, func(ok bool) error, error) {
	if path == "-" || path == "" {
		return cmd.OutOrStdout(), func(bool) error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary name would only confuse
		}
		return nil, nil, registry.Errorf(registry.EINVALID, "cannot write %s: %v", path, err)
	}
	done := false
	commit := func(ok bool) error {
		if done {
			return nil
		}
		done = true
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil
		}
		err := tmp.Chmod(0o644)
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return registry.Errorf(registry.EINTERNAL, "cannot write %s: %v", path, err)
		}
		return nil
	}
	return tmp, commit, nil
}
