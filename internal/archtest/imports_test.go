package archtest

import (
	"bufio"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// stores are the packages that implement registry's store interfaces over
// a database. Only cmd/ may import them.
var stores = []string{"internal/sqlite", "internal/postgres"}

// A rule says what the packages matching From must not import. Patterns
// are paths inside the module ("review"), a path and everything under it
// ("cmd/..."), or one of: "ours" (any package of the module), "nonstd"
// (anything outside the standard library), "C" (cgo).
type rule struct {
	Says   string
	From   []string
	Except []string // packages matching From that the rule leaves out
	Deny   []string
	// Pending names the branch that makes a rule hold which does not hold
	// yet. A pending rule that is broken is logged, not failed; one that
	// holds fails the test until the mark is removed, so it cannot stay
	// weak by oversight.
	Pending string
}

func rules() []rule {
	rs := []rule{
		{Says: "registry holds the domain types: standard library only", From: []string{"registry"}, Deny: []string{"ours", "nonstd"}},
		{Says: "ocr imports nothing of ours", From: []string{"ocr"}, Deny: []string{"ours"}},
		{Says: "ocr is pure Go: Tesseract (cgo) lives in its own package", From: []string{"ocr"}, Deny: []string{"C"}},
		{Says: "review imports no store", From: []string{"review/..."}, Deny: stores},
		{Says: "only cmd/ wires a store", From: []string{"..."}, Except: append([]string{"cmd/..."}, stores...), Deny: stores},
		{Says: "testenv imports nothing of ours", From: []string{"internal/testenv"}, Deny: []string{"ours"}},
		{Says: "only tests import testenv", From: []string{"..."}, Deny: []string{"internal/testenv"}},
		{Says: "sqlstore, the logic stores share, imports no store", From: []string{"internal/sqlstore/..."}, Deny: append([]string{"C"}, stores...)},
		{Says: "only stores import sqlstore", From: []string{"..."}, Except: append([]string{"internal/sqlstore/..."}, stores...), Deny: []string{"internal/sqlstore/..."}},
	}
	for _, s := range stores {
		var others []string
		for _, o := range stores {
			if o != s {
				others = append(others, o+"/...")
			}
		}
		rs = append(rs, rule{Says: "no store imports another: " + s, From: []string{s + "/..."}, Deny: others})
	}
	return rs
}

func TestImportDirection(t *testing.T) {
	root, module, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	graph, err := imports(root, module)
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"registry", "ocr", "review", "internal/sqlite", "cmd/civreg"} {
		if _, ok := graph[must]; !ok {
			t.Fatalf("package %s not found under %s: the rules name packages that moved", must, root)
		}
	}
	for _, r := range rules() {
		bad := check(r, graph)
		switch {
		case r.Pending != "" && len(bad) > 0:
			t.Logf("PENDING rule %q, broken as expected until %s:\n\t%s", r.Says, r.Pending, strings.Join(bad, "\n\t"))
		case r.Pending != "":
			t.Errorf("rule %q holds now: remove its Pending mark (%s)", r.Says, r.Pending)
		case len(bad) > 0:
			t.Errorf("rule %q is broken:\n\t%s", r.Says, strings.Join(bad, "\n\t"))
		}
	}
}

// TestRulesCatch runs the rules on a made-up module whose every package
// breaks one, so that a rule that matches nothing cannot pass unseen.
func TestRulesCatch(t *testing.T) {
	graph := map[string][]string{
		"registry":            {"fmt", "ours:internal/form", "golang.org/x/text/unicode/norm"},
		"ocr":                 {"C", "ours:registry"},
		"review":              {"ours:internal/sqlite"},
		"internal/sqlite":     {"ours:internal/postgres"},
		"internal/postgres":   {"ours:internal/sqlite"},
		"internal/scan":       {"ours:internal/postgres"},
		"internal/testenv":    {"ours:registry"},
		"internal/issuance":   {"ours:internal/testenv"},
		"cmd/civreg":          {"ours:internal/sqlite", "ours:review"},
		"cmd/civreg-bench":    {"ours:internal/postgres"},
		"internal/form":       {"embed"},
		"internal/sqlite/sub": {"ours:internal/postgres/x"},
		"internal/sqlstore":   {"C", "ours:internal/postgres"},
		"review/sub":          {"ours:internal/sqlstore"},
	}
	want := map[string][]string{
		"registry holds the domain types: standard library only":   {"registry imports internal/form", "registry imports golang.org/x/text/unicode/norm"},
		"ocr imports nothing of ours":                              {"ocr imports registry"},
		"ocr is pure Go: Tesseract (cgo) lives in its own package": {"ocr imports C"},
		"review imports no store":                                  {"review imports internal/sqlite"},
		"only cmd/ wires a store":                                  {"internal/scan imports internal/postgres", "internal/sqlstore imports internal/postgres", "review imports internal/sqlite"},
		"testenv imports nothing of ours":                          {"internal/testenv imports registry"},
		"only tests import testenv":                                {"internal/issuance imports internal/testenv"},
		"no store imports another: internal/sqlite":                {"internal/sqlite imports internal/postgres", "internal/sqlite/sub imports internal/postgres/x"},
		"no store imports another: internal/postgres":              {"internal/postgres imports internal/sqlite"},
		"sqlstore, the logic stores share, imports no store":       {"internal/sqlstore imports C", "internal/sqlstore imports internal/postgres"},
		"only stores import sqlstore":                              {"review/sub imports internal/sqlstore"},
	}
	for _, r := range rules() {
		got := check(r, graph)
		w := want[r.Says]
		sort.Strings(w)
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("rule %q:\n got %q\nwant %q", r.Says, got, w)
		}
		delete(want, r.Says)
	}
	for says := range want {
		t.Errorf("no rule says %q", says)
	}
}

// check returns "a imports b" for every import in graph that breaks r,
// sorted. In graph, an import of ours is written "ours:" + its path inside
// the module.
func check(r rule, graph map[string][]string) []string {
	var bad []string
	for pkg, imps := range graph {
		if !matchAny(r.From, pkg) || matchAny(r.Except, pkg) {
			continue
		}
		for _, imp := range imps {
			if denied(r.Deny, imp) {
				bad = append(bad, pkg+" imports "+strings.TrimPrefix(imp, "ours:"))
			}
		}
	}
	sort.Strings(bad)
	return bad
}

func denied(deny []string, imp string) bool {
	inner, ours := strings.CutPrefix(imp, "ours:")
	for _, d := range deny {
		switch {
		case d == "ours":
			if ours {
				return true
			}
		case d == "nonstd":
			first, _, _ := strings.Cut(imp, "/")
			if ours || strings.Contains(first, ".") {
				return true
			}
		case d == "C":
			if imp == "C" {
				return true
			}
		default:
			if ours && match(d, inner) {
				return true
			}
		}
	}
	return false
}

func matchAny(patterns []string, pkg string) bool {
	for _, p := range patterns {
		if match(p, pkg) {
			return true
		}
	}
	return false
}

// match reports whether pkg matches pattern: the same path, or for
// "x/..." x or a package under it; "..." matches every package.
func match(pattern, pkg string) bool {
	if pattern == "..." {
		return true
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == pattern
}

// imports reads the imports of every non-test Go file under root,
// whatever its build tags, and returns them by package directory. Tests
// are left out: they wire real parts (review's tests run on a real SQLite
// store) as only cmd/ may in the product.
func imports(root, module string) (map[string][]string, error) {
	graph := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			if inner, ok := strings.CutPrefix(imp, module+"/"); ok {
				imp = "ours:" + inner
			}
			graph[pkg] = append(graph[pkg], imp)
		}
		if graph[pkg] == nil {
			graph[pkg] = []string{}
		}
		return nil
	})
	for pkg, imps := range graph {
		sort.Strings(imps)
		graph[pkg] = slices.Compact(imps)
	}
	return graph, err
}

// moduleRoot finds go.mod above the working directory and returns its
// directory and module path.
func moduleRoot() (dir, module string, err error) {
	dir, err = os.Getwd()
	if err != nil {
		return "", "", err
	}
	for {
		f, err := os.Open(filepath.Join(dir, "go.mod"))
		if err == nil {
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
					return dir, strings.TrimSpace(m), nil
				}
			}
			return "", "", fmt.Errorf("%s/go.mod: no module line", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
