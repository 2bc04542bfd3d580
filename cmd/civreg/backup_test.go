package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// backupPage is the n-th page the test writes: a birth record with a few
// fields, a task, and an image of some hundred kilobytes, so that the
// store is big enough for the copy to take a while.
func backupPage(batch int64, n int, imgBytes int) *registry.PageResult {
	rng := rand.New(rand.NewSource(int64(n)))
	img := make([]byte, imgBytes)
	rng.Read(img)
	return &registry.PageResult{
		Page:  registry.Page{BatchID: batch, SHA256: fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprint("backup-", n)))), File: fmt.Sprintf("w-%06d.png", n), Width: 2300, Height: 3400},
		Image: img,
		Record: &registry.Record{
			Kind: registry.Birth, Era: registry.EraA, Office: "UBND phường Bến Nghé", Book: "01/2009", Page: n,
			Fields: map[string]*registry.Field{
				"nksHoTen":    {Value: fmt.Sprintf("Nguyễn Văn %d", n), Raw: fmt.Sprintf("NGUYỄN VĂN %d", n), Confidence: 0.97, Status: registry.FieldAuto, Box: &registry.Box{1, 2, 3, 4}},
				"nksNgaySinh": {Value: "2001-02-03", Raw: "3/2/2001", Confidence: 0.6, Status: registry.FieldNeedsReview, Reason: registry.ReasonLowConfidence},
				"ghiChu":      {Status: registry.FieldMissing},
			},
		},
		Tasks: []registry.Task{{FieldKey: "nksNgaySinh", Reason: registry.ReasonLowConfidence}},
	}
}

// TestBackupWhileWriting backs up a store with the real binary while
// another connection keeps adding pages, then opens the copy as a store
// and compares it with the original: the copy must be the store as it was
// at one moment (a prefix of the pages written, each whole), equal record
// by record, field by field, event by event and image by image.
func TestBackupWhileWriting(t *testing.T) {
	if testing.Short() {
		t.Skip("builds civreg and runs it beside a writer")
	}
	bin := buildCivreg(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "01/2009"}
	if err := db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	const initial = 300
	for n := 0; n < initial; n++ {
		if err := db.SavePage(ctx, backupPage(b.ID, n, 200<<10)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveFailure(ctx, &registry.Page{BatchID: b.ID, File: "hỏng.pdf", Error: "corrupt pdf: no xref"}); err != nil {
		t.Fatal(err)
	}

	copyPath := filepath.Join(dir, "backup", "civreg-copy.db")
	if err := os.MkdirAll(filepath.Dir(copyPath), 0o755); err != nil {
		t.Fatal(err)
	}
	before, after := backupWhileWriting(t, bin, db, b.ID, initial, path, copyPath)

	cp, err := sqlite.Open(copyPath)
	if err != nil {
		t.Fatalf("open the copy: %v", err)
	}
	defer cp.Close()
	copied := compareCopy(t, db, cp, before, after)
	wf, _ := db.Events(ctx, "")
	gf, _ := cp.Events(ctx, "")
	if len(gf) != 1 || !reflect.DeepEqual(gf, wf) {
		t.Errorf("failure events in the copy: %+v, want %+v", gf, wf)
	}
	ws, err := cp.Stats(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ws.PagesDone != copied || ws.PagesFailed != 1 || ws.Tasks[registry.ReasonLowConfidence] != copied {
		t.Errorf("copy stats %+v, want %d pages and tasks, 1 failure", ws, copied)
	}
	var check string
	if err := openRaw(t, copyPath).QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check of the copy: %q, %v", check, err)
	}
	cp.Close()
	backupRefuses(t, bin, dir, path, copyPath)
}

// backupWhileWriting runs civreg backup of the store at path to copyPath
// while a writer adds pages initial, initial+1, ... to db, and returns how
// many pages the store held when the backup began and when it ended.
func backupWhileWriting(t *testing.T, bin string, db *sqlite.DB, batch int64, initial int, path, copyPath string) (before, after int64) {
	t.Helper()
	ctx := context.Background()
	var written atomic.Int64
	written.Store(int64(initial))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := initial; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.SavePage(ctx, backupPage(batch, n, 20<<10)); err != nil {
				werr = err
				return
			}
			written.Store(int64(n + 1))
		}
	}()
	before = written.Load()
	out, err := civregCmd(bin, "--db", path, "backup", copyPath).CombinedOutput()
	after = written.Load()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("civreg backup: %v\n%s", err, out)
	}
	if werr != nil {
		t.Fatalf("the writer failed during the backup: %v", werr)
	}
	return before, after
}

// compareCopy checks that the copy cp holds the first pages of db, between
// before and after of them, each equal to db's record by record, event by
// event and image by image, and returns how many it holds.
func compareCopy(t *testing.T, db, cp *sqlite.DB, before, after int64) int {
	t.Helper()
	ctx := context.Background()
	var ids []string
	pagesIn := map[int]bool{}
	err := cp.EachRecord(ctx, registry.RecordFilter{}, func(r *registry.Record) error {
		ids = append(ids, r.ID)
		pagesIn[r.Page] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	copied := len(ids)
	t.Logf("writer had %d pages when the backup began, %d when it ended; the copy holds %d", before, after, copied)
	if int64(copied) < before || int64(copied) > after {
		t.Errorf("copy holds %d records, want between %d and %d", copied, before, after)
	}
	for n := 0; n < copied; n++ {
		if !pagesIn[n] {
			t.Errorf("copy lacks page %d but holds %d pages: not one moment of the store", n, copied)
			break
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		compareRecord(t, db, cp, id)
	}
	return copied
}

// compareRecord checks that record id, its events and its page image are
// the same in the copy cp as in db.
func compareRecord(t *testing.T, db, cp *sqlite.DB, id string) {
	t.Helper()
	ctx := context.Background()
	want, err := db.FindRecord(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cp.FindRecord(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record %s differs in the copy:\n got %+v\nwant %+v", id, got, want)
	}
	if len(got.Fields) != 3 {
		t.Errorf("record %s: %d fields in the copy, want 3", id, len(got.Fields))
	}
	we, err := db.Events(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ge, err := cp.Events(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ge, we) {
		t.Errorf("record %s: events differ in the copy:\n got %+v\nwant %+v", id, ge, we)
	}
	wi, err := db.PageImage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	gi, err := cp.PageImage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gi, wi) {
		t.Errorf("record %s: image differs in the copy (%d bytes, want %d)", id, len(gi), len(wi))
	}
}

// backupRefuses checks that a backup never overwrites, and that a missing
// store is not found.
func backupRefuses(t *testing.T, bin, dir, path, copyPath string) {
	t.Helper()
	sum := func() [32]byte {
		b, err := os.ReadFile(copyPath)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	was := sum()
	cmd := civregCmd(bin, "--db", path, "backup", copyPath)
	if out, _ := cmd.CombinedOutput(); cmd.ProcessState.ExitCode() != exitConflict {
		t.Errorf("backup onto an existing file: exit %d, want %d\n%s", cmd.ProcessState.ExitCode(), exitConflict, out)
	}
	if sum() != was {
		t.Error("backup onto an existing file changed it")
	}
	cmd = civregCmd(bin, "--db", filepath.Join(dir, "nope.db"), "backup", filepath.Join(dir, "x.db"))
	if out, _ := cmd.CombinedOutput(); cmd.ProcessState.ExitCode() != exitNotFound {
		t.Errorf("backup of a missing store: exit %d, want %d\n%s", cmd.ProcessState.ExitCode(), exitNotFound, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Error("backup of a missing store left a file")
	}
}
