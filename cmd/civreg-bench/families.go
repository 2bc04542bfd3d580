package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/civreg/civreg/internal/synth"
)

var (
	families    = flag.String("families", "", "bench: measure these page families (tuned, held-out, outside, canonical; comma-separated) over -seeds seeds each, side by side with 95 % Wilson intervals")
	seeds       = flag.Int("seeds", 3, "bench with -families: seeds per family (seed, seed+1, …)")
	readingsOut = flag.String("readings", "", "bench with -families or -containers: write every wrong reading accepted and every field not located (page, field, truth, read, confidence, boxes) to this TSV file")
	// outsideN keeps the outside family, slow to lay out, smaller than
	// the others in make bench.
	outsideN = flag.Int("outside-pages", 0, "bench with -families: pages per kind × era of the outside family (default -pages)")
	// calEdition is the printing the calibration fits on; held-out
	// editions are refused, so that they stay unseen.
	calEdition = flag.String("edition", synth.EditionDefault, "calibrate: printing of the forms to fit on: canonical or tuned (held-out is refused)")
)

// benchFormats are the containers of a family's pages: held-out pages
// come in held-out containers too (bilevel G4 both ways, 200 dpi).
func benchFormats(family string) []string {
	if *formats != "" {
		return strings.Split(*formats, ",")
	}
	if family == synth.FamilyHeldOut {
		return append([]string(nil), synth.HeldOutFormats...)
	}
	return []string{"png", "jpeg", "tiff", "pdf"}
}

// familyPages is how many pages per kind × era a family draws.
func familyPages(family string, pages int) int {
	if family == synth.FamilyOutside && *outsideN > 0 {
		return *outsideN
	}
	return pages
}

// calibrationFamily is the edition family the calibration draws.
func calibrationFamily() string {
	if *calEdition == synth.FamilyTuned {
		return synth.FamilyTuned
	}
	return ""
}

// checkCalibration refuses what must stay out of the calibration.
func checkCalibration() error {
	switch {
	case *heldOut:
		return fmt.Errorf("-held-out pages are kept out of the calibration")
	case *calEdition != synth.EditionDefault && *calEdition != synth.FamilyTuned:
		return fmt.Errorf("-edition %q: the calibration fits on canonical or tuned editions only; held-out ones are kept out of it", *calEdition)
	}
	return nil
}

// refuseHeldOut refuses pages, generated earlier, that were drawn with
// anything held out of tuning.
func refuseHeldOut(truths []synth.Truth) error {
	for _, t := range truths {
		if t.HeldOut || t.EditionFamily == synth.FamilyHeldOut || t.EditionFamily == synth.FamilyOutside {
			return fmt.Errorf("%s: held-out pages are kept out of the calibration", t.File)
		}
	}
	return nil
}

// wilson is the 95 % Wilson score interval of k successes in n trials.
func wilson(k, n int) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	const z = 1.959963984540054
	p, nf := float64(k)/float64(n), float64(n)
	den := 1 + z*z/nf
	centre := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// ci writes a share with its count and 95 % interval, in percent:
// "0.24 % (5/2066; 0.10–0.56)".
func ci(k, n int) string {
	if n == 0 {
		return "–"
	}
	lo, hi := wilson(k, n)
	return fmt.Sprintf("%.2f %% (%d/%d; %.2f–%.2f)", 100*float64(k)/float64(n), k, n, 100*lo, 100*hi)
}

// familyRuns are one family's runs, one per seed.
type familyRuns struct {
	name  string
	seeds []uint64
	runs  []*benchRun
	// pooled sums the runs.
	pooled                          *benchRun
	pages, failed, missing          int
	cpuSeconds                      float64
	peakKB                          int64
	byEdition, byFormat, unlocatedN map[string]*tally
}

// runFamilies runs the bench for every family × seed and writes them side
// by side.
func runFamilies(bin, dir string, pages int, seed uint64, wear string, workers, cliPages int, out string) error {
	var fams []*familyRuns
	for _, name := range strings.Split(*families, ",") {
		name = strings.TrimSpace(name)
		if name != synth.FamilyTuned && name != synth.FamilyHeldOut && name != synth.EditionDefault && name != synth.FamilyOutside {
			return fmt.Errorf("-families: unknown family %q (want tuned, held-out, outside or canonical)", name)
		}
		fams = append(fams, &familyRuns{name: name})
	}
	if *seeds < 1 {
		return fmt.Errorf("-seeds must be at least 1")
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, fr := range fams {
		family := fr.name
		if family == synth.EditionDefault {
			family = ""
		}
		for i := range *seeds {
			s := seed + uint64(i)
			mk := synthPages(synthOptions(s, pages, wear, family))
			if family == synth.FamilyOutside {
				mk = outsidePages(s, familyPages(family, pages), wear)
			}
			br, err := measure(bin, filepath.Join(dir, fmt.Sprintf("%s-%d", fr.name, s)), mk, workers)
			if err != nil {
				return fmt.Errorf("%s seed %d: %w", fr.name, s, err)
			}
			fmt.Fprintf(os.Stderr, "%s seed %d: located %s, wrong among accepted %s\n", fr.name, s,
				ci(br.total.Located, br.total.Fields), ci(br.total.AcceptedWrong, br.total.Accepted))
			fr.seeds = append(fr.seeds, s)
			fr.runs = append(fr.runs, br)
		}
		fr.pool()
	}
	first := fams[0].runs[0]
	sp, spErr := measureSpeed(bin, filepath.Join(dir, "speed"), speedFiles(first.truths, filepath.Join(dir, fmt.Sprintf("%s-%d", fams[0].name, seed), "pages"), cliPages), *speedReps)
	if *readingsOut != "" {
		if err := writeReadings(*readingsOut, fams); err != nil {
			return err
		}
	}
	report := familiesReport(fams, pages, seed, wear, workers, sp, spErr)
	fmt.Print(report)
	if out != "" {
		return os.WriteFile(out, []byte(report), 0o644)
	}
	return nil
}

// pool adds up the family's runs.
func (fr *familyRuns) pool() {
	fr.pooled = &benchRun{}
	fr.byEdition, fr.byFormat, fr.unlocatedN = map[string]*tally{}, map[string]*tally{}, map[string]*tally{}
	addAll := func(dst map[string]*tally, src map[string]*tally) {
		for k, t := range src {
			if dst[k] == nil {
				dst[k] = &tally{}
			}
			dst[k].add(*t)
		}
	}
	for _, br := range fr.runs {
		fr.pooled.total.add(br.total)
		fr.pages += br.pages
		fr.failed += br.failed
		fr.missing += br.missingPages
		fr.cpuSeconds += br.cpu.Seconds()
		fr.peakKB = max(fr.peakKB, br.peakKB)
		addAll(fr.byEdition, br.byEdition)
		addAll(fr.byFormat, br.byFormat)
		for k, n := range br.unlocated {
			if fr.unlocatedN[k] == nil {
				fr.unlocatedN[k] = &tally{}
			}
			fr.unlocatedN[k].Fields += n
		}
	}
}

// familiesReport writes the families side by side (markdown).
func familiesReport(fams []*familyRuns, pages int, seed uint64, wear string, workers int, sp *speed, spErr error) string {
	var b strings.Builder
	outsideN := ""
	for _, fr := range fams {
		if fr.name == synth.FamilyOutside {
			outsideN = fmt.Sprintf(" (outside: %d)", familyPages(fr.name, pages))
		}
	}
	fmt.Fprintf(&b, "Bench by family: %d pages per kind × era per seed%s, seeds %d–%d, wear %q, %d workers on %d cores. "+
		"Each figure: share (count/total; 95 %% Wilson score interval, in %%). tuned: the layout files' printing and the tuned editions, "+
		"tuning's typefaces and containers; held-out: editions, typefaces, type sizes and containers (G4 min-is-white and min-is-black, 300 and 200 dpi) kept out of all tuning and calibration; "+
		"outside: the same entries laid out by LibreOffice in other layouts and faces (tables, tab leaders, one field a line), rasterized by poppler, kept out of all tuning and calibration.\n\n",
		pages, outsideN, seed, seed+uint64(*seeds)-1, wear, workers, runtime.NumCPU())
	fmt.Fprintf(&b, "| measure |")
	for _, fr := range fams {
		fmt.Fprintf(&b, " %s (%d seeds) |", fr.name, len(fr.runs))
	}
	fmt.Fprintf(&b, "\n|---|%s\n", strings.Repeat("---|", len(fams)))
	row := func(name string, f func(fr *familyRuns) string) {
		fmt.Fprintf(&b, "| %s |", name)
		for _, fr := range fams {
			fmt.Fprintf(&b, " %s |", f(fr))
		}
		b.WriteString("\n")
	}
	row("pages stored / refused / not exported", func(fr *familyRuns) string {
		return fmt.Sprintf("%d / %d / %d", fr.pages, fr.failed, fr.missing)
	})
	row("fields located", func(fr *familyRuns) string { t := fr.pooled.total; return ci(t.Located, t.Fields) })
	row("fields exactly right", func(fr *familyRuns) string { t := fr.pooled.total; return ci(t.Exact, t.Fields) })
	row("fields accepted without a person", func(fr *familyRuns) string { t := fr.pooled.total; return ci(t.Accepted, t.Fields) })
	row("**wrong among accepted**", func(fr *familyRuns) string { t := fr.pooled.total; return ci(t.AcceptedWrong, t.Accepted) })
	row("illegible fields accepted", func(fr *familyRuns) string {
		t := fr.pooled.total
		return fmt.Sprintf("%d of %d", t.IllegibleAccepted, t.Illegible)
	})
	row("civreg pages/min per core (CPU time)", func(fr *familyRuns) string {
		return fmt.Sprintf("%.1f", float64(fr.pages)/(fr.cpuSeconds/60))
	})
	row("peak RSS of civreg scan", func(fr *familyRuns) string { return fmt.Sprintf("%.0f MiB", float64(fr.peakKB)/1024) })
	if spErr == nil {
		sp.report(&b, fams[0].name+" pages of the first seed")
	} else {
		fmt.Fprintf(&b, "\nSpeed against the tesseract CLI not measured: %v\n", spErr)
	}
	fmt.Fprintf(&b, "\nBy seed:\n\n| family | seed | pages stored / refused | located | exact | accepted | wrong among accepted |\n|---|---|---|---|---|---|---|\n")
	for _, fr := range fams {
		for i, br := range fr.runs {
			t := br.total
			fmt.Fprintf(&b, "| %s | %d | %d / %d | %s | %s | %s | %s |\n", fr.name, fr.seeds[i], br.pages, br.failed,
				ci(t.Located, t.Fields), ci(t.Exact, t.Fields), ci(t.Accepted, t.Fields), ci(t.AcceptedWrong, t.Accepted))
		}
	}
	for _, fr := range fams {
		familyDetail(&b, fr)
	}
	return b.String()
}

// familyDetail writes one family's breakdowns and its wrong readings.
func familyDetail(b *strings.Builder, fr *familyRuns) {
	fmt.Fprintf(b, "\n### %s\n\nBy edition and by container (pooled over seeds):\n\n| edition or container | fields | located | exact | accepted | wrong among accepted |\n|---|---|---|---|---|---|\n", fr.name)
	for _, m := range []map[string]*tally{fr.byEdition, fr.byFormat} {
		for _, k := range sortedKeys(m) {
			t := m[k]
			fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s |\n", k, t.Fields, ci(t.Located, t.Fields), ci(t.Exact, t.Fields), ci(t.Accepted, t.Fields), ci(t.AcceptedWrong, t.Accepted))
		}
	}
	keys := sortedKeys(fr.unlocatedN)
	sort.SliceStable(keys, func(i, j int) bool { return fr.unlocatedN[keys[i]].Fields > fr.unlocatedN[keys[j]].Fields })
	if len(keys) > 0 {
		fmt.Fprintf(b, "\nNot located, most often: ")
		for i, k := range keys[:min(15, len(keys))] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%s ×%d", k, fr.unlocatedN[k].Fields)
		}
		b.WriteString(".\n")
	}
	var refused []string
	for _, br := range fr.runs {
		refused = append(refused, br.failures...)
	}
	if len(refused) > 0 {
		fmt.Fprintf(b, "\nPages refused:\n\n")
		for _, r := range refused {
			fmt.Fprintf(b, "- %s\n", r)
		}
	}
	fmt.Fprintf(b, "\nWrong among accepted (%d):\n\n| seed | edition | form field | page | status | read | truth |\n|---|---|---|---|---|---|---|\n", fr.pooled.total.AcceptedWrong)
	for i, br := range fr.runs {
		for _, w := range br.silent {
			fmt.Fprintf(b, "| %d | %s | %s %s | %s | %s | %q | %q |\n", fr.seeds[i], w.edition, w.form, w.key, w.file, w.status, w.read, w.truth)
		}
	}
}

// writeReadings writes the families' wrong accepted readings, fields not
// located and pages refused, one a line (TSV), for whoever fixes the
// reader: boxes are [x0 y0 x1 y1] in deskewed 300-dpi page pixels, the
// truth's where the value was drawn and the export's where it was read.
func writeReadings(path string, fams []*familyRuns) error {
	var b strings.Builder
	b.WriteString("what\tfamily\tseed\tpage\tedition\tform\tfield\tstatus\tconfidence\ttruth_state\ttruth\tread\ttruth_box\tread_box\n")
	for _, fr := range fams {
		for i, br := range fr.runs {
			for _, list := range []struct {
				what string
				ws   []wrongReading
			}{{"wrong-accepted", br.silent}, {"not-located", br.lost}} {
				for _, w := range list.ws {
					fmt.Fprintf(&b, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%v\t%v\n", list.what, fr.name, fr.seeds[i], w.file, w.edition, w.form, w.key,
						w.status, w.confidence, w.state, tsvCell(w.truth), tsvCell(w.read), w.truthBox, w.readBox)
				}
			}
			for _, f := range br.failures {
				fmt.Fprintf(&b, "refused\t%s\t%d\t%s\t\t\t\t\t\t\t\t\t\t\n", fr.name, fr.seeds[i], tsvCell(f))
			}
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
