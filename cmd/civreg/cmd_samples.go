package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// SamplesOptions are the flags of "civreg samples generate".
type SamplesOptions struct {
	Out         string
	Seed        uint64
	Pages       int
	Kinds       string
	Eras        string
	Wear        string
	HeldOut     bool
	Edition     string
	Formats     string
	PagesPerPDF int
	Office      string
	Book        string
	Rotate      int
	Spread      bool
	Curl        string
}

// AddFlags registers the options' flags.
func (o *SamplesOptions) AddFlags(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&o.Out, "out", "", "directory to write the pages, truth files and manifest.json into (required)")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed and flags give the same files")
	f.IntVar(&o.Pages, "pages", 2, "pages per kind × era")
	f.StringVar(&o.Kinds, "kinds", "KS,KH,KT,CMC", "book kinds, comma-separated")
	f.StringVar(&o.Eras, "eras", "A,B", "form eras, comma-separated")
	f.StringVar(&o.Wear, "wear", "none", "wear: none, light, medium, heavy, or a list such as skew=2,blur,noise,jpeg,200dpi,bleed,stamps,blank,runon,illegible")
	f.BoolVar(&o.HeldOut, "held-out", false, "draw what is kept out of all tuning: typefaces and type sizes (sans-serif labels, obliques, bold values, 9–16 pt), form editions, and G4 containers")
	f.StringVar(&o.Edition, "edition", "", "printing of the forms: canonical (the layout files'), tuned, held-out (an edition of the family per book), or an edition's name; default canonical, held-out with --held-out")
	f.StringVar(&o.Formats, "formats", "", "containers, used in turn: png, jpeg, tiff, mtiff (multi-page TIFF), pdf, jpx (PDF of JPEG 2000 images), jbig2 (PDF of bilevel JBIG2 images), g4, g4black (CCITT G4 min-is-white, min-is-black), g4-200, g4black-200 (the same at 200 dpi); default png, or a mix with G4 with --held-out")
	f.IntVar(&o.PagesPerPDF, "pages-per-file", 3, "pages per multi-page container (pdf, mtiff)")
	f.StringVar(&o.Office, "office", "", "registering office for every book (default: generated)")
	f.StringVar(&o.Book, "book", "", "book number NN/YYYY for every book (default: generated)")
	f.IntVar(&o.Rotate, "rotate", 0, "lay every page on the scanner turned clockwise by 90, 180 or 270 degrees")
	f.BoolVar(&o.Spread, "spread", false, "scan the books open: two entries side by side in each image, with the fold's shadow")
	f.StringVar(&o.Curl, "curl", "", "bend the lines towards the gutter as a bound book that does not lie flat: moderate or strong")
}

func newSamplesCommand(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "samples",
		Short: "Sample register pages with ground truth",
	}
	var o SamplesOptions
	gen := &cobra.Command{
		Use:   "generate",
		Short: "Draw sample register pages and their ground truth into a directory",
		Long: `Draw synthetic register pages (one entry per page) with a truth file
beside each container: every field's normalised value, the text drawn, its
state (typed, blank, illegible) and its box. Also writes manifest.json.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runSamples(c.OutOrStdout(), g, o) },
	}
	o.AddFlags(gen)
	cmd.AddCommand(gen)
	return cmd
}

func runSamples(stdout io.Writer, g *Globals, o SamplesOptions) error {
	if o.Out == "" {
		return registry.Errorf(registry.EINVALID, "--out is required")
	}
	so := synth.Options{Seed: o.Seed, Pages: o.Pages, PagesPerPDF: o.PagesPerPDF, Office: o.Office, Book: o.Book, HeldOut: o.HeldOut, Edition: o.Edition, Turn: o.Rotate, Spread: o.Spread, Curl: o.Curl}
	for _, s := range splitList(o.Kinds) {
		k, err := registry.ParseKind(strings.ToUpper(s))
		if err != nil {
			return err
		}
		so.Kinds = append(so.Kinds, k)
	}
	for _, s := range splitList(o.Eras) {
		e, err := registry.ParseEra(strings.ToUpper(s))
		if err != nil {
			return err
		}
		so.Eras = append(so.Eras, e)
	}
	w, err := synth.ParseWear(o.Wear)
	if err != nil {
		return err
	}
	so.Wear = w
	for _, s := range splitList(o.Formats) {
		f, err := synth.ParseFormat(s)
		if err != nil {
			return err
		}
		so.Formats = append(so.Formats, f)
	}
	var files int
	var bytes int64
	so.Progress = func(f synth.ManifestFile) {
		files++
		bytes += f.Bytes
		if !g.Quiet {
			fmt.Fprintf(stdout, "%s\t%s-%s\tbook %s\tpages %s\t%d KB\n", f.File, f.Kind, f.Era, f.Book, joinInts(f.Pages), (f.Bytes+1023)/1024)
		}
	}
	truths, err := synth.Generate(o.Out, so)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d pages in %d files (%.1f MB) to %s, wear %s\n", len(truths), files, float64(bytes)/1e6, o.Out, w)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ",")
}
