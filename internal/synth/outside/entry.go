package outside

import (
	"fmt"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

// entry prints the entry's sections and fields in the page's layout.
func (p *page) entry() {
	switch p.pg.layout {
	case layoutTable:
		p.table()
	case layoutPlain:
		for _, l := range p.f.Lines {
			if l.Section != "" {
				p.para("Sec", func() { p.text(l.Section, "", "") })
				continue
			}
			for _, s := range l.Slots {
				p.para("P", func() { p.slot(s) })
			}
		}
	default:
		for _, l := range p.f.Lines {
			p.tabLine(l)
		}
	}
}

// slot prints a label and its value.
func (p *page) slot(s form.Slot) {
	p.text(s.Label, "", "")
	p.space()
	p.slotValue(s)
}

// tabLine prints a line of the form with dotted leaders after each value;
// slots that would not fit side by side go on lines of their own.
func (p *page) tabLine(l form.Line) {
	if l.Section != "" {
		p.para("Sec", func() { p.text(l.Section, "", "") })
		return
	}
	if !p.fits(l, p.width) {
		for _, s := range l.Slots {
			p.tabLine(form.Line{Slots: []form.Slot{s}})
		}
		return
	}
	var stops []float64
	x := 0.0
	for i := range l.Slots {
		x += p.width * share(l.Slots, i)
		stops = append(stops, x-0.15)
	}
	stops[len(stops)-1] = p.width - 0.05
	p.para(p.tabStyle(stops), func() {
		for i, s := range l.Slots {
			if i > 0 {
				p.space()
			}
			p.slot(s)
			p.tab()
		}
	})
}

// table prints the entry as a four-column table: label, value, label,
// value; a line of one field spans the three last columns.
func (p *page) table() {
	w := p.width
	cols := []float64{0.24 * w, 0.28 * w, 0.18 * w, 0.30 * w}
	border := `fo:border="none"`
	valueBorder := `fo:border-bottom="0.6pt dotted #000000" fo:border-top="none" fo:border-left="none" fo:border-right="none"`
	if p.pg.grid {
		border = `fo:border="0.5pt solid #000000"`
		valueBorder = border
	}
	p.style("Tb", fmt.Sprintf(`<style:style style:name="Tb" style:family="table"><style:table-properties style:width="%.2fcm" table:align="left"/></style:style>`, w))
	for i, c := range cols {
		p.style(fmt.Sprintf("Tc%d", i), fmt.Sprintf(`<style:style style:name="Tc%d" style:family="table-column"><style:table-column-properties style:column-width="%.2fcm"/></style:style>`, i, c))
	}
	p.style("CL", `<style:style style:name="CL" style:family="table-cell"><style:table-cell-properties fo:padding="0.07cm" `+border+`/></style:style>`)
	p.style("CV", `<style:style style:name="CV" style:family="table-cell"><style:table-cell-properties fo:padding="0.07cm" `+valueBorder+`/></style:style>`)
	p.xml(`<table:table table:name="Entry" table:style-name="Tb">`)
	for i := range cols {
		p.xml(`<table:table-column table:style-name="Tc%d"/>`, i)
	}
	for _, l := range p.f.Lines {
		if l.Section != "" {
			p.xml(`<table:table-row><table:table-cell table:style-name="CL" table:number-columns-spanned="4" office:value-type="string">`)
			p.para("Sec", func() { p.text(l.Section, "", "") })
			p.xml(`</table:table-cell><table:covered-table-cell/><table:covered-table-cell/><table:covered-table-cell/></table:table-row>`)
			continue
		}
		slots := l.Slots
		for len(slots) > 0 {
			if len(slots) >= 2 && p.fits(form.Line{Slots: slots[:2]}, w) {
				p.tableRow(slots[0], &slots[1])
				slots = slots[2:]
				continue
			}
			p.tableRow(slots[0], nil)
			slots = slots[1:]
		}
	}
	p.xml("</table:table>\n")
}

// tableRow prints one or two slots as a row of the table.
func (p *page) tableRow(a form.Slot, b *form.Slot) {
	cell := func(style string, span int, inner func()) {
		if span > 1 {
			p.xml(`<table:table-cell table:style-name="%s" table:number-columns-spanned="%d" office:value-type="string">`, style, span)
		} else {
			p.xml(`<table:table-cell table:style-name="%s" office:value-type="string">`, style)
		}
		p.para("P", inner)
		p.xml(`</table:table-cell>`)
		for k := 1; k < span; k++ {
			p.xml(`<table:covered-table-cell/>`)
		}
	}
	p.xml(`<table:table-row>`)
	cell("CL", 1, func() { p.text(a.Label, "", "") })
	if b == nil {
		cell("CV", 3, func() { p.slotValue(a) })
	} else {
		cell("CV", 1, func() { p.slotValue(a) })
		cell("CL", 1, func() { p.text(b.Label, "", "") })
		cell("CV", 1, func() { p.slotValue(*b) })
	}
	p.xml("</table:table-row>\n")
}

// columns prints the entry in a ruled frame of two columns: the fields at
// the left, the tick boxes and "Ghi chú:" at the right, as in the books.
func (p *page) columns() {
	w := p.pg.textWidth()
	left := w * 0.7
	p.width = left - 0.4
	p.style("Fr", fmt.Sprintf(`<style:style style:name="Fr" style:family="table"><style:table-properties style:width="%.2fcm" table:align="left"/></style:style>`, w))
	p.style("FrL", fmt.Sprintf(`<style:style style:name="FrL" style:family="table-column"><style:table-column-properties style:column-width="%.2fcm"/></style:style>`, left))
	p.style("FrR", fmt.Sprintf(`<style:style style:name="FrR" style:family="table-column"><style:table-column-properties style:column-width="%.2fcm"/></style:style>`, w-left))
	p.style("FrC", `<style:style style:name="FrC" style:family="table-cell"><style:table-cell-properties fo:padding="0.2cm" fo:border="1pt solid #000000"/></style:style>`)
	p.xml(`<table:table table:name="Frame" table:style-name="Fr"><table:table-column table:style-name="FrL"/><table:table-column table:style-name="FrR"/><table:table-row>`)
	p.xml(`<table:table-cell table:style-name="FrC" office:value-type="string">`)
	p.entry()
	p.xml(`</table:table-cell><table:table-cell table:style-name="FrC" office:value-type="string">`)
	p.side()
	p.xml("</table:table-cell></table:table-row></table:table>\n")
	p.width = w
}

// side prints the tick boxes (the ticked one crossed) and "Ghi chú:" with
// its remark.
func (p *page) side() {
	for _, s := range p.f.Side {
		if s.Type == registry.TypeTick {
			v := p.vals[s.Key]
			for _, opt := range s.Options {
				p.para("P", func() {
					owner := ""
					if opt == v.Value {
						p.text("☒", "", "")
						owner = s.Key
					} else {
						p.text("☐", "", "")
					}
					p.space()
					p.text(opt, owner, "")
				})
			}
			continue
		}
		if p.pg.side == sideColumn {
			p.para("P", func() { p.text(s.Label, "", "B") })
			p.para("P", func() { p.value(s.Key, "") })
			continue
		}
		p.para("P", func() {
			p.text(s.Label, "", "B")
			p.space()
			p.value(s.Key, "")
		})
	}
}

// signatures prints the signature block's captions, room to sign, and on
// some pages the signer's name under it.
func (p *page) signatures() {
	p.para("P", func() {})
	caps := p.f.Signature
	if p.f.Kind == registry.Marriage {
		n := len(caps)
		p.style("Sg", `<style:style style:name="Sg" style:family="table"><style:table-properties style:width="`+fmt.Sprintf("%.2f", p.pg.textWidth())+`cm" table:align="left"/></style:style>`)
		p.xml(`<table:table table:name="Signatures" table:style-name="Sg"><table:table-column table:number-columns-repeated="%d"/><table:table-row>`, n)
		for _, c := range caps {
			p.xml(`<table:table-cell office:value-type="string">`)
			p.para("C", func() { p.text(c, "", "") })
			p.xml(`</table:table-cell>`)
		}
		p.xml("</table:table-row></table:table>\n")
	} else {
		for i, c := range caps {
			style := ""
			if i == 0 {
				style = "B"
			}
			p.para("Sig", func() { p.text(c, "", style) })
		}
	}
	for range 4 {
		p.para("P", func() {})
	}
	if v := p.vals["nguoiKy"]; p.pg.signedName && v.State == "typed" {
		p.para("Sig", func() { p.text(v.Value, "", "B") })
	}
}
