package moj

import (
	"bytes"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/civreg/civreg/ocr"
	"github.com/civreg/civreg/registry"
)

// The page PDF's budget: the import asks for about 100 kB per A4 page; at
// most MaxPDFBytes is allowed.
const (
	MaxPDFBytes = 150 << 10
	// minDPI is the lowest resolution a page is brought down to: at 150
	// dpi the 12-pt type of a register page is 25 pixels high, and a
	// handwritten digit still reads.
	minDPI = 140
	// pdfOverhead is what fpdf adds around the image, with room to spare
	// (measured: 1.1 kB).
	pdfOverhead = 4 << 10
)

// qualities are tried in turn until the page fits the budget. At 150 dpi
// a worn synthetic page takes 105–139 kB at 50, 85–110 kB at 30.
var qualities = []int{50, 40, 30, 22}

// rendition brings a page's original down to its PDF size: halving its
// resolution (in libjpeg's transform) while it stays at minDPI or more,
// then the highest quality of qualities that fits the budget; a page that
// fits at none is halved once more.
func rendition(o *registry.Original) ([]byte, error) {
	red := 1
	for red < 8 && o.DPI/(2*red) >= minDPI {
		red *= 2
	}
	for ; red <= 8; red *= 2 {
		for _, q := range qualities {
			j, _, _, err := ocr.ReduceJPEG(o.JPEG, red, q)
			if err != nil {
				return nil, err
			}
			if len(j)+pdfOverhead <= MaxPDFBytes {
				return j, nil
			}
		}
	}
	return nil, fmt.Errorf("page does not fit in %d kB even at %d dpi", MaxPDFBytes>>10, o.DPI/8)
}

// pagePDF returns a one-page PDF showing an entry's original page at its
// size on paper, the JPEG embedded as it is (fpdf copies a JPEG's bytes
// into the file rather than decoding them). created dates the file, so
// that the same entry gives the same bytes.
func pagePDF(o *registry.Original, title string, created time.Time) ([]byte, error) {
	j, err := rendition(o)
	if err != nil {
		return nil, err
	}
	w, h := float64(o.Width)/float64(o.DPI)*72, float64(o.Height)/float64(o.DPI)*72
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetCatalogSort(true)
	p.SetTitle(title, true)
	p.SetProducer("civreg", false)
	p.SetMargins(0, 0, 0)
	p.SetAutoPageBreak(false, 0)
	p.AddPage()
	opt := fpdf.ImageOptions{ImageType: "JPG"}
	p.RegisterImageOptionsReader("page", opt, bytes.NewReader(j))
	p.ImageOptions("page", 0, 0, w, h, false, opt, 0, "")
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, err
	}
	if b.Len() > MaxPDFBytes {
		return nil, fmt.Errorf("page PDF is %d kB, over %d kB", b.Len()>>10, MaxPDFBytes>>10)
	}
	return b.Bytes(), nil
}
