package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/lept"
	"github.com/civreg/civreg/internal/pdf/pdftest"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// civregLine is a line civreg itself writes to stderr during a scan.
var civregLine = regexp.MustCompile(`^(failed: |stored: |skipped \(already stored\): |civreg: |$)`)

// TestScanLibrariesQuiet scans, with the real binary, pages on which the
// libraries civreg links have something to say: a page at 200 dpi
// (Leptonica's scaling, Tesseract's resolution), a page stating no
// resolution, and JPEG 2000 and JBIG2 streams cut short (OpenJPEG's and
// jbig2dec's complaints, Leptonica's errors). stderr holds only civreg's
// own lines; what matters about a page is in its report line.
func TestScanLibrariesQuiet(t *testing.T) {
	needTesseract(t)
	bin := buildCivreg(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	var files []string
	for _, f := range []string{synth.FormatG4200, synth.FormatPNG} {
		tr, err := synth.Generate(filepath.Join(in, f), synth.Options{Seed: 31, Kinds: []registry.Kind{registry.Birth}, Eras: []registry.Era{registry.EraA},
			Pages: 1, Formats: []string{f}, Wear: synth.Wear{Skew: 1}})
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(in, f, tr[0].File))
	}
	page := readPNG(t, files[1])
	// The same page with no resolution stated, its pixels halved: 150 dpi
	// read as it is.
	noDPI := filepath.Join(in, "no-dpi.png")
	writeFile(encodePNG(t, halve(page)))(t, noDPI)
	jpx, err := lept.EncodeJPX(page, 45)
	if err != nil {
		t.Fatal(err)
	}
	mmr, err := lept.EncodeG4(page)
	if err != nil {
		t.Fatal(err)
	}
	b := page.Bounds()
	cutJPX := filepath.Join(in, "cut-jpx.pdf")
	writeFile(onePagePDF(b, "/Filter /JPXDecode", jpx[:len(jpx)/3]))(t, cutJPX)
	cutJBIG2 := filepath.Join(in, "cut-jbig2.pdf")
	jb := jbig2Generic(b.Dx(), b.Dy(), mmr)
	writeFile(onePagePDF(b, "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode", jb[:len(jb)/3]))(t, cutJBIG2)
	files = append(files, noDPI, cutJPX, cutJBIG2)

	cmd := civregCmd(bin, append([]string{"--db", filepath.Join(dir, "civreg.db"), "-q", "scan", "--json", "--workers", "1",
		"--office", "UBND phường Bến Nghé", "--book", "01/2012"}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run()
	t.Logf("stderr:\n%s", stderr.String())
	for _, l := range strings.Split(stderr.String(), "\n") {
		if !civregLine.MatchString(l) {
			t.Errorf("a line not civreg's own reached stderr: %q", l)
		}
	}
	if !strings.Contains(stderr.String(), "cut-jpx.pdf") || !strings.Contains(stdout.String(), `"pages_stored"`) {
		t.Errorf("the cut JPEG 2000 page has no report line, or no report:\n%s", stdout.String())
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// halve keeps every other pixel of every other row, in grey.
func halve(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
	for y := range g.Rect.Dy() {
		for x := range g.Rect.Dx() {
			r, gg, bb, _ := img.At(b.Min.X+2*x, b.Min.Y+2*y).RGBA()
			g.Pix[y*g.Stride+x] = uint8((r + gg + bb) / 3 >> 8)
		}
	}
	return g
}

// onePagePDF is a PDF of one page showing one image (dict: its filter and
// colour space) at 300 dpi.
func onePagePDF(b image.Rectangle, dict string, data []byte) []byte {
	pw, ph := float64(b.Dx())*72/300, float64(b.Dy())*72/300
	return pdftest.Build([]pdftest.Object{
		{Dict: "<< /Type /Catalog /Pages 2 0 R >>"},
		{Dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		{Dict: fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>", pw, ph)},
		{Dict: "<< >>", Stream: fmt.Appendf(nil, "q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", pw, ph)},
		{Dict: fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d %s >>", b.Dx(), b.Dy(), dict), Stream: data},
	})
}

// jbig2Generic wraps G4-coded rows as a PDF's embedded JBIG2 stream: page
// information, then one immediate lossless generic region coded MMR.
func jbig2Generic(w, h int, mmr []byte) []byte {
	be := binary.BigEndian
	var b []byte
	seg := func(num uint32, typ byte, data []byte) {
		b = be.AppendUint32(b, num)
		b = append(b, typ, 0x00, 1)
		b = be.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
	}
	dims := be.AppendUint32(be.AppendUint32(nil, uint32(w)), uint32(h))
	seg(0, 48, append(append(dims, make([]byte, 8)...), 0x01, 0, 0))
	seg(1, 39, append(append(append(dims, make([]byte, 8)...), 0x00, 0x01), mmr...))
	return b
}
