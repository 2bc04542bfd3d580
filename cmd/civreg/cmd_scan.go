package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/registry"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// ScanOptions are the flags of `civreg scan`.
type ScanOptions struct {
	Office    string
	Book      string
	Kind      string
	Era       string
	Workers   int
	JSON      bool
	AuditRate float64
	MaxPixels int
	Trace     string
}

// AddFlags registers the options on cmd.
func (o *ScanOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Office, "office", "", "registering office (noiDangKy), e.g. \"UBND phường Bến Nghé\"")
	f.StringVar(&o.Book, "book", "", "book number (quyenSo) NN/YYYY, e.g. 01/2009")
	f.StringVar(&o.Kind, "kind", "", "book kind KS|KH|KT|CMC (default: detected per page)")
	f.StringVar(&o.Era, "era", "", "form era A|B (default: detected per page)")
	f.IntVar(&o.Workers, "workers", runtime.NumCPU(), "pages read in parallel, one Tesseract engine each")
	f.BoolVar(&o.JSON, "json", false, "print the report as JSON")
	f.Float64Var(&o.AuditRate, "audit-rate", -1, "share of accepted fields drawn for a person to check (default: policy, 0.01)")
	f.IntVar(&o.MaxPixels, "max-pixels", 80_000_000, "refuse page images larger than this many pixels")
	f.StringVar(&o.Trace, "trace", "", "for the engineer: write every field's readings (page pass, re-read, confirming reading), evidence and decision to this TSV file")
}

func newScanCommand(g *Globals) *cobra.Command {
	var o ScanOptions
	cmd := &cobra.Command{
		Use:   "scan [flags] FILE|DIR...",
		Short: "Read scanned register pages (PDF, TIFF, JPEG, PNG) into the store",
		Long: `Scan reads every page of the given files and directories, finds each field
from the printed labels, reads and checks it, and stores the record with a
confidence per field. Fields the machine is unsure of become review tasks.
A page already stored (same content) is skipped, so a rerun after a crash
goes on where it stopped. Bad files are reported, one line each, and the
batch goes on; the exit code is 3 when any input failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, g, o, args)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runScan(cmd *cobra.Command, g *Globals, o ScanOptions, paths []string) error {
	batch := registry.Batch{Office: o.Office, Book: o.Book}
	if o.Kind != "" {
		k, err := registry.ParseKind(strings.ToUpper(o.Kind))
		if err != nil {
			return err
		}
		batch.Kind = k
	}
	if o.Era != "" {
		e, err := registry.ParseEra(strings.ToUpper(o.Era))
		if err != nil {
			return err
		}
		batch.Era = e
	}
	if o.Book != "" && !validBook(o.Book) {
		return registry.Errorf(registry.EINVALID, "--book %q: want NN/YYYY, e.g. 01/2009", o.Book)
	}
	db, err := openStore(g, true)
	if err != nil {
		return err
	}
	defer db.Close()

	opts := scan.Options{
		Batch:      batch,
		Store:      db,
		Workers:    o.Workers,
		NewEngine:  func(lang string) (scan.Engine, error) { return tesseract.New(lang) },
		EncodeJPEG: tesseract.EncodeJPEG, EncodeColourJPEG: tesseract.EncodeColourJPEG, FitJPEG: tesseract.FitJPEG,
	}
	opts.Ingest.MaxPixels = o.MaxPixels
	if o.AuditRate >= 0 {
		p, err := defaultPolicy()
		if err != nil {
			return err
		}
		p.AuditRate = o.AuditRate
		opts.Policy = &p
	}
	if o.Trace != "" {
		t, err := newTrace(o.Trace)
		if err != nil {
			return err
		}
		defer t.Close()
		opts.Observe = t.observe
	}
	stderr := cmd.ErrOrStderr()
	opts.Progress = progress(stderr, g.Quiet)
	rep, err := scan.Run(cmd.Context(), paths, opts)
	if rep != nil {
		if o.JSON {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			enc.Encode(rep)
		} else {
			printReport(cmd.OutOrStdout(), rep)
		}
	}
	if err != nil {
		return err
	}
	if rep.Failed > 0 {
		return partialError{fmt.Sprintf("%d page(s) or file(s) failed; see the report above", rep.Failed)}
	}
	return nil
}

// validBook checks the NN/YYYY form of a book number.
func validBook(s string) bool {
	parts := strings.Split(s, "/")
	if len(parts) != 2 || len(parts[0]) == 0 || len(parts[0]) > 3 || len(parts[1]) != 4 {
		return false
	}
	for _, r := range parts[0] + parts[1] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// progress shows a bar with pages/s and ETA on a terminal, and plain lines
// elsewhere (logs, CI). Failures are always printed, one line each.
func progress(w io.Writer, quiet bool) func(scan.Event) {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	total, done := 0, 0
	var bar *progressbar.ProgressBar
	if tty && !quiet {
		bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("scanning"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("pages"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200_000_000),
		)
	}
	return func(ev scan.Event) {
		switch ev.Type {
		case scan.PageQueued:
			total++
			if bar != nil {
				bar.ChangeMax(total)
			}
			return
		case scan.PageFailed:
			if bar != nil {
				bar.Clear()
			}
			fmt.Fprintf(w, "failed: %s page %d: %s\n", ev.File, ev.PageIndex+1, registry.ErrorMessage(ev.Err))
		}
		if ev.Type == scan.PageStored || ev.Type == scan.PageFailed && total > done {
			done++
		}
		if bar != nil {
			bar.Set(done)
		} else if !quiet && ev.Type == scan.PageStored {
			r := ev.Record
			fmt.Fprintf(w, "stored: %s page %d → %s-%s trang %d, %s\n", ev.File, ev.PageIndex+1, r.Kind, r.Era, r.Page, r.Status)
		} else if !quiet && ev.Type == scan.PageSkipped {
			fmt.Fprintf(w, "skipped (already stored): %s page %d\n", ev.File, ev.PageIndex+1)
		}
	}
}

// printReport writes the end-of-run report a ward clerk reads.
func printReport(w io.Writer, r *scan.Report) {
	fmt.Fprintf(w, "\nbatch %d: %d page(s) stored, %d skipped as already stored, %d failed, in %.1fs",
		r.BatchID, r.Pages, r.Skipped, r.Failed, r.Seconds)
	if r.Pages > 0 && r.Seconds > 0 {
		fmt.Fprintf(w, " (%.1f pages/min)", float64(r.Pages)/r.Seconds*60)
	}
	fmt.Fprintln(w)
	if r.Records > 0 {
		var forms []string
		for f, n := range r.Forms {
			forms = append(forms, fmt.Sprintf("%s %d", f, n))
		}
		sort.Strings(forms)
		fmt.Fprintf(w, "records: %d (%s)\n", r.Records, strings.Join(forms, ", "))
		if r.Straightened > 0 {
			fmt.Fprintf(w, "%d page(s) with lines curling towards the book's gutter straightened before reading\n", r.Straightened)
		}
		routed := 0
		for _, n := range r.Routed {
			routed += n
		}
		fmt.Fprintf(w, "fields: %d — %d accepted automatically (%.1f%%), %d blank, %d to review\n",
			r.Fields, r.Auto, pct(r.Auto, r.Fields), r.Missing, routed)
		if r.Flagged > 0 {
			fmt.Fprintf(w, "  %d accepted on their page, then sent to review: their number breaks the count of the pages around it\n", r.Flagged)
		}
		if r.Corroborated > 0 {
			fmt.Fprintf(w, "  of those accepted, %d once other pages of the batch read the same value\n", r.Corroborated)
		}
		var reasons []string
		for k := range r.Routed {
			reasons = append(reasons, string(k))
		}
		sort.Strings(reasons)
		for _, k := range reasons {
			fmt.Fprintf(w, "  to review, %-24s %d\n", k+":", r.Routed[registry.Reason(k)])
		}
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "failed: %s page %d: %s\n", f.File, f.PageIndex+1, f.Reason)
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// defaultPolicy is the routing policy shipped with civreg.
var defaultPolicy = route.DefaultPolicy
