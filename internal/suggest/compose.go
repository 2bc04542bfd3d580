package suggest

import (
	"strings"
	"unicode"

	"github.com/civreg/civreg/internal/normalize"
)

// composeName completes a name word by word: the words typed before the
// last are spelled as the vocabularies spell them (the surname first, then
// middle or given names), the last is completed from the surnames when it
// is the first word, else from the middle names when it is the second and
// the given names otherwise.
func (x *index) composeName(typed string) []Item {
	ws := strings.Fields(typed)
	if len(ws) == 0 {
		return nil
	}
	last := ""
	if !unicode.IsSpace(rune(typed[len(typed)-1])) {
		last, ws = ws[len(ws)-1], ws[:len(ws)-1]
	}
	head := make([]string, len(ws))
	for i, w := range ws {
		head[i] = x.spell(i, w)
	}
	q := fold(last)
	var lists []list
	switch len(ws) {
	case 0:
		lists = []list{x.surnames}
	case 1:
		lists = []list{x.middles, x.givens}
	default:
		lists = []list{x.givens, x.middles}
	}
	var out []Item
	for _, exact := range []bool{true, false} { // a word typed in full first
		for _, l := range lists {
			for _, e := range l {
				if strings.HasPrefix(e.key, q) && !strings.Contains(e.key, " ") && (e.key == q) == exact {
					v := strings.Join(append(append([]string{}, head...), e.value), " ")
					out = append(out, Item{v, v})
				}
			}
		}
	}
	return out
}

// spell returns the usual spelling of the i-th word of a name, or the word
// as typed with a capital when no list knows it.
func (x *index) spell(i int, w string) string {
	k := fold(w)
	typedPlain := normalize.FoldKey(w) == strings.ToLower(w)
	if typedPlain { // typed without accents: the lists know them
		maps := []map[string]string{x.middleOf, x.givenOf}
		if i == 0 {
			maps = []map[string]string{x.surnameOf}
		}
		for _, m := range maps {
			if v, ok := m[k]; ok {
				return v
			}
		}
	}
	rs := []rune(normalize.NFC(strings.ToLower(w)))
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// place completes the last part of an address (after its last comma or
// dash): a unit of 2025 or an old unit, a street, or the city or province,
// found from any word of the part on ("Số 12 đường le l" offers "Số 12
// đường Lê Lợi").
func (x *index) place(c *collector, typed string) {
	head, seg := splitPlace(typed)
	ws := strings.Fields(seg)
	if len(ws) == 0 || unicode.IsSpace(rune(typed[len(typed)-1])) && fold(ws[len(ws)-1]) == "" {
		return
	}
	for w := 0; w < len(ws); w++ {
		q := fold(strings.Join(ws[w:], " "))
		if q == "" {
			continue
		}
		lead := strings.Join(ws[:w], " ")
		if lead != "" {
			lead += " "
		}
		sub := collector{n: c.n, seen: map[string]bool{}}
		if w == 0 {
			sub.words(x.units, q)
			sub.words(x.provinces, q)
		}
		sub.words(x.streets, q)
		for _, it := range sub.out {
			c.add(Item{Value: head + lead + it.Value, Label: head + lead + it.Label})
		}
	}
}

// splitPlace cuts an address being typed after its last comma or dash:
// the head as it will be kept ("12 Lê Lợi, ") and the part being typed.
func splitPlace(typed string) (head, seg string) {
	seg = typed
	for _, sep := range []string{",", " - "} {
		if i := strings.LastIndex(typed, sep); i >= 0 && len(typed[:i]) >= len(head) {
			head, seg = strings.TrimRight(typed[:i], " ")+sep, typed[i+len(sep):]
			if sep == "," {
				head += " "
			} else {
				head = strings.TrimRight(typed[:i], " ") + " - "
			}
		}
	}
	return head, seg
}
