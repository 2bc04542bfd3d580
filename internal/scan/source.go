package scan

import (
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/preprocess"
)

// pageOptions are the cleaning options for one page: a page scanned at
// another resolution than the reader's is brought to it.
func pageOptions(o preprocess.Options, p ingest.Page) preprocess.Options {
	if s := preprocess.ScaleFor(pageDPI(p)); s != 1 {
		if o.Scale > 0 {
			s *= o.Scale
		}
		o.Scale = s
	}
	return o
}

// pageDPI is the resolution a page is read as scanned at: the file's,
// when it states one a scanner writes (150–600 dpi); else the page's size
// taken as a portrait A4 page, when that says 150 or 200 dpi. A PNG or
// JPEG often states none, and a PDF whose page is sized a point a pixel
// says 72: such 200-dpi pages were read at 200 dpi, where the reader's
// sizes are 300-dpi ones (on heavy wear, all three wrong readings accepted
// were on such pages). A landscape image (sideways, or two pages) says
// nothing sure, nor does a size near 300 dpi's.
func pageDPI(p ingest.Page) int {
	if p.DPI >= 150 && p.DPI <= 600 || p.Image == nil {
		return p.DPI
	}
	b := p.Image.Bounds()
	if b.Dx() > b.Dy() {
		return p.DPI
	}
	if d := estimateDPI(b.Dx(), b.Dy()); d == 150 || d == 200 {
		return d
	}
	return p.DPI
}
