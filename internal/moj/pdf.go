package moj

import (
	"bytes"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/civreg/civreg/registry"
)

// MaxPDFBytes is the page PDF's budget: the import asks for about 100 kB
// per A4 page. The page's small copy is at most registry.SmallMaxBytes,
// and fpdf adds about 1 kB around it.
const MaxPDFBytes = 150 << 10

// pagePDF returns a one-page PDF showing an entry's page, its small copy
// (about 150 dpi) at the scan's size on paper. fpdf embeds a JPEG's bytes
// as they are (DCTDecode) rather than decoding them, which is why it is
// used here and not pdfcpu: a page costs a copy, not a decode and an
// encode. created dates the file, so that the same entry gives the same
// bytes.
func pagePDF(o *registry.Original, title string, created time.Time) ([]byte, error) {
	if len(o.Small) == 0 || o.DPI <= 0 {
		return nil, fmt.Errorf("no small copy of the page")
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
	p.RegisterImageOptionsReader("page", opt, bytes.NewReader(o.Small))
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
