package scan

import (
	"image"
	"math"

	"github.com/civreg/civreg/registry"
)

// originalQuality is the JPEG quality the original page is kept at. At 75
// a 300-dpi page's 12-pt type and handwriting stay sharp, stamps keep
// their red, and a page takes 0.4 to 1.3 MB (measured on synthetic pages
// with medium wear; the noise of a worn page is what costs).
const originalQuality = 75

// smallMinDPI is the lowest resolution the small copy is brought down to:
// at 150 dpi the 12-pt type of a register page is 25 pixels high, and a
// handwritten digit still reads.
const smallMinDPI = 140

// Paper sizes in inches, long side: a book page is about A4; a scan wider
// than tall is taken for two pages on an A3 sheet.
const (
	a4Long = 11.69
	a3Long = 16.54
)

// scanDPIs are the resolutions scanners offer; an estimate within 10 % of
// one is taken to be it.
var scanDPIs = []int{150, 200, 240, 300, 400, 600}

// Original encodes a page as scanned, before cleaning, for the store: colour
// JPEG (grey for a grey scan) at originalQuality by encode, with its size
// and estimated resolution, and its small copy made by fit (see
// registry.Original and Options.EncodeColourJPEG).
func Original(img image.Image, encode func(image.Image, int) ([]byte, error), fit func([]byte, int, int, int) ([]byte, int, error)) (*registry.Original, error) {
	data, err := encode(img, originalQuality)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	o := &registry.Original{JPEG: data, Width: b.Dx(), Height: b.Dy(), DPI: estimateDPI(b.Dx(), b.Dy())}
	if o.Small, o.SmallDPI, err = fit(data, o.DPI, smallMinDPI, registry.SmallMaxBytes); err != nil {
		return nil, err
	}
	return o, nil
}

// original is Original with the options' encoders; nothing (nil) when
// they name none.
func (o *Options) original(img image.Image) (*registry.Original, error) {
	if o.EncodeColourJPEG == nil || o.FitJPEG == nil {
		return nil, nil
	}
	return Original(img, o.EncodeColourJPEG, o.FitJPEG)
}

// estimateDPI guesses a scan's resolution from its size: the image files
// seldom say (a PDF never does, a PNG seldom), and a book page is about
// A4. A 2360 × 3411 page is 292 dpi as A4, so 300.
func estimateDPI(w, h int) int {
	long, paper := max(w, h), a4Long
	if w > h {
		paper = a3Long
	}
	dpi := float64(long) / paper
	for _, d := range scanDPIs {
		if math.Abs(dpi-float64(d)) <= 0.1*float64(d) {
			return d
		}
	}
	return max(1, int(math.Round(dpi)))
}
