package main

import (
	"fmt"
	"image/png"
	"os"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/tesseract"
	"github.com/spf13/cobra"
)

// newDebugCommand shows what the reader sees on one file: the OCR words,
// the labels it matched and the value regions it cut. For engineers tuning
// a new form edition; hidden from the clerk's help.
func newDebugCommand(g *Globals) *cobra.Command {
	var words bool
	var save string
	cmd := &cobra.Command{
		Use:    "debug-locate FILE",
		Short:  "Show the words, labels and value regions found on each page of FILE",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			eng, err := tesseract.New("vie")
			if err != nil {
				return err
			}
			defer eng.Close()
			out := cmd.OutOrStdout()
			return ingest.Open(args[0], ingest.Options{}, func(p ingest.Page) error {
				if save != "" {
					c, err := preprocess.Clean(p.Image, preprocess.DefaultOptions())
					if err != nil {
						return err
					}
					if f, err := os.Create(fmt.Sprintf("%s-%d.png", save, p.Index)); err == nil {
						png.Encode(f, preprocess.EraseLeaders(c.Image))
						f.Close()
					}
				}
				clean, _, res, err := scan.LocatePage(eng, p.Image, preprocess.DefaultOptions(), form.All())
				if err != nil {
					return err
				}
				if words {
					for _, r := range res.Regions {
						for _, w := range r.Words {
							fmt.Fprintf(out, "word %4d,%4d-%4d,%4d %3.0f %q (%s)\n", w.Box.Min.X, w.Box.Min.Y, w.Box.Max.X, w.Box.Max.Y, w.Conf, w.Text, r.Slot.FieldKeys()[0])
						}
					}
				}
				fmt.Fprintf(out, "page %d: %s, labels found %.0f%%, similarity %.2f, angle %.2f°, column x %d, pitch %.1f\n",
					p.Index+1, res.Form.ID(), res.Found*100, res.Score, clean.Angle, res.ColumnX, res.Pitch)
				for _, r := range res.Regions {
					m, low := r.Conf()
					fmt.Fprintf(out, "  %-28v found=%-5v label=%v box=%v conf=%.0f/%.0f %q", r.Slot.FieldKeys(), r.Found, r.Label, r.Box(), m, low, r.Text())
					if r.Stray > 0 || r.Scrawl > 0 || r.Cut {
						fmt.Fprintf(out, " stray=%d scrawl=%d cut=%v", r.Stray, r.Scrawl, r.Cut)
					}
					fmt.Fprintln(out)
					for _, mk := range r.Marks {
						fmt.Fprintf(out, "    tick %-20q found=%-5v box=%v ink=%.3f\n", mk.Option, mk.Found, mk.Box, mk.Ink)
					}
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&words, "words", false, "also list the words read into each region")
	cmd.Flags().StringVar(&save, "save", "", "write the image sent to OCR to PREFIX-N.png")
	return cmd
}
