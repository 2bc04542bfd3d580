// Command civreg-bench measures the ledger reader against generated pages
// whose truth is known, and makes the calibration table the router uses.
//
//	civreg-bench -bin bin/civreg -dir /tmp/civreg-bench -pages 13
//	civreg-bench -bin bin/civreg -families tuned,held-out -seeds 3 -pages 6
//	civreg-bench -calibrate -pages 25 -out internal/route/calibration.json
//	civreg-bench -scale 12000000 -dir /tmp/civreg-scale
//	civreg-bench -moj 100000 -bin bin/civreg -dir /tmp/civreg-moj
//	civreg-bench -containers -bin bin/civreg -dir /tmp/civreg-containers -pages 1
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
var heldOut = flag.Bool("held-out", false, "bench: draw the pages with typefaces, sizes, form editions and containers kept out of all tuning")

// How the bench's pages are stored and scanned (see samples generate).
var (
	formats = flag.String("formats", "", "bench: containers, used in turn (png, jpeg, tiff, mtiff, pdf, jpx, jbig2, g4, g4black, g4-200, g4black-200); default png,jpeg,tiff,pdf, or the held-out mix")
	spread  = flag.Bool("spread", false, "bench: scan the books open, two entries to an image")
	turnDeg = flag.Int("rotate", 0, "bench: lay the pages on the scanner turned clockwise by 90, 180 or 270 degrees")
	curl    = flag.String("curl", "", "bench: bend the lines towards the gutter, as a bound book that does not lie flat (moderate, strong)")
)

func main() {
	var (
		bin       = flag.String("bin", "bin/civreg", "the civreg binary to measure")
		dir       = flag.String("dir", filepath.Join(os.TempDir(), "civreg-bench"), "work directory (wiped)")
		pages     = flag.Int("pages", 13, "pages per kind × era")
		seed      = flag.Uint64("seed", 20261123, "seed of the generated pages (calibration uses seed+1000)")
		wear      = flag.String("wear", "light", "wear preset or list")
		workers   = flag.Int("workers", runtime.NumCPU(), "scan workers")
		cliPages  = flag.Int("cli-pages", 24, "bench: pages to time civreg scan and the plain tesseract CLI on (the first family's single-image pages)")
		calibrate = flag.Bool("calibrate", false, "fit the calibration table instead of benchmarking")
		reuse     = flag.Bool("reuse", false, "calibrate: scan the pages already generated in -dir again")
		out       = flag.String("out", "", "calibrate: where to write calibration.json; bench: where to write the results (markdown)")
		cpuProf   = flag.String("cpuprofile", "", "write a CPU profile of the bench process to this file")
		merge     = flag.String("merge", "", "add up the cells of these calibration files (comma-separated) into -out")
	)
	flag.Parse()
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
	case *calibrate && checkCalibration() != nil:
		err = checkCalibration()
	case *calibrate:
		err = runCalibrate(*dir, *pages, *seed+1000, *wear, *workers, *out, *reuse)
	case *containersMode:
		err = runContainers(*bin, *dir, *pages, *seed, *wear, *workers, *out)
	case *families != "":
		err = runFamilies(*bin, *dir, *pages, *seed, *wear, *workers, *cliPages, *out)
	default:
		err = runBench(*bin, *dir, *pages, *seed, *wear, *workers, *cliPages, *out)
	}
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "civreg-bench:", err)
		os.Exit(1)
	}
}

// exported is a record as `civreg export --format ndjson` writes it.
type exported struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Era    string `json:"era"`
	Source struct {
		File      string `json:"file"`
		PageIndex int    `json:"page_index"`
		Side      string `json:"side"`
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

// benchRun is what one generate → scan → export → compare run measured.
type benchRun struct {
	truths       []synth.Truth
	formats      map[string]string // file → container format
	pages        int               // stored
	failed       int
	straightened int      // pages whose curled lines were straightened
	failures     []string // "file#page: reason"
	missingPages int
	wall         time.Duration
	cpu          time.Duration // user + system of the scans
	peakKB       int64
	total        tally
	byKind       map[string]*tally
	byField      map[string]*tally
	byEdition    map[string]*tally // edition name ("canonical") → tally
	byFormat     map[string]*tally
	silent       []wrongReading // wrong readings accepted
	lost         []wrongReading // fields not located
	unlocated    map[string]int // "form field" → fields not located
}

// wrongReading is one wrong value accepted without a person, or one
// field not located.
type wrongReading struct {
	form, key, file, edition, status, read, truth string
	confidence                                    float64
	state                                         string // the truth's: typed, blank, illegible
	truthBox                                      [4]int // deskewed, at 300 dpi
	readBox                                       []int
}

func runBench(bin, dir string, pages int, seed uint64, wear string, workers, cliPages int, out string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	family := ""
	if *heldOut {
		family = synth.FamilyHeldOut
	}
	br, err := measure(bin, dir, synthPages(synthOptions(seed, pages, wear, family)), workers)
	if err != nil {
		return err
	}
	sp, spErr := measureSpeed(bin, filepath.Join(dir, "speed"), speedFiles(br.truths, filepath.Join(dir, "pages"), cliPages), *speedReps)

	var b strings.Builder
	style := ""
	if *heldOut {
		style = ", typefaces, sizes, editions and containers held out of tuning"
	}
	total := br.total
	fmt.Fprintf(&b, "Bench: %d generated pages (%d per kind × era, wear %q%s, seed %d), %d workers on %d cores.\n\n", len(br.truths), pages, wear, style, seed, workers, runtime.NumCPU())
	fmt.Fprintf(&b, "| measure | value |\n|---|---|\n")
	fmt.Fprintf(&b, "| pages stored / failed / not exported | %d / %d / %d |\n", br.pages, br.failed, br.missingPages)
	if br.straightened > 0 {
		fmt.Fprintf(&b, "| pages straightened (lines curled towards the gutter) | %d |\n", br.straightened)
	}
	fmt.Fprintf(&b, "| fields located | %s |\n", share(total.Located, total.Fields))
	fmt.Fprintf(&b, "| fields exactly right | %s |\n", share(total.Exact, total.Fields))
	fmt.Fprintf(&b, "| fields accepted without a person | %s |\n", share(total.Accepted, total.Fields))
	fmt.Fprintf(&b, "| silent error (wrong among accepted) | %s |\n", share(total.AcceptedWrong, total.Accepted))
	fmt.Fprintf(&b, "| illegible fields accepted | %d of %d |\n", total.IllegibleAccepted, total.Illegible)
	fmt.Fprintf(&b, "| civreg pages/min per core (CPU time, %d workers) | %.1f (%d pages, %.1f s of CPU, %.1f s wall) |\n", workers, float64(br.pages)/br.cpu.Minutes(), br.pages, br.cpu.Seconds(), br.wall.Seconds())
	fmt.Fprintf(&b, "| peak RSS of civreg scan | %.0f MiB |\n", float64(br.peakKB)/1024)
	fmt.Fprintf(&b, "\nBy form:\n\n| form | fields | located | exact | accepted | silent error |\n|---|---|---|---|---|---|\n")
	for _, k := range sortedKeys(br.byKind) {
		t := br.byKind[k]
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s |\n", k, t.Fields, share(t.Located, t.Fields), share(t.Exact, t.Fields), share(t.Accepted, t.Fields), share(t.AcceptedWrong, t.Accepted))
	}
	fmt.Fprintf(&b, "\nBy field (exact match, accepted, silent errors):\n\n| form field | n | exact | accepted | wrong accepted |\n|---|---|---|---|---|\n")
	for _, k := range sortedKeys(br.byField) {
		t := br.byField[k]
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %d |\n", k, t.Fields, share(t.Exact, t.Fields), share(t.Accepted, t.Fields), t.AcceptedWrong)
	}
	if len(br.silent) > 0 {
		fmt.Fprintf(&b, "\nWrong among accepted:\n\n| form field | page | status | read | truth |\n|---|---|---|---|---|\n")
		for _, w := range br.silent {
			fmt.Fprintf(&b, "| %s %s | %s | %s | %q | %q |\n", w.form, w.key, w.file, w.status, w.read, w.truth)
		}
	}
	if spErr == nil {
		sp.report(&b, "the bench's")
	} else {
		fmt.Fprintf(&b, "\nSpeed against the tesseract CLI not measured: %v\n", spErr)
	}
	fmt.Print(b.String())
	if out != "" {
		return os.WriteFile(out, []byte(b.String()), 0o644)
	}
	return nil
}

// pageMaker writes a batch of pages with their truth into a directory,
// calling progress after each file.
type pageMaker func(dir string, progress func(synth.ManifestFile)) ([]synth.Truth, error)

// synthPages makes the generator's pages.
func synthPages(so synth.Options) pageMaker {
	return func(dir string, progress func(synth.ManifestFile)) ([]synth.Truth, error) {
		so.Progress = progress
		return synth.Generate(dir, so)
	}
}

// measure makes the pages into dir/pages, scans them with the real
// binary one book at a time, exports, and compares with the truth.
func measure(bin, dir string, makePages pageMaker, workers int) (*benchRun, error) {
	pagesDir := filepath.Join(dir, "pages")
	db := filepath.Join(dir, "bench.db")
	br := &benchRun{formats: map[string]string{}}
	var err error
	if br.truths, err = makePages(pagesDir, func(mf synth.ManifestFile) { br.formats[mf.File] = mf.Format }); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "generated %d pages in %s\n", len(br.truths), pagesDir)
	if err := br.scan(bin, db, pagesDir, workers); err != nil {
		return nil, err
	}
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
		recs[pageKey(r.Source.File, r.Source.PageIndex, r.Source.Side)] = r
	}
	br.compare(recs)
	return br, nil
}

// scan runs the binary once per book, as a ward clerk scans them: the book
// number is given, the kind and era are left to be detected.
func (br *benchRun) scan(bin, db, pagesDir string, workers int) error {
	for _, g := range byBook(br.truths) {
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
		br.wall += time.Since(start)
		br.cpu += scan.ProcessState.UserTime() + scan.ProcessState.SystemTime()
		br.peakKB = max(br.peakKB, scan.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
		var r struct {
			Pages    int `json:"pages_stored"`
			Failed   int `json:"pages_failed"`
			Straight int `json:"pages_straightened"`
			Failures []struct {
				File      string `json:"file"`
				PageIndex int    `json:"page_index"`
				Reason    string `json:"reason"`
			} `json:"failures"`
		}
		json.Unmarshal(repJSON, &r)
		br.pages += r.Pages
		br.failed += r.Failed
		br.straightened += r.Straight
		for _, f := range r.Failures {
			br.failures = append(br.failures, fmt.Sprintf("%s#%d: %s", filepath.Base(f.File), f.PageIndex, f.Reason))
		}
	}
	return nil
}

// compare tallies every field of every page against the export.
func (br *benchRun) compare(recs map[string]exported) {
	br.byKind, br.byField = map[string]*tally{}, map[string]*tally{}
	br.byEdition, br.byFormat = map[string]*tally{}, map[string]*tally{}
	br.unlocated = map[string]int{}
	add := func(m map[string]*tally, k string, t tally) {
		if m[k] == nil {
			m[k] = &tally{}
		}
		m[k].add(t)
	}
	for _, tr := range br.truths {
		r, ok := recs[pageKey(tr.File, tr.PageIndex, tr.Side)]
		if !ok {
			br.missingPages++
		}
		kind := fmt.Sprintf("%s-%s", tr.Kind, tr.Era)
		edition := tr.Edition
		if edition == "" {
			edition = synth.EditionDefault
		}
		for key, tf := range tr.Fields {
			t := fieldTally(r, key, tf, tr.DPI)
			f := r.Fields[key]
			w := wrongReading{kind, key, tr.File, edition, f.Status, f.Value, tf.Value, f.Confidence, tf.State, scaleTo300(tf.BoxDeskewed, tr.DPI), f.Box}
			if t.AcceptedWrong == 1 {
				br.silent = append(br.silent, w)
			}
			if t.Located == 0 {
				br.unlocated[kind+" "+key]++
				br.lost = append(br.lost, w)
			}
			br.total.add(t)
			add(br.byKind, kind, t)
			add(br.byField, kind+" "+key, t)
			add(br.byEdition, edition, t)
			add(br.byFormat, br.formats[tr.File], t)
		}
	}
	for _, l := range [][]wrongReading{br.silent, br.lost} {
		slices.SortFunc(l, func(a, b wrongReading) int {
			return strings.Compare(a.form+a.key+a.file, b.form+b.key+b.file)
		})
	}
}

// scaleTo300 brings a box of a page stored at dpi to 300 dpi.
func scaleTo300(b [4]int, dpi int) [4]int {
	if dpi <= 0 || dpi == 300 {
		return b
	}
	f := 300 / float64(dpi)
	return [4]int{int(float64(b[0]) * f), int(float64(b[1]) * f), int(float64(b[2]) * f), int(float64(b[3]) * f)}
}

// fieldTally is one field's outcome.
func fieldTally(r exported, key string, tf synth.TruthField, dpi int) tally {
	f, has := r.Fields[key]
	return scoreField(tf, f, has, dpi)
}

// scoreField scores one field: f is its exported reading, has whether
// there is one.
func scoreField(tf synth.TruthField, f exportedField, has bool, dpi int) tally {
	t := tally{Fields: 1}
	// Located: the value's box holds the centre of where the generator
	// drew it (both in deskewed page pixels). A page whose file states its
	// resolution is read at 300 dpi: its boxes are at that scale.
	if has && len(f.Box) == 4 {
		b := tf.BoxDeskewed
		for _, s := range []float64{1, 300 / float64(max(dpi, 1))} {
			cx, cy := int(float64(b[0]+b[2])/2*s), int(float64(b[1]+b[3])/2*s)
			if b == [4]int{} || cx >= f.Box[0]-10 && cx <= f.Box[2]+10 && cy >= f.Box[1]-10 && cy <= f.Box[3]+10 {
				t.Located = 1
			}
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

// synthOptions chooses the bench's pages. family "" is the canonical
// layout; tuned adds the tuned editions; held-out draws held-out
// typefaces, sizes, editions and containers.
func synthOptions(seed uint64, pages int, wear, family string) synth.Options {
	w, err := synth.ParseWear(wear)
	if err != nil {
		fmt.Fprintln(os.Stderr, "civreg-bench:", err)
		os.Exit(2)
	}
	return synth.Options{
		Seed: seed, Kinds: registry.Kinds, Eras: registry.Eras, Pages: pages, Wear: w,
		HeldOut: family == synth.FamilyHeldOut, Edition: family, Formats: benchFormats(family), PagesPerPDF: 4,
		Spread: *spread, Turn: *turnDeg, Curl: *curl,
	}
}

func pageKey(file string, index int, side string) string {
	return fmt.Sprintf("%s#%d%s", filepath.Base(file), index, side)
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
