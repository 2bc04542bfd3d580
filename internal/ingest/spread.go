package ingest

import (
	"image"

	"github.com/civreg/civreg/internal/preprocess"
)

// minSpreadWidth is the narrowest image looked at as a possible spread:
// two register pages side by side are wider even at 100 dpi.
const minSpreadWidth = 800

// Sides of a two-page spread.
const (
	SideLeft  = "left"
	SideRight = "right"
)

// spreadPages returns the pages an image holds: itself when it is a page
// scanned alone, its two halves split at the gutter when it is a book
// scanned open (preprocess.FindSpread), or itself with Unsplit saying why
// when it is wider than tall with no gutter: a page scanned sideways, or a
// spread that cannot be split surely, which only the form's labels tell
// apart. A book scanned open and laid sideways (preprocess.SpreadTurn) is
// turned and split, the turn kept in Turned.
func spreadPages(p Page) []Page {
	b := p.Image.Bounds()
	if b.Dy() >= minSpreadWidth && b.Dy() > b.Dx() {
		g := preprocess.Gray(p.Image)
		if deg := preprocess.SpreadTurn(g); deg != 0 {
			q := p
			q.Image, q.Turned = rotate(p.Image, deg), deg
			if pages := splitSpread(q); len(pages) == 2 {
				return pages
			}
		}
		p.Gray = g // the page as it is: Clean need not make it again
	}
	if b.Dx() < minSpreadWidth {
		return []Page{p}
	}
	return splitSpread(p)
}

// splitSpread splits an image at its gutter (preprocess.FindSpread).
func splitSpread(p Page) []Page {
	b := p.Image.Bounds()
	s := preprocess.FindSpread(p.Image)
	switch s.Layout {
	case preprocess.TwoPages:
		sub, ok := p.Image.(interface {
			SubImage(image.Rectangle) image.Image
		})
		if !ok {
			break
		}
		left, right := p, p
		left.Gray, right.Gray = nil, nil // the whole image's
		left.Image, left.Side = sub.SubImage(image.Rect(b.Min.X, b.Min.Y, s.Gutter, b.Max.Y)), SideLeft
		right.Image, right.Side = sub.SubImage(image.Rect(s.Gutter, b.Min.Y, b.Max.X, b.Max.Y)), SideRight
		return []Page{left, right}
	case preprocess.Unsure:
		p.Unsplit = s.Reason
	}
	return []Page{p}
}
