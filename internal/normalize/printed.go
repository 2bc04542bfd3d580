package normalize

import (
	"slices"
	"strings"
	"unicode"

	"github.com/civreg/civreg/registry"
)

// Printed is the printed text of register forms — labels, section
// headings, signature captions, of our editions and of others — that a
// value region can run into when a page's edition prints it where our
// layout does not expect it. None of it is ever part of a value.
type Printed struct {
	phrases [][]string // folded words, longest first
	loose   [][]string // those that may be cut without a colon after them
}

// NewPrinted makes the printed text of phrases; tight phrases are labels,
// cut inside a value only when followed by their colon ("Dân tộc:"), so
// that a remark that names the words ("xác định lại dân tộc", "cải chính
// ngày, tháng, năm sinh") is not cut; loose ones are captions of the signature block, cut
// wherever they stand. A phrase that is a signer's title ("Cán bộ Tư pháp
// hộ tịch" is both a caption and a title) is left out: it can be a value.
func NewPrinted(tight, loose []string) *Printed {
	loadTitleSeqs()
	isTitle := map[string]bool{}
	for _, ts := range titleSeqs {
		isTitle[strings.Join(ts.words, " ")] = true
	}
	p := &Printed{}
	seen := map[string]bool{}
	add := func(s string, isLoose bool) {
		ws := words(fold(NFC(s)))
		k := strings.Join(ws, " ")
		if len(ws) == 0 || seen[k] || isTitle[k] {
			return
		}
		seen[k] = true
		p.phrases = append(p.phrases, ws)
		if isLoose && len(ws) >= 2 {
			p.loose = append(p.loose, ws)
		}
	}
	for _, s := range loose {
		add(s, true)
	}
	for _, s := range tight {
		add(s, false)
	}
	return p
}

// Cut takes printed text out of a value as read: a reading that is nothing
// but printed text ("Ghi chú" read in a blank Ghi chú column) is blank,
// a label with its colon before the value goes, and the value ends where
// printed text starts ("Phó Chủ tịch UBND phường Người đi khai sinh").
// It returns the value kept and the printed text cut ("" for none).
func (p *Printed) Cut(raw string) (kept, cut string) {
	return p.cut(raw, false)
}

// CutFor is Cut for a value of type t. Free text (a remark, a paper's
// description, a cause of death) may name a label's words ("xác định lại
// dân tộc"), so there a label must come with its colon; no name, place,
// date or number holds a label's words, so there a label of two words or
// more ends the value with or without its colon ("Nguyễn Thanh Thành Giới
// Tính Nam": an edition that prints no colons).
func (p *Printed) CutFor(t registry.ValueType, raw string) (kept, cut string) {
	switch t {
	case registry.TypeText, registry.TypeRemark, registry.TypeCause:
		return p.cut(raw, false)
	}
	return p.cut(raw, true)
}

func (p *Printed) cut(raw string, bare bool) (kept, cut string) {
	if p == nil {
		return raw, ""
	}
	toks := strings.Fields(clean(raw))
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = strings.Join(words(fold(t)), " ")
	}
	if p.whole(keys) {
		return "", strings.Join(toks, " ")
	}
	start := 0
	if n := p.match(keys, toks, 0, true, false); n > 0 && n < len(toks) {
		start = n // a label and its colon before the value
	}
	for i := start + 1; i < len(toks); i++ {
		if p.match(keys, toks, i, false, bare) > 0 {
			return strings.Join(toks[start:i], " "), joinCut(toks[:start], toks[i:])
		}
	}
	if start > 0 {
		return strings.Join(toks[start:], " "), strings.Join(toks[:start], " ")
	}
	return raw, ""
}

func joinCut(a, b []string) string {
	return strings.Join(append(append([]string{}, a...), b...), " ")
}

// whole reports whether the reading's words are one printed phrase.
func (p *Printed) whole(keys []string) bool {
	got := strings.Fields(strings.Join(keys, " "))
	if len(got) == 0 {
		return false
	}
	for _, ws := range p.phrases {
		if equalWords(ws, got) {
			return true
		}
	}
	return false
}

// match returns how many tokens from i a printed phrase takes (0 for
// none). A label is taken only with its colon after it; a caption
// wherever it stands but at the start of the value.
func (p *Printed) match(keys, toks []string, i int, atStart, bare bool) int {
	for _, ws := range p.phrases {
		n, ok := phraseAt(keys, i, ws)
		if !ok {
			continue
		}
		colon := strings.HasSuffix(toks[i+n-1], ":") || i+n < len(toks) && toks[i+n] == ":"
		if colon && i+n < len(toks) && toks[i+n] == ":" {
			n++
		}
		switch {
		case colon, !atStart && p.isLoose(ws), !atStart && bare && len(ws) >= 2 && capital(toks[i]):
			return n
		}
	}
	return 0
}

func (p *Printed) isLoose(ws []string) bool {
	for _, l := range p.loose {
		if equalWords(l, ws) {
			return true
		}
	}
	return false
}

// phraseAt reports whether the tokens from i spell ws word for word, and
// how many tokens they take (a token may hold two words: "tên,chức").
func phraseAt(keys []string, i int, ws []string) (int, bool) {
	w := 0
	for j := i; j < len(keys); j++ {
		for _, k := range strings.Fields(keys[j]) {
			if w == len(ws) || k != ws[w] {
				return 0, false
			}
			w++
		}
		if w == len(ws) {
			return j - i + 1, true
		}
	}
	return 0, false
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// capital reports whether tok starts with a capital letter, as a printed
// label does ("Giới tính"); "cấp ngày" inside a paper's number is words of
// the value.
func capital(tok string) bool {
	for _, r := range tok {
		return unicode.IsUpper(r)
	}
	return false
}

// LabelTail takes off the start of a value the end of its own label when
// the label was found short of its last words ("Nhận Kết Hôn Nguyễn Văn
// Danh" after "… người ký Giấy chứng nhận kết hôn" printed without its
// colon): two words or more, word for word, accents and case aside. It
// returns the value kept and the words cut ("" for none).
func LabelTail(raw, label string) (kept, cut string) {
	lw := words(fold(NFC(label)))
	toks := strings.Fields(clean(raw))
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = strings.Join(words(fold(t)), " ")
	}
	for k := min(len(lw)-1, len(toks)-1); k >= 2; k-- {
		if n, ok := phraseAt(keys, 0, lw[len(lw)-k:]); ok && n < len(toks) {
			return strings.Join(toks[n:], " "), strings.Join(toks[:n], " ")
		}
	}
	return raw, ""
}

// ColonLead takes off the start of a value everything up to a colon among
// its first seven words, when no digit stands before it: the end of its own
// label ("tên: NGUYỄN THỊ BÍCH"), or the slot before it with its label
// ("Nam Họtên: LỄ HỮU LÂM"), where an edition's label was found short or
// sat elsewhere. No name, ethnicity or nationality is written with a
// colon, nor the start of an address. It returns the value kept and the
// words cut ("" for none).
func ColonLead(raw string) (kept, cut string) {
	toks := strings.Fields(raw)
	for i, t := range toks[:min(len(toks), 7)] {
		if strings.ContainsFunc(t, unicode.IsDigit) {
			break
		}
		if strings.HasSuffix(t, ":") && i+1 < len(toks) {
			return strings.Join(toks[i+1:], " "), strings.Join(toks[:i+1], " ")
		}
	}
	return raw, ""
}

// LabelWords reports whether every word of s, accents, case and
// punctuation aside, is a word of label.
func LabelWords(s, label string) bool {
	lw := words(fold(NFC(label)))
	ws := words(fold(NFC(s)))
	for _, w := range ws {
		if !slices.Contains(lw, w) {
			return false
		}
	}
	return len(ws) > 0
}

// LabelEnd takes off the end of a name or place the last word of its own
// label, where a label wrapped in a narrow cell put that word after the
// value's first line ("Văn Phát Chồng" under "Họ, chữ đệm, tên người
// chồng"; "… Thành phố Hồ Chí Minh trú" under "Nơi cư trú"), accents and
// case aside. It returns the value kept and the word cut ("" for none).
func LabelEnd(raw, label string) (kept, cut string) {
	lw := words(fold(NFC(label)))
	toks := strings.Fields(clean(raw))
	if len(lw) == 0 || len(toks) < 2 {
		return raw, ""
	}
	last := lw[len(lw)-1]
	if len([]rune(last)) < 2 || strings.Join(words(fold(toks[len(toks)-1])), " ") != last {
		return raw, ""
	}
	return strings.Join(toks[:len(toks)-1], " "), toks[len(toks)-1]
}

// LabelHeading reports whether a remark reads as its own column's heading:
// the label's words at the end, after at most two words the edition put
// before them ("Phần ghi chú", "Cột ghi chú" for "Ghi chú"), accents, case
// and punctuation aside. No remark a register writes ends so.
func LabelHeading(raw, label string) bool {
	lw := words(fold(NFC(label)))
	got := words(fold(NFC(raw)))
	if len(lw) == 0 || len(got) < len(lw) || len(got) > len(lw)+2 {
		return false
	}
	return slices.Equal(got[len(got)-len(lw):], lw)
}
