package main

import (
	"context"
	"fmt"
	"os"

	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/internal/synth/outside"
)

// outsidePages makes the outside family's pages: the generator's entries
// for the seed, laid out and drawn by LibreOffice and poppler
// (internal/synth/outside), worn like scans. They are kept out of the
// calibration (refuseHeldOut).
func outsidePages(seed uint64, pages int, wear string) pageMaker {
	return func(dir string, progress func(synth.ManifestFile)) ([]synth.Truth, error) {
		w, err := synth.ParseWear(wear)
		if err != nil {
			return nil, err
		}
		o := outside.Options{Seed: seed, Pages: pages, Wear: w, Progress: progress,
			Skip: func(file string, err error) { fmt.Fprintf(os.Stderr, "outside page left out: %v\n", err) }}
		if *formats != "" {
			o.Formats = benchFormats(synth.FamilyOutside)
		}
		truths, err := outside.Generate(context.Background(), dir, o)
		if err == nil {
			fmt.Fprintf(os.Stderr, "laid out %d outside pages in %s\n", len(truths), dir)
		}
		return truths, err
	}
}
