package ocr

import (
	"bufio"
	"image"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
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
	b, err := os.ReadFile("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")
	if err != nil {
		t.Skip(err)
	}
	ft, err := opentype.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: 12, DPI: 300})
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(image.Rect(0, 0, 700, 120))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(20, 80)}
	d.DrawString("Năm sinh: 1985")

	e, err := New("vie")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	read := func() string {
		r, err := e.Read(g, SingleLine, "")
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
