package preprocess_test

import (
	"testing"

	"github.com/civreg/civreg/internal/preprocess"
)

func TestScaleFor(t *testing.T) {
	for _, c := range []struct {
		dpi  int
		want float64
	}{{0, 1}, {72, 1}, {96, 1}, {150, 2}, {200, 1.5}, {300, 1}, {290, 1}, {310, 1}, {400, 0.75}, {600, 0.5}, {1200, 1}} {
		if got := preprocess.ScaleFor(c.dpi); got != c.want {
			t.Errorf("ScaleFor(%d) = %v, want %v", c.dpi, got, c.want)
		}
	}
}
