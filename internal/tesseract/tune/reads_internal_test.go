package tune

import (
	"fmt"
	"image"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/testenv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/ocr"
)

// With the overrides linked, Tesseract reads the lines word for word,
// box for box and confidence for confidence as it does without them:
// internal/tesseract's TestReadsAsGolden, which runs without this
// package, writes and checks the same file.
func TestTunedReadsAsStock(t *testing.T) {
	want, err := os.ReadFile("../testdata/reads.golden")
	if err != nil {
		t.Fatal(err)
	}
	e, err := tesseract.New("vie")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if got := dumpReads(t, e); got != string(want) {
		t.Errorf("reads with the overrides differ from ../testdata/reads.golden:\n%s", got)
	}
}

// blockLines are the lines of the block dumpReads and BenchmarkBlock read.
var blockLines = []string{
	"Họ và tên: NGUYỄN THỊ NHÀN   Giới tính: Nữ",
	"Nơi sinh: Bệnh viện Từ Dũ, Thành phố Hồ Chí Minh",
	"Quê quán: xã Phước Lợi, huyện Cần Đước, tỉnh Long An",
}

// dumpReads reads a few rendered lines as the pipeline does (a block of
// lines for words, single lines with and without a whitelist for text
// and symbols) and writes down everything the reads give. It is the same
// as internal/tesseract's.
func dumpReads(t *testing.T, e *tesseract.Engine) string {
	var sb strings.Builder
	block := renderLines(t, 1500, blockLines...)
	words, err := e.Words(block, ocr.Block)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&sb, "block: %d words\n", len(words))
	for _, w := range words {
		fmt.Fprintf(&sb, "  %q %.2f %v line %d block %d\n", w.Text, w.Conf, w.Box, w.Line, w.Block)
	}
	for _, c := range []struct{ text, whitelist string }{
		{"Nơi đăng ký: UBND phường Bến Nghé", ""},
		{"Ngày, tháng, năm sinh: 12/03/2009", ""},
		{"079082001234", "0123456789"},
	} {
		r, err := e.Read(renderLines(t, 1200, c.text), ocr.SingleLine, c.whitelist)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sb, "line %q: %q %.2f\n", c.whitelist, r.Text, r.Conf)
		for _, s := range r.Symbols {
			fmt.Fprintf(&sb, "  %q %.2f %v word %d\n", s.Text, s.Conf, s.Box, s.Word)
		}
	}
	return sb.String()
}

// renderLine draws one line of text in FreeSerif 12 pt at 300 dpi on a
// white image w pixels wide; the test is skipped without the font.
func renderLine(t testing.TB, w int, text string) *image.Gray {
	return renderLines(t, w, text)
}

// renderLines draws lines of text in FreeSerif 12 pt at 300 dpi, 110
// pixels apart, on a white image w pixels wide; the test is skipped
// without the font.
func renderLines(t testing.TB, w int, lines ...string) *image.Gray {
	t.Helper()
	testenv.Need(t, "freefont")
	b, err := os.ReadFile("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")
	if err != nil {
		t.Fatal(err)
	}
	ft, err := opentype.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: 12, DPI: 300})
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(image.Rect(0, 0, w, 10+110*len(lines)))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	for i, s := range lines {
		d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(20, 80+110*i)}
		d.DrawString(s)
	}
	return g
}

// BenchmarkBlock reads the three lines of dumpReads's block in Block mode:
// with internal/tesseract's and tune's benchmarks side by side, the same
// reads without and with the overrides. Run with OMP_THREAD_LIMIT=1.
func BenchmarkBlock(b *testing.B) {
	block := renderLines(b, 1500, blockLines...)
	e, err := tesseract.New("vie")
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	// Tesseract runs on the calling thread with OMP_THREAD_LIMIT=1: its
	// CPU time says more than wall time on a shared machine.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadCPU()
	for b.Loop() {
		if _, err := e.Words(block, ocr.Block); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((threadCPU()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// threadCPU is the calling thread's CPU time.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
