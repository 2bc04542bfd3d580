package scan_test

import (
	"context"
	"os"
	"testing"

	"github.com/civreg/civreg/internal/scan"
	// The pipeline's tests read with Tesseract tuned as the binaries do.
	_ "github.com/civreg/civreg/internal/tesseract/tune"
)

// BenchmarkScanDir scans the pages in $CIVREG_BENCH_PAGES (for example
// the pages civreg-bench generated) with one worker into a fresh store,
// for a CPU profile of the whole pipeline:
//
//	CIVREG_BENCH_PAGES=/tmp/b/pages OMP_THREAD_LIMIT=1 go test ./internal/scan \
//	  -run '^$' -bench ScanDir -benchtime 1x -cpuprofile cpu.out
func BenchmarkScanDir(b *testing.B) {
	dir := os.Getenv("CIVREG_BENCH_PAGES")
	if dir == "" {
		b.Skip("CIVREG_BENCH_PAGES is not set")
	}
	for b.Loop() {
		b.StopTimer()
		db := open(b)
		o := options(db)
		o.Workers = 1
		b.StartTimer()
		rep, err := scan.Run(context.Background(), []string{dir}, o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Pages), "pages")
		b.ReportMetric(b.Elapsed().Seconds()/float64(rep.Pages)*1000, "ms/page")
	}
}
