package ingest_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
)

// A bilevel page stored as a PDF stencil mask (/ImageMask true: a 0
// sample paints, black) or as 1-bit grey, with or without a /Decode array
// that swaps the sample values, gives the page's own pixels.
func TestPDFImageMasksAndDecode(t *testing.T) {
	src := bilevel(37, 19)
	want := ingest.Hash(src)
	// pack writes the page's bits, 1 where the pixel is black when
	// blackIs1, rows padded to a byte, Flate-compressed.
	pack := func(blackIs1 bool) []byte {
		w, h := src.Rect.Dx(), src.Rect.Dy()
		rowBytes := (w + 7) / 8
		raw := make([]byte, rowBytes*h)
		for y := range h {
			for x := range w {
				if (src.Pix[y*src.Stride+x] == 0) == blackIs1 {
					raw[y*rowBytes+x/8] |= 0x80 >> (x % 8)
				}
			}
		}
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(raw)
		zw.Close()
		return z.Bytes()
	}
	dir := t.TempDir()
	size := fmt.Sprintf("/Width %d /Height %d", src.Rect.Dx(), src.Rect.Dy())
	for _, c := range []struct {
		name, dict string
		blackIs1   bool
	}{
		{"mask", "/ImageMask true /Filter /FlateDecode", false},
		{"mask with decode [1 0]", "/ImageMask true /Decode [1 0] /Filter /FlateDecode", true},
		{"mask with decode [0 1]", "/ImageMask true /Decode [0 1] /Filter /FlateDecode", false},
		{"mask with bits per component", "/ImageMask true /BitsPerComponent 1 /Filter /FlateDecode", false},
		{"gray", "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode", false},
		{"gray with decode [1 0]", "/ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0] /Filter /FlateDecode", true},
		{"indexed", "/ColorSpace [/Indexed /DeviceGray 1 <00ff>] /BitsPerComponent 1 /Filter /FlateDecode", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, dir, "page.pdf", imagePDF(size+" "+c.dict, pack(c.blackIs1)))
			ps := pages(t, p)
			if len(ps) != 1 || ps[0].SHA256 != want {
				t.Errorf("pixels differ from the page's (%s)", ink(ps[0].Image))
			}
		})
	}
}
