// Package tune is the switch for civreg's process-wide tuning of
// Tesseract: a binary that imports it, for its side effects only,
//
//	import _ "github.com/civreg/civreg/internal/tesseract/tune"
//
// has Tesseract's OpenMP regions run on the calling thread (gomp.c,
// instead of libgomp's team set-up per region), its text-line images
// kept raw instead of PNG-encoded and decoded (linepix.c, replacing
// Leptonica's pixWriteMem and pixReadMem), and glibc's malloc told to
// keep freed memory (malloc.c, from init). The first two take about a
// fifth off a page's CPU time; the third more than halves the kernel's
// time when two workers read in one process.
//
// They hold for the whole process, every library in it included, which
// is why no library imports this package: only cmd/civreg and
// cmd/civreg-bench do, and the tests that measure them. A program that
// links internal/tesseract without it runs Tesseract, libgomp, Leptonica
// and glibc as shipped, and reads the same: internal/tesseract's tests run
// so and compare their reads with testdata/reads.golden, and this
// package's tests compare theirs with the same file.
package tune
