package scan_test

import (
	"context"
	"database/sql"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// A page laid sideways or upside down on the scanner reads as the same
// page upright: the same fields, and the turn recorded on the page.
func TestScanReadsTurnedPages(t *testing.T) {
	needTesseract(t)
	var upright map[string]*registry.Field
	for _, turn := range []int{0, 90, 270, 180} {
		img, _, err := synth.RenderPage(synth.PageOptions{Seed: 25, Kind: registry.Death, Era: registry.EraA, Turn: turn})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("turned-%d.png", turn)))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		f.Close()
		dbPath := filepath.Join(t.TempDir(), "civreg.db")
		db, err := sqlite.Open(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rep, err := scan.Run(context.Background(), []string{dir}, options(db))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Pages != 1 {
			t.Fatalf("turned %d: stored %d pages, failed %v", turn, rep.Pages, rep.Failures)
		}
		if got, want := pageColumn(t, dbPath, "turn"), fmt.Sprint((360-turn)%360); got != want {
			t.Errorf("turned %d: page turn %s, want %s", turn, got, want)
		}
		var fields map[string]*registry.Field
		db.EachRecord(context.Background(), registry.RecordFilter{}, func(r *registry.Record) error {
			fields = r.Fields
			return nil
		})
		if turn == 0 {
			upright = fields
			continue
		}
		same := 0
		for key, uf := range upright {
			if f := fields[key]; f != nil && f.Value == uf.Value {
				same++
			} else {
				t.Logf("turned %d: %s read %+v, upright %+v", turn, key, f, uf)
			}
		}
		// Deskew turns a sideways page by its own estimate: a value or two
		// may read otherwise, no more.
		if same < len(upright)-2 {
			t.Errorf("turned %d: %d of %d fields read as upright", turn, same, len(upright))
		}
	}
}

// pageColumn reads a column of the one page stored in the database file.
func pageColumn(t *testing.T, path, col string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT " + col + " FROM pages WHERE status = 'done'").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
