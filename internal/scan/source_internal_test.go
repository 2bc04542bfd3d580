package scan

import (
	"image"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
)

// A page whose file states no scanner's resolution is taken at its size's
// as an A4 page when that is a low one; otherwise the file's word stands.
func TestPageDPI(t *testing.T) {
	page := func(w, h, dpi int) ingest.Page {
		return ingest.Page{Image: image.NewGray(image.Rect(0, 0, w, h)), DPI: dpi}
	}
	for _, tc := range []struct {
		name string
		p    ingest.Page
		want int
	}{
		{"stated 200", page(2342, 3371, 200), 200},
		{"stated 300", page(1560, 2250, 300), 300},
		{"none, 200-dpi size", page(1560, 2250, 0), 200},
		{"PDF page a point a pixel, 200-dpi size", page(1572, 2269, 72), 200},
		{"none, 150-dpi size", page(1240, 1754, 0), 150},
		{"none, 300-dpi size", page(2342, 3371, 0), 0},
		{"none, 240-dpi size: not sure enough", page(1980, 2800, 0), 0},
		{"none, landscape", page(2250, 1560, 0), 0},
	} {
		if got := pageDPI(tc.p); got != tc.want {
			t.Errorf("%s: pageDPI = %d, want %d", tc.name, got, tc.want)
		}
	}
}
