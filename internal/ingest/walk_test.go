package ingest_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/registry"
)

// walk collects Walk's inputs as "rel" or "rel: error" lines, with paths
// relative to root.
func walk(t *testing.T, root string, paths ...string) []string {
	t.Helper()
	var got []string
	err := ingest.Walk(paths, func(in ingest.Input) error {
		rel, err := filepath.Rel(root, in.Path)
		if err != nil {
			rel = in.Path
		}
		if in.Err != nil {
			rel += ": " + registry.ErrorMessage(in.Err)
		}
		got = append(got, rel)
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return got
}

func touch(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWalkOrderAndSkips(t *testing.T) {
	root := t.TempDir()
	j := func(p string) string { return filepath.Join(root, p) }
	touch(t, j("b/2.png"), j("b/10.png"), j("a.pdf"), j("b/sub/x.tif"),
		j(".hidden.png"), j("b/.DS_Store"), j("b/p.truth.json"), j("manifest.json"), j("README.md"), j(".git/config"))
	got := walk(t, root, root, j("README.md"))
	want := []string{"a.pdf", "b/10.png", "b/2.png", "b/sub/x.tif", "README.md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWalkSymlinks(t *testing.T) {
	root := t.TempDir()
	j := func(p string) string { return filepath.Join(root, p) }
	touch(t, j("scans/a/p1.png"), j("elsewhere/p9.png"))
	for _, l := range []struct{ target, link string }{
		{"..", j("scans/a/up")},                   // loop back to scans
		{".", j("scans/a/self")},                  // loop onto itself
		{j("elsewhere/p9.png"), j("scans/f.png")}, // a symlinked file is fine
		{j("nowhere"), j("scans/dangling.png")},
	} {
		if err := os.Symlink(l.target, l.link); err != nil {
			t.Fatal(err)
		}
	}
	got := walk(t, root, j("scans"))
	want := []string{"scans/a/p1.png", "scans/dangling.png: broken symlink", "scans/f.png"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWalkNonRegular(t *testing.T) {
	root := t.TempDir()
	fifo := filepath.Join(root, "pipe.png")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := walk(t, root, root, filepath.Join(root, "missing.png"))
	want := []string{"pipe.png: not a regular file (named pipe)", "missing.png: no such file or directory"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	// Open must refuse the FIFO without blocking on it, even when called
	// directly; a hang here fails the test by timeout.
	done := make(chan error, 1)
	go func() { done <- ingest.Open(fifo, ingest.Options{}, func(ingest.Page) error { return nil }) }()
	select {
	case err := <-done:
		wantErr(t, err, registry.EINVALID, "not a regular file (named pipe)")
	case <-time.After(10 * time.Second):
		t.Fatal("Open blocked on a FIFO")
	}
}

func TestWalkNonUTF8Name(t *testing.T) {
	root := t.TempDir()
	name := "s\xff\xfe\ncan.png"
	path := write(t, root, name, encodePNG(t, grayPage(8, 8, 1)))
	var ins []ingest.Input
	if err := ingest.Walk([]string{root}, func(in ingest.Input) error { ins = append(ins, in); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 {
		t.Fatalf("got %d inputs, want 1", len(ins))
	}
	if ins[0].Path != path {
		t.Errorf("Path %q, want the raw %q", ins[0].Path, path)
	}
	if want := filepath.Join(root, `s\xff\xfe\x0acan.png`); ins[0].Display != want {
		t.Errorf("Display %q, want %q", ins[0].Display, want)
	}
	if _, err := collect(ins[0].Path, ingest.Options{}); err != nil {
		t.Errorf("open by raw path: %v", err)
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sổ hộ tịch/trang 1.png", "sổ hộ tịch/trang 1.png"},
		{"a\xffb", `a\xffb`},
		{"tab\there", `tab\x09here`},
		{"\xe1\xbb", `\xe1\xbb`}, // a truncated UTF-8 sequence
		{"line\u2028sep", `line\u{2028}sep`},
	}
	for _, tt := range tests {
		if got := ingest.Display(tt.in); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWalkCallbackErrorStops(t *testing.T) {
	root := t.TempDir()
	touch(t, filepath.Join(root, "1.png"), filepath.Join(root, "2.png"))
	stop := errors.New("stop")
	n := 0
	err := ingest.Walk([]string{root}, func(ingest.Input) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("got %v after %d inputs, want the callback's error after 1", err, n)
	}
}

func TestWalkUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any directory")
	}
	root := t.TempDir()
	locked := filepath.Join(root, "locked")
	touch(t, filepath.Join(locked, "p.png"))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	got := walk(t, root, root)
	if len(got) != 1 || !strings.HasPrefix(got[0], "locked: ") {
		t.Errorf("got %q, want one error for the locked directory", got)
	}
}
