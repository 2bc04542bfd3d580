package main

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/civreg/civreg/internal/moj"
	"github.com/civreg/civreg/registry"
)

// runExportMOJ writes the national register's import package: per book an
// xlsx and a zip of page PDFs under --out DIR.
func runExportMOJ(cmd *cobra.Command, g *Globals, o ExportOptions, f registry.RecordFilter) error {
	if o.Out == "" || o.Out == "-" {
		return registry.Errorf(registry.EINVALID, "--format moj writes a directory: give --out DIR")
	}
	if o.Status != "" || o.Batch != 0 || o.From != "" || o.To != "" {
		return registry.Errorf(registry.EINVALID, "--format moj exports whole books: --status, --batch, --from and --to do not apply")
	}
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()

	w := cmd.ErrOrStderr()
	bar := mojBar(w, g.Quiet)
	opts := moj.Options{
		Dir: o.Out, Office: f.Office, Book: f.Book, Kind: f.Kind, Partial: o.Partial,
		OnBook: func(b moj.BookReport) {
			if bar != nil {
				bar.Clear()
			}
			printBook(w, b, g.Quiet)
		},
		Progress: func(done, total int) {
			if bar != nil {
				bar.ChangeMax(total)
				bar.Set(done)
			}
		},
	}
	rep, err := moj.Export(cmd.Context(), db, opts)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(w)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d book(s): %d exported (%d entries, %d left out), %d unchanged, %d failed or refused\n",
		rep.Books, rep.Exported, rep.Rows, rep.Left, rep.Unchanged, rep.Failed)
	if rep.Failed > 0 {
		return partialError{fmt.Sprintf("%d of %d book(s) not exported", rep.Failed, rep.Books)}
	}
	return nil
}

// mojBar returns a progress bar of entries on a terminal, nil elsewhere.
func mojBar(w io.Writer, quiet bool) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("exporting"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("entries"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200_000_000),
	)
}

// printBook writes one book's outcome: one line, then one line per entry
// left out or refusing the book, and per warning.
func printBook(w io.Writer, b moj.BookReport, quiet bool) {
	switch b.Status {
	case moj.BookExported:
		if !quiet {
			fmt.Fprintf(w, "exported: book %s: %d entries", b.Name(), b.Rows)
			if len(b.Left) > 0 {
				fmt.Fprintf(w, ", %d left out", len(b.Left))
			}
			fmt.Fprintln(w)
		}
	case moj.BookUnchanged:
		if !quiet {
			fmt.Fprintf(w, "unchanged: book %s: %d entries, nothing written\n", b.Name(), b.Rows)
		}
	default:
		fmt.Fprintf(w, "%s: book %s: %s\n", b.Status, b.Name(), b.Err)
	}
	for _, p := range b.Left {
		fmt.Fprintf(w, "  book %s %s, %s\n", b.Kind, b.Book, p)
	}
	if !quiet {
		for _, p := range b.Warnings {
			fmt.Fprintf(w, "  warning: book %s %s, %s\n", b.Kind, b.Book, p)
		}
	}
}
