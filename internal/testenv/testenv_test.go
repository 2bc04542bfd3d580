package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records a skip or a failure instead of
// ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Skipf(format string, args ...any)  { r.skipped = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestMissingSkipsOrFails(t *testing.T) {
	if testing.Short() {
		t.Skip("Need skips every program under -short")
	}
	deps["absent"] = dep{programs: []string{"civreg-no-such-program"}, debian: "civreg-none"}
	defer delete(deps, "absent")
	for _, tc := range []struct {
		ci           string
		skip, failed bool
	}{
		{ci: "", skip: true},
		{ci: "false", skip: true},
		{ci: "0", skip: true},
		{ci: "true", failed: true},
		{ci: "1", failed: true},
	} {
		t.Setenv("CI", tc.ci)
		r := &recorder{TB: t}
		Need(r, "absent")
		if (r.skipped != "") != tc.skip || (r.failed != "") != tc.failed {
			t.Errorf("CI=%q: skipped %q, failed %q; want skip %v, fail %v", tc.ci, r.skipped, r.failed, tc.skip, tc.failed)
		}
		if msg := r.skipped + r.failed; !strings.Contains(msg, "civreg-no-such-program") || !strings.Contains(msg, "apt-get install civreg-none") {
			t.Errorf("CI=%q: message %q does not name the program and the package", tc.ci, msg)
		}
	}
}

func TestPresentDoesNothing(t *testing.T) {
	t.Setenv("CI", "true")
	// go test puts its go on PATH; this file exists.
	self, err := filepath.Abs("testenv_test.go")
	if err != nil {
		t.Fatal(err)
	}
	deps["present"] = dep{programs: []string{"go"}, files: []string{self}}
	defer delete(deps, "present")
	r := &recorder{TB: t}
	Need(r, "present")
	NeedFile(r, self, "this test file")
	if r.skipped != "" || r.failed != "" {
		t.Errorf("present dependency: skipped %q, failed %q", r.skipped, r.failed)
	}
}

func TestUnknownNameFails(t *testing.T) {
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	Need(r, "tesseractt")
	if r.failed == "" {
		t.Errorf("a misspelt dependency did not fail the test (skipped %q)", r.skipped)
	}
}

func TestNeedFileMissing(t *testing.T) {
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	NeedFile(r, filepath.Join(t.TempDir(), "absent"), "the spec")
	if !strings.Contains(r.skipped, "the spec is missing") {
		t.Errorf("skipped %q, want it to name what is missing", r.skipped)
	}
	t.Setenv("CI", "true")
	r = &recorder{TB: t}
	NeedFile(r, filepath.Join(t.TempDir(), "absent"), "the spec")
	if r.failed == "" {
		t.Error("missing file under CI did not fail")
	}
}

// Every dependency's Debian package is one .ci/install-deps installs.
func TestPackagesAreInstalledByMakeDeps(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".ci", "install-deps"))
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, w := range strings.Fields(line) {
			words[w] = true
		}
	}
	for _, name := range Names() {
		if p := deps[name].debian; !words[p] {
			t.Errorf("dependency %s: package %s is not in .ci/install-deps", name, p)
		}
	}
}

func TestShortSkipsPrograms(t *testing.T) {
	if !testing.Short() {
		t.Skip("for -short runs")
	}
	t.Setenv("CI", "true")
	deps["program"] = dep{programs: []string{"go"}, process: true}
	deps["data"] = dep{files: []string{"/civreg-no-such-dir/font.ttf"}, debian: "civreg-none"}
	defer delete(deps, "program")
	defer delete(deps, "data")
	r := &recorder{TB: t}
	Need(r, "program")
	if !strings.Contains(r.skipped, "-short") || r.failed != "" {
		t.Errorf("program under -short: skipped %q, failed %q; want a -short skip", r.skipped, r.failed)
	}
	r = &recorder{TB: t}
	Need(r, "data")
	if r.failed == "" {
		t.Errorf("a missing file under -short and CI did not fail (skipped %q)", r.skipped)
	}
}
