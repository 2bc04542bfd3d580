package outside

import (
	"fmt"
	"math/rand/v2"

	"github.com/civreg/civreg/registry"
)

// Layouts of the entry area.
const (
	layoutTabs  = "tabs"  // the form's lines, dotted tab leaders after the values
	layoutTable = "table" // a table: label cells and value cells
	layoutPlain = "plain" // one field a line, no leaders, values in bold
)

// Where the tick boxes and "Ghi chú:" go.
const (
	sideColumn = "column" // a right-hand column, as in the books
	sideFoot   = "foot"   // under the fields, before the signatures
)

// labelFonts and valueFonts are the word-processor faces outside pages
// are set in: none of them is a face the generator draws with (tuned or
// held out). Packages fonts-texgyre and fonts-crosextra-carlito.
var (
	labelFonts = []string{"TeX Gyre Termes", "TeX Gyre Pagella", "TeX Gyre Bonum", "TeX Gyre Schola", "Carlito", "TeX Gyre Heros"}
	valueFonts = []string{"TeX Gyre Termes", "TeX Gyre Pagella", "TeX Gyre Bonum", "TeX Gyre Schola", "Carlito", "TeX Gyre Heros", "TeX Gyre Cursor", "TeX Gyre Adventor"}
)

// pageStyle is how one outside page is set.
type pageStyle struct {
	layout, side           string
	grid                   bool // table layout: every cell ruled (else dotted value cells)
	labelFont, valueFont   string
	labelPt, valuePt       float64
	valueItalic, valueBold bool
	// Page size and margins, in cm; paraGap is the space after a
	// paragraph, in points.
	width, height, top, bottom, left, right float64
	paraGap                                 float64
	title                                   bool // "SỔ ĐĂNG KÝ KHAI SINH" above the entry
	signerSep                               int  // how the signer's name and title are joined (joinSigner)
	titleFirst                              bool // the signer's title before the name
	signedName                              bool // the signer's name typed under the signature
}

// drawStyle draws a page's style from its stream.
func drawStyle(r *rand.Rand, era registry.Era) pageStyle {
	pg := pageStyle{
		layout:    []string{layoutTabs, layoutTable, layoutPlain}[r.IntN(3)],
		side:      []string{sideColumn, sideFoot}[r.IntN(2)],
		grid:      r.IntN(2) == 0,
		labelFont: labelFonts[r.IntN(len(labelFonts))],
		valueFont: valueFonts[r.IntN(len(valueFonts))],
		labelPt:   10.5 + float64(r.IntN(5))*0.5,
		valuePt:   10.5 + float64(r.IntN(6))*0.5,
		paraGap:   2 + float64(r.IntN(5)),
		title:     r.IntN(2) == 0,
		signerSep: r.IntN(4), titleFirst: r.IntN(2) == 0, signedName: r.IntN(2) == 0,
	}
	pg.valueItalic = era == registry.EraA && r.Float64() < 0.3
	pg.valueBold = pg.layout == layoutPlain || r.Float64() < 0.15
	if r.IntN(2) == 0 {
		pg.width, pg.height = 21, 29.7 // A4
	} else {
		pg.width, pg.height = 19.5, 28.6 // a book's page
	}
	pg.top = 1.5 + r.Float64()
	pg.bottom = 1.2 + r.Float64()*0.8
	pg.left = 1.5 + r.Float64()
	pg.right = 1.2 + r.Float64()*0.8
	if pg.layout == layoutTable {
		pg.side = sideFoot
	}
	return pg
}

// textWidth is the width of the page's text, in cm.
func (pg pageStyle) textWidth() float64 { return pg.width - pg.left - pg.right }

// shrink makes the type and the gaps smaller, for a page that ran over.
func (pg *pageStyle) shrink() {
	pg.labelPt *= 0.9
	pg.valuePt *= 0.9
	pg.paraGap *= 0.6
	pg.top, pg.bottom = pg.top*0.8, pg.bottom*0.8
}

// name says the style in a few words, for the truth's edition.
func (pg pageStyle) name() string {
	n := fmt.Sprintf("outside-%s", pg.layout)
	if pg.layout == layoutTable && pg.grid {
		n += "-grid"
	}
	if pg.side == sideColumn {
		n += "-column"
	}
	return n
}

// estimateCM is roughly how wide n characters of pt-point type are.
func estimateCM(n int, pt float64) float64 { return float64(n) * pt * 0.55 / 72 * 2.54 }
