package main

// The moj bench: an office of N verified entries, each with its original
// page, exported with `civreg export --format moj` by the real binary,
// timed, its peak memory read; then exported again, which must write
// nothing.
//
//	civreg-bench -moj 100000 -bin bin/civreg -dir /tmp/civreg-moj

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/registry"
)

var (
	mojN     = flag.Int("moj", 0, "moj bench: store an office of this many verified entries with their original pages in -dir, and time `civreg export --format moj` on it (target for 100000: 10 min on 2 cores, 300 MB)")
	mojBook  = flag.Int("moj-book", 500, "moj bench: entries per book")
	mojPages = flag.Int("moj-pages", 3, "moj bench: distinct pages drawn per kind and era; entries reuse them, so that the store stays small (originals are kept once per content)")
)

const mojBenchOffice = "UBND phường Bến Nghé"

// mojTemplate is one drawn page, which many entries share.
type mojTemplate struct {
	truth    synth.Truth
	original *registry.Original
}

// runMOJ builds the office's store (unless it is there from an earlier
// run with the same size) and measures the export and its rerun.
func runMOJ(bin, dir string, n int, seed uint64, out string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	db := filepath.Join(dir, fmt.Sprintf("moj-%d.db", n))
	var res []scaleResult
	add := func(m, format string, args ...any) {
		res = append(res, scaleResult{m, fmt.Sprintf(format, args...)})
		fmt.Fprintf(os.Stderr, "%s: %s\n", m, res[len(res)-1].value)
	}
	if _, err := os.Stat(db); err != nil {
		start := time.Now()
		if err := mojStore(db, n, seed); err != nil {
			os.Remove(db)
			return err
		}
		add("store built (SavePage, originals once per content)", "%d entries in %s", n, time.Since(start).Round(time.Second))
	}
	outDir := filepath.Join(dir, "moj-out")
	if err := os.RemoveAll(outDir); err != nil {
		return err
	}
	for _, pass := range []string{"export", "rerun (nothing changed)"} {
		wall, cpu, peakKB, err := mojExport(bin, db, outDir)
		if err != nil {
			return err
		}
		files, bytes := dirSize(outDir)
		add("moj "+pass, "%d entries in %s (%.0f entries/s; CPU %s), peak RSS %d MiB; %d files, %.2f GiB",
			n, wall.Round(time.Second/10), float64(n)/wall.Seconds(), cpu.Round(time.Second/10), peakKB/1024, files, float64(bytes)/(1<<30))
		if pass == "export" {
			add("moj: projected for 100,000 entries", "%s (target 10 min)", (time.Duration(float64(wall) * 100000 / float64(n))).Round(time.Second))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "moj export bench: %d entries, %d per book, %d distinct pages per kind and era (seed %d), on %d cores, %s.\n\n",
		n, *mojBook, *mojPages, seed, runtime.NumCPU(), time.Now().Format("2006-01-02"))
	b.WriteString("| measure | value |\n|---|---|\n")
	for _, r := range res {
		fmt.Fprintf(&b, "| %s | %s |\n", r.measure, r.value)
	}
	if out == "" {
		out = filepath.Join(dir, "moj.md")
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// mojStore stores n verified entries of one office through the scan's
// store API: books of -moj-book entries, the four kinds in turn, each era
// in its year, every entry's fields those of one of the drawn pages, its
// number and page its place in the book.
func mojStore(path string, n int, seed uint64) error {
	ctx := context.Background()
	drawn := time.Now()
	pages := map[registry.FormID][]mojTemplate{}
	years := map[registry.Era]int{registry.EraA: 2009, registry.EraB: 2020}
	for _, k := range registry.Kinds {
		for _, e := range registry.Eras {
			for i := range *mojPages {
				img, truth, err := synth.RenderPage(synth.PageOptions{Seed: seed, Kind: k, Era: e, Index: i, Wear: worn(), Office: mojBenchOffice, Book: fmt.Sprintf("01/%d", years[e])})
				if err != nil {
					return err
				}
				o, err := scan.Original(img, tesseract.EncodeColourJPEG, tesseract.FitJPEG)
				if err != nil {
					return err
				}
				id := registry.FormID{Kind: k, Era: e}
				pages[id] = append(pages[id], mojTemplate{truth, o})
			}
		}
	}
	fmt.Fprintf(os.Stderr, "drew %d pages in %s\n", 8**mojPages, time.Since(drawn).Round(time.Second))
	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	books := (n + *mojBook - 1) / *mojBook
	done := 0
	for bk := range books {
		k, e := registry.Kinds[bk%4], registry.Eras[bk/4%2]
		number := fmt.Sprintf("%02d/%d", 1+bk/8, years[e])
		batch := &registry.Batch{Office: mojBenchOffice, Book: number, Kind: k, Era: e}
		if err := db.CreateBatch(ctx, batch); err != nil {
			return err
		}
		for i := 0; i < *mojBook && done < n; i, done = i+1, done+1 {
			t := pages[registry.FormID{Kind: k, Era: e}][i%*mojPages]
			if err := db.SavePage(ctx, mojEntry(batch, t, i+1)); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "\rstored %d of %d entries", done, n)
	}
	fmt.Fprintln(os.Stderr)
	return nil
}

// mojEntry is entry so of a book, with the drawn page's fields, verified.
func mojEntry(b *registry.Batch, t mojTemplate, so int) *registry.PageResult {
	rec := &registry.Record{Kind: b.Kind, Era: b.Era, Office: b.Office, Book: b.Book, Page: so, Fields: map[string]*registry.Field{}}
	for k, f := range t.truth.Fields {
		st := registry.FieldConfirmed
		if f.State != "typed" {
			st = registry.FieldMissing
		}
		rec.Fields[k] = &registry.Field{Value: f.Value, Raw: f.Printed, Confidence: 1, Status: st}
	}
	for _, k := range []string{"so", "trangSo"} {
		rec.Fields[k] = &registry.Field{Value: strconv.Itoa(so), Raw: strconv.Itoa(so), Confidence: 1, Status: registry.FieldConfirmed}
	}
	h := sha256.Sum256([]byte(fmt.Sprint(b.Kind, b.Book, so)))
	o := *t.original
	return &registry.PageResult{
		Page:     registry.Page{BatchID: b.ID, SHA256: fmt.Sprintf("%x", h), File: fmt.Sprintf("quyen-%s.pdf", strings.ReplaceAll(b.Book, "/", "-")), PageIndex: so - 1},
		Original: &o,
		Record:   rec,
	}
}

// worn is medium wear without blank or unreadable fields: pages as costly
// to bring down to their PDF as a worn book's, every entry complete.
func worn() synth.Wear {
	w := synth.WearMedium
	w.Blank, w.Illegible = 0, 0
	return w
}

// mojExport runs the export and returns its wall and CPU time (user and
// system: on a shared machine the wall time says as much of the others'
// load as of the export) and its peak resident set, read from /proc while
// it runs (its rusage would count this process's memory at the fork).
func mojExport(bin, db, out string) (wall, cpu time.Duration, peakKB int64, err error) {
	cmd := exec.Command(bin, "--db", db, "-q", "export", "--format", "moj", "--out", out)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				return 0, 0, 0, fmt.Errorf("%s export --format moj: %w", bin, err)
			}
			return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), peakKB, nil
		case <-tick.C:
			peakKB = max(peakKB, pidHWM(cmd.Process.Pid))
		}
	}
}

// pidHWM returns a process's peak resident set in KiB.
func pidHWM(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// dirSize counts the files under dir and their bytes.
func dirSize(dir string) (files int, bytes int64) {
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if st, err := d.Info(); err == nil {
				files++
				bytes += st.Size()
			}
		}
		return nil
	})
	return files, bytes
}
