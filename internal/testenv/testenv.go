// Package testenv lets a test name what it needs from outside Go — Tesseract,
// Chromium, poppler, a font, the spec beside the checkout — and skips the
// test when it is missing. Under CI (env CI set) a missing dependency is a
// broken install, not a reason to pass: the test fails instead, so that a
// run without Chromium cannot look green.
//
// Under -short (make unit) a test that needs an external program is
// skipped whether or not the program is there: the unit run is the fast
// loop, and needs nothing but Go and the libraries the build links.
//
// It imports nothing of civreg's, so any package's tests may use it.
package testenv

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// dep is something a test needs from the system, and where it comes from.
type dep struct {
	programs []string // looked up on PATH
	files    []string // absolute paths
	debian   string   // the Debian package that provides it (.ci/install-deps)
	// process is set when the test runs the dependency as a program:
	// such tests are left out of -short runs.
	process bool
}

// deps are the dependencies a test may name. Every package here is in
// .ci/install-deps, which `make deps` runs.
var deps = map[string]dep{
	"tesseract":     {programs: []string{"tesseract"}, debian: "tesseract-ocr", process: true},
	"chromium":      {files: []string{"/usr/bin/chromium"}, debian: "chromium", process: true},
	"poppler":       {programs: []string{"pdftotext", "pdftoppm", "pdfinfo"}, debian: "poppler-utils", process: true},
	"libtiff-tools": {programs: []string{"tiffcp", "tiff2pdf"}, debian: "libtiff-tools", process: true},
	"libreoffice":   {programs: []string{"soffice"}, debian: "libreoffice-calc-nogui", process: true},
	// Writer, for documents converted to PDF (internal/synth/outside).
	"libreoffice-writer": {programs: []string{"soffice"}, files: []string{"/usr/lib/libreoffice/program/libswlo.so"}, debian: "libreoffice-writer-nogui", process: true},
	// Word-processor faces the generator never draws with.
	"texgyre":  {files: []string{"/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf"}, debian: "fonts-texgyre"},
	"carlito":  {files: []string{"/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf"}, debian: "fonts-crosextra-carlito"},
	"mount":    {programs: []string{"mount", "umount"}, debian: "mount", process: true},
	"freefont": {files: []string{"/usr/share/fonts/truetype/freefont/FreeSerif.ttf"}, debian: "fonts-freefont-ttf"},
}

// Names returns the dependencies Need knows, sorted.
func Names() []string {
	var out []string
	for n := range deps {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Need skips t unless every named dependency is present, and fails it
// instead when env CI is set. Under -short it skips t if a dependency is a
// program to run. An unknown name fails t: it is a typo.
func Need(t testing.TB, names ...string) {
	t.Helper()
	for _, name := range names {
		d, ok := deps[name]
		if !ok {
			t.Fatalf("testenv: unknown dependency %q (known: %s)", name, strings.Join(Names(), ", "))
			return
		}
		if d.process && testing.Short() {
			t.Skipf("-short runs no external program; this test runs %s", name)
			return
		}
		if err := d.check(); err != nil {
			missing(t, fmt.Sprintf("%s is missing (%v): apt-get install %s, or run make deps", name, err, d.debian))
			return
		}
	}
}

// NeedFile is Need for a file that no Debian package provides, such as the
// spec checked out beside the repository; what says what it is.
func NeedFile(t testing.TB, path, what string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(t, fmt.Sprintf("%s is missing: %v", what, err))
	}
}

// check returns why d is not usable, or nil.
func (d dep) check() error {
	var errs []error
	for _, p := range d.programs {
		if _, err := exec.LookPath(p); err != nil {
			errs = append(errs, fmt.Errorf("no %s on PATH", p))
		}
	}
	for _, f := range d.files {
		if _, err := os.Stat(f); err != nil {
			errs = append(errs, fmt.Errorf("no %s", f))
		}
	}
	return errors.Join(errs...)
}

// missing skips t with msg, or fails it under CI.
func missing(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s; CI is set, so this fails rather than skips", msg)
		return
	}
	t.Skipf("SKIPPED, NOT TESTED: %s", msg)
}

// InCI reports whether env CI asks for missing dependencies to fail tests:
// set and not "false" or "0", as CI services set it.
func InCI() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("CI")))
	return v != "" && v != "false" && v != "0"
}
