package moj

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// The naming rule of the import package, in one place:
//
//	DIR/<office>/<kind>/<book>.xlsx     the book's sheet
//	DIR/<office>/<kind>/<book>.zip      its entries' pages
//	<office>_<kind>_<book>_<so>.pdf     one entry's page, inside the zip
//
// <office> is the office's name accent-folded to lower-case ASCII, words
// joined by "-" ("UBND phường Bến Nghé" is "ubnd-phuong-ben-nghe"), so
// that the names survive any file system, zip tool and upload form; <kind>
// is KS, KH, KT or CMC; <book> is the book number with "-" for "/"
// ("01/2009" is "01-2009"); <so> is the entry number, four digits at least
// ("0064"). A PDF taken out of its zip still says which entry it is.

// Slug returns the office's name as it appears in file names.
func Slug(office string) string {
	var b strings.Builder
	for _, r := range normalize.FoldKey(office) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		return "khong-ro"
	}
	return s
}

// bookSlug returns a book number as it appears in file names.
func bookSlug(book string) string {
	s := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return '-'
	}, book)
	if s == "" {
		return "khong-so"
	}
	return s
}

// BookPath returns the path of a book's files under dir, without the
// extension.
func BookPath(dir, office string, kind registry.Kind, book string) string {
	return filepath.Join(dir, Slug(office), string(kind), bookSlug(book))
}

// PDFName returns the name of an entry's PDF inside its book's zip.
func PDFName(office string, kind registry.Kind, book, so string) string {
	if len(so) < 4 {
		so = strings.Repeat("0", 4-len(so)) + so
	}
	return fmt.Sprintf("%s_%s_%s_%s.pdf", Slug(office), kind, bookSlug(book), so)
}
