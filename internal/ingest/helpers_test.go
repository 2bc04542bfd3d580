package ingest_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/pdf/pdftest"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func TestMain(m *testing.M) {
	// pdfcpu would otherwise write a config.yml under the user's home.
	model.ConfigPath = "disable"
	os.Exit(m.Run())
}

// grayPage returns a w×h gray test page: a gradient with a dark block, so
// that pages of different sizes or seeds differ.
func grayPage(w, h, seed int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8((x*7 + y*3 + seed*40) % 256)
			if x > w/4 && x < w/2 && y > h/3 && y < h/2 {
				v = 10
			}
			img.SetGray(x, y, color.Gray{v})
		}
	}
	return img
}

// rgbPage returns a w×h opaque colour page.
func rgbPage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 5), uint8(y * 3), uint8((x + y) * 2), 0xff})
		}
	}
	return img
}

// bilevel returns a w×h black-and-white page: 0 black, 255 white.
func bilevel(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8(255)
			if (x/8+y/6)%3 == 0 || (y > h/2 && x < w/3) {
				v = 0
			}
			img.Pix[y*img.Stride+x] = v
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func write(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// tiffPage is one page of a hand-built uncompressed TIFF.
type tiffPage struct {
	img  *image.Gray
	bits int // 8, or 1 for bilevel (black where img is 0)
	// minIsBlack stores a bilevel page as BlackIsZero: a 1 bit is white.
	minIsBlack bool
}

// buildTIFF writes a little-endian, uncompressed, multi-page TIFF by hand:
// header, then per page the strip data followed by its IFD. It returns the
// file and the offsets of each IFD's next-IFD pointer and strip-offset value,
// so tests can corrupt them.
func buildTIFF(pages []tiffPage) (data []byte, nextPtr, stripPtr []int) {
	le := binary.LittleEndian
	var b []byte
	b = append(b, 'I', 'I', 42, 0, 0, 0, 0, 0)
	prevNext := 4
	for _, p := range pages {
		w, h := p.img.Rect.Dx(), p.img.Rect.Dy()
		var strip []byte
		photometric := 1 // BlackIsZero
		if p.bits == 1 {
			photometric = 0 // WhiteIsZero: a 1 bit is black
			var one uint8   // the grey a 1 bit shows
			if p.minIsBlack {
				photometric, one = 1, 0xff
			}
			rowBytes := (w + 7) / 8
			strip = make([]byte, rowBytes*h)
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					if p.img.Pix[y*p.img.Stride+x] == one {
						strip[y*rowBytes+x/8] |= 0x80 >> (x % 8)
					}
				}
			}
		} else {
			strip = append(strip, p.img.Pix...)
		}
		stripOff := len(b)
		b = append(b, strip...)
		if len(b)%2 == 1 {
			b = append(b, 0)
		}
		ifd := len(b)
		le.PutUint32(b[prevNext:], uint32(ifd))
		type entry struct{ tag, typ, val uint32 }
		entries := []entry{
			{256, 4, uint32(w)},
			{257, 4, uint32(h)},
			{258, 3, uint32(p.bits)},
			{259, 3, 1},
			{262, 3, uint32(photometric)},
			{273, 4, uint32(stripOff)},
			{277, 3, 1},
			{278, 4, uint32(h)},
			{279, 4, uint32(len(strip))},
		}
		b = le.AppendUint16(b, uint16(len(entries)))
		for _, e := range entries {
			b = le.AppendUint16(b, uint16(e.tag))
			b = le.AppendUint16(b, uint16(e.typ))
			b = le.AppendUint32(b, 1)
			if e.tag == 273 {
				stripPtr = append(stripPtr, len(b))
			}
			if e.typ == 3 {
				b = le.AppendUint16(b, uint16(e.val))
				b = le.AppendUint16(b, 0)
			} else {
				b = le.AppendUint32(b, e.val)
			}
		}
		prevNext = len(b)
		nextPtr = append(nextPtr, prevNext)
		b = le.AppendUint32(b, 0)
	}
	return b, nextPtr, stripPtr
}

// pngChunk appends a PNG chunk with its CRC.
func pngChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc.Sum32())
}

// importPDF builds a PDF with one page per image through pdfcpu's
// ImportImages: JPEGs become DCTDecode images, PNGs FlateDecode ones.
func importPDF(t testing.TB, imgs ...[]byte) []byte {
	t.Helper()
	var rs []io.Reader
	for _, b := range imgs {
		rs = append(rs, bytes.NewReader(b))
	}
	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, rs, nil, nil); err != nil {
		t.Fatalf("import images: %v", err)
	}
	return out.Bytes()
}

type pdfObj = pdftest.Object

func buildPDF(objs []pdfObj) []byte { return pdftest.Build(objs) }

// imagePDF builds a one-page PDF whose page shows one image XObject with
// the given dictionary entries and data.
func imagePDF(imageDict string, data []byte) []byte {
	return buildPDF([]pdfObj{
		{Dict: "<< /Type /Catalog /Pages 2 0 R >>"},
		{Dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		{Dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>"},
		{Dict: "<< >>", Stream: []byte("q 200 0 0 200 0 0 cm /Im0 Do Q")},
		{Dict: "<< /Type /XObject /Subtype /Image " + imageDict + " >>", Stream: data},
	})
}

// pages opens path and collects every page, failing the test on error.
func pages(t *testing.T, path string) []ingest.Page {
	t.Helper()
	ps, err := collect(path, ingest.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", filepath.Base(path), err)
	}
	return ps
}

func collect(path string, o ingest.Options) ([]ingest.Page, error) {
	var ps []ingest.Page
	err := ingest.Open(path, o, func(p ingest.Page) error {
		ps = append(ps, p)
		return nil
	})
	return ps, err
}
