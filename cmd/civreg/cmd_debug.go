package main

import (
	"fmt"
	"image"
	"image/png"
	"os"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/locate"
	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/ocr"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDebugCommand) }

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
			eng, err := ocr.New("vie")
			if err != nil {
				return err
			}
			defer eng.Close()
			out := cmd.OutOrStdout()
			return ingest.Open(args[0], ingest.Options{}, func(p ingest.Page) error {
				clean, err := preprocess.Clean(p.Image, preprocess.DefaultOptions())
				if err != nil {
					return err
				}
				ocrImg := ocrImage(clean.Image)
				if save != "" {
					f, err := os.Create(fmt.Sprintf("%s-%d.png", save, p.Index))
					if err == nil {
						png.Encode(f, ocrImg)
						f.Close()
					}
				}
				ws, err := eng.Words(ocrImg, ocr.Auto)
				if err != nil {
					return err
				}
				lw := make([]locate.Word, len(ws))
				for i, w := range ws {
					lw[i] = locate.Word{Text: w.Text, Conf: w.Conf, Box: w.Box}
					if words {
						fmt.Fprintf(out, "word %4d,%4d %3.0f %q\n", w.Box.Min.X, w.Box.Min.Y, w.Conf, w.Text)
					}
				}
				res := locate.Detect(locate.Page{Image: clean.Image, Bounds: clean.Image.Bounds(), Words: lw}, form.All())
				fmt.Fprintf(out, "page %d: %s, labels found %.0f%%, similarity %.2f, angle %.2f°, column x %d, pitch %.1f\n",
					p.Index+1, res.Form.ID(), res.Found*100, res.Score, clean.Angle, res.ColumnX, res.Pitch)
				for _, r := range res.Regions {
					m, low := r.Conf()
					fmt.Fprintf(out, "  %-28v found=%-5v label=%v box=%v conf=%.0f/%.0f %q\n", r.Slot.FieldKeys(), r.Found, r.Label, r.Box(), m, low, r.Text())
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&words, "words", false, "also list every OCR word")
	cmd.Flags().StringVar(&save, "save", "", "write the image sent to OCR to PREFIX-N.png")
	return cmd
}

// ocrImage is the image the page pass reads (see scan).
var ocrImage = func(g *image.Gray) *image.Gray { return g }
