package ingest_test

import (
	"testing"

	"github.com/civreg/civreg/internal/ingest"
)

// BenchmarkOpen decodes and hashes an A4 page at 300 dpi (2480×3508) in
// each container.
func BenchmarkOpen(b *testing.B) {
	page := grayPage(2480, 3508, 1)
	dir := b.TempDir()
	tiffData, _, _ := buildTIFF([]tiffPage{{img: page, bits: 8}})
	files := map[string]string{
		"png":  write(b, dir, "p.png", encodePNG(b, page)),
		"jpeg": write(b, dir, "p.jpg", encodeJPEG(b, page)),
		"tiff": write(b, dir, "p.tif", tiffData),
		"pdf":  write(b, dir, "p.pdf", importPDF(b, encodePNG(b, page))),
	}
	for _, name := range []string{"png", "jpeg", "tiff", "pdf"} {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if err := ingest.Open(files[name], ingest.Options{}, func(ingest.Page) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
