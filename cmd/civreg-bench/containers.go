package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// containersMode measures pages as archives and book scanners store them,
// each way beside the same pages in PNG.
var containersMode = flag.Bool("containers", false, "bench: the same pages as PNG, as spreads, sideways, sideways spreads, JPEG 2000 and JBIG2 PDFs and with curled lines, a row each")

// containerOnly limits the rows run, for looking at one way of storing.
var containerOnly = flag.String("container-rows", "", "bench with -containers: only these rows (comma-separated: png, spread, sideways, sideways-spread, jpx, jbig2, curl-moderate, curl-strong)")

// containerRow is one way of storing the bench's pages.
type containerRow struct {
	key, name string
	set       func(*synth.Options)
}

// containerRows are the ways measured, the plain PNG first: every row
// draws the same entries with the same seed.
var containerRows = []containerRow{
	{"png", "PNG, one page an image", func(*synth.Options) {}},
	{"spread", "spread (two pages an image)", func(o *synth.Options) { o.Spread = true }},
	{"sideways", "sideways (turned 90°)", func(o *synth.Options) { o.Turn = 90 }},
	{"sideways-spread", "sideways spread (turned 270°)", func(o *synth.Options) { o.Spread, o.Turn = true, 270 }},
	{"jpx", "JPEG 2000 in PDF", func(o *synth.Options) { o.Formats = []string{synth.FormatJPX} }},
	{"jbig2", "JBIG2 in PDF", func(o *synth.Options) { o.Formats = []string{synth.FormatJBIG2} }},
	{"curl-moderate", "curled lines, moderate", func(o *synth.Options) { o.Curl = synth.CurlModerate }},
	{"curl-strong", "curled lines, strong", func(o *synth.Options) { o.Curl = synth.CurlStrong }},
}

// runContainers runs the bench once per row on the same pages and writes
// the rows side by side, with counts.
func runContainers(bin, dir string, pages int, seed uint64, wear string, workers int, out string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	w, err := synth.ParseWear(wear)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Containers and scanners: the same %d entries per kind × era (wear %q, seed %d), stored each way.\n\n", pages, wear, seed)
	fmt.Fprintf(&b, "| stored as | records / entries | pages failed | straightened | located | exact | accepted | wrong among accepted |\n|---|---|---|---|---|---|---|---|\n")
	var runs []*familyRuns
	for i, row := range containerRows {
		if *containerOnly != "" && !slices.Contains(strings.Split(*containerOnly, ","), row.key) {
			continue
		}
		so := synth.Options{Seed: seed, Kinds: registry.Kinds, Eras: registry.Eras, Pages: pages, Wear: w, Formats: []string{synth.FormatPNG}, PagesPerPDF: 4}
		row.set(&so)
		br, err := measure(bin, filepath.Join(dir, fmt.Sprintf("row%d", i)), synthPages(so), workers)
		if err != nil {
			return fmt.Errorf("%s: %w", row.name, err)
		}
		runs = append(runs, &familyRuns{name: row.key, seeds: []uint64{seed}, runs: []*benchRun{br}})
		t := br.total
		fmt.Fprintf(&b, "| %s | %d / %d | %d | %d | %s | %s | %s | %s |\n", row.name, len(br.truths)-br.missingPages, len(br.truths), br.failed, br.straightened,
			share(t.Located, t.Fields), share(t.Exact, t.Fields), share(t.Accepted, t.Fields), share(t.AcceptedWrong, t.Accepted))
		for _, f := range br.failures {
			fmt.Fprintf(os.Stderr, "%s: %s\n", row.name, f)
		}
	}
	fmt.Print(b.String())
	if *readingsOut != "" {
		if err := writeReadings(*readingsOut, runs); err != nil {
			return err
		}
	}
	if out != "" {
		return os.WriteFile(out, []byte(b.String()), 0o644)
	}
	return nil
}
