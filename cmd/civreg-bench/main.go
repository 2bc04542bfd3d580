// Command civreg-bench measures the ledger reader against generated pages
// whose truth is known, and makes the calibration table the router uses.
//
//	civreg-bench -bin bin/civreg -dir /tmp/civreg-bench -pages 13
//	civreg-bench -calibrate -pages 25 -out internal/route/calibration.json
//	civreg-bench -scale 12000000 -dir /tmp/civreg-scale
//	civreg-bench -moj 100000 -bin bin/civreg -dir /tmp/civreg-moj
//
// The bench runs the real binary (samples generate, scan --json, export
// --format ndjson) so that it measures what a ward clerk runs and reads the
// exported contract; calibration runs the pipeline in process to see each
// field's evidence. The two use different seeds: the bench's pages are never
// the ones the calibration was fitted on.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// heldOut draws the bench's pages with type kept out of all tuning; the
// calibration refuses it, so that those pages stay unseen.
var heldOut = flag.Bool("held-out", false, "bench: draw the pages with typefaces and sizes kept out of all tuning")

func main() {
	var (
		bin       = flag.String("bin", "bin/civreg", "the civreg binary to measure")
		dir       = flag.String("dir", filepath.Join(os.TempDir(), "civreg-bench"), "work directory (wiped)")
		pages     = flag.Int("pages", 13, "pages per kind × era")
		seed      = flag.Uint64("seed", 20261123, "seed of the generated pages (calibration uses seed+1000)")
		wear      = flag.String("wear", "light", "wear preset or list")
		workers   = flag.Int("workers", runtime.NumCPU(), "scan workers")
		cliPages  = flag.Int("cli-pages", 24, "pages to time with the plain tesseract CLI")
		calibrate = flag.Bool("calibrate", false, "fit the calibration table instead of benchmarking")
		reuse     = flag.Bool("reuse", false, "calibrate: scan the pages already generated in -dir again")
		out       = flag.String("out", "", "calibrate: where to write calibration.json; bench: where to write the results (markdown)")
		cpuProf   = flag.String("cpuprofile", "", "write a CPU profile of the bench process to this file")
		merge     = flag.String("merge", "", "add up the cells of these calibration files (comma-separated) into -out")
	)
	flag.Parse()
	if _, err := synth.ParseWear(*wear); err != nil {
		usage(err)
	}
	if *calibrate && *heldOut {
		usage(fmt.Errorf("-held-out pages are kept out of the calibration"))
	}
	if *cpuProf != "" {
		f, err := os.Create(*cpuProf)
		if err != nil {
			fmt.Fprintln(os.Stderr, "civreg-bench:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "civreg-bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	var err error
	switch {
	case *scaleChild != "":
		err = runScaleExportChild(*scaleChild, *scaleExport)
	case *scaleN > 0:
		err = runScale(*dir, *scaleN, *seed, *out)
	case *mojN > 0:
		err = runMOJ(*bin, *dir, *mojN, *seed, *out)
	case *keyingMode:
		err = runKeying(*bin, *dir, *pages, *seed)
	case *merge != "":
		err = mergeCalibrations(strings.Split(*merge, ","), *out)
	case *calibrate:
		err = runCalibrate(*dir, *pages, *seed+1000, *wear, *workers, *out, *reuse)
	default:
		err = runBench(*bin, *dir, *pages, *seed, *wear, *workers, *cliPages, *out)
	}
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "civreg-bench:", err)
		os.Exit(1)
	}
}

// usage reports a bad flag and exits 2, as flag.Parse does.
func usage(err error) {
	fmt.Fprintln(os.Stderr, "civreg-bench:", err)
	os.Exit(2)
}

// exported is a record as `civreg export --format ndjson` writes it.
type exported struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Era    string `json:"era"`
	Source struct {
		File      string `json:"file"`
		PageIndex int    `json:"page_index"`
	} `json:"source"`
	Fields map[string]exportedField `json:"fields"`
}

// exportedField is a field of an exported record.
type exportedField struct {
	Value      string  `json:"value"`
	Status     string  `json:"status"`
	Confidence float64 `json:"confidence"`
	Box        []int   `json:"box"`
}

// tally counts outcomes for one group of fields.
type tally struct {
	Fields, Located, Exact, Accepted, AcceptedWrong, Illegible, IllegibleAccepted int
}

func (t *tally) add(o tally) {
	t.Fields += o.Fields
	t.Located += o.Located
	t.Exact += o.Exact
	t.Accepted += o.Accepted
	t.AcceptedWrong += o.AcceptedWrong
	t.Illegible += o.Illegible
	t.IllegibleAccepted += o.IllegibleAccepted
}

// benchRun is what the bench measured.
type benchRun struct {
	truths          []synth.Truth
	stored, failed  int
	wall            time.Duration
	peakKB          int64
	total           tally
	byKind, byField map[string]*tally
	missingPages    int
	silent          []string // the wrong readings that were accepted
	cliRate         float64
	cliErr          error
}

func runBench(bin, dir string, pages int, seed uint64, wear string, workers, cliPages int, out string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	pagesDir := filepath.Join(dir, "pages")
	db := filepath.Join(dir, "bench.db")
	so, err := synthOptions(seed, pages, wear)
	if err != nil {
		return err
	}
	var run benchRun
	if run.truths, err = synth.Generate(pagesDir, so); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generated %d pages in %s\n", len(run.truths), pagesDir)
	if err := run.scan(bin, db, pagesDir, workers); err != nil {
		return err
	}
	recs, err := readExport(bin, db)
	if err != nil {
		return err
	}
	run.score(recs)
	run.cliRate, run.cliErr = tesseractCLI(run.truths, pagesDir, cliPages, workers)
	res := run.results(pages, wear, seed, workers)
	fmt.Print(res)
	if out != "" {
		return os.WriteFile(out, []byte(res), 0o644)
	}
	return nil
}

// scan runs civreg scan on the generated pages, one batch per book, as a
// ward clerk scans them: the book number is given, the kind and era are
// left to be detected.
func (run *benchRun) scan(bin, db, pagesDir string, workers int) error {
	for _, g := range byBook(run.truths) {
		args := []string{"--db", db, "--quiet", "scan", "--json", "--workers", fmt.Sprint(workers),
			"--audit-rate", "0", "--office", "UBND phường Bến Nghé", "--book", g.book}
		for _, f := range g.files {
			args = append(args, filepath.Join(pagesDir, f))
		}
		start := time.Now()
		scan := exec.Command(bin, args...)
		scan.Stderr = os.Stderr
		scan.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		repJSON, err := scan.Output()
		if err != nil && scan.ProcessState == nil {
			return fmt.Errorf("scan: %w", err)
		}
		run.wall += time.Since(start)
		run.peakKB = max(run.peakKB, scan.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
		var r struct {
			Pages  int `json:"pages_stored"`
			Failed int `json:"pages_failed"`
		}
		json.Unmarshal(repJSON, &r)
		run.stored += r.Pages
		run.failed += r.Failed
	}
	return nil
}

// readExport returns the store's records as civreg export writes them, by
// page.
func readExport(bin, db string) (map[string]exported, error) {
	exp := exec.Command(bin, "--db", db, "--quiet", "export", "--format", "ndjson", "--out", "-")
	exp.Stderr = os.Stderr
	nd, err := exp.Output()
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	recs := map[string]exported{}
	sc := bufio.NewScanner(strings.NewReader(string(nd)))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r exported
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, err
		}
		recs[pageKey(r.Source.File, r.Source.PageIndex)] = r
	}
	return recs, nil
}

// score compares every generated field with its exported reading.
func (run *benchRun) score(recs map[string]exported) {
	run.byKind = map[string]*tally{}
	run.byField = map[string]*tally{}
	for _, tr := range run.truths {
		r, ok := recs[pageKey(tr.File, tr.PageIndex)]
		if !ok {
			run.missingPages++
		}
		kind := fmt.Sprintf("%s-%s", tr.Kind, tr.Era)
		if run.byKind[kind] == nil {
			run.byKind[kind] = &tally{}
		}
		for key, tf := range tr.Fields {
			f, has := r.Fields[key]
			t := fieldTally(tf, f, has)
			if t.AcceptedWrong == 1 {
				run.silent = append(run.silent, fmt.Sprintf("| %s-%s %s | %s | %s | %q | %q |", tr.Kind, tr.Era, key, tr.File, f.Status, f.Value, tf.Value))
			}
			run.total.add(t)
			run.byKind[kind].add(t)
			fk := kind + " " + key
			if run.byField[fk] == nil {
				run.byField[fk] = &tally{}
			}
			run.byField[fk].add(t)
		}
	}
}

// fieldTally scores one field: f is its exported reading, has whether
// there is one.
func fieldTally(tf synth.TruthField, f exportedField, has bool) tally {
	t := tally{Fields: 1}
	// Located: the value's box holds the centre of where the generator
	// drew it (both in deskewed page pixels).
	if has && len(f.Box) == 4 {
		b := tf.BoxDeskewed
		cx, cy := (b[0]+b[2])/2, (b[1]+b[3])/2
		if b == [4]int{} || cx >= f.Box[0]-10 && cx <= f.Box[2]+10 && cy >= f.Box[1]-10 && cy <= f.Box[3]+10 {
			t.Located = 1
		}
	}
	right := has && tf.State != "illegible" && f.Value == tf.Value
	if right {
		t.Exact = 1
	}
	if has && (f.Status == "auto" || f.Status == "missing") {
		t.Accepted = 1
		if !right {
			t.AcceptedWrong = 1
		}
	}
	if tf.State == "illegible" {
		t.Illegible = 1
		t.IllegibleAccepted = t.Accepted
	}
	return t
}

// results writes the bench's figures as markdown.
func (run *benchRun) results(pages int, wear string, seed uint64, workers int) string {
	var b strings.Builder
	style := ""
	if *heldOut {
		style = ", typefaces and sizes held out of tuning"
	}
	total := run.total
	fmt.Fprintf(&b, "Bench: %d generated pages (%d per kind × era, wear %q%s, seed %d), %d workers on %d cores.\n\n", len(run.truths), pages, wear, style, seed, workers, runtime.NumCPU())
	fmt.Fprintf(&b, "| measure | value |\n|---|---|\n")
	fmt.Fprintf(&b, "| pages stored / failed / not exported | %d / %d / %d |\n", run.stored, run.failed, run.missingPages)
	fmt.Fprintf(&b, "| fields located | %s |\n", share(total.Located, total.Fields))
	fmt.Fprintf(&b, "| fields exactly right | %s |\n", share(total.Exact, total.Fields))
	fmt.Fprintf(&b, "| fields accepted without a person | %s |\n", share(total.Accepted, total.Fields))
	fmt.Fprintf(&b, "| silent error (wrong among accepted) | %s |\n", share(total.AcceptedWrong, total.Accepted))
	fmt.Fprintf(&b, "| illegible fields accepted | %d of %d |\n", total.IllegibleAccepted, total.Illegible)
	perCore := float64(run.stored) / run.wall.Minutes() / float64(workers)
	fmt.Fprintf(&b, "| civreg pages/min per core | %.1f (%d pages in %.1fs) |\n", perCore, run.stored, run.wall.Seconds())
	if run.cliErr == nil {
		fmt.Fprintf(&b, "| tesseract CLI full-page pages/min per core | %.1f (ratio %.2f×) |\n", run.cliRate, perCore/run.cliRate)
	} else {
		fmt.Fprintf(&b, "| tesseract CLI | not measured: %v |\n", run.cliErr)
	}
	fmt.Fprintf(&b, "| peak RSS of civreg scan | %.0f MiB |\n", float64(run.peakKB)/1024)
	fmt.Fprintf(&b, "\nBy form:\n\n| form | fields | located | exact | accepted | silent error |\n|---|---|---|---|---|---|\n")
	for _, k := range sortedKeys(run.byKind) {
		t := run.byKind[k]
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s |\n", k, t.Fields, share(t.Located, t.Fields), share(t.Exact, t.Fields), share(t.Accepted, t.Fields), share(t.AcceptedWrong, t.Accepted))
	}
	fmt.Fprintf(&b, "\nBy field (exact match, accepted, silent errors):\n\n| form field | n | exact | accepted | wrong accepted |\n|---|---|---|---|---|\n")
	for _, k := range sortedKeys(run.byField) {
		t := run.byField[k]
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %d |\n", k, t.Fields, share(t.Exact, t.Fields), share(t.Accepted, t.Fields), t.AcceptedWrong)
	}
	if len(run.silent) > 0 {
		slices.Sort(run.silent)
		fmt.Fprintf(&b, "\nWrong among accepted:\n\n| form field | page | status | read | truth |\n|---|---|---|---|---|\n%s\n", strings.Join(run.silent, "\n"))
	}
	return b.String()
}

// tesseractCLI times the plain CLI on whole pages, one thread each, as
// the baseline: as many processes at once as civreg has workers, so that
// both are measured with the cores equally busy (two busy cores each run
// slower than one alone), in pages per minute per core.
func tesseractCLI(truths []synth.Truth, dir string, n, workers int) (float64, error) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		return 0, err
	}
	var files []string
	for _, t := range truths {
		if ext := strings.ToLower(filepath.Ext(t.File)); ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff" {
			if t.PageIndex == 0 && len(files) < n {
				files = append(files, filepath.Join(dir, t.File))
			}
		}
	}
	if len(files) == 0 {
		return 0, fmt.Errorf("no single-image pages to time")
	}
	workers = max(workers, 1)
	todo := make(chan string, len(files))
	for _, f := range files {
		todo <- f
	}
	close(todo)
	errs := make(chan error, workers)
	start := time.Now()
	for range workers {
		go func() {
			for f := range todo {
				c := exec.Command("tesseract", f, "stdout", "-l", "vie")
				c.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
				if err := c.Run(); err != nil {
					errs <- fmt.Errorf("tesseract %s: %w", f, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			return 0, err
		}
	}
	return float64(len(files)) / time.Since(start).Minutes() / float64(workers), nil
}

func synthOptions(seed uint64, pages int, wear string) (synth.Options, error) {
	w, err := synth.ParseWear(wear)
	if err != nil {
		return synth.Options{}, err
	}
	return synth.Options{
		Seed: seed, Kinds: registry.Kinds, Eras: registry.Eras, Pages: pages, Wear: w, HeldOut: *heldOut,
		Formats: []string{"png", "jpeg", "tiff", "pdf"}, PagesPerPDF: 4,
	}, nil
}

func pageKey(file string, index int) string {
	return fmt.Sprintf("%s#%d", filepath.Base(file), index)
}

func share(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f%% (%d/%d)", 100*float64(a)/float64(b), a, b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// bookGroup is the files of one book.
type bookGroup struct {
	book  string
	files []string
}

// byBook groups generated files by kind and book, in the order generated.
func byBook(truths []synth.Truth) []bookGroup {
	var out []bookGroup
	at := map[string]int{}
	seen := map[string]bool{}
	for _, t := range truths {
		k := string(t.Kind) + " " + t.Book
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, bookGroup{book: t.Book})
		}
		if !seen[t.File] {
			seen[t.File] = true
			out[i].files = append(out[i].files, t.File)
		}
	}
	return out
}
