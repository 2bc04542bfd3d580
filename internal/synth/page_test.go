package synth

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/image/tiff"
	"golang.org/x/text/unicode/norm"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

// cleanPage is one page of every form without wear, drawn once for the
// tests that only look.
type cleanPage struct {
	img   image.Image
	truth Truth
}

var (
	cleanOnce  sync.Once
	cleanPages map[string]cleanPage
	cleanErr   error
)

func clean(t *testing.T) map[string]cleanPage {
	t.Helper()
	cleanOnce.Do(func() {
		cleanPages = map[string]cleanPage{}
		for _, f := range form.All() {
			img, tr, err := RenderPage(PageOptions{Seed: 11, Kind: f.Kind, Era: f.Era, Index: 3})
			if err != nil {
				cleanErr = err
				return
			}
			cleanPages[f.ID().String()] = cleanPage{img, tr}
		}
	})
	if cleanErr != nil {
		t.Fatal(cleanErr)
	}
	return cleanPages
}

// inkIn counts dark pixels inside a box.
func inkIn(img image.Image, b [4]int) int {
	n := 0
	for y := b[1]; y < b[3]; y++ {
		for x := b[0]; x < b[2]; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if (r+g+bb)/3 < 0x6000 {
				n++
			}
		}
	}
	return n
}

func TestEveryKeyDrawn(t *testing.T) {
	pages := clean(t)
	for _, f := range form.All() {
		p := pages[f.ID().String()]
		b := p.img.Bounds()
		if b.Dx() < 2300 || b.Dx() > 2400 || b.Dy() < 3350 || b.Dy() > 3420 {
			t.Errorf("%s: page %v, want about 2300–2400 × 3350–3420", f.ID(), b)
		}
		if len(p.truth.Fields) != len(f.Keys()) {
			t.Errorf("%s: %d truth fields for %d keys", f.ID(), len(p.truth.Fields), len(f.Keys()))
		}
		for _, k := range f.Keys() {
			tf, ok := p.truth.Fields[k]
			if !ok {
				t.Errorf("%s: key %s missing from truth", f.ID(), k)
				continue
			}
			box := tf.Box
			if box[0] < 0 || box[1] < 0 || box[2] > b.Dx() || box[3] > b.Dy() || box[0] >= box[2] || box[1] >= box[3] {
				t.Errorf("%s: %s box %v outside the page or empty", f.ID(), k, box)
			}
			switch tf.State {
			case StateTyped:
				if tf.Printed == "" || tf.Value == "" {
					t.Errorf("%s: %s typed but printed %q value %q", f.ID(), k, tf.Printed, tf.Value)
				}
				// The box must hold the value's ink: a check that boxes
				// and pixels agree, independent of OCR.
				if n := inkIn(p.img, box); n < 40 {
					t.Errorf("%s: %s box %v holds %d dark pixels", f.ID(), k, box, n)
				}
			case StateBlank:
				if tf.Value != "" || tf.Printed != "" {
					t.Errorf("%s: %s blank with text", f.ID(), k)
				}
			default:
				t.Errorf("%s: %s state %q on a page without wear", f.ID(), k, tf.State)
			}
		}
	}
}

// fold lower-cases, strips diacritics and keeps letters and digits only,
// so that OCR's spacing and punctuation slips do not count.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestOCRMatchesTruth crops typed values' boxes from clean pages and reads
// them with Tesseract: the text drawn in the box must be the truth's
// printed value.
func TestOCRMatchesTruth(t *testing.T) {
	testenv.Need(t, "tesseract")
	pages := clean(t)
	dir := t.TempDir()
	var tried, ok int
	for _, id := range []string{"KS-B", "KH-A", "KT-B", "CMC-A"} {
		p := pages[id]
		keys := form.Get(p.truth.Kind, p.truth.Era).Keys()
		n := 0
		for _, k := range keys {
			tf := p.truth.Fields[k]
			if tf.State != StateTyped || k == "loaiDangKy" || tf.Box[2]-tf.Box[0] < 60 || n == 5 {
				continue
			}
			// One-line values only: a crop of two lines also catches the
			// dotted leaders and labels between them.
			if tf.Box[3]-tf.Box[1] > 110 {
				continue
			}
			n++
			pad := 12
			r := image.Rect(tf.Box[0]-pad, tf.Box[1]-pad, tf.Box[2]+pad, tf.Box[3]+pad)
			crop := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
			for y := 0; y < r.Dy(); y++ {
				for x := 0; x < r.Dx(); x++ {
					crop.Set(x, y, p.img.At(r.Min.X+x, r.Min.Y+y))
				}
			}
			path := filepath.Join(dir, id+"-"+k+".png")
			var buf bytes.Buffer
			png.Encode(&buf, crop)
			os.WriteFile(path, buf.Bytes(), 0o644)
			cmd := exec.Command("tesseract", path, "stdout", "-l", "vie", "--psm", "6")
			cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("tesseract: %v", err)
			}
			tried++
			got, want := fold(string(out)), fold(tf.Printed)
			if strings.Contains(got, want) {
				ok++
			} else {
				t.Logf("%s %s: OCR %q, truth %q", id, k, strings.TrimSpace(string(out)), tf.Printed)
			}
		}
	}
	if tried < 15 {
		t.Fatalf("only %d values tried", tried)
	}
	if ok*10 < tried*7 {
		t.Errorf("OCR matched %d of %d values: want at least 70%%", ok, tried)
	}
	t.Logf("OCR matched %d of %d typed values", ok, tried)
}

func TestHeavyWear(t *testing.T) {
	w := WearHeavy
	w.Illegible, w.Blank = 0.3, 0.2
	img, tr, err := RenderPage(PageOptions{Seed: 5, Kind: registry.Birth, Era: registry.EraA, Index: 0, Wear: w})
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if tr.DPI != 200 || b.Dx() < 1530 || b.Dx() > 1610 {
		t.Errorf("heavy wear: %d dpi, %v: want 200 dpi, about 1540–1600 wide", tr.DPI, b)
	}
	if tr.Angle < -3 || tr.Angle > 3 {
		t.Errorf("angle %v beyond ±3°", tr.Angle)
	}
	states := map[string]int{}
	for k, f := range tr.Fields {
		states[f.State]++
		if f.State == StateIllegible && (f.Value != "" || f.Printed != "") {
			t.Errorf("%s illegible but its value is given", k)
		}
		if f.Box[2] > b.Dx()+2 || f.Box[3] > b.Dy()+2 {
			t.Errorf("%s box %v outside %v", k, f.Box, b)
		}
	}
	if states[StateIllegible] == 0 || states[StateBlank] == 0 || states[StateTyped] == 0 {
		t.Errorf("states %v: want typed, blank and illegible fields", states)
	}
}

// TestGenerate writes a small batch twice with the same seed: the bytes
// must be the same, and every container must open with its pages.
func TestGenerate(t *testing.T) {
	o := Options{Seed: 9, Kinds: []registry.Kind{registry.Death}, Eras: []registry.Era{registry.EraB},
		Pages: 5, Formats: []string{"pdf", "mtiff", "tiff"}, PagesPerPDF: 2, Wear: Wear{Stamps: true, Skew: 1}}
	a, b := t.TempDir(), t.TempDir()
	ta, err := Generate(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(b, o); err != nil {
		t.Fatal(err)
	}
	if len(ta) != 5 {
		t.Fatalf("%d truths, want 5", len(ta))
	}
	names, _ := filepath.Glob(filepath.Join(a, "*"))
	if len(names) != 7 { // pdf, mtiff, tiff and their truths, manifest
		t.Errorf("wrote %d files, want 7", len(names))
	}
	for _, n := range names {
		x, _ := os.ReadFile(n)
		y, err := os.ReadFile(filepath.Join(b, filepath.Base(n)))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", filepath.Base(n))
		}
	}
	var man Manifest
	mb, _ := os.ReadFile(filepath.Join(a, "manifest.json"))
	if err := json.Unmarshal(mb, &man); err != nil || len(man.Files) != 3 {
		t.Fatalf("manifest: %v, %d files", err, len(man.Files))
	}
	for _, mf := range man.Files {
		path := filepath.Join(a, mf.File)
		var truths []Truth
		tb, _ := os.ReadFile(filepath.Join(a, mf.Truth))
		if mf.Format == FormatTIFF {
			var one Truth
			if err := json.Unmarshal(tb, &one); err != nil {
				t.Fatal(err)
			}
			truths = []Truth{one}
		} else if err := json.Unmarshal(tb, &truths); err != nil {
			t.Fatal(err)
		}
		if len(truths) != len(mf.Pages) {
			t.Errorf("%s: %d truths for %d pages", mf.File, len(truths), len(mf.Pages))
		}
		for i, tr := range truths {
			if tr.File != mf.File || tr.PageIndex != i {
				t.Errorf("%s: truth %d names %s page %d", mf.File, i, tr.File, tr.PageIndex)
			}
		}
		switch mf.Format {
		case FormatPDF:
			n, err := api.PageCountFile(path)
			if err != nil || n != len(mf.Pages) {
				t.Errorf("%s: %d pages (%v), want %d", mf.File, n, err, len(mf.Pages))
			}
		case FormatTIFF, FormatMTIFF:
			f, _ := os.Open(path)
			img, err := tiff.Decode(f)
			f.Close()
			if err != nil {
				t.Fatalf("%s: %v", mf.File, err)
			}
			if img.Bounds().Dx() != truths[0].Width || img.Bounds().Dy() != truths[0].Height {
				t.Errorf("%s: %v, truth says %d×%d", mf.File, img.Bounds(), truths[0].Width, truths[0].Height)
			}
			if mf.Format == FormatMTIFF {
				raw, _ := os.ReadFile(path)
				if n := countIFDs(raw); n != len(mf.Pages) {
					t.Errorf("%s: %d IFDs, want %d", mf.File, n, len(mf.Pages))
				}
			}
		}
	}
}

// countIFDs follows a little-endian TIFF's chain of image directories.
func countIFDs(b []byte) int {
	le := binary.LittleEndian
	n := 0
	off := le.Uint32(b[4:])
	for off != 0 && int(off)+2 <= len(b) && n < 100 {
		n++
		entries := int(le.Uint16(b[off:]))
		next := int(off) + 2 + entries*12
		off = le.Uint32(b[next:])
	}
	return n
}

// A grey page whose width is not a multiple of 8 comes back from the JPEG
// round trip of scanner wear as it went in, not sheared: image/jpeg
// decodes it with rows longer than the page is wide.
func TestJPEGRoundTripKeepsRows(t *testing.T) {
	w, h := 2317, 40
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		g.Pix[y*w+(y*37)%w] = 255 // one bright dot per row, each elsewhere
	}
	out := jpegRoundTrip(planeOf(g), 95).image().(*image.Gray)
	if out.Bounds() != g.Bounds() {
		t.Fatalf("bounds %v, want %v", out.Bounds(), g.Bounds())
	}
	for y := range h {
		x := (y * 37) % w
		if v := out.GrayAt(x, y).Y; v < 128 {
			t.Errorf("row %d: the dot at x=%d came back as %d", y, x, v)
		}
	}
}
