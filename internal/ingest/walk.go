package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/civreg/civreg/registry"
)

// Input is one file found by Walk.
type Input struct {
	// Path is the file's path as given or as joined under a given directory;
	// pass it to Open.
	Path string
	// Display is Path made printable: bytes that are not UTF-8 and control
	// characters are shown as \xNN escapes.
	Display string
	// Err is set when the path itself cannot be used (missing, unreadable,
	// not a regular file); such an input must not be opened.
	Err error
}

// Walk calls fn for every file named by paths, in order, expanding
// directories recursively in byte order of their names. A directory's
// hidden entries (".*") and civreg's own sidecars (*.truth.json,
// manifest.json, README*) are skipped; names given explicitly are not.
// Symlinks are followed, but a directory already visited (by device and
// inode) is skipped silently, so a link loop ends the descent instead of
// looping. Only regular files come with a nil Err: FIFOs, devices, sockets,
// broken links and unreadable paths are passed to fn with Err set, and never
// opened. Walk stops at, and returns, the first error fn returns.
func Walk(paths []string, fn func(Input) error) error {
	w := walker{fn: fn, seen: map[fileKey]bool{}}
	for _, p := range paths {
		if err := w.visit(p); err != nil {
			return err
		}
	}
	return nil
}

type walker struct {
	fn   func(Input) error
	seen map[fileKey]bool
}

// fileKey identifies a directory whatever the path it was reached by.
type fileKey struct {
	dev, ino uint64
	path     string // used only where the OS has no inode numbers
}

func keyOf(path string, fi fs.FileInfo) fileKey {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileKey{dev: uint64(st.Dev), ino: uint64(st.Ino)}
	}
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	if p, err := filepath.Abs(path); err == nil {
		path = p
	}
	return fileKey{path: path}
}

// visit handles one path: given by the user or found in a directory.
func (w *walker) visit(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return w.fail(path, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Stat(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return w.fail(path, registry.Errorf(registry.EINVALID, "broken symlink"))
			}
			return w.fail(path, err)
		}
		fi = target
	}
	switch {
	case fi.IsDir():
		return w.dir(path, fi)
	case fi.Mode().IsRegular():
		return w.fn(Input{Path: path, Display: Display(path)})
	default:
		return w.fail(path, registry.Errorf(registry.EINVALID, "not a regular file (%s)", kind(fi.Mode())))
	}
}

func (w *walker) dir(path string, fi fs.FileInfo) error {
	k := keyOf(path, fi)
	if w.seen[k] {
		return nil
	}
	w.seen[k] = true
	entries, err := os.ReadDir(path)
	if err != nil {
		// ReadDir returns what it could read before the error: report the
		// directory, then carry on with those entries.
		if ferr := w.fail(path, err); ferr != nil {
			return ferr
		}
	}
	for _, e := range entries {
		if skip(e.Name()) {
			continue
		}
		if err := w.visit(filepath.Join(path, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// fail reports a path that cannot be used.
func (w *walker) fail(path string, err error) error {
	var rerr *registry.Error
	if !errors.As(err, &rerr) {
		err = registry.Errorf(registry.EINVALID, "%s", osMessage(err))
	}
	return w.fn(Input{Path: path, Display: Display(path), Err: err})
}

// osMessage drops the operation and path from an *fs.PathError: the caller
// prints the (escaped) name itself.
func osMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeIrregular != 0:
		return "irregular file"
	}
	return m.Type().String()
}

// skip reports directory entries that are not scans: hidden files and the
// sidecars civreg itself writes next to them.
func skip(name string) bool {
	return strings.HasPrefix(name, ".") ||
		strings.HasSuffix(name, ".truth.json") ||
		name == "manifest.json" ||
		strings.HasPrefix(name, "README")
}

// Display returns path in a printable form: each byte that is not part of
// valid UTF-8, and each control character, becomes a \xNN escape (control
// characters above 0xFF become \u{NNNN}); everything else is kept as is.
func Display(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); {
		r, size := utf8.DecodeRuneInString(path[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, path[i])
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			if r <= 0xff {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u{%04x}`, r)
			}
		default:
			b.WriteString(path[i : i+size])
		}
		i += size
	}
	return b.String()
}
