package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

// run executes civreg with args in process and returns its output and
// exit code, as a clerk would see them.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runIn(t, "", args...)
}

// runIn is run with standard input.
func runIn(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = execute(t.Context(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestScanAndExportEndToEnd(t *testing.T) {
	testenv.Need(t, "tesseract")
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages")
	db := filepath.Join(dir, "civreg.db")
	if _, stderr, code := run(t, "samples", "generate", "--out", pages, "--seed", "9", "--pages", "1", "--kinds", "KS,KT", "--eras", "B", "--formats", "png,pdf", "-q"); code != 0 {
		t.Fatalf("samples generate: exit %d: %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(pages, "hỏng.pdf"), []byte("%PDF-1.7 truncated"), 0o644); err != nil {
		t.Fatal(err)
	}

	trace := filepath.Join(dir, "trace.tsv")
	stdout, stderr, code := run(t, "--db", db, "-q", "scan", "--office", "UBND phường Bến Nghé", "--book", "01/2024", "--trace", trace, pages)
	if code != exitPartial {
		t.Errorf("scan with a broken file: exit %d, want %d\n%s%s", code, exitPartial, stdout, stderr)
	}
	if !strings.Contains(stdout, "2 page(s) stored") || !strings.Contains(stdout, "1 failed") {
		t.Errorf("report does not say 2 stored and 1 failed:\n%s", stdout)
	}
	if !strings.Contains(stdout, "hỏng.pdf") {
		t.Errorf("report does not name the broken file:\n%s", stdout)
	}

	// Again: nothing new is stored.
	stdout, _, _ = run(t, "--db", db, "-q", "scan", "--json", pages)
	var rep struct {
		Stored  int `json:"pages_stored"`
		Skipped int `json:"pages_skipped_duplicate"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("scan --json: %v\n%s", err, stdout)
	}
	if rep.Stored != 0 || rep.Skipped != 2 {
		t.Errorf("rescan stored %d, skipped %d; want 0 and 2", rep.Stored, rep.Skipped)
	}

	stdout, stderr, code = run(t, "--db", db, "-q", "export", "--format", "ndjson", "--out", "-")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	traced := readTrace(t, trace)
	n := 0
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		n++
		var rec struct {
			ID, Kind, Era, Office, Book, Status string
			Source                              struct{ File, SHA256 string }
			Fields                              map[string]struct {
				Value, Raw, Status string
				Confidence         *float64
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if rec.Office != "UBND phường Bến Nghé" || rec.Book != "01/2024" {
			t.Errorf("record %s: office %q book %q, want the batch's", rec.ID, rec.Office, rec.Book)
		}
		f := form.Get(registry.Kind(rec.Kind), registry.Era(rec.Era))
		if f == nil {
			t.Fatalf("record %s: unknown form %s-%s", rec.ID, rec.Kind, rec.Era)
		}
		for _, k := range f.Keys() {
			fl, ok := rec.Fields[k]
			if !ok || fl.Confidence == nil || fl.Status == "" {
				t.Errorf("record %s: field %s missing or without confidence/status", rec.ID, k)
			}
			tr := traced[[2]string{filepath.Base(rec.Source.File), k}]
			if tr["value"] != fl.Value || tr["status"] != fl.Status {
				t.Errorf("record %s: field %s traced %q %s, stored %q %s", rec.ID, k, tr["value"], tr["status"], fl.Value, fl.Status)
			}
		}
	}
	if n != 2 {
		t.Errorf("exported %d records, want 2", n)
	}

	csvOut := filepath.Join(dir, "records.csv")
	if _, stderr, code := run(t, "--db", db, "-q", "export", "--format", "csv", "--out", csvOut); code != 0 {
		t.Fatalf("export csv: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(csvOut)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbfid,kind,era,office,book,page,status")) {
		t.Errorf("csv does not start with a BOM and the contract's columns: %q", b[:min(len(b), 60)])
	}
}

func TestScanRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "--kind", "XX", "."},
		{"scan", "--book", "2009", "."},
		{"scan"},
	} {
		if _, _, code := run(t, append([]string{"--db", filepath.Join(t.TempDir(), "x.db")}, args...)...); code != exitUsage {
			t.Errorf("civreg %v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// readTrace reads scan --trace's TSV into its rows by file and field.
func readTrace(t *testing.T, path string) map[[2]string]map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("scan --trace: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	head := strings.Split(lines[0], "\t")
	rows := map[[2]string]map[string]string{}
	for _, l := range lines[1:] {
		cells := strings.Split(l, "\t")
		if len(cells) != len(head) {
			t.Fatalf("trace line has %d cells, header %d: %q", len(cells), len(head), l)
		}
		row := map[string]string{}
		for i, h := range head {
			row[h] = cells[i]
		}
		rows[[2]string{row["file"], row["field"]}] = row
	}
	return rows
}
