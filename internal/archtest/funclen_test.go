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

// maxFuncLines is the longest a function in internal/ or cmd/ may be,
// from its func line to its closing brace: the project's house rule.
// A longer one has outgrown its design; split it along its seams.
const maxFuncLines = 120

// longFunc is a function or method longer than the limit.
type longFunc struct {
	file        string // slash-separated, from the module's root
	line, lines int
	name        string // Recv.Name for a method
}

// longFuncs returns the functions and methods declared under root/dir,
// tests included, longer than max lines.
func longFuncs(t *testing.T, root, dir string, max int) []longFunc {
	t.Helper()
	var long []longFunc
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start, end := fset.Position(fn.Pos()), fset.Position(fn.End())
			if n := end.Line - start.Line + 1; n > max {
				name := fn.Name.Name
				if fn.Recv != nil && len(fn.Recv.List) > 0 {
					name = recvName(fn.Recv.List[0].Type) + "." + name
				}
				rel, err := filepath.Rel(root, path)
				if err != nil {
					return err
				}
				long = append(long, longFunc{file: filepath.ToSlash(rel), line: start.Line, lines: n, name: name})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return long
}

func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return "?"
}

// pendingLong are functions over the limit that another branch splits:
// named here by "dir/file.go name", they are logged, not failed, until
// that branch is merged; then the test fails until the mark is removed.
var pendingLong = map[string]string{}

// No function in internal/ or cmd/ is longer than maxFuncLines, tests
// excepted: a test that tells one story end to end (a crash and its
// recovery, a backup while writing) is logged when it grows past it.
func TestFunctionLength(t *testing.T) {
	root := filepath.Join("..", "..")
	still := map[string]bool{}
	for _, dir := range []string{"internal", "cmd"} {
		for _, f := range longFuncs(t, root, dir, maxFuncLines) {
			key := f.file + " " + f.name
			switch {
			case strings.HasSuffix(f.file, "_test.go") || strings.HasPrefix(f.file, "internal/storetest/"):
				// storetest is a conformance suite: tests, in files
				// other packages' tests import.
				t.Logf("%s:%d: test %s is %d lines", f.file, f.line, f.name, f.lines)
			case pendingLong[key] != "":
				still[key] = true
				t.Logf("%s:%d: %s is %d lines; split on %s", f.file, f.line, f.name, f.lines, pendingLong[key])
			default:
				t.Errorf("%s:%d: %s is %d lines, longer than %d: split it along its seams", f.file, f.line, f.name, f.lines, maxFuncLines)
			}
		}
	}
	for key, branch := range pendingLong {
		if !still[key] {
			t.Errorf("%s is no longer too long (%s merged): remove it from pendingLong", key, branch)
		}
	}
}
