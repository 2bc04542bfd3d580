package ingest_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/tiff"

	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

// wantErr checks that err is a one-line registry error with the code and a
// message containing want.
func wantErr(t *testing.T, err error, code, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s %q", code, want)
	}
	var rerr *registry.Error
	if !errors.As(err, &rerr) {
		t.Fatalf("got %T %q, want a *registry.Error", err, err)
	}
	t.Logf("%s: %s", rerr.Code, rerr.Message)
	if rerr.Code != code || !strings.Contains(rerr.Message, want) {
		t.Errorf("got %s %q, want %s containing %q", rerr.Code, rerr.Message, code, want)
	}
	if strings.ContainsAny(rerr.Message, "\r\n") {
		t.Errorf("message %q is not one line", rerr.Message)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "png"},
		{"jpeg", []byte{0xff, 0xd8, 0xff, 0xe0}, "jpeg"},
		{"tiff le", []byte("II*\x00\x08\x00\x00\x00"), "tiff"},
		{"tiff be", []byte("MM\x00*\x00\x00\x00\x08"), "tiff"},
		{"bigtiff", []byte("II+\x00\x08\x00\x00\x00"), "tiff"},
		{"pdf", []byte("%PDF-1.7\n"), "pdf"},
		{"pdf after junk", append(bytes.Repeat([]byte{' '}, 300), "%PDF-1.4"...), "pdf"},
		{"gif", []byte("GIF89a"), ""},
		{"text", []byte("hello"), ""},
		{"empty", nil, ""},
		{"short jpeg", []byte{0xff, 0xd8}, ""},
	}
	for _, tt := range tests {
		if got := ingest.Sniff(tt.head); got != tt.want {
			t.Errorf("%s: Sniff = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	gray := grayPage(64, 48, 1)
	rgb := rgbPage(40, 30)
	var tiffBuf bytes.Buffer
	if err := tiff.Encode(&tiffBuf, rgb, &tiff.Options{Compression: tiff.Deflate, Predictor: true}); err != nil {
		t.Fatal(err)
	}
	jpg := encodeJPEG(t, gray)
	tests := []struct {
		name   string
		data   []byte
		format string
		want   image.Image // exact pixels expected; nil for lossy JPEG
	}{
		{"gray.png", encodePNG(t, gray), "png", gray},
		{"rgb.png", encodePNG(t, rgb), "png", rgb},
		{"page.jpg", jpg, "jpeg", nil},
		{"rgb.tif", tiffBuf.Bytes(), "tiff", rgb},
		// Wrong extensions: the content decides.
		{"really-png.pdf", encodePNG(t, gray), "png", gray},
		{"really-jpeg.tif", jpg, "jpeg", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := pages(t, write(t, dir, tt.name, tt.data))
			if len(ps) != 1 {
				t.Fatalf("got %d pages, want 1", len(ps))
			}
			p := ps[0]
			if p.Format != tt.format || p.Index != 0 || p.Count != 1 {
				t.Errorf("got format %s index %d count %d, want %s 0 1", p.Format, p.Index, p.Count, tt.format)
			}
			if p.Image.Bounds().Dx() == 0 {
				t.Fatal("empty image")
			}
			if tt.want != nil {
				if got, want := p.SHA256, ingest.Hash(tt.want); got != want {
					t.Errorf("pixels differ from the encoded image: hash %s, want %s", got, want)
				}
			}
			if len(p.SHA256) != 64 {
				t.Errorf("SHA256 %q is not 64 hex digits", p.SHA256)
			}
		})
	}
}

func TestHashIgnoresImageType(t *testing.T) {
	gray := grayPage(20, 10, 3)
	rgba := image.NewRGBA(gray.Bounds())
	nrgba := image.NewNRGBA(gray.Bounds())
	for y := 0; y < 10; y++ {
		for x := 0; x < 20; x++ {
			v := gray.GrayAt(x, y).Y
			rgba.SetRGBA(x, y, color.RGBA{v, v, v, 255})
			nrgba.SetNRGBA(x, y, color.NRGBA{v, v, v, 255})
		}
	}
	h := ingest.Hash(gray)
	if ingest.Hash(rgba) != h || ingest.Hash(nrgba) != h {
		t.Error("the same pixels in Gray, RGBA and NRGBA hash differently")
	}
	other := grayPage(20, 10, 4)
	if ingest.Hash(other) == h {
		t.Error("different pixels hash alike")
	}
	if ingest.Hash(grayPage(10, 20, 3)) == h {
		t.Error("different sizes hash alike")
	}
}

func TestMultiPageTIFF(t *testing.T) {
	srcs := []tiffPage{
		{img: grayPage(30, 20, 1), bits: 8},
		{img: bilevel(33, 17), bits: 1},
		{img: grayPage(25, 40, 2), bits: 8},
	}
	data, _, _ := buildTIFF(srcs)
	ps := pages(t, write(t, t.TempDir(), "book.tiff", data))
	if len(ps) != 3 {
		t.Fatalf("got %d pages, want 3", len(ps))
	}
	for i, p := range ps {
		if p.Index != i || p.Count != 3 || p.Format != "tiff" {
			t.Errorf("page %d: index %d count %d format %s", i, p.Index, p.Count, p.Format)
		}
		if got, want := p.SHA256, ingest.Hash(srcs[i].img); got != want {
			t.Errorf("page %d: decoded pixels differ from the source page", i)
		}
	}
}

func TestTIFFThumbnailIsNotAPage(t *testing.T) {
	data, _, _ := buildTIFF([]tiffPage{{img: grayPage(30, 20, 1), bits: 8}, {img: grayPage(8, 6, 2), bits: 8}})
	// Mark the second IFD as a reduced-resolution image: NewSubfileType=1.
	data = markReduced(t, data, 1)
	ps := pages(t, write(t, t.TempDir(), "thumb.tif", data))
	if len(ps) != 1 || ps[0].Image.Bounds().Dx() != 30 {
		t.Errorf("got %d pages, want only the 30-pixel-wide page", len(ps))
	}
}

// markReduced rewrites IFD n's Compression entry (always value 1 in
// buildTIFF) into NewSubfileType=1, keeping the file valid TIFF (tags
// need not be in order for x/image/tiff, and Compression defaults to none).
func markReduced(t *testing.T, data []byte, n int) []byte {
	t.Helper()
	le := binary.LittleEndian
	off := int(le.Uint32(data[4:]))
	for i := 0; i < n; i++ {
		cnt := int(le.Uint16(data[off:]))
		off = int(le.Uint32(data[off+2+12*cnt:]))
	}
	cnt := int(le.Uint16(data[off:]))
	for i := 0; i < cnt; i++ {
		e := data[off+2+12*i:]
		if le.Uint16(e) == 259 {
			le.PutUint16(e, 254)
			le.PutUint16(e[2:], 4)
			le.PutUint32(e[8:], 1)
			return data
		}
	}
	t.Fatal("no compression tag")
	return nil
}

func TestBadTIFF(t *testing.T) {
	dir := t.TempDir()
	three := []tiffPage{{img: grayPage(30, 20, 1), bits: 8}, {img: grayPage(30, 20, 2), bits: 8}, {img: grayPage(30, 20, 3), bits: 8}}
	le := binary.LittleEndian
	tests := []struct {
		name    string
		corrupt func(b []byte, next, strip []int) []byte
		pages   int // delivered before the error
		code    string
		want    string
	}{
		{"first ifd beyond eof", func(b []byte, _, _ []int) []byte { le.PutUint32(b[4:], 1<<30); return b }, 0, registry.EINVALID, "tiff: bad ifd offset"},
		{"first ifd zero", func(b []byte, _, _ []int) []byte { le.PutUint32(b[4:], 0); return b }, 0, registry.EINVALID, "no image directory"},
		{"next ifd bogus", func(b []byte, next, _ []int) []byte { le.PutUint32(b[next[1]:], 0xfffffff0); return b }, 2, registry.EINVALID, "page 3: tiff: bad ifd offset"},
		{"ifd loop", func(b []byte, next, _ []int) []byte { le.PutUint32(b[next[1]:], le.Uint32(b[4:])); return b }, 2, registry.EINVALID, "page 3: tiff: ifd chain loops"},
		{"strip beyond eof", func(b []byte, _, strip []int) []byte { le.PutUint32(b[strip[1]:], 1<<30); return b }, 1, registry.EINVALID, "page 2: tiff:"},
		{"truncated", func(b []byte, _, _ []int) []byte { return b[:len(b)-30] }, 2, registry.EINVALID, "page 3: tiff: truncated ifd"},
		{"bigtiff", func(b []byte, _, _ []int) []byte { b[2] = 43; return b }, 0, registry.EUNSUPPORTED, "bigtiff"},
		{"bad version", func(b []byte, _, _ []int) []byte { b[2] = 7; return b }, 0, registry.EUNSUPPORTED, "not an image or pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, next, strip := buildTIFF(three)
			data = tt.corrupt(data, next, strip)
			ps, err := collect(write(t, dir, "bad.tif", data), ingest.Options{})
			wantErr(t, err, tt.code, tt.want)
			if len(ps) != tt.pages {
				t.Errorf("got %d pages before the error, want %d", len(ps), tt.pages)
			}
		})
	}
}

func TestTIFFHugeStripCountBoundedMemory(t *testing.T) {
	data, _, _ := buildTIFF([]tiffPage{{img: grayPage(30, 20, 1), bits: 8}})
	// StripByteCounts claims 4 GB.
	le := binary.LittleEndian
	off := int(le.Uint32(data[4:]))
	for i := 0; i < int(le.Uint16(data[off:])); i++ {
		e := data[off+2+12*i:]
		if le.Uint16(e) == 279 {
			le.PutUint32(e[8:], 0xfffffff0)
		}
	}
	path := write(t, t.TempDir(), "count.tif", data)
	before := totalAlloc()
	_, err := collect(path, ingest.Options{})
	if err == nil {
		t.Fatal("got no error for a 4 GB strip in a small file")
	}
	if grew := totalAlloc() - before; grew > 64<<20 {
		t.Errorf("allocated %d MB for a bogus strip count", grew>>20)
	}
}

func totalAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

func TestCCITTG4TIFF(t *testing.T) {
	testenv.Need(t, "libtiff-tools")
	dir := t.TempDir()
	src1, src2 := bilevel(200, 120), bilevel(96, 64)
	raw, _, _ := buildTIFF([]tiffPage{{img: src1, bits: 1}, {img: src2, bits: 1}})
	in := write(t, dir, "raw.tif", raw)
	g4 := filepath.Join(dir, "g4.tif")
	if out, err := exec.Command("tiffcp", "-c", "g4", in, g4).CombinedOutput(); err != nil {
		t.Fatalf("tiffcp: %v: %s", err, out)
	}
	assertCompression(t, g4, 4)
	ps := pages(t, g4)
	if len(ps) != 2 {
		t.Fatalf("got %d pages, want 2", len(ps))
	}
	for i, src := range []*image.Gray{src1, src2} {
		if ps[i].SHA256 != ingest.Hash(src) {
			t.Errorf("page %d: G4 pixels differ from the source", i+1)
		}
	}

	// The same G4 data passed through into a PDF (CCITTFaxDecode) must give
	// the same pixels.
	pdfPath := filepath.Join(dir, "g4.pdf")
	if out, err := exec.Command("tiff2pdf", "-o", pdfPath, g4).CombinedOutput(); err != nil {
		t.Fatalf("tiff2pdf: %v: %s", err, out)
	}
	if b, _ := os.ReadFile(pdfPath); !bytes.Contains(b, []byte("CCITTFaxDecode")) {
		t.Fatal("tiff2pdf did not pass the G4 data through")
	}
	pp := pages(t, pdfPath)
	if len(pp) != 2 {
		t.Fatalf("pdf: got %d pages, want 2", len(pp))
	}
	for i := range pp {
		if pp[i].SHA256 != ps[i].SHA256 {
			t.Errorf("pdf page %d: CCITT pixels differ from the TIFF's", i+1)
		}
	}
}

// assertCompression checks the first IFD's Compression tag, so that the
// test really exercises the codec it claims to.
func assertCompression(t *testing.T, path string, want int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if string(b[:2]) == "MM" {
		bo = binary.BigEndian
	}
	off := int(bo.Uint32(b[4:]))
	for i := 0; i < int(bo.Uint16(b[off:])); i++ {
		e := b[off+2+12*i:]
		if bo.Uint16(e) == 259 {
			if got := int(bo.Uint16(e[8:])); got != want {
				t.Fatalf("compression %d, want %d", got, want)
			}
			return
		}
	}
	t.Fatal("no compression tag")
}

func TestPDFFromImages(t *testing.T) {
	dir := t.TempDir()
	gray, rgb := grayPage(60, 80, 1), rgbPage(50, 40)
	jpg := encodeJPEG(t, grayPage(64, 64, 2))
	data := importPDF(t, encodePNG(t, gray), jpg, encodePNG(t, rgb))
	if !bytes.Contains(data, []byte("DCTDecode")) || !bytes.Contains(data, []byte("FlateDecode")) {
		t.Fatal("test pdf lacks a DCT or a Flate image")
	}
	ps := pages(t, write(t, dir, "book.pdf", data))
	if len(ps) != 3 {
		t.Fatalf("got %d pages, want 3", len(ps))
	}
	for i, p := range ps {
		if p.Index != i || p.Count != 3 || p.Format != "pdf" {
			t.Errorf("page %d: index %d count %d format %s", i, p.Index, p.Count, p.Format)
		}
	}
	// The same page, whatever the container, has the same hash.
	if ps[0].SHA256 != ingest.Hash(gray) {
		t.Error("page 1 (flate gray) differs from the PNG's pixels")
	}
	if ps[2].SHA256 != ingest.Hash(rgb) {
		t.Error("page 3 (flate rgb) differs from the PNG's pixels")
	}
	jp := pages(t, write(t, dir, "p2.jpg", jpg))
	if ps[1].SHA256 != jp[0].SHA256 {
		t.Error("page 2 (dct) differs from the JPEG file's pixels")
	}
	pngPage := pages(t, write(t, dir, "p1.png", encodePNG(t, gray)))
	if ps[0].SHA256 != pngPage[0].SHA256 {
		t.Error("the same page as PNG and in a PDF hash differently")
	}
}

func TestPDFHandBuilt(t *testing.T) {
	dir := t.TempDir()
	// A 1-bit image, Flate with PNG predictor (Up), /Decode [1 0].
	w, h := 21, 9
	src := bilevel(w, h)
	rowBytes := (w + 7) / 8
	var raw []byte
	prev := make([]byte, rowBytes)
	for y := 0; y < h; y++ {
		row := make([]byte, rowBytes)
		for x := 0; x < w; x++ {
			if src.Pix[y*src.Stride+x] == 0 { // black is 1 under /Decode [1 0]
				row[x/8] |= 0x80 >> (x % 8)
			}
		}
		raw = append(raw, 2)
		for i := range row {
			raw = append(raw, row[i]-prev[i])
		}
		prev = row
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	bitPDF := imagePDF("/Width 21 /Height 9 /BitsPerComponent 1 /ColorSpace /DeviceGray /Decode [1 0] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 21 /Colors 1 /BitsPerComponent 1 >>", z.Bytes())
	ps := pages(t, write(t, dir, "bits.pdf", bitPDF))
	if len(ps) != 1 || ps[0].SHA256 != ingest.Hash(src) {
		t.Errorf("1-bit predicted flate image decoded wrong")
	}

	// An indexed image, uncompressed, with a hex palette.
	idx := imagePDF("/Width 2 /Height 1 /BitsPerComponent 8 /ColorSpace [/Indexed /DeviceRGB 1 <FF000000FF00>]", []byte{1, 0})
	ps = pages(t, write(t, dir, "indexed.pdf", idx))
	want := image.NewRGBA(image.Rect(0, 0, 2, 1))
	want.SetRGBA(0, 0, color.RGBA{0, 255, 0, 255})
	want.SetRGBA(1, 0, color.RGBA{255, 0, 0, 255})
	if len(ps) != 1 || ps[0].SHA256 != ingest.Hash(want) {
		t.Errorf("indexed image decoded wrong")
	}
}

func TestBadPDF(t *testing.T) {
	dir := t.TempDir()
	good := importPDF(t, encodePNG(t, grayPage(60, 80, 1)), encodePNG(t, grayPage(60, 80, 2)))
	textOnly := buildPDF([]pdfObj{
		{Dict: "<< /Type /Catalog /Pages 2 0 R >>"},
		{Dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		{Dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"},
		{Dict: "<< >>", Stream: []byte("BT /F1 12 Tf 20 100 Td (no scan here) Tj ET")},
		{Dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"},
	})
	encrypted := func(user string) []byte {
		in := write(t, dir, "plain.pdf", good)
		out := filepath.Join(dir, "enc.pdf")
		conf := model.NewAESConfiguration(user, "owner", 256)
		if err := api.EncryptFile(in, out, conf); err != nil {
			t.Fatalf("encrypt: %v", err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 1000))
	zw.Close()
	tests := []struct {
		name string
		data []byte
		code string
		want string
	}{
		{"text only", textOnly, registry.EINVALID, "page 1 has no image"},
		{"encrypted with user password", encrypted("user"), registry.EUNSUPPORTED, "encrypted pdf: not supported"},
		{"encrypted owner only", encrypted(""), registry.EUNSUPPORTED, "encrypted pdf: not supported"},
		{"header only", []byte("%PDF-1.4\n"), registry.EINVALID, "pdf"},
		{"flate bomb claim", imagePDF("/Width 60000 /Height 60000 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode", z.Bytes()), registry.ETOOLARGE, "page 1: image 60000×60000"},
		{"jpeg 2000", imagePDF("/Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /JPXDecode", []byte("not really jpx")), registry.EINVALID, "page 1: jpx: not a jpeg 2000 stream"},
		{"short flate", imagePDF("/Width 100 /Height 100 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode", z.Bytes()), registry.EINVALID, "page 1: flate: image data is short"},
		{"garbage dct", imagePDF("/Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /DCTDecode", []byte("\xff\xd8\xffnot a jpeg")), registry.EINVALID, "page 1: jpeg:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collect(write(t, dir, "bad.pdf", tt.data), ingest.Options{})
			wantErr(t, err, tt.code, tt.want)
		})
	}

	// Truncation anywhere gives a page or a one-line error, never a panic.
	for _, frac := range []int{10, 30, 50, 70, 90, 99} {
		cut := good[:len(good)*frac/100]
		ps, err := collect(write(t, dir, "cut.pdf", cut), ingest.Options{})
		t.Logf("truncated to %d%%: %d pages, error %v", frac, len(ps), err)
		if err == nil && len(ps) == 0 {
			t.Errorf("truncated to %d%%: no page and no error", frac)
		}
		if err != nil {
			if registry.ErrorCode(err) == registry.EINTERNAL || strings.ContainsAny(err.Error(), "\n") {
				t.Errorf("truncated to %d%%: got %q, want a one-line registry error", frac, err)
			}
		}
	}
}

func TestFileLevelErrors(t *testing.T) {
	dir := t.TempDir()
	jpg := encodeJPEG(t, grayPage(64, 64, 1))

	// A PNG whose header claims 30000×30000 with a tiny IDAT.
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 30000)
	binary.BigEndian.PutUint32(ihdr[4:], 30000)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	bomb := []byte("\x89PNG\r\n\x1a\n")
	bomb = pngChunk(bomb, "IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 30001))
	zw.Close()
	bomb = pngChunk(bomb, "IDAT", z.Bytes())
	bomb = pngChunk(bomb, "IEND", nil)

	full := encodePNG(t, grayPage(100, 100, 1))
	truncPNG := full[:len(full)/2]
	tests := []struct {
		name string
		data []byte
		o    ingest.Options
		code string
		want string
	}{
		{"empty", nil, ingest.Options{}, registry.EINVALID, "empty file"},
		{"text", []byte("just some notes\n"), ingest.Options{}, registry.EUNSUPPORTED, "not an image or pdf (looks like text/plain)"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), ingest.Options{}, registry.EUNSUPPORTED, "looks like image/gif"},
		{"png bomb", bomb, ingest.Options{}, registry.ETOOLARGE, "30000×30000"},
		{"pixel cap", encodePNG(t, grayPage(100, 100, 1)), ingest.Options{MaxPixels: 9999}, registry.ETOOLARGE, "100×100"},
		{"file cap", jpg, ingest.Options{MaxFileBytes: 100}, registry.ETOOLARGE, "over the 100-byte cap"},
		{"truncated jpeg", jpg[:len(jpg)/2], ingest.Options{}, registry.EINVALID, "jpeg:"},
		{"truncated png", truncPNG, ingest.Options{}, registry.EINVALID, "png:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, dir, tt.name+".png", tt.data)
			before := totalAlloc()
			_, err := collect(path, tt.o)
			wantErr(t, err, tt.code, tt.want)
			if grew := totalAlloc() - before; grew > 32<<20 {
				t.Errorf("allocated %d MB refusing it", grew>>20)
			}
		})
	}

	t.Run("missing", func(t *testing.T) {
		_, err := collect(filepath.Join(dir, "nope.png"), ingest.Options{})
		wantErr(t, err, registry.EINVALID, "no such file")
	})
	t.Run("directory", func(t *testing.T) {
		_, err := collect(dir, ingest.Options{})
		wantErr(t, err, registry.EINVALID, "is a directory")
	})
}

func TestJPEGGarbageTail(t *testing.T) {
	jpg := encodeJPEG(t, grayPage(64, 64, 1))
	tail := append(append([]byte{}, jpg...), bytes.Repeat([]byte("garbage\x00\xff"), 200)...)
	dir := t.TempDir()
	a, b := pages(t, write(t, dir, "a.jpg", jpg)), pages(t, write(t, dir, "b.jpg", tail))
	if a[0].SHA256 != b[0].SHA256 {
		t.Error("a garbage tail changed the decoded pixels")
	}
}

func TestCallbackErrorStops(t *testing.T) {
	data, _, _ := buildTIFF([]tiffPage{{img: grayPage(10, 10, 1), bits: 8}, {img: grayPage(10, 10, 2), bits: 8}})
	path := write(t, t.TempDir(), "two.tif", data)
	stop := errors.New("stop")
	n := 0
	err := ingest.Open(path, ingest.Options{}, func(ingest.Page) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("got %v after %d pages, want the callback's error after 1", err, n)
	}
}

// TestCorruptFilesNeverPanic flips and truncates bytes of valid files of
// every format: each outcome must be pages or a one-line registry error.
func TestCorruptFilesNeverPanic(t *testing.T) {
	dir := t.TempDir()
	tiffData, _, _ := buildTIFF([]tiffPage{{img: grayPage(20, 12, 1), bits: 8}, {img: bilevel(20, 12), bits: 1}})
	var deflated bytes.Buffer
	tiff.Encode(&deflated, rgbPage(16, 16), &tiff.Options{Compression: tiff.Deflate, Predictor: true})
	goods := map[string][]byte{
		"png":  encodePNG(t, grayPage(20, 12, 1)),
		"jpeg": encodeJPEG(t, rgbPage(20, 12)),
		"tiff": tiffData,
		"zip":  deflated.Bytes(),
		"pdf":  importPDF(t, encodePNG(t, grayPage(20, 12, 1)), encodeJPEG(t, grayPage(16, 16, 2))),
	}
	rng := rand.New(rand.NewSource(1))
	for name, good := range goods {
		var ok, failed int
		for i := 0; i < 150; i++ {
			b := append([]byte{}, good...)
			if i%3 == 0 {
				b = b[:1+rng.Intn(len(b)-1)]
			} else {
				for k := 0; k < 1+rng.Intn(6); k++ {
					// Keep the magic bytes: the decoders are what is under test.
					b[4+rng.Intn(len(b)-4)] = byte(rng.Intn(256))
				}
			}
			ps, err := collect(write(t, dir, "f", b), ingest.Options{MaxPixels: 1 << 20})
			if err != nil {
				failed++
				if code := registry.ErrorCode(err); code == registry.EINTERNAL || strings.ContainsAny(err.Error(), "\r\n") {
					t.Fatalf("%s case %d: got %s %q, want a one-line registry error", name, i, code, err)
				}
			} else if len(ps) == 0 {
				t.Fatalf("%s case %d: no page and no error", name, i)
			} else {
				ok++
			}
		}
		t.Logf("%s: %d decoded, %d refused", name, ok, failed)
	}
}
