package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/moj"
	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

const mojOffice = "UBND phường Bến Nghé"

// mojBook is one book of the generated office.
type mojBook struct {
	kind  registry.Kind
	era   registry.Era
	book  string
	pages int
	wear  synth.Wear
	// pending is the index of an entry left needing review; -1 for none.
	pending int
	// noOriginal is the index of an entry stored without its original.
	noOriginal int
}

// worn is medium wear without blank or unreadable fields: every entry of
// the office is complete, and its pages as costly to compress as a worn
// book's.
var worn = synth.Wear{Skew: 2, Blur: 1.3, Noise: 6, JPEG: 55, Bleed: 0.07, Stamps: true, RunOn: true}

// mojBooks are four kinds in both eras, one scanned at 200 dpi, three pages
// each.
func mojBooks() []mojBook {
	var out []mojBook
	for i, k := range registry.Kinds {
		for _, e := range registry.Eras {
			b := mojBook{kind: k, era: e, book: fmt.Sprintf("%02d/2009", i+1), pages: 3, wear: worn, pending: -1, noOriginal: -1}
			if e == registry.EraB {
				b.book = fmt.Sprintf("%02d/2020", i+1)
			}
			if k == registry.Death && e == registry.EraB {
				b.wear.LowDPI = true
			}
			out = append(out, b)
		}
	}
	return out
}

// storeBooks draws the books' pages and stores them as scanned, with their
// original images, every field confirmed by a person (verified) unless the
// book says otherwise.
func storeBooks(t *testing.T, path string, books []mojBook) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, b := range books {
		batch := &registry.Batch{Office: mojOffice, Book: b.book, Kind: b.kind, Era: b.era}
		if err := db.CreateBatch(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for i := range b.pages {
			img, truth, err := synth.RenderPage(synth.PageOptions{Seed: 23, Kind: b.kind, Era: b.era, Index: i, Wear: b.wear, Office: mojOffice, Book: b.book})
			if err != nil {
				t.Fatal(err)
			}
			res := &registry.PageResult{
				Page:   registry.Page{BatchID: batch.ID, SHA256: fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprint(b.kind, b.book, i)))), File: fmt.Sprintf("%s-%d.png", b.kind, i), PageIndex: 0},
				Record: truthRecord(truth),
			}
			if i != b.noOriginal {
				if res.Original, err = scan.Original(img, tesseract.EncodeColourJPEG, tesseract.FitJPEG); err != nil {
					t.Fatal(err)
				}
			}
			if i == b.pending {
				res.Record.Fields["nksHoTen"].Status = registry.FieldNeedsReview
				res.Tasks = []registry.Task{{FieldKey: "nksHoTen", Reason: registry.ReasonLowConfidence}}
			}
			if err := db.SavePage(ctx, res); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// truthRecord is the record a reviewer would leave: every field as drawn,
// confirmed.
func truthRecord(t synth.Truth) *registry.Record {
	r := &registry.Record{Kind: t.Kind, Era: t.Era, Office: t.Office, Book: t.Book, Page: t.Page, Fields: map[string]*registry.Field{}}
	for k, f := range t.Fields {
		st := registry.FieldConfirmed
		if f.State != "typed" {
			st = registry.FieldMissing
		}
		r.Fields[k] = &registry.Field{Value: f.Value, Raw: f.Printed, Confidence: 1, Status: st}
	}
	return r
}

// TestExportMOJ exports a generated office of four kinds in both eras and
// reads it back with other programs: every PDF with poppler, every
// workbook with LibreOffice.
func TestExportMOJ(t *testing.T) {
	testenv.Need(t, "libreoffice", "poppler")
	soffice := "soffice"
	dir := t.TempDir()
	db, out := filepath.Join(dir, "civreg.db"), filepath.Join(dir, "moj")
	books := mojBooks()
	storeBooks(t, db, books)

	if _, stderr, code := run(t, "--db", db, "export", "--format", "moj", "--out", out); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	records := storedRecords(t, db)
	for _, b := range books {
		base := moj.BookPath(out, mojOffice, b.kind, b.book)
		checkZip(t, base+".zip", records[b.kind+registry.Kind(b.book)])
	}
	checkSheets(t, soffice, out, books, records)

	before := snapshot(t, out)
	if _, stderr, code := run(t, "--db", db, "export", "--format", "moj", "--out", out); code != 0 || strings.Count(stderr, "unchanged: ") != len(books) {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	if after := snapshot(t, out); !maps.Equal(before, after) {
		t.Errorf("a rerun wrote files:\nbefore %v\nafter  %v", before, after)
	}
}

// storedRecords returns the store's records by kind and book, in page
// order.
func storedRecords(t *testing.T, path string) map[registry.Kind][]*registry.Record {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[registry.Kind][]*registry.Record{}
	err = db.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
		k := r.Kind + registry.Kind(r.Book)
		out[k] = append(out[k], r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkZip opens a book's zip: one PDF per entry, named by the rule, each
// at most 150 kB, one page for pdfinfo, and a page with ink on it for
// pdftoppm.
func checkZip(t *testing.T, path string, recs []*registry.Record) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, r := range recs {
		names = append(names, moj.PDFName(r.Office, r.Kind, r.Book, r.Fields["so"].Value))
	}
	var got []string
	tmp := t.TempDir()
	for _, f := range zr.File {
		got = append(got, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d kB", f.Name, len(b)>>10)
		if len(b) > moj.MaxPDFBytes {
			t.Errorf("%s: %d bytes, over %d", f.Name, len(b), moj.MaxPDFBytes)
		}
		pdf := filepath.Join(tmp, f.Name)
		if err := os.WriteFile(pdf, b, 0o644); err != nil {
			t.Fatal(err)
		}
		info, err := exec.Command("pdfinfo", pdf).CombinedOutput()
		if err != nil || !regexp.MustCompile(`(?m)^Pages:\s+1$`).Match(info) {
			t.Errorf("pdfinfo %s: %v\n%s", f.Name, err, info)
		}
		// A blank page has none; the type of a page at 30 dpi is 0.2 to 0.8 %.
		if ink := renderedInk(t, pdf); ink < 0.001 {
			t.Errorf("%s renders %.2f%% ink: not its page", f.Name, ink*100)
		}
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", path, got, names)
	}
}

// renderedInk renders a PDF's page with pdftoppm at 30 dpi and returns the
// share of dark pixels.
func renderedInk(t *testing.T, pdf string) float64 {
	t.Helper()
	prefix := strings.TrimSuffix(pdf, ".pdf")
	if b, err := exec.Command("pdftoppm", "-r", "30", "-png", "-singlefile", pdf, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm %s: %v\n%s", pdf, err, b)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	dark, all := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if (r+g+bb)/3 < 0x8000 {
				dark++
			}
			all++
		}
	}
	return float64(dark) / float64(all)
}

// checkSheets converts every workbook to CSV with LibreOffice and compares
// each cell with the store's values as the template writes them, and the
// dates and ID numbers with what people expect of them.
func checkSheets(t *testing.T, soffice, out string, books []mojBook, records map[registry.Kind][]*registry.Record) {
	t.Helper()
	flat, csvDir := t.TempDir(), t.TempDir()
	var files []string
	for _, b := range books {
		src := moj.BookPath(out, mojOffice, b.kind, b.book) + ".xlsx"
		dst := filepath.Join(flat, fmt.Sprintf("%s-%s.xlsx", b.kind, b.era))
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, dst)
	}
	// 44 = comma, 34 = quote, 76 = UTF-8; its own profile, so that it
	// neither meets nor waits for another LibreOffice.
	args := append([]string{"--headless", "-env:UserInstallation=file://" + t.TempDir(), "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", csvDir}, files...)
	if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	date := regexp.MustCompile(`^(\d{2}/\d{2}/\d{4}|\d{2}/\d{4}|\d{4})$`)
	for _, b := range books {
		rows := readCSV(t, filepath.Join(csvDir, fmt.Sprintf("%s-%s.csv", b.kind, b.era)))
		cols := moj.Columns(b.kind)
		recs := records[b.kind+registry.Kind(b.book)]
		if len(rows) != len(recs)+1 {
			t.Fatalf("%s %s: %d rows, want a header and %d", b.kind, b.book, len(rows), len(recs))
		}
		for i, c := range cols {
			if rows[0][i] != c.Name {
				t.Errorf("%s: column %d is %q, want %q", b.kind, i, rows[0][i], c.Name)
			}
		}
		for n, r := range recs {
			row := rows[n+1]
			for i, c := range cols {
				want := moj.Cell(c, r)
				if row[i] != want {
					t.Errorf("%s %s entry %d, %s: LibreOffice reads %q, the store holds %q", b.kind, b.book, n+1, c.Name, row[i], want)
				}
				if f := r.Fields[c.Key]; f != nil && f.Value != "" && !c.Time && (c.Type == registry.TypeDate || c.Type == registry.TypeYear) && !date.MatchString(row[i]) {
					t.Errorf("%s %s: date %q is not dd/mm/yyyy", b.kind, c.Name, row[i])
				}
				if f := r.Fields[c.Key]; f != nil && c.Type == registry.TypePersonalID && row[i] != f.Value {
					t.Errorf("%s %s: ID %q, stored %q", b.kind, c.Name, row[i], f.Value)
				}
			}
			if row[1] != b.book || row[5] != mojOffice {
				t.Errorf("%s entry %d: quyenSo %q, noiDangKy %q", b.kind, n+1, row[1], row[5])
			}
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// snapshot returns every file under dir with its modification time and
// hash.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%s %x", st.ModTime().Format(time.RFC3339Nano), sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExportMOJBadInput exports books that cannot leave as they are: one
// with an entry waiting for review, one with an entry stored without its
// original page, and an output directory that cannot be made.
func TestExportMOJBadInput(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "civreg.db"), filepath.Join(dir, "moj")
	storeBooks(t, db, []mojBook{
		{kind: registry.Birth, era: registry.EraB, book: "01/2020", pages: 3, pending: 1, noOriginal: -1},
		{kind: registry.Death, era: registry.EraA, book: "01/2009", pages: 2, pending: -1, noOriginal: 0},
		{kind: registry.Marriage, era: registry.EraA, book: "01/2009", pages: 2, pending: -1, noOriginal: -1},
		{kind: registry.Birth, era: registry.EraA, book: "02/2009", pages: 1, pending: 0, noOriginal: -1},
	})
	_, stderr, code := run(t, "--db", db, "export", "--format", "moj", "--out", out)
	if code != exitPartial {
		t.Errorf("exit %d, want %d: %s", code, exitPartial, stderr)
	}
	for _, want := range []string{
		"refused: book KS 01/2020 of " + mojOffice + ": 1 of 3 entries not verified",
		"book KS 01/2020, entry ",
		"not verified: nksHoTen",
		"failed: book KT 01/2009 of " + mojOffice + ": entry ",
		"no original page image",
		"exported: book KH 01/2009 of " + mojOffice + ": 2 entries",
		"refused: book KS 02/2009 of " + mojOffice + ": 1 of 1 entries not verified",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	files := slices.Sorted(maps.Keys(snapshot(t, out)))
	want := []string{
		filepath.Join(out, "manifest.json"),
		moj.BookPath(out, mojOffice, registry.Marriage, "01/2009") + ".xlsx",
		moj.BookPath(out, mojOffice, registry.Marriage, "01/2009") + ".zip",
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("files written: %q, want only %q (nothing of a refused or failed book, no temporary file)", files, want)
	}

	_, stderr, code = run(t, "--db", db, "export", "--format", "moj", "--partial", "--out", out)
	if code != exitPartial {
		t.Errorf("--partial: exit %d, want %d for the book with no verified entry: %s", code, exitPartial, stderr)
	}
	for _, want := range []string{"failed: book KS 02/2009 of " + mojOffice + ": no verified entry", "exported: book KS 01/2020 of " + mojOffice + ": 2 entries, 1 left out", "exported: book KT 01/2009 of " + mojOffice + ": 1 entries, 1 left out", "unchanged: book KH"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("--partial: stderr lacks %q:\n%s", want, stderr)
		}
	}

	blocked := filepath.Join(dir, "file")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, "--db", db, "export", "--format", "moj", "--out", filepath.Join(blocked, "moj"))
	if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "not a directory") {
		t.Errorf("unwritable --out: exit %d, want %d and one line: %s", code, exitUsage, stderr)
	}
	if _, stderr, code = run(t, "--db", db, "export", "--format", "moj"); code != exitUsage {
		t.Errorf("no --out: exit %d: %s", code, stderr)
	}
}

// TestScanKeepsOriginal scans a generated colour page with the real
// pipeline and reads its original back: the page as drawn, in colour, at
// its size and resolution.
func TestScanKeepsOriginal(t *testing.T) {
	testenv.Need(t, "tesseract")
	dir := t.TempDir()
	pages, db := filepath.Join(dir, "pages"), filepath.Join(dir, "civreg.db")
	if _, stderr, code := run(t, "samples", "generate", "--out", pages, "--seed", "4", "--pages", "1", "--kinds", "KT", "--eras", "B", "--wear", "stamps", "-q"); code != 0 {
		t.Fatalf("samples: exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, "--db", db, "-q", "scan", "--office", mojOffice, "--book", "01/2021", pages); code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []string
	s.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
		ids = append(ids, r.ID)
		return nil
	})
	if len(ids) != 1 {
		t.Fatalf("%d records, want 1", len(ids))
	}
	o, err := s.PageOriginal(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	drawn, err := filepath.Glob(filepath.Join(pages, "*.png"))
	if err != nil || len(drawn) != 1 {
		t.Fatalf("pages drawn: %v, %v", drawn, err)
	}
	f, err := os.Open(drawn[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := jpeg.Decode(bytes.NewReader(o.JPEG))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() || o.Width != want.Bounds().Dx() || o.DPI != 300 {
		t.Errorf("original %v (%dx%d at %d dpi), drawn %v", got.Bounds(), o.Width, o.Height, o.DPI, want.Bounds())
	}
	if _, ok := got.(*image.YCbCr); !ok {
		t.Errorf("original is %T, not in colour", got)
	}
	// The red of the stamps survives: some pixel is clearly red.
	red := false
	b := got.Bounds()
	for y := b.Min.Y; y < b.Max.Y && !red; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bb, _ := got.At(x, y).RGBA()
			if r > 0xa000 && g < 0x7000 && bb < 0x7000 {
				red = true
				break
			}
		}
	}
	if !red {
		t.Error("no red left on the original: the stamps lost their colour")
	}
}

// TestExportMOJFullDisk exports two books onto a file system with room
// for one: the second fails with one line naming its file and the reason,
// leaves nothing behind, and the first stays whole.
func TestExportMOJFullDisk(t *testing.T) {
	testenv.Need(t, "mount")
	dir := t.TempDir()
	db, out := filepath.Join(dir, "civreg.db"), filepath.Join(dir, "small")
	storeBooks(t, db, []mojBook{
		{kind: registry.Birth, era: registry.EraB, book: "01/2020", pages: 2, pending: -1, noOriginal: -1},
		{kind: registry.Birth, era: registry.EraB, book: "02/2020", pages: 2, pending: -1, noOriginal: -1},
	})
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// Room for one book of two pages (about 230 kB) and the manifest.
	if b, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", out).CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("cannot mount a small tmpfs to fill: %v: %s", err, b)
		}
		t.Skipf("cannot mount a small tmpfs to fill (needs root): %v: %s", err, b)
	}
	t.Cleanup(func() { exec.Command("umount", out).Run() })

	_, stderr, code := run(t, "--db", db, "-q", "export", "--format", "moj", "--out", out)
	if code != exitPartial {
		t.Errorf("exit %d, want %d: %s", code, exitPartial, stderr)
	}
	failed := moj.BookPath(out, mojOffice, registry.Birth, "02/2020")
	if !strings.Contains(stderr, "failed: book KS 02/2020 of "+mojOffice+": cannot write "+failed) || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("stderr does not name the book, its file and the reason:\n%s", stderr)
	}
	files := slices.Sorted(maps.Keys(snapshot(t, out)))
	kept := moj.BookPath(out, mojOffice, registry.Birth, "01/2020")
	want := []string{filepath.Join(out, "manifest.json"), kept + ".xlsx", kept + ".zip"}
	if !slices.Equal(files, want) {
		t.Errorf("files: %q, want %q: nothing half-written", files, want)
	}
	checkZip(t, kept+".zip", storedRecords(t, db)[registry.Birth+"01/2020"])
}
