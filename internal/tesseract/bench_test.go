package tesseract_test

import (
	"image"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/civreg/civreg/ocr"
)

// BenchmarkPage reads the synthetic 2400×3400 page whole, as a locator's
// first pass would. Run with OMP_THREAD_LIMIT=1.
func BenchmarkPage(b *testing.B) {
	g, _ := page(b)
	h := half(g)
	e := engine(b)
	for _, bb := range []struct {
		name string
		img  *image.Gray
		dpi  int
		mode ocr.Mode
	}{
		{"300dpi/auto", g, 300, ocr.Auto},
		{"300dpi/block", g, 300, ocr.Block},
		{"300dpi/sparse", g, 300, ocr.SparseText},
		{"150dpi/auto", h, 150, ocr.Auto},
		{"150dpi/block", h, 150, ocr.Block},
		{"150dpi/sparse", h, 150, ocr.SparseText},
	} {
		b.Run(bb.name, func(b *testing.B) {
			e.SetDPI(bb.dpi)
			defer e.SetDPI(ocr.DefaultDPI)
			defer cpu(b)()
			for b.Loop() {
				if _, err := e.Words(bb.img, bb.mode); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLine reads value crops cut from the page with SingleLine.
func BenchmarkLine(b *testing.B) {
	g, boxes := page(b)
	e := engine(b)
	for _, bb := range []struct {
		name      string
		line      int
		whitelist string
	}{
		{"name", 3, ""},            // "Họ và tên: NGUYỄN THỊ NHÀN   Giới tính: Nữ"
		{"date", 4, "0123456789/"}, // "Ngày, tháng, năm sinh: 12/03/2009"
		{"long", 5, ""},            // the date in words, full width
	} {
		crop := g.SubImage(boxes[bb.line].Inset(-10))
		b.Run(bb.name, func(b *testing.B) {
			defer cpu(b)()
			for b.Loop() {
				if _, _, err := e.Text(crop, ocr.SingleLine, bb.whitelist); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bb.name+"/symbols", func(b *testing.B) {
			defer cpu(b)()
			for b.Loop() {
				if _, err := e.Read(crop, ocr.SingleLine, bb.whitelist); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cpu pins the benchmark to its OS thread (Tesseract runs on the calling
// thread when OMP_THREAD_LIMIT=1) and, when the returned func runs,
// reports the thread's CPU time per op: on a shared, loaded machine wall
// time says little.
func cpu(b *testing.B) func() {
	runtime.LockOSThread()
	start := threadCPU()
	return func() {
		b.ReportMetric(float64((threadCPU()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
		runtime.UnlockOSThread()
	}
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
