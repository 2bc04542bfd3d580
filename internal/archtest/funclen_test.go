package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// maxLines is the longest a function in internal/ or cmd/ may be (house
// rules); tests are left out.
const maxLines = 120

// longPending are the functions known to be longer, by file and name, and
// the branch that splits them. Each fails the test once it is short enough,
// so that its entry is removed.
var longPending = map[string]string{
	"internal/scan/scan.go Run":               "h-engine (issue 24)",
	"internal/preprocess/leaders.go onPitch":  "h-engine (issue 24)",
	"internal/normalize/rules.go CheckRecord": "h-engine (issue 24)",
	"internal/ingest/tiffstrip.go readStrips": "h-engine (issue 24)",
}

func TestFunctionLength(t *testing.T) {
	root, _, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	long := map[string]int{}
	for _, dir := range []string{"internal", "cmd"} {
		if err := funcLengths(filepath.Join(root, dir), root, long); err != nil {
			t.Fatal(err)
		}
	}
	for fn, n := range long {
		if branch, ok := longPending[fn]; ok {
			t.Logf("PENDING: %s is %d lines, until %s splits it", fn, n, branch)
			continue
		}
		t.Errorf("%s is %d lines, over %d: split it along its seams", fn, n, maxLines)
	}
	for fn, branch := range longPending {
		if _, ok := long[fn]; !ok {
			t.Errorf("%s is no longer over %d lines (or moved): remove it from longPending (%s)", fn, maxLines, branch)
		}
	}
}

// funcLengths adds to long every function under dir (not in tests) longer
// than maxLines, keyed "file name" with the file relative to root.
func funcLengths(dir, root string, long map[string]int) error {
	fset := token.NewFileSet()
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > maxLines {
				long[filepath.ToSlash(rel)+" "+fd.Name.Name] = n
			}
		}
		return nil
	})
}
