package main

import (
	"bytes"
	"compress/zlib"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/pdf/pdftest"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
	_ "github.com/mattn/go-sqlite3" // to count what a scan left in the store
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/image/tiff"
)

// buildCivreg builds the real binary into a temporary directory, as a
// clerk runs it: the hostile-input and crash tests need a process of its
// own, to measure its memory and to kill it.
func buildCivreg(t *testing.T) string {
	t.Helper()
	// go test puts its own go first on PATH.
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "civreg")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// needTesseract skips a test that reads pages when Tesseract is missing.
func needTesseract(t *testing.T) {
	t.Helper()
	testenv.Need(t, "tesseract")
}

// civregCmd returns the command running bin with args, one Tesseract
// thread per engine as the Makefile sets.
func civregCmd(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1", "CIVREG_DB=")
	return cmd
}

// scanReport is the part of `civreg scan --json` the tests read.
type scanReport struct {
	Stored   int `json:"pages_stored"`
	Skipped  int `json:"pages_skipped_duplicate"`
	Failed   int `json:"pages_failed"`
	Failures []struct {
		File      string `json:"file"`
		PageIndex int    `json:"page_index"`
		Reason    string `json:"reason"`
	} `json:"failures"`
}

// sample returns the bytes of a committed sample page.
func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hostile is one bad input and what its report line must say.
type hostile struct {
	name string // file name in the scan directory (may not be UTF-8)
	want string // in the reason, lower case
	make func(t *testing.T, path string)
}

func writeFile(b []byte) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		t.Helper()
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pngChunk encodes one PNG chunk.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// pngBomb writes a real, valid PNG of w×h white pixels, 8-bit grey or
// 16-bit RGBA (rgba16): under a megabyte that inflates to w×h×1 or ×8
// bytes.
func pngBomb(t *testing.T, path string, w, h int, rgba16 bool) {
	t.Helper()
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 0 // 8-bit grey
	bpp := 1
	if rgba16 {
		ihdr[8], ihdr[9], bpp = 16, 6, 8
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := bytes.Repeat([]byte{0xff}, w*bpp+1)
	row[0] = 0 // filter: none
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	b.Write(pngChunk("IHDR", ihdr[:]))
	b.Write(pngChunk("IDAT", z.Bytes()))
	b.Write(pngChunk("IEND", nil))
	writeFile(b.Bytes())(t, path)
}

// hugeJPEG writes a small JPEG whose frame header claims w×h pixels.
func hugeJPEG(t *testing.T, path string, w, h int) {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	j := b.Bytes()
	i := bytes.Index(j, []byte{0xff, 0xc0}) // SOF0: length, precision, height, width
	if i < 0 {
		t.Fatal("no SOF0 in encoded jpeg")
	}
	binary.BigEndian.PutUint16(j[i+5:], uint16(h))
	binary.BigEndian.PutUint16(j[i+7:], uint16(w))
	writeFile(j)(t, path)
}

// bogusTIFF writes a small TIFF whose strip offsets point far beyond the
// end of the file.
func bogusTIFF(t *testing.T, path string) {
	t.Helper()
	var b bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	if err := tiff.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	d := b.Bytes()
	order := binary.ByteOrder(binary.LittleEndian)
	if d[0] == 'M' {
		order = binary.BigEndian
	}
	ifd := int(order.Uint32(d[4:]))
	n := int(order.Uint16(d[ifd:]))
	patched := false
	for e := 0; e < n; e++ {
		off := ifd + 2 + 12*e
		if order.Uint16(d[off:]) == 273 { // StripOffsets
			cnt := int(order.Uint32(d[off+4:]))
			if cnt == 1 {
				order.PutUint32(d[off+8:], 0x7fff0000)
			} else {
				at := int(order.Uint32(d[off+8:]))
				for k := 0; k < cnt; k++ {
					order.PutUint32(d[at+4*k:], 0x7fff0000+uint32(k))
				}
			}
			patched = true
		}
	}
	if !patched {
		t.Fatal("no StripOffsets in encoded tiff")
	}
	writeFile(d)(t, path)
}

// imagePDF returns a one-page PDF holding a small image.
func imagePDF(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 32, 32))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	var pb, out bytes.Buffer
	png.Encode(&pb, img)
	if err := api.ImportImages(nil, &out, []io.Reader{&pb}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// encryptedPDF writes an RC4-encrypted PDF with a user password.
func encryptedPDF(t *testing.T, path string) {
	t.Helper()
	in := filepath.Join(t.TempDir(), "plain.pdf")
	writeFile(imagePDF(t))(t, in)
	model.ConfigPath = "disable" // pdfcpu would write a config.yml under $HOME
	if err := api.EncryptFile(in, path, model.NewAESConfiguration("secret", "owner", 256)); err != nil {
		t.Fatal(err)
	}
}

// textPDF is a valid one-page PDF with text and no image.
func textPDF() []byte {
	return pdftest.Build([]pdftest.Object{
		{Dict: "<< /Type /Catalog /Pages 2 0 R >>"},
		{Dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		{Dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"},
		{Dict: "<< >>", Stream: []byte("BT /F1 24 Tf 72 720 Td (So dang ky khai sinh) Tj ET")},
		{Dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"},
	})
}

// TestScanHostileInputs runs the real binary on a directory of hostile
// files next to two good pages. Each bad file must cost one report line
// naming it, and nothing else: no panic, no partial record, the good pages
// stored, exit code 3, memory bounded.
//
// Decided here: a JPEG with garbage after its end-of-image marker scans as
// the image it is (decoders stop at the marker, the pixels are intact); a
// JPEG cut inside its entropy-coded data fails as truncated. The type of a
// file comes from its content, not its name: a PNG named .pdf is read as
// the PNG it is.
func TestScanHostileInputs(t *testing.T) {
	needTesseract(t)
	bin := buildCivreg(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(filepath.Join(in, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	good := sample(t, "KT-B-01-2021-p011.png")
	goodJPEG := sample(t, "KS-A-01-2000-p006.jpg")
	pdfPage := sample(t, "KT-B-01-2021-p012.pdf")
	rng := rand.New(rand.NewSource(7))
	garbage := make([]byte, 8192)
	rng.Read(garbage)

	bad := []hostile{
		{"truncated.pdf", "pdf", writeFile(pdfPage[:len(pdfPage)/2])},
		{"corrupt.pdf", "pdf", writeFile(append([]byte("%PDF-1.7\n"), garbage...))},
		{"encrypted.pdf", "encrypted pdf", encryptedPDF},
		{"text-only.pdf", "no image", writeFile(textPDF())},
		{"empty.pdf", "empty file", writeFile(nil)},
		{"empty.png", "empty file", writeFile(nil)},
		{"notes.jpg", "not an image or pdf", writeFile([]byte(strings.Repeat("Sổ đăng ký khai sinh, quyển 01/2009.\n", 40)))},
		{"bomb.png", "pixel cap", func(t *testing.T, p string) { pngBomb(t, p, 30000, 30000, false) }},
		// Within the pixel cap, but 8 bytes a pixel: 640 MB decoded.
		{"rgba16-bomb.png", "mb cap", func(t *testing.T, p string) { pngBomb(t, p, 8000, 10000, true) }},
		{"huge-30000.jpg", "pixel cap", func(t *testing.T, p string) { hugeJPEG(t, p, 30000, 30000) }},
		{"bogus-offsets.tif", "tiff", bogusTIFF},
		{"truncated.jpg", "truncated", writeFile(goodJPEG[:len(goodJPEG)*2/3])},
		{"t\xe9l\xe9copie-\xff.png", "not an image or pdf", writeFile([]byte("latin-1 name, text inside"))},
		{"sub/self-loop.png", "symbolic links", func(t *testing.T, p string) {
			if err := os.Symlink(filepath.Base(p), p); err != nil {
				t.Fatal(err)
			}
		}},
		{"sub/pipe.png", "named pipe", func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, h := range bad {
		h.make(t, filepath.Join(in, h.name))
	}
	// The good pages: a PNG, the same PNG named .pdf (the same pixels: one
	// record), and a JPEG with garbage after its end marker.
	writeFile(good)(t, filepath.Join(in, "good.png"))
	writeFile(good)(t, filepath.Join(in, "sub", "png-named.pdf"))
	writeFile(append(append([]byte{}, goodJPEG...), garbage...))(t, filepath.Join(in, "garbage-tail.jpg"))
	// Loops: a link to the directory itself and one back up to the top.
	if err := os.Symlink(".", filepath.Join(in, "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(in, "sub", "up")); err != nil {
		t.Fatal(err)
	}

	db := filepath.Join(dir, "civreg.db")
	cmd := civregCmd(bin, "--db", db, "-q", "scan", "--workers", "2", "--json", in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	if code := cmd.ProcessState.ExitCode(); code != exitPartial {
		t.Errorf("exit %d, want %d\nstderr:\n%s", code, exitPartial, stderr.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss := ru.Maxrss << 10 // kilobytes on Linux
		t.Logf("peak RSS of civreg scan: %d MiB", rss>>20)
		if rss > 3<<29 {
			t.Errorf("peak RSS %d MiB, over the 1.5 GiB bound", rss>>20)
		}
	}
	for _, bad := range []string{"panic", "goroutine ", "SIGSEGV"} {
		if strings.Contains(stderr.String(), bad) || strings.Contains(stdout.String(), bad) {
			t.Errorf("output mentions %q:\n%s", bad, stderr.String())
		}
	}
	var rep scanReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("scan --json: %v\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	t.Logf("report: %d stored, %d skipped, %d failed", rep.Stored, rep.Skipped, rep.Failed)

	// One line per bad file, naming it, with the reason expected.
	lines := map[string][]string{}
	for _, f := range rep.Failures {
		lines[f.File] = append(lines[f.File], f.Reason)
		t.Logf("failed: %s page %d: %s", f.File, f.PageIndex+1, f.Reason)
		if f.Reason == "" || strings.ContainsAny(f.Reason, "\r\n") {
			t.Errorf("%s: reason %q is not one line", f.File, f.Reason)
		}
	}
	for _, h := range bad {
		name := ingest.Display(filepath.Join(in, h.name))
		got := lines[name]
		if len(got) != 1 {
			t.Errorf("%s: %d report lines %q, want 1", name, len(got), got)
			continue
		}
		if !strings.Contains(strings.ToLower(got[0]), h.want) {
			t.Errorf("%s: reason %q, want it to say %q", name, got[0], h.want)
		}
		delete(lines, name)
	}
	for f, rs := range lines {
		t.Errorf("unexpected failure %s: %q", f, rs)
	}
	if rep.Failed != len(bad) {
		t.Errorf("report says %d failed, want %d", rep.Failed, len(bad))
	}
	if !strings.Contains(stderr.String(), `\xff`) {
		t.Errorf("the non-UTF-8 name is not printed escaped on stderr:\n%s", stderr.String())
	}

	// The store: the two good pages, whole; the failures; nothing half.
	c := storeCounts(t, db)
	t.Logf("store: %+v", c)
	if c.Done != 2 || c.Records != 2 {
		t.Errorf("store holds %d done pages and %d records, want 2 and 2", c.Done, c.Records)
	}
	if c.Failed != len(bad) {
		t.Errorf("store holds %d failed pages, want %d", c.Failed, len(bad))
	}
	c.check(t)
	if rep.Stored+rep.Skipped != 3 || rep.Stored != 2 {
		t.Errorf("report: %d stored, %d skipped; want 2 stored and the PNG named .pdf skipped or stored once", rep.Stored, rep.Skipped)
	}
	sdb := openRaw(t, db)
	// The PNG and its copy named .pdf are one page: whichever a worker
	// stored first holds the record.
	for _, files := range [][]string{
		{filepath.Join(in, "good.png"), filepath.Join(in, "sub", "png-named.pdf")},
		{filepath.Join(in, "garbage-tail.jpg"), filepath.Join(in, "garbage-tail.jpg")},
	} {
		var n int
		if err := sdb.QueryRow(`SELECT COUNT(*) FROM records r JOIN pages p ON p.id = r.page_id WHERE p.status = 'done' AND p.file IN (?, ?)`,
			files[0], files[1]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%s: %d records, want 1", files[0], n)
		}
	}
}

// counts is what a scan left in the store.
type counts struct {
	Done, Failed, Records, Fields, Tasks, StoredEvents int
	db                                                 *sql.DB
}

func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	// Read-write: after a SIGKILL the write-ahead log may need recovery,
	// which a read-only connection cannot do. The tests only read.
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func storeCounts(t *testing.T, path string) counts {
	t.Helper()
	c := counts{db: openRaw(t, path)}
	for _, q := range []struct {
		dst *int
		sql string
	}{
		{&c.Done, `SELECT COUNT(*) FROM pages WHERE status = 'done'`},
		{&c.Failed, `SELECT COUNT(*) FROM pages WHERE status = 'failed'`},
		{&c.Records, `SELECT COUNT(*) FROM records`},
		{&c.Fields, `SELECT COUNT(*) FROM fields`},
		{&c.Tasks, `SELECT COUNT(*) FROM tasks`},
		{&c.StoredEvents, `SELECT COUNT(*) FROM events WHERE action = 'page.stored'`},
	} {
		if err := c.db.QueryRow(q.sql).Scan(q.dst); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// check asserts that every page, record, field and task is whole: each
// done page has one record and an image, each record has every field of
// its form and one page.stored event, no field or task is an orphan, no
// content hash is stored twice.
func (c counts) check(t *testing.T) {
	t.Helper()
	zero := map[string]string{
		"done page without record":    `SELECT COUNT(*) FROM pages p WHERE p.status = 'done' AND NOT EXISTS (SELECT 1 FROM records r WHERE r.page_id = p.id)`,
		"done page without image":     `SELECT COUNT(*) FROM pages p WHERE p.status = 'done' AND NOT EXISTS (SELECT 1 FROM page_images i WHERE i.page_id = p.id)`,
		"record of no done page":      `SELECT COUNT(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.id = r.page_id AND p.status = 'done')`,
		"field without record":        `SELECT COUNT(*) FROM fields f WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = f.record_id)`,
		"task without field":          `SELECT COUNT(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM fields f WHERE f.record_id = t.record_id AND f.key = t.field_key)`,
		"content hash stored twice":   `SELECT COUNT(*) FROM (SELECT sha256 FROM pages WHERE sha256 <> '' GROUP BY sha256 HAVING COUNT(*) > 1)`,
		"record without stored event": `SELECT COUNT(*) FROM records r WHERE (SELECT COUNT(*) FROM events e WHERE e.record_id = r.id AND e.action = 'page.stored') <> 1`,
	}
	for what, q := range zero {
		var n int
		if err := c.db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n != 0 {
			t.Errorf("%s: %d", what, n)
		}
	}
	rows, err := c.db.Query(`SELECT r.id, r.kind, r.era, (SELECT COUNT(*) FROM fields f WHERE f.record_id = r.id) FROM records r`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, era string
		var n int
		if err := rows.Scan(&id, &kind, &era, &n); err != nil {
			t.Fatal(err)
		}
		f := form.Get(registry.Kind(kind), registry.Era(era))
		if f == nil {
			t.Errorf("record %s: unknown form %s-%s", id, kind, era)
			continue
		}
		if want := len(f.Keys()); n != want {
			t.Errorf("record %s (%s-%s): %d fields, want %d", id, kind, era, n, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
