package ingest_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/registry"
)

// TestTruncatedSaysTruncated cuts valid files at many points: each cut is
// an error naming the format, one line, and a cut inside a JPEG's or
// PNG's data says "truncated" rather than the decoder's internal words
// ("short Huffman data").
func TestTruncatedSaysTruncated(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		format string
		data   []byte
	}{
		{"jpeg", encodeJPEG(t, grayPage(200, 300, 1))},
		{"png", encodePNG(t, grayPage(200, 300, 2))},
	} {
		n := len(tc.data)
		for _, cut := range []int{n / 3, n / 2, n * 2 / 3, n - 40} {
			path := write(t, dir, tc.format+".img", tc.data[:cut])
			_, err := collect(path, ingest.Options{})
			msg := registry.ErrorMessage(err)
			switch {
			case err == nil:
				t.Errorf("%s cut at %d/%d: no error", tc.format, cut, n)
			case registry.ErrorCode(err) != registry.EINVALID:
				t.Errorf("%s cut at %d/%d: code %s (%s), want %s", tc.format, cut, n, registry.ErrorCode(err), msg, registry.EINVALID)
			case !strings.HasPrefix(msg, tc.format+": ") || strings.ContainsAny(msg, "\r\n"):
				t.Errorf("%s cut at %d/%d: %q, want one line starting %q", tc.format, cut, n, msg, tc.format+": ")
			case !strings.Contains(msg, "truncated"):
				t.Errorf("%s cut at %d/%d: %q does not say truncated", tc.format, cut, n, msg)
			}
		}
	}
}

// TestHostileHeaders checks files that lie in their headers: refused from
// the header, at the cost of a small allocation, never a panic.
func TestHostileHeaders(t *testing.T) {
	dir := t.TempDir()

	// A JPEG whose frame header claims 30000×30000.
	var jb bytes.Buffer
	jpeg.Encode(&jb, grayPage(16, 16, 1), nil)
	huge := jb.Bytes()
	i := bytes.Index(huge, []byte{0xff, 0xc0})
	binary.BigEndian.PutUint16(huge[i+5:], 30000)
	binary.BigEndian.PutUint16(huge[i+7:], 30000)

	// TIFFs pointing outside the file: strip data, and the first IFD.
	var tb bytes.Buffer
	if err := tiff.Encode(&tb, grayPage(64, 64, 1), nil); err != nil {
		t.Fatal(err)
	}
	strips := bogusStrips(t, tb.Bytes())
	ifd := append([]byte{}, tb.Bytes()...)
	binary.LittleEndian.PutUint32(ifd[4:], 0x7ffffff0)

	for _, tc := range []struct {
		name, code, want string
		data             []byte
	}{
		{"huge.jpg", registry.ETOOLARGE, "30000×30000", huge},
		{"strips.tif", registry.EINVALID, "tiff", strips},
		{"ifd.tif", registry.EINVALID, "", ifd},
	} {
		path := write(t, dir, tc.name, tc.data)
		before := totalAlloc()
		_, err := collect(path, ingest.Options{})
		if registry.ErrorCode(err) != tc.code || !strings.Contains(registry.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v (%s), want %s saying %q", tc.name, err, registry.ErrorCode(err), tc.code, tc.want)
		}
		if grew := totalAlloc() - before; grew > 16<<20 {
			t.Errorf("%s: allocated %d MB refusing it", tc.name, grew>>20)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}

// bogusStrips patches a little-endian one-strip TIFF's StripOffsets to point
// far beyond its end.
func bogusStrips(t *testing.T, d []byte) []byte {
	t.Helper()
	d = append([]byte{}, d...)
	if string(d[:2]) != "II" {
		t.Fatal("want a little-endian tiff")
	}
	ifd := int(binary.LittleEndian.Uint32(d[4:]))
	n := int(binary.LittleEndian.Uint16(d[ifd:]))
	for e := 0; e < n; e++ {
		off := ifd + 2 + 12*e
		if binary.LittleEndian.Uint16(d[off:]) != 273 {
			continue
		}
		if cnt := binary.LittleEndian.Uint32(d[off+4:]); cnt != 1 {
			at := int(binary.LittleEndian.Uint32(d[off+8:]))
			for k := 0; k < int(cnt); k++ {
				binary.LittleEndian.PutUint32(d[at+4*k:], 0x7fff0000)
			}
		} else {
			binary.LittleEndian.PutUint32(d[off+8:], 0x7fff0000)
		}
		return d
	}
	t.Fatal("no StripOffsets")
	return nil
}

// TestHostileDirectory walks a directory of loops, a FIFO, a self-link, a
// non-UTF-8 name and bad files, opening what Walk hands over as the scan
// does: every entry has exactly one outcome, pages or a one-line error,
// and the walk ends.
func TestHostileDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.png", encodePNG(t, grayPage(40, 30, 1)))
	write(t, dir, "empty.jpg", nil)
	write(t, dir, "notes.pdf", []byte("not a pdf at all"))
	write(t, dir, "\xff\xfe-latin1.png", []byte("text"))
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ target, name string }{
		{".", filepath.Join(dir, "loop")},
		{"..", filepath.Join(sub, "up")},
		{"self", filepath.Join(sub, "self")},
		{"nowhere", filepath.Join(sub, "broken.png")},
	} {
		if err := os.Symlink(l.target, l.name); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(sub, "fifo.tif"), 0o644); err != nil {
		t.Fatal(err)
	}

	outcomes := map[string]string{}
	err := ingest.Walk([]string{dir}, func(in ingest.Input) error {
		rel, _ := filepath.Rel(dir, in.Path)
		if _, dup := outcomes[rel]; dup {
			t.Errorf("%s handed over twice", rel)
		}
		if in.Err != nil {
			outcomes[rel] = "error: " + registry.ErrorMessage(in.Err)
			return nil
		}
		n := 0
		err := ingest.Open(in.Path, ingest.Options{}, func(p ingest.Page) error { n++; return nil })
		switch {
		case err != nil && strings.ContainsAny(registry.ErrorMessage(err), "\r\n"):
			t.Errorf("%s: error is not one line: %q", rel, registry.ErrorMessage(err))
		case err != nil:
			outcomes[rel] = "error: " + registry.ErrorMessage(err)
		default:
			outcomes[rel] = "pages: " + strings.Repeat("#", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"good.png":            "pages: #",
		"empty.jpg":           "error: empty file",
		"notes.pdf":           "error: not an image or pdf",
		"\xff\xfe-latin1.png": "error: not an image or pdf",
		"sub/self":            "error: too many levels of symbolic links",
		"sub/broken.png":      "error: broken symlink",
		"sub/fifo.tif":        "error: not a regular file (named pipe)",
	}
	for name, w := range want {
		if got, ok := outcomes[name]; !ok || !strings.HasPrefix(got, w) {
			t.Errorf("%s: %q, want %q…", ingest.Display(name), got, w)
		}
	}
	for name, got := range outcomes {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected input %s: %s", ingest.Display(name), got)
		}
	}
	if got := ingest.Display(filepath.Join(dir, "\xff\xfe-latin1.png")); !strings.Contains(got, `\xff\xfe-latin1.png`) {
		t.Errorf("Display = %q, want the bytes escaped", got)
	}
}

// TestDecodedBytesCap checks that the memory a page decodes to is capped,
// not only its pixel count: a 16-bit RGBA PNG within the pixel cap, under
// a megabyte on disk, would decode to 8 bytes per pixel.
func TestDecodedBytesCap(t *testing.T) {
	dir := t.TempDir()
	png16 := func(w, h int, depth, colorType byte, comps int) []byte {
		ihdr := make([]byte, 13)
		binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
		binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
		ihdr[8], ihdr[9] = depth, colorType
		b := pngChunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", ihdr)
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(make([]byte, (w*comps*int(depth)/8+1)*h))
		zw.Close()
		b = pngChunk(b, "IDAT", z.Bytes())
		return pngChunk(b, "IEND", nil)
	}
	o := ingest.Options{MaxPixels: 1_000_000} // and so 4 MB decoded
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"rgba16.png", png16(1000, 1000, 16, 6, 4), registry.ETOOLARGE}, // 8 MB
		{"gray16.png", png16(1000, 1000, 16, 0, 1), ""},                 // 2 MB
		{"rgba8.png", png16(1000, 1000, 8, 6, 4), ""},                   // 4 MB
	} {
		before := totalAlloc()
		_, err := collect(write(t, dir, tc.name, tc.data), o)
		if registry.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
		if tc.code != "" {
			if !strings.Contains(registry.ErrorMessage(err), "8 bytes per pixel") {
				t.Errorf("%s: %q does not say why", tc.name, registry.ErrorMessage(err))
			}
			if grew := totalAlloc() - before; grew > 4<<20 {
				t.Errorf("%s: allocated %d MB refusing it", tc.name, grew>>20)
			}
		}
	}
}
