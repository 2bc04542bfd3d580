package outside

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// bookTitles are printed above the entry on pages that have a title.
var bookTitles = map[registry.Kind]string{
	registry.Birth:       "SỔ ĐĂNG KÝ KHAI SINH",
	registry.Marriage:    "SỔ ĐĂNG KÝ KẾT HÔN",
	registry.Death:       "SỔ ĐĂNG KÝ KHAI TỬ",
	registry.Recognition: "SỔ ĐĂNG KÝ NHẬN CHA, MẸ, CON",
}

// page lays one entry out as a word-processor document.
type page struct {
	*doc
	pg    pageStyle
	f     *form.Form
	vals  map[string]synth.EntryField
	width float64 // of the entry area, cm
}

// build writes the entry's document.
func build(f *form.Form, vals map[string]synth.EntryField, pg pageStyle) *page {
	p := &page{doc: newDoc(), pg: pg, f: f, vals: vals, width: pg.textWidth()}
	p.baseStyles()
	if pg.title {
		p.para("Tit", func() { p.text(bookTitles[f.Kind], "", "") })
	}
	p.header()
	if pg.side == sideColumn {
		p.columns()
	} else {
		p.entry()
		p.para("P", func() {})
		p.side()
	}
	p.signatures()
	return p
}

// baseStyles declares the styles every page uses.
func (p *page) baseStyles() {
	v := fmt.Sprintf(`style:font-name="V" fo:font-size="%.1fpt"`, p.pg.valuePt)
	if p.pg.valueItalic {
		v += ` fo:font-style="italic"`
	}
	if p.pg.valueBold {
		v += ` fo:font-weight="bold"`
	}
	p.style("V", `<style:style style:name="V" style:family="text"><style:text-properties `+v+`/></style:style>`)
	p.style("W", fmt.Sprintf(`<style:style style:name="W" style:family="text"><style:text-properties style:font-name="V" fo:font-size="%.1fpt" fo:color="#ffffff"/></style:style>`, p.pg.valuePt))
	p.style("B", `<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>`)
	p.style("P", `<style:style style:name="P" style:family="paragraph"/>`)
	p.style("Sec", `<style:style style:name="Sec" style:family="paragraph"><style:paragraph-properties fo:margin-top="4pt"/><style:text-properties fo:font-weight="bold"/></style:style>`)
	p.style("Tit", fmt.Sprintf(`<style:style style:name="Tit" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="8pt"/><style:text-properties fo:font-weight="bold" fo:font-size="%.1fpt"/></style:style>`, p.pg.labelPt+2))
	p.style("Hd", fmt.Sprintf(`<style:style style:name="Hd" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="6pt"><style:tab-stops><style:tab-stop style:position="%.2fcm" style:type="center"/></style:tab-stops></style:paragraph-properties></style:style>`, p.pg.textWidth()/2))
	p.style("Sig", fmt.Sprintf(`<style:style style:name="Sig" style:family="paragraph"><style:paragraph-properties fo:margin-left="%.2fcm" fo:text-align="center" fo:margin-bottom="0pt"/></style:style>`, p.pg.textWidth()*0.45))
	p.style("C", `<style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>`)
}

// header prints "Số: N" at the left and "Trang N" in the middle.
func (p *page) header() {
	p.para("Hd", func() {
		p.text("Số:", "", "")
		p.space()
		p.value("so", "")
		p.tab()
		p.text("Trang", "", "")
		p.space()
		p.text(p.vals["trangSo"].Printed, "trangSo", "")
	})
}

// value prints one field's value (or the invisible stand-in of a blank).
func (p *page) value(key, style string) {
	v := p.vals[key]
	if style == "" {
		style = "V"
	}
	if v.State != synth.StateTyped {
		p.text("xxxxxx", key, "W") // white: the blank's place, unseen
		return
	}
	p.text(v.Printed, key, style)
}

// slotValue prints a slot's value: one field, the signer's two, or a
// date written between part labels.
func (p *page) slotValue(s form.Slot) {
	switch {
	case len(s.Parts) > 0:
		v := p.vals[s.Key]
		if v.State != synth.StateTyped || len(v.Parts) != len(s.Parts)+1 {
			p.text("xxxxxx", s.Key, "W")
			for _, l := range s.Parts {
				p.text(" ........ "+l, "", "")
			}
			p.text(" ........", "", "")
			return
		}
		for i, piece := range v.Parts {
			p.text(piece, s.Key, "V")
			if i < len(s.Parts) {
				p.text(" "+s.Parts[i]+" ", s.Key, "")
			}
		}
	case len(s.Keys) == 2:
		p.joinSigner(s.Keys[0], s.Keys[1])
	case s.Key != "":
		p.value(s.Key, "")
	}
}

// joinSigner prints the signer's name and title on one blank, joined as
// clerks join them: " - ", ", ", "title (name)" or a space.
func (p *page) joinSigner(nameKey, titleKey string) {
	a, b := nameKey, titleKey
	if p.pg.titleFirst {
		a, b = b, a
	}
	if p.vals[a].State != synth.StateTyped || p.vals[b].State != synth.StateTyped {
		p.value(a, "")
		p.space()
		p.value(b, "")
		return
	}
	p.value(a, "")
	switch p.pg.signerSep {
	case 0:
		p.text(" - ", "", "V")
	case 1:
		p.text(", ", "", "V")
	case 2:
		p.text(" (", "", "V")
	default:
		p.text(" ", "", "V")
	}
	p.value(b, "")
	if p.pg.signerSep == 2 {
		p.text(")", "", "V")
	}
}

// valueLen is roughly how many characters a slot's value prints.
func (p *page) valueLen(s form.Slot) int {
	n := 0
	for _, k := range s.FieldKeys() {
		n += utf8.RuneCountInString(p.vals[k].Printed) + 1
	}
	return n + 6*len(s.Parts)
}

// fits says whether the line's slots fit side by side in the width, with
// their labels and values at the page's sizes.
func (p *page) fits(l form.Line, width float64) bool {
	if len(l.Slots) < 2 {
		return true
	}
	for i, s := range l.Slots {
		need := estimateCM(utf8.RuneCountInString(s.Label), p.pg.labelPt) + estimateCM(p.valueLen(s), p.pg.valuePt) + 0.8
		if need > width*share(l.Slots, i) {
			return false
		}
	}
	return true
}

// share is the slot's part of its line's width.
func share(slots []form.Slot, i int) float64 {
	used, free := 0.0, 0
	for _, s := range slots {
		if s.Share > 0 {
			used += s.Share
		} else {
			free++
		}
	}
	if slots[i].Share > 0 {
		return slots[i].Share
	}
	return (1 - used) / float64(max(free, 1))
}

// tabStyle returns a paragraph style with dotted tab leaders ending the
// line's slots at these widths (cm), the last one right-aligned.
func (p *page) tabStyle(stops []float64) string {
	var b strings.Builder
	name := "T"
	for i, x := range stops {
		kind := ""
		if i == len(stops)-1 {
			kind = ` style:type="right"`
		}
		fmt.Fprintf(&b, `<style:tab-stop style:position="%.2fcm"%s style:leader-style="dotted" style:leader-text="."/>`, x, kind)
		name += fmt.Sprintf("_%d", int(x*100))
	}
	return p.style(name, fmt.Sprintf(`<style:style style:name="%s" style:family="paragraph"><style:paragraph-properties><style:tab-stops>%s</style:tab-stops></style:paragraph-properties></style:style>`, name, b.String()))
}
