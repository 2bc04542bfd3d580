package scan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/ocr/ocrtest"
	"github.com/civreg/civreg/registry"
)

// The tests in this file run the pipeline on the fake engine: pages that
// read as a clean birth register page (formWords) or as whatever the test
// tells the engine, in milliseconds and without Tesseract.

// fakeBatch writes pages a.png, b.png and c.png, which the returned engine
// reads as a clean page each, and returns their keys by name.
func fakeBatch(t *testing.T, dir string) (*ocrtest.Engine, map[string]string) {
	t.Helper()
	words := formWords(form.Get(registry.Birth, registry.EraA))
	e := &ocrtest.Engine{Images: map[string]*ocrtest.Image{}}
	keys := map[string]string{}
	for i, name := range []string{"a.png", "b.png", "c.png"} {
		k := fakePage(t, dir, name, i)
		keys[name] = k
		e.Images[k] = &ocrtest.Image{Words: words}
	}
	return e, keys
}

func fakeOptions(db registry.ScanStore, e *ocrtest.Engine, workers int) scan.Options {
	return scan.Options{
		Store:   db,
		Workers: workers,
		// The book's form only: the locator need not try the others.
		Batch:     registry.Batch{Office: "UBND phường Bến Nghé", Book: "01/2009", Kind: registry.Birth, Era: registry.EraA},
		NewEngine: func(string) (scan.Engine, error) { return e, nil },
	}
}

// stored returns the source files of the stored records, in store order.
func stored(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	var files []string
	err := db.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
		files = append(files, filepath.Base(r.Source.File))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameSet(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	for _, w := range want {
		if seen[w] != 1 {
			return false
		}
	}
	return true
}

// Bad input costs its own file, with one short line saying why; a page
// read before is skipped; the batch goes on.
func TestFakeScanSkipsBadInput(t *testing.T) {
	dir := t.TempDir()
	e, _ := fakeBatch(t, dir)
	fakePage(t, dir, "blank.png", 40) // the engine reads nothing on it
	a, err := os.ReadFile(filepath.Join(dir, "a.png"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"a-again.png":   a,
		"empty.png":     nil,
		"notes.txt":     []byte("danh sách trang cần quét lại\n"),
		"truncated.png": a[:len(a)/2],
	} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := open(t)
	rep, err := scan.Run(context.Background(), []string{dir}, fakeOptions(db, e, 2))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 3 || rep.Skipped != 1 || rep.Failed != 4 {
		t.Errorf("stored %d, skipped %d, failed %d; want 3, 1 (a-again.png) and 4: %+v", rep.Pages, rep.Skipped, rep.Failed, rep.Failures)
	}
	var failed []string
	for _, f := range rep.Failures {
		failed = append(failed, filepath.Base(f.File))
		if f.Reason == "" || len(f.Reason) > 200 || strings.Contains(f.Reason, "\n") {
			t.Errorf("%s: reason %q is not one short line", f.File, f.Reason)
		}
	}
	if !sameSet(failed, "blank.png", "empty.png", "notes.txt", "truncated.png") {
		t.Errorf("failed %q", failed)
	}
	if got := stored(t, db); !sameSet(got, "a.png", "b.png", "c.png") && !sameSet(got, "a-again.png", "b.png", "c.png") {
		t.Errorf("records from %q, want one each from a (or its copy), b and c", got)
	}
	if n := e.Closes(); n == 0 {
		t.Error("no engine closed")
	}
}

// A page the engine fails on is reported and the batch goes on; a rerun
// reads it again and nothing else.
func TestFakeScanReportsEngineFailure(t *testing.T) {
	dir := t.TempDir()
	e, keys := fakeBatch(t, dir)
	good := e.Images[keys["b.png"]]
	e.Images[keys["b.png"]] = &ocrtest.Image{Err: errors.New("tesseract recognition failed")}
	db := open(t)
	rep, err := scan.Run(context.Background(), []string{dir}, fakeOptions(db, e, 2))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 2 || rep.Failed != 1 {
		t.Fatalf("stored %d, failed %d; want 2 and 1", rep.Pages, rep.Failed)
	}
	if f := rep.Failures[0]; filepath.Base(f.File) != "b.png" || !strings.Contains(f.Reason, "tesseract recognition failed") {
		t.Errorf("failure %+v, want b.png with the engine's error", f)
	}
	e.Images[keys["b.png"]] = good
	again, err := scan.Run(context.Background(), []string{dir}, fakeOptions(db, e, 2))
	if err != nil {
		t.Fatal(err)
	}
	if again.Pages != 1 || again.Skipped != 2 || again.Failed != 0 {
		t.Errorf("rerun stored %d, skipped %d, failed %d; want 1, 2, 0", again.Pages, again.Skipped, again.Failed)
	}
	if got := stored(t, db); !sameSet(got, "a.png", "b.png", "c.png") {
		t.Errorf("records from %q, want one each from a, b and c", got)
	}
}

// A panic in a worker costs its page, reported as such; the other pages
// are stored once, and the engines are closed.
func TestFakeScanSurvivesReaderPanic(t *testing.T) {
	dir := t.TempDir()
	e, keys := fakeBatch(t, dir)
	e.Images[keys["b.png"]] = &ocrtest.Image{Panic: "index out of range [7] with length 7"}
	db := open(t)
	rep, err := scan.Run(context.Background(), []string{dir}, fakeOptions(db, e, 2))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 2 || rep.Failed != 1 {
		t.Fatalf("stored %d, failed %d; want 2 and 1", rep.Pages, rep.Failed)
	}
	if f := rep.Failures[0]; filepath.Base(f.File) != "b.png" || !strings.Contains(f.Reason, "panic: index out of range") {
		t.Errorf("failure %+v, want b.png with the panic", f)
	}
	if got := stored(t, db); !sameSet(got, "a.png", "c.png") {
		t.Errorf("records from %q, want one each from a and c", got)
	}
	if n := e.Closes(); n == 0 {
		t.Error("no engine closed")
	}
}

// Cancelled while a worker reads b, the run stops: a stays stored, b and
// c are neither stored nor failed, and a rerun reads b and c once each.
func TestFakeScanCancel(t *testing.T) {
	dir := t.TempDir()
	e, keys := fakeBatch(t, dir)
	good := e.Images[keys["b.png"]]
	release, blocked := make(chan struct{}), make(chan struct{})
	e.Images[keys["b.png"]] = &ocrtest.Image{Block: release, Blocked: blocked}
	db := open(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		rep *scan.Report
		err error
	}
	done := make(chan result)
	go func() {
		rep, err := scan.Run(ctx, []string{dir}, fakeOptions(db, e, 1))
		done <- result{rep, err}
	}()
	<-blocked
	cancel()
	close(release)
	r := <-done
	if !errors.Is(r.err, context.Canceled) {
		t.Errorf("Run returned %v, want context.Canceled", r.err)
	}
	if r.rep == nil || r.rep.Pages != 1 || r.rep.Failed != 0 {
		t.Fatalf("report %+v, want a stored and nothing failed", r.rep)
	}
	if got := stored(t, db); !sameSet(got, "a.png") {
		t.Errorf("records from %q, want a's", got)
	}
	if e.Reads(keys["c.png"]) != 0 {
		t.Error("c was read after the cancel")
	}

	e.Images[keys["b.png"]] = good
	again, err := scan.Run(context.Background(), []string{dir}, fakeOptions(db, e, 1))
	if err != nil {
		t.Fatal(err)
	}
	if again.Pages != 2 || again.Skipped != 1 {
		t.Errorf("rerun stored %d, skipped %d; want 2 and 1", again.Pages, again.Skipped)
	}
	if got := stored(t, db); !sameSet(got, "a.png", "b.png", "c.png") {
		t.Errorf("records from %q, want one each from a, b and c", got)
	}
}

// An engine that does not start fails the run before any page is read.
func TestFakeScanEngineDoesNotStart(t *testing.T) {
	dir := t.TempDir()
	e, _ := fakeBatch(t, dir)
	o := fakeOptions(open(t), e, 2)
	started := 0
	o.NewEngine = func(lang string) (scan.Engine, error) {
		if started++; started > 2 {
			return nil, errors.New("no tesseract model " + lang)
		}
		return e, nil
	}
	rep, err := scan.Run(context.Background(), []string{dir}, o)
	if err == nil || rep != nil {
		t.Fatalf("Run = %+v, %v; want an error", rep, err)
	}
	if n := e.Closes(); n != 2 {
		t.Errorf("%d engines closed, want the 2 started", n)
	}
}

// A worker with no page to read starts no engine: one page, four workers,
// one worker's engines (the page's model and the policy's others).
func TestFakeScanIdleWorkersStartNoEngine(t *testing.T) {
	dir := t.TempDir()
	e, _ := fakeBatch(t, dir)
	for _, name := range []string{"b.png", "c.png"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	o := fakeOptions(open(t), e, 4)
	var langs []string
	o.NewEngine = func(lang string) (scan.Engine, error) {
		langs = append(langs, lang)
		return e, nil
	}
	rep, err := scan.Run(context.Background(), []string{dir}, o)
	if err != nil || rep.Pages != 1 {
		t.Fatalf("Run = %+v, %v; want one page stored", rep, err)
	}
	p, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	want := 1 // the page's model, and the policy's others
	for _, m := range p.Models() {
		if m != "vie" {
			want++
		}
	}
	if len(langs) != want {
		t.Errorf("engines started %q, want %d: one worker's", langs, want)
	}
	if n := e.Closes(); n != len(langs) {
		t.Errorf("%d engines closed, want the %d started", n, len(langs))
	}
}
