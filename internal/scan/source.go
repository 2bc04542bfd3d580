package scan

import (
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/preprocess"
)

// pageOptions are the cleaning options for one page: a page scanned at
// another resolution than the reader's is brought to it.
func pageOptions(o preprocess.Options, p ingest.Page) preprocess.Options {
	if s := preprocess.ScaleFor(p.DPI); s != 1 {
		if o.Scale > 0 {
			s *= o.Scale
		}
		o.Scale = s
	}
	return o
}
