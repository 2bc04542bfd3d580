package ingest_test

import (
	"bytes"
	"encoding/binary"
	"os/exec"
	"path/filepath"
	"testing"
)

// The resolution a file states for its page is delivered with it, so that
// a page scanned at 200 or 600 dpi can be brought to the reader's.
func TestPageDPI(t *testing.T) {
	dir := t.TempDir()
	src := grayPage(40, 30, 1)

	// PNG: pHYs in pixels per metre, inserted after IHDR.
	p := encodePNG(t, src)
	ihdrEnd := 8 + 8 + 13 + 4
	phys := binary.BigEndian.AppendUint32(nil, 7874) // 200 dpi
	phys = binary.BigEndian.AppendUint32(phys, 7874)
	phys = append(phys, 1)
	withPhys := append(pngChunk(append([]byte{}, p[:ihdrEnd]...), "pHYs", phys), p[ihdrEnd:]...)

	// JPEG: a JFIF APP0 stating 600 dots per inch.
	j := encodeJPEG(t, src)
	jfif := []byte{0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1, 0x02, 0x58, 0x02, 0x58, 0, 0}
	withJFIF := append(append(append([]byte{}, j[:2]...), jfif...), j[2:]...)

	// PDF: a 40-pixel-wide image on a page 14.4 points wide is 200 dpi.
	pdf := imagePDF("/Width 40 /Height 30 /BitsPerComponent 8 /ColorSpace /DeviceGray", src.Pix)
	pdf = bytes.Replace(pdf, []byte("/MediaBox [0 0 200 200]"), []byte("/MediaBox [0 0 14.4 10.8]"), 1)

	raw, _, _ := buildTIFF([]tiffPage{{img: src, bits: 8}})
	for _, c := range []struct {
		name string
		data []byte
		want int
	}{
		{"plain.png", p, 0},
		{"phys.png", withPhys, 200},
		{"jfif.jpg", withJFIF, 600},
		{"page.pdf", pdf, 200},
		{"plain.tif", raw, 0},
	} {
		ps := pages(t, write(t, dir, c.name, c.data))
		if ps[0].DPI != c.want {
			t.Errorf("%s: dpi %d, want %d", c.name, ps[0].DPI, c.want)
		}
	}

	needTool(t, "tiffset", "libtiff-tools")
	tif := write(t, dir, "res.tif", raw)
	for _, args := range [][]string{{"-s", "282", "150"}, {"-s", "296", "3"}} {
		if out, err := exec.Command("tiffset", append(args, tif)...).CombinedOutput(); err != nil {
			t.Fatalf("tiffset: %v: %s", err, out)
		}
	}
	// 150 dots per centimetre is 381 per inch.
	if ps := pages(t, filepath.Clean(tif)); ps[0].DPI != 381 {
		t.Errorf("tiff: dpi %d, want 381", ps[0].DPI)
	}
}
