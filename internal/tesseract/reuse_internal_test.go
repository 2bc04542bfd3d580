package tesseract

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/civreg/civreg/ocr"
)

// rssKB returns the process's resident set size in kB, 0 if unknown.
func rssKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// TestReuse reads a crop 200 times with one engine: the result stays the
// same and the C heap does not grow with the number of reads.
func TestReuse(t *testing.T) {
	g := renderLine(t, 700, "Năm sinh: 1985")

	e, err := New("vie")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	read := func() string {
		r, err := e.Read(g, ocr.SingleLine, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Symbols) == 0 {
			t.Fatal("no symbols")
		}
		return r.Text
	}
	first := read()
	if first != "Năm sinh: 1985" {
		t.Fatalf("read %q", first)
	}
	for range 50 { // let Tesseract's caches fill
		read()
	}
	heap, rss := cHeapInUse(), rssKB()
	const n = 200
	for i := range n {
		if got := read(); got != first {
			t.Fatalf("read %d = %q, first read %q", i, got, first)
		}
	}
	dheap, drss := cHeapInUse()-heap, rssKB()-rss
	t.Logf("over %d reads: C heap in use %+d B, RSS %+d kB", n, dheap, drss)
	// gosseract v2.4.1 leaked about 5 kB per such read (1 MB here); allocator noise here is ±60 kB.
	if dheap > 256*1024 {
		t.Errorf("C heap grew by %d B over %d reads: a leak", dheap, n)
	}
}
