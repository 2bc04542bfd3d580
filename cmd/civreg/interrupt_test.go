package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanCtrlC interrupts a real `civreg scan` with SIGINT once it has
// stored a page: it stops, says so, exits 130, and a rerun stores the rest,
// every page once.
func TestScanCtrlC(t *testing.T) {
	needTesseract(t)
	if testing.Short() {
		t.Skip("builds civreg and reads pages with Tesseract")
	}
	bin := buildCivreg(t)
	dir := t.TempDir()
	pages, db := filepath.Join(dir, "pages"), filepath.Join(dir, "civreg.db")
	gen := civregCmd(bin, "samples", "generate", "--out", pages, "--seed", "3", "--pages", "1", "--wear", "none", "--formats", "png", "-q")
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("samples generate: %v\n%s", err, out)
	}

	cmd := civregCmd(bin, "--db", db, "scan", "--workers", "1", "--json", pages)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	var said []string
	for lines.Scan() {
		said = append(said, lines.Text())
		if strings.HasPrefix(lines.Text(), "stored: ") {
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	rest, _ := io.ReadAll(stderr)
	said = append(said, strings.Split(strings.TrimSpace(string(rest)), "\n")...)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
		t.Fatalf("scan after SIGINT: %v, want exit %d\n%s", err, exitInterrupted, strings.Join(said, "\n"))
	}
	if last := said[len(said)-1]; !strings.HasPrefix(last, "civreg: interrupted") {
		t.Errorf("last line %q, want civreg: interrupted…", last)
	}
	var first scanReport
	if err := json.Unmarshal([]byte(stdout.String()), &first); err != nil {
		t.Fatalf("report of the interrupted scan: %v\n%s", err, stdout.String())
	}

	out, err := civregCmd(bin, "--db", db, "-q", "scan", "--json", pages).Output()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	var again scanReport
	if err := json.Unmarshal(out, &again); err != nil {
		t.Fatal(err)
	}
	c := storeCounts(t, db)
	defer c.db.Close()
	c.check(t)
	total := again.Stored + again.Skipped
	if first.Stored == 0 || first.Stored >= total || again.Skipped != first.Stored || c.Done != total || c.Records != total {
		t.Errorf("interrupted run stored %d; rerun stored %d, skipped %d; store holds %d pages, %d records",
			first.Stored, again.Stored, again.Skipped, c.Done, c.Records)
	}
}
