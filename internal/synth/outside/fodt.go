package outside

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// doc builds one flat ODT (FODT) document and remembers, word by word,
// which field each printed word belongs to, so that the words LibreOffice
// lays out can be found again in the PDF.
type doc struct {
	body   strings.Builder
	styles map[string]string // automatic style name → its XML
	runes  []rune
	owner  []string // per rune: the field key it prints, "" for form text
}

func newDoc() *doc { return &doc{styles: map[string]string{}} }

// style adds an automatic style (once) and returns its name.
func (d *doc) style(name, xml string) string {
	d.styles[name] = xml
	return name
}

// text prints s in the text style (none if ""), as the value of key ("" for
// the form's own text).
func (d *doc) text(s, key, style string) {
	esc := xmlEscape(s)
	if style != "" {
		fmt.Fprintf(&d.body, `<text:span text:style-name="%s">%s</text:span>`, style, esc)
	} else {
		d.body.WriteString(esc)
	}
	for _, r := range s {
		d.runes = append(d.runes, r)
		d.owner = append(d.owner, key)
	}
}

// space prints a space that belongs to no field.
func (d *doc) space() { d.text(" ", "", "") }

// tab prints a tab with spaces either side, so that a leader's dots are
// never taken into the words next to them.
func (d *doc) tab() {
	d.space()
	d.body.WriteString("<text:tab/>")
	d.space()
}

// para writes one paragraph in the style.
func (d *doc) para(style string, inner func()) {
	fmt.Fprintf(&d.body, `<text:p text:style-name="%s">`, style)
	inner()
	d.body.WriteString("</text:p>\n")
	d.text("\n", "", "")
}

// xml writes markup as it is (tables, cells).
func (d *doc) xml(format string, args ...any) { fmt.Fprintf(&d.body, format, args...) }

// expWord is a word the document prints, with the field it belongs to.
type expWord struct {
	text string
	key  string
}

// words splits the printed text into words. A word belongs to the field
// of its first letter or digit ("UBND," to the title, "(Nguyễn" to the
// name); a word of none (a dash, a tick box) is no anchor and gets "-".
func (d *doc) words() []expWord {
	var out []expWord
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := expWord{text: string(d.runes[start:end]), key: "-"}
		for i := start; i < end; i++ {
			if unicode.IsLetter(d.runes[i]) || unicode.IsDigit(d.runes[i]) {
				w.key = d.owner[i]
				break
			}
		}
		out = append(out, w)
		start = -1
	}
	for i, r := range d.runes {
		if unicode.IsSpace(r) {
			flush(i)
		} else if start < 0 {
			start = i
		}
	}
	flush(len(d.runes))
	return out
}

// fodtHead opens the document: namespaces, the fonts declared, the
// default paragraph style.
const fodtHead = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
`

// render returns the whole FODT: the page's size and margins, the label
// face as the default, the styles, the body.
func (d *doc) render(pg pageStyle) string {
	var b strings.Builder
	b.WriteString(fodtHead)
	fmt.Fprintf(&b, `<office:font-face-decls><style:font-face style:name="L" svg:font-family="'%s'"/><style:font-face style:name="V" svg:font-family="'%s'"/></office:font-face-decls>
`, pg.labelFont, pg.valueFont)
	fmt.Fprintf(&b, `<office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenate="false" fo:margin-top="0cm" fo:margin-bottom="%.2fpt"/><style:text-properties style:font-name="L" fo:font-size="%.1fpt" fo:language="vi" fo:country="VN" fo:hyphenate="false"/></style:default-style></office:styles>
`, pg.paraGap, pg.labelPt)
	b.WriteString("<office:automatic-styles>\n")
	fmt.Fprintf(&b, `<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="%.2fcm" fo:page-height="%.2fcm" fo:margin-top="%.2fcm" fo:margin-bottom="%.2fcm" fo:margin-left="%.2fcm" fo:margin-right="%.2fcm"/></style:page-layout>
`, pg.width, pg.height, pg.top, pg.bottom, pg.left, pg.right)
	names := make([]string, 0, len(d.styles))
	for n := range d.styles {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString(d.styles[n])
		b.WriteString("\n")
	}
	b.WriteString("</office:automatic-styles>\n")
	b.WriteString(`<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
`)
	b.WriteString(d.body.String())
	b.WriteString("</office:text></office:body></office:document>\n")
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
