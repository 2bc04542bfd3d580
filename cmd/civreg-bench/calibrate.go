package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/registry"
)

// runCalibrate scans generated pages in process and counts, for each
// evidence bucket, how many readings were right: the table the router turns
// into calibrated confidences. Illegible fields count as wrong whatever was
// read, so that nothing like them is ever accepted.
//
// With reuse, the pages already generated in dir are scanned again (their
// truth read from the .truth.json files), for comparing two versions of
// the reader on the same pages without generating them anew.
func runCalibrate(dir string, pages int, seed uint64, wear string, workers int, out string, reuse bool) error {
	pagesDir := filepath.Join(dir, "pages")
	var truths []synth.Truth
	var err error
	if reuse {
		truths, err = readTruths(pagesDir)
		if err == nil {
			err = refuseHeldOut(truths)
		}
		os.Remove(filepath.Join(dir, "calibrate.db"))
		os.Remove(filepath.Join(dir, "calibrate.db-wal"))
		os.Remove(filepath.Join(dir, "calibrate.db-shm"))
	} else {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		truths, err = synth.Generate(pagesDir, synthOptions(seed, pages, wear, calibrationFamily()))
	}
	if err != nil {
		return err
	}
	truth := map[string]synth.TruthField{}
	for _, t := range truths {
		for k, f := range t.Fields {
			truth[pageKey(t.File, t.PageIndex, t.Side)+"/"+k] = f
		}
	}
	db, err := sqlite.Open(filepath.Join(dir, "calibrate.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	cal := &route.Calibration{Source: fmt.Sprintf("civreg-bench -calibrate: %d pages per kind × era, wear %q, seed %d", pages, wear, seed), Prior: calibrationPrior, Cells: map[string]route.Cell{}}
	// Every reading, with its truth, for analysis: readings.tsv.
	dump, err := os.Create(filepath.Join(dir, "readings.tsv"))
	if err != nil {
		return err
	}
	defer dump.Close()
	tsv := bufio.NewWriter(dump)
	defer tsv.Flush()
	fmt.Fprintln(tsv, "book\tsource\tform\tkey\ttype\tbucket\tvalid\tagree\tdisputed\treread\tpage_conf\tmean_conf\tmin_conf\trule_ok\trule_fail\tseen\tstate\tcorrect\traw\tvalue\tagain\ttruth\tnote")
	// A batch's readings wait for the batch to be read, for Seen.
	type observed struct {
		o     scan.Observation
		truth synth.TruthField
	}
	var obs []observed
	var mu sync.Mutex
	seen, right := 0, 0
	var rep scan.Report
	for i, g := range byBook(truths) {
		var files []string
		for _, f := range g.files {
			files = append(files, filepath.Join(pagesDir, f))
		}
		// A clerk may not name the book: one batch in three is scanned
		// without it, so that registration dates read without the book's
		// year have cells of their own (route.NoBook).
		book := g.book
		if i%3 == 2 {
			book = ""
		}
		r, err := scan.Run(context.Background(), files, scan.Options{
			Store:      db,
			Batch:      registry.Batch{Office: "UBND phường Bến Nghé", Book: book},
			Workers:    workers,
			NewEngine:  func(lang string) (scan.Engine, error) { return tesseract.New(lang) },
			EncodeJPEG: tesseract.EncodeJPEG, EncodeColourJPEG: tesseract.EncodeColourJPEG, FitJPEG: tesseract.FitJPEG,
			Calib: &route.Calibration{Cells: map[string]route.Cell{}},
			Observe: func(o scan.Observation) {
				tf, ok := truth[pageKey(o.Source.File, o.Source.PageIndex, o.Source.Side)+"/"+o.Key]
				if !ok || o.Evidence.Blank || !o.Evidence.Located {
					return
				}
				mu.Lock()
				defer mu.Unlock()
				obs = append(obs, observed{o, tf})
			},
		})
		if err != nil {
			return err
		}
		// The batch is read: how many other pages read each value.
		repeats := route.Repeats{}
		for _, x := range obs {
			repeats.Add(x.o.Key, x.o.Value)
		}
		for _, x := range obs {
			o, tf, e := x.o, x.truth, x.o.Evidence
			e.Batch, e.Seen = true, repeats.Seen(o.Key, o.Value)
			correct := tf.State == "typed" && o.Value == tf.Value
			cal.Add(e, correct)
			fmt.Fprintf(tsv, "%d\t%s\t%s\t%s\t%s\t%s\t%t\t%t\t%t\t%t\t%.1f\t%.1f\t%.1f\t%d\t%s\t%d\t%s\t%t\t%s\t%s\t%s\t%s\t%s\n",
				i, pageKey(o.Source.File, o.Source.PageIndex, o.Source.Side), o.Form, o.Key, e.Type, e.Bucket(), e.Valid, e.Agree, e.Disputed, o.Reread, o.PageConf, e.MeanConf, e.MinConf, e.RuleOK, strings.Join(e.RuleFail, ","),
				e.Seen, tf.State, correct, tsvCell(o.Raw), tsvCell(o.Value), tsvCell(o.Again), tsvCell(tf.Value), tsvCell(o.Field.Note))
			seen++
			if correct {
				right++
			}
		}
		obs = obs[:0]
		rep.Pages += r.Pages
		rep.Failed += r.Failed
	}
	fmt.Fprintf(os.Stderr, "calibrated on %d pages (%d failed): %d readings, %d right\n", rep.Pages, rep.Failed, seen, right)
	b, err := json.MarshalIndent(cal, "", " ")
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(dir, "calibration.json")
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

// mergeCalibrations adds up the cells of calibrations fitted on different
// pages (light wear and medium, say) into one, written to out: a cell's
// readings are counts, so two runs add up to the run of both.
func mergeCalibrations(files []string, out string) error {
	if out == "" {
		return fmt.Errorf("-merge needs -out")
	}
	all := &route.Calibration{Prior: calibrationPrior, Cells: map[string]route.Cell{}}
	var sources []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var c route.Calibration
		if err := json.Unmarshal(b, &c); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		sources = append(sources, c.Source)
		for k, cell := range c.Cells {
			sum := all.Cells[k]
			sum.N += cell.N
			sum.Correct += cell.Correct
			all.Cells[k] = sum
		}
	}
	all.Source = strings.Join(sources, "; and ")
	b, err := json.MarshalIndent(all, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

// calibrationPrior is the shrinkage the calibration is written with:
// 5-fold cross-validation on 800 pages' readings (readings.tsv) accepted
// 73.6 % of readings at 0.99 with 0.17 % of them wrong at 10, against
// 72.0 % and 0.16 % at 15 and 70.4 % and 0.12 % at 20.
const calibrationPrior = 10

// tsvCell keeps a value on its line and in its column.
func tsvCell(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// readTruths reads the truth files of generated pages: one Truth, or a
// list for a multi-page file.
func readTruths(dir string) ([]synth.Truth, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.truth.json"))
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("no generated pages in %s", dir)
	}
	var all []synth.Truth
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var list []synth.Truth
		if err := json.Unmarshal(b, &list); err != nil {
			var one synth.Truth
			if err := json.Unmarshal(b, &one); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			list = []synth.Truth{one}
		}
		all = append(all, list...)
	}
	return all, nil
}
