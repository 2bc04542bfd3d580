package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/image/tiff"

	"github.com/civreg/civreg/registry"
)

// Container formats Generate writes.
const (
	FormatPNG   = "png"   // one grey (or RGB) PNG per page
	FormatJPEG  = "jpeg"  // one JPEG per page, quality 85
	FormatTIFF  = "tiff"  // one Deflate TIFF per page
	FormatMTIFF = "mtiff" // several pages in one TIFF, as a sheet feeder makes
	FormatPDF   = "pdf"   // several pages in one PDF, one JPEG image per page
	FormatJPX   = "jpx"   // several pages in one PDF, one JPEG 2000 image per page
	FormatJBIG2 = "jbig2" // several pages in one PDF, one bilevel JBIG2 image per page
	// Bilevel CCITT G4 TIFFs as archives store them (g4.go): min-is-white
	// and min-is-black, at the page's resolution or brought to 200 dpi.
	FormatG4       = "g4"
	FormatG4Black  = "g4black"
	FormatG4200    = "g4-200"
	FormatG4Black2 = "g4black-200"
)

// Formats lists the container formats in a stable order.
var Formats = []string{FormatPNG, FormatJPEG, FormatTIFF, FormatMTIFF, FormatPDF, FormatJPX, FormatJBIG2, FormatG4, FormatG4Black, FormatG4200, FormatG4Black2}

// HeldOutFormats are the containers of held-out pages when none are
// chosen: both G4 photometrics, at 300 and at 200 dpi, among the others.
var HeldOutFormats = []string{FormatPNG, FormatG4Black, FormatG4200, FormatPDF, FormatG4Black2, FormatJPEG, FormatG4}

// ParseFormat accepts a format name or a common alias ("jpg", "tif").
func ParseFormat(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "png":
		return FormatPNG, nil
	case "jpeg", "jpg":
		return FormatJPEG, nil
	case "tiff", "tif":
		return FormatTIFF, nil
	case "mtiff", "multitiff", "tiffs":
		return FormatMTIFF, nil
	case "pdf":
		return FormatPDF, nil
	case "jpx", "jp2", "jpeg2000":
		return FormatJPX, nil
	case "jbig2", "jb2":
		return FormatJBIG2, nil
	case "g4", "g4-300":
		return FormatG4, nil
	case "g4black", "g4b", "g4b-300":
		return FormatG4Black, nil
	case "g4-200":
		return FormatG4200, nil
	case "g4black-200", "g4b-200":
		return FormatG4Black2, nil
	}
	return "", registry.Errorf(registry.EINVALID, "unknown format %q (want png, jpeg, tiff, mtiff, pdf, jpx, jbig2, g4, g4black, g4-200 or g4black-200)", s)
}

// Options choose a batch of sample pages.
type Options struct {
	Seed  uint64
	Kinds []registry.Kind // default: all
	Eras  []registry.Era  // default: both
	Pages int             // pages per kind × era; default 2
	Wear  Wear
	// HeldOut draws every page with type kept out of tuning (see
	// PageOptions.HeldOut), in held-out editions unless Edition says
	// otherwise, and in HeldOutFormats unless Formats are given.
	HeldOut bool
	// Edition is every page's printing (PageOptions.Edition).
	Edition string
	// Formats are used in turn, one container after another, within each
	// kind × era; default png (HeldOutFormats with HeldOut).
	Formats     []string
	PagesPerPDF int // pages per multi-page container (pdf, mtiff); default 3
	// Office and Book override the generated ones for every book.
	Office, Book string
	// Turn lays every page on the scanner turned clockwise by this many
	// degrees (90, 180, 270), as PageOptions.Turn.
	Turn int
	// Spread scans the book open: each image holds two entries side by
	// side (the next two of the book), with the fold's shadow between.
	Spread bool
	// Curl bends every page's lines towards its gutter (PageOptions.Curl).
	Curl string
	// Progress, if set, is called after each file is written.
	Progress func(ManifestFile)
}

// Manifest lists what Generate wrote; it is written as manifest.json.
type Manifest struct {
	Seed    uint64         `json:"seed"`
	Wear    string         `json:"wear"`
	HeldOut bool           `json:"held_out,omitempty"`
	Edition string         `json:"edition,omitempty"`
	Files   []ManifestFile `json:"files"`
}

// ManifestFile is one container and its truth file.
type ManifestFile struct {
	File   string        `json:"file"`
	Truth  string        `json:"truth"`
	Format string        `json:"format"`
	Kind   registry.Kind `json:"kind"`
	Era    registry.Era  `json:"era"`
	Book   string        `json:"book"`
	Pages  []int         `json:"pages"` // printed page numbers, in file order
	Bytes  int64         `json:"bytes"`
}

// Generate draws the batch into dir: the containers, a truth file beside
// each (<name>.truth.json: one Truth for a single-page file, a list for a
// multi-page one) and manifest.json. It returns every page's truth.
func Generate(dir string, o Options) ([]Truth, error) {
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
		o.Formats = []string{FormatPNG}
		if o.HeldOut {
			o.Formats = slices.Clone(HeldOutFormats)
		}
	}
	if err := CheckEdition(o.Edition); err != nil {
		return nil, err
	}
	if o.PagesPerPDF <= 0 {
		o.PagesPerPDF = 3
	}
	for i, f := range o.Formats {
		pf, err := ParseFormat(f)
		if err != nil {
			return nil, err
		}
		o.Formats[i] = pf
	}
	curl, err := ParseCurl(o.Curl)
	if err != nil {
		return nil, err
	}
	o.Curl = curl
	if o.Turn%90 != 0 {
		return nil, registry.Errorf(registry.EINVALID, "turn %d is not a quarter turn (want 0, 90, 180 or 270)", o.Turn)
	}
	if _, _, err := fontsFor(o.HeldOut); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "cannot create %s: %v", dir, err)
	}
	man := Manifest{Seed: o.Seed, Wear: o.Wear.String(), HeldOut: o.HeldOut, Edition: o.Edition}
	var all []Truth
	container := 0
	for _, kind := range o.Kinds {
		for _, era := range o.Eras {
			for i := 0; i < o.Pages; {
				format := o.Formats[container%len(o.Formats)]
				container++
				n := 1
				if o.Spread {
					n = min(2, o.Pages-i) // two entries to an image
				}
				if multiPage(format) {
					n = min(o.PagesPerPDF*(1+btoi(o.Spread)), o.Pages-i)
				}
				var imgs []image.Image
				var truths []Truth
				for k := 0; k < n; k++ {
					po := PageOptions{Seed: o.Seed, Kind: kind, Era: era, Index: i + k, Wear: o.Wear, HeldOut: o.HeldOut, Edition: o.Edition, Office: o.Office, Book: o.Book, Turn: o.Turn, Curl: o.Curl}
					if o.Spread && k+1 < n {
						img, ts, err := RenderSpread(po)
						if err != nil {
							return all, err
						}
						imgs = append(imgs, img)
						truths = append(truths, ts[0], ts[1])
						k++
						continue
					}
					img, t, err := RenderPage(po)
					if err != nil {
						return all, err
					}
					imgs = append(imgs, img)
					truths = append(truths, t)
				}
				i += n
				mf, err := writeContainer(dir, format, imgs, truths)
				if err != nil {
					return all, err
				}
				all = append(all, truths...)
				man.Files = append(man.Files, mf)
				if o.Progress != nil {
					o.Progress(mf)
				}
			}
		}
	}
	b, _ := json.MarshalIndent(man, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), append(b, '\n'), 0o644); err != nil {
		return all, registry.Errorf(registry.EINTERNAL, "write manifest: %v", err)
	}
	return all, nil
}

// writeContainer encodes the pages in the format and writes the file and
// its truth.
func writeContainer(dir, format string, imgs []image.Image, truths []Truth) (ManifestFile, error) {
	t0 := truths[0]
	base := fmt.Sprintf("%s-%s-%s-p%03d", t0.Kind, t0.Era, strings.ReplaceAll(t0.Book, "/", "-"), t0.Page)
	if len(truths) > 1 {
		base += fmt.Sprintf("-%03d", truths[len(truths)-1].Page)
	}
	ext := map[string]string{FormatPNG: ".png", FormatJPEG: ".jpg", FormatTIFF: ".tif", FormatMTIFF: ".tif", FormatPDF: ".pdf", FormatJPX: ".jpx.pdf", FormatJBIG2: ".jbig2.pdf", FormatG4: ".g4.tif", FormatG4Black: ".g4black.tif",
		FormatG4200: ".g4-200.tif", FormatG4Black2: ".g4black-200.tif"}[format]
	var dpis []int
	for _, t := range truths {
		if t.Side != "right" {
			dpis = append(dpis, t.DPI)
		}
	}
	name := base + ext
	var buf bytes.Buffer
	var err error
	switch format {
	case FormatPNG:
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		err = enc.Encode(&buf, imgs[0])
	case FormatJPEG:
		err = jpeg.Encode(&buf, imgs[0], &jpeg.Options{Quality: 85})
	case FormatTIFF:
		err = tiff.Encode(&buf, imgs[0], &tiff.Options{Compression: tiff.Deflate, Predictor: true})
	case FormatMTIFF:
		err = writeMultiTIFF(&buf, imgs, dpis)
	case FormatJPX, FormatJBIG2:
		err = writeArchivePDF(&buf, format, imgs, dpis)
	case FormatG4, FormatG4Black, FormatG4200, FormatG4Black2:
		err = writeG4Page(&buf, format, imgs[0], &truths[0])
	case FormatPDF:
		var pages [][]byte
		for _, img := range imgs {
			var jb bytes.Buffer
			if err = jpeg.Encode(&jb, img, &jpeg.Options{Quality: 85}); err != nil {
				break
			}
			pages = append(pages, jb.Bytes())
		}
		if err == nil {
			err = writePDF(&buf, pages, name)
		}
	}
	if err != nil {
		return ManifestFile{}, registry.Errorf(registry.EINTERNAL, "encode %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
		return ManifestFile{}, registry.Errorf(registry.EINTERNAL, "write %s: %v", name, err)
	}
	mf := ManifestFile{File: name, Truth: base + ".truth.json", Format: format, Kind: t0.Kind, Era: t0.Era, Book: t0.Book, Bytes: int64(buf.Len())}
	img := 0
	for i := range truths {
		truths[i].File = name
		truths[i].PageIndex = img
		if truths[i].Side != "left" {
			img++ // a spread's right page shares its image with the left
		}
		mf.Pages = append(mf.Pages, truths[i].Page)
	}
	var tj []byte
	if multiPage(format) || len(truths) > 1 {
		tj, _ = json.MarshalIndent(truths, "", "  ")
	} else {
		tj, _ = json.MarshalIndent(truths[0], "", "  ")
	}
	if err := os.WriteFile(filepath.Join(dir, mf.Truth), append(tj, '\n'), 0o644); err != nil {
		return ManifestFile{}, registry.Errorf(registry.EINTERNAL, "write %s: %v", mf.Truth, err)
	}
	return mf, nil
}

// multiPage reports whether a format holds several pages in one file.
func multiPage(format string) bool {
	switch format {
	case FormatPDF, FormatMTIFF, FormatJPX, FormatJBIG2:
		return true
	}
	return false
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
