// Package outside makes register pages whose pixels the generator did not
// draw: each entry the generator draws (internal/synth Entry: the same
// values, so the same truth) is written as a word-processor document in
// another layout of the form (the printed labels of the form files, laid
// out as a table, as lines with dotted tab leaders, or one field a line;
// "Ghi chú:" in a ruled right-hand column or under the fields), set in
// faces the generator never uses, converted to PDF by LibreOffice and
// rasterized at 300 dpi by poppler, then worn like a scan (synth
// ScanWear). The words of each field are found again in the PDF (pdftotext
// -bbox) for the truth's boxes.
//
// These pages measure the reader as an outsider's pages would: they are
// kept out of all tuning and calibration (synth.FamilyOutside).
//
// It needs soffice with Writer (libreoffice-writer-nogui), pdftotext and
// pdftoppm (poppler-utils), and the faces of fonts-texgyre and
// fonts-crosextra-carlito.
package outside

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// Formats are the containers outside pages are stored in by default, in
// turn: one scanned image a file.
var Formats = []string{synth.FormatPNG, synth.FormatJPEG, synth.FormatG4, synth.FormatTIFF}

// Options choose a batch of outside pages.
type Options struct {
	Seed  uint64
	Kinds []registry.Kind // default: all
	Eras  []registry.Era  // default: both
	Pages int             // pages per kind × era; default 2
	// Wear is laid on as on a scan (skew, 200 dpi, blur, noise, JPEG) and
	// blanks fields at its rate; no scribbles, stamps or bleed-through.
	Wear synth.Wear
	// Formats are single-image containers, used in turn (default Formats).
	Formats []string
	// Progress, if set, is called after each file is written.
	Progress func(synth.ManifestFile)
	// Skip, if set, is told of a page left out because its fields could
	// not be found again in its PDF, and the batch goes on; without it
	// such a page fails the batch.
	Skip func(file string, err error)
}

// errLost says a page's fields could not all be found in its PDF.
var errLost = errors.New("the page's fields were not all found in its PDF")

// job is one page on its way: its document, style and truth.
type job struct {
	t    synth.Truth
	f    *form.Form
	vals map[string]synth.EntryField
	pg   pageStyle
	p    *page
	src  string // the FODT file
}

// Generate writes the batch into dir as synth.Generate does: containers,
// a truth file beside each, manifest.json; the documents and their PDFs
// stay in dir/src. It returns every page's truth.
func Generate(ctx context.Context, dir string, o Options) ([]synth.Truth, error) {
	if len(o.Kinds) == 0 {
		o.Kinds = registry.Kinds
	}
	if len(o.Eras) == 0 {
		o.Eras = registry.Eras
	}
	if o.Pages <= 0 {
		o.Pages = 2
	}
	if len(o.Formats) == 0 {
		o.Formats = Formats
	}
	for _, f := range o.Formats {
		if slices.Contains([]string{synth.FormatPDF, synth.FormatMTIFF, synth.FormatJPX, synth.FormatJBIG2}, f) {
			return nil, registry.Errorf(registry.EINVALID, "outside pages: format %s holds several pages; want one image a file", f)
		}
	}
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "cannot create %s: %v", src, err)
	}
	jobs, err := documents(src, o)
	if err != nil {
		return nil, err
	}
	var docs []string
	for _, j := range jobs {
		docs = append(docs, j.src)
	}
	if err := toPDF(ctx, src, docs); err != nil {
		return nil, err
	}
	man := synth.Manifest{Seed: o.Seed, Wear: o.Wear.String(), HeldOut: true, Edition: synth.FamilyOutside}
	var all []synth.Truth
	for i, j := range jobs {
		t, img, err := j.finish(ctx, src)
		if errors.Is(err, errLost) && o.Skip != nil {
			o.Skip(j.src, err)
			continue
		}
		if err != nil {
			return all, err
		}
		img = synth.ScanWear(img, &t, o.Wear)
		mf, err := synth.WriteContainer(dir, o.Formats[i%len(o.Formats)], []image.Image{img}, []synth.Truth{t})
		if err != nil {
			return all, err
		}
		t.File = mf.File
		all = append(all, t)
		man.Files = append(man.Files, mf)
		if o.Progress != nil {
			o.Progress(mf)
		}
	}
	b, _ := json.MarshalIndent(man, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), append(b, '\n'), 0o644); err != nil {
		return all, registry.Errorf(registry.EINTERNAL, "write manifest: %v", err)
	}
	return all, nil
}

// documents draws every page's entry and style and writes its document.
func documents(src string, o Options) ([]*job, error) {
	var jobs []*job
	w := o.Wear
	w.Illegible = 0 // a word processor draws no scribbles
	for _, kind := range o.Kinds {
		for _, era := range o.Eras {
			for i := range o.Pages {
				t, vals, err := synth.Entry(synth.PageOptions{Seed: o.Seed, Kind: kind, Era: era, Index: i, Wear: w})
				if err != nil {
					return nil, err
				}
				t.Wear = o.Wear.String()
				j := &job{t: t, f: form.Get(kind, era), vals: vals, pg: drawStyle(pageStream(o.Seed, kind, era, i), era)}
				j.src = filepath.Join(src, fmt.Sprintf("%s-%s-%s-p%03d.fodt", kind, era, strings.ReplaceAll(t.Book, "/", "-"), t.Page))
				if err := j.write(); err != nil {
					return nil, err
				}
				jobs = append(jobs, j)
			}
		}
	}
	return jobs, nil
}

// pageStream is the page's own random stream for its style.
func pageStream(seed uint64, kind registry.Kind, era registry.Era, index int) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "outside/%s/%s/%d", kind, era, index)
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// write lays the page out and writes its document.
func (j *job) write() error {
	j.p = build(j.f, j.vals, j.pg)
	if err := os.WriteFile(j.src, []byte(j.p.render(j.pg)), 0o644); err != nil {
		return registry.Errorf(registry.EINTERNAL, "write %s: %v", j.src, err)
	}
	return nil
}

// finish finds the fields in the page's PDF (setting the type smaller
// while the page runs over one sheet) and rasterizes it: the truth with
// its boxes, and the printed page.
func (j *job) finish(ctx context.Context, src string) (synth.Truth, image.Image, error) {
	pdf := pdfOf(j.src)
	for try := 0; ; try++ {
		pages, err := pdfWords(ctx, pdf)
		if err != nil {
			return synth.Truth{}, nil, err
		}
		if len(pages) == 1 || try == 4 {
			if len(pages) != 1 {
				return synth.Truth{}, nil, registry.Errorf(registry.EINTERNAL, "%s: laid out on %d pages", filepath.Base(j.src), len(pages))
			}
			break
		}
		j.pg.shrink()
		if err := j.write(); err != nil {
			return synth.Truth{}, nil, err
		}
		if err := toPDF(ctx, src, []string{j.src}); err != nil {
			return synth.Truth{}, nil, err
		}
	}
	pages, _ := pdfWords(ctx, pdf)
	boxes, missing := fieldBoxes(j.p.words(), pages[0])
	if len(missing) > 0 {
		slices.Sort(missing)
		return synth.Truth{}, nil, fmt.Errorf("%s: words of %s not found in the PDF: %w", filepath.Base(j.src), strings.Join(missing, ", "), errLost)
	}
	t := j.t
	t.HeldOut, t.Edition, t.EditionFamily = true, j.pg.name(), synth.FamilyOutside
	for _, k := range j.f.Keys() {
		v := j.vals[k]
		b, ok := boxes[k]
		if !ok {
			return synth.Truth{}, nil, fmt.Errorf("%s: field %s: %w", filepath.Base(j.src), k, errLost)
		}
		tf := synth.TruthField{State: v.State, Box: b}
		if v.State == synth.StateTyped {
			tf.Value, tf.Printed = v.Value, j.printed(k)
		} else {
			tf.State = synth.StateBlank
		}
		t.Fields[k] = tf
	}
	img, err := rasterize(ctx, pdf)
	return t, img, err
}

// printed is the text a field printed, part labels included.
func (j *job) printed(key string) string {
	v := j.vals[key]
	for _, s := range j.f.Slots() {
		if s.Key == key && len(s.Parts) > 0 && len(v.Parts) == len(s.Parts)+1 {
			out := []string{v.Parts[0]}
			for i, l := range s.Parts {
				out = append(out, l, v.Parts[i+1])
			}
			return strings.Join(out, " ")
		}
	}
	return v.Printed
}
