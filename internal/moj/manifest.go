package moj

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// ManifestName is the manifest's file name in the output directory.
const ManifestName = "manifest.json"

// version changes whenever the same records would give other files (the
// columns, the values' formats, the page renditions): a book exported by
// another version is exported again.
const version = "moj-1"

// manifest records, per book, the hash of what it was exported from and
// the files written, so that a rerun skips the books that did not change.
type manifest struct {
	Books map[string]manifestBook `json:"books"` // by the book's path under the directory
}

type manifestBook struct {
	Hash    string `json:"hash"`
	Entries int    `json:"entries"`
	XLSX    int64  `json:"xlsx_bytes"`
	Zip     int64  `json:"zip_bytes"`
}

// loadManifest reads dir's manifest; a missing or unreadable one is empty,
// and every book is exported again.
func loadManifest(dir string) *manifest {
	m := &manifest{Books: map[string]manifestBook{}}
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil || json.Unmarshal(b, m) != nil || m.Books == nil {
		return &manifest{Books: map[string]manifestBook{}}
	}
	return m
}

// save writes the manifest through a temporary file.
func (m *manifest) save(dir string) error {
	b, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, ManifestName), func(f *os.File) error {
		_, err := f.Write(append(b, '\n'))
		return err
	})
}

// unchanged reports whether the book at base (its path without extension)
// was exported from the same content and its files are still there, as
// written.
func (m *manifest) unchanged(key, base, hash string) bool {
	e, ok := m.Books[key]
	return ok && e.Hash == hash && size(base+".xlsx") == e.XLSX && size(base+".zip") == e.Zip
}

func size(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return st.Size()
}

// bookHash is the hash of what a book's files are made of: the version,
// the book, and each row's record with its fields and the page it was
// read from (which fixes its original image).
func bookHash(kind registry.Kind, office, book string, rows []*registry.Record) string {
	h := sha256.New()
	put := func(s string) { h.Write([]byte(strconv.Itoa(len(s)) + ":" + s)) }
	put(version)
	put(string(kind))
	put(office)
	put(book)
	cols := Columns(kind)
	for _, r := range rows {
		put(r.ID)
		put(string(r.Era))
		put(r.Source.SHA256)
		put(strconv.Itoa(r.Page))
		for _, c := range cols {
			put(Cell(c, r))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeFile writes path through a temporary file in its directory,
// renamed into place once write succeeded and the data is on disk: a kill
// or a full disk leaves the old file or none, never half of one.
func writeFile(path string, write func(*os.File) error) error {
	t, err := newTemp(path, write)
	if err != nil {
		return err
	}
	return t.commit()
}

// temp is a file written under a temporary name beside its final path.
type temp struct{ path, name string }

// newTemp writes a temporary file for path and syncs it; on failure
// nothing is left behind.
func newTemp(path string, write func(*os.File) error) (*temp, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, pathErr(path, err)
	}
	err = write(f)
	if err != nil && registry.ErrorCode(err) != registry.EINTERNAL {
		// The book's own fault, not the file's: say it as it is.
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, pathErr(path, err)
	}
	return &temp{path: path, name: f.Name()}, nil
}

// commit renames the file into place.
func (t *temp) commit() error {
	if err := os.Rename(t.name, t.path); err != nil {
		t.abort()
		return pathErr(t.path, err)
	}
	return nil
}

// abort removes the temporary file; nil does nothing.
func (t *temp) abort() {
	if t != nil {
		os.Remove(t.name)
	}
}

// pathErr says which file could not be written, without the temporary
// name, which would only confuse.
func pathErr(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return registry.Errorf(registry.EINTERNAL, "cannot write %s: %v", path, err)
}
