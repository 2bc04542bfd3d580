// Package suggest offers the values a keyer is likely typing, accent-
// insensitively ("nguyen thi ng" offers "Nguyễn Thị Nga", "Nguyễn Thị
// Ngọc"): names composed word by word from the surname, middle and given
// name vocabularies, ethnic groups, nationalities, relations, titles, the
// 2025 units with the old units they absorbed, streets, and the values
// already keyed in the same book, which the caller passes in. It knows no
// store: the station hands it what the book holds.
package suggest

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

//go:embed data/streets.txt
var streetsTXT string

//go:embed data/iddocs.txt
var iddocsTXT string

// Item is one suggestion: Value goes into the input, Label is shown (an
// old unit with the unit that absorbed it, say).
type Item struct {
	Value string `json:"v"`
	Label string `json:"l"`
}

// entry is one name of a list with its folded key.
type entry struct {
	key   string // normalize.FoldKey of the value
	value string
	label string
}

type list []entry

// fold is the key suggestions match on: accents, case and punctuation
// folded ("Khơ-me" and "kho me" meet).
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(normalize.FoldKey(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func newList(values []string) list {
	var l list
	for _, v := range values {
		l = append(l, entry{key: fold(v), value: v, label: v})
	}
	return l
}

// index holds the vocabularies, built once.
type index struct {
	surnames, middles, givens            list
	ethnicities, nationalities, relation list
	titles, units, streets, provinces    list
	iddocs                               list
	surnameOf, middleOf, givenOf         map[string]string // folded word → the commonest spelling
}

var (
	once sync.Once
	ix   *index
)

func load() *index {
	once.Do(func() {
		ix = &index{
			surnames: newList(normalize.Vocabulary("surnames")), middles: newList(normalize.Vocabulary("middle-names")),
			givens: newList(normalize.Vocabulary("given-names")), ethnicities: newList(normalize.Vocabulary("ethnicities")),
			nationalities: newList(normalize.Vocabulary("nationalities")), relation: newList(normalize.Vocabulary("relations")),
			titles: newList(normalize.Vocabulary("titles")), streets: newList(lines(streetsTXT)), units: unitList(),
			provinces: provinceList(), iddocs: newList(lines(iddocsTXT)),
		}
		ix.surnameOf, ix.middleOf, ix.givenOf = firstOf(ix.surnames), firstOf(ix.middles), firstOf(ix.givens)
	})
	return ix
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, normalize.NFC(l))
		}
	}
	return out
}

// firstOf maps each folded key to its first spelling in the list.
func firstOf(l list) map[string]string {
	m := map[string]string{}
	for _, e := range l {
		if _, ok := m[e.key]; !ok {
			m[e.key] = e.value
		}
	}
	return m
}

// unitList is the 2025 units, then the old units with the new one that
// absorbed them: an old unit's value is its name as a book writes it.
func unitList() list {
	var l list
	seen := map[string]bool{}
	for _, u := range normalize.Units() {
		if !seen[u.NewName] {
			seen[u.NewName] = true
			l = append(l, entry{key: fold(u.NewName), value: u.NewName, label: u.NewName})
		}
	}
	for _, u := range normalize.Units() {
		v := u.OldName
		if u.OldDistrict != "" {
			v += ", " + u.OldDistrict
		}
		if !seen[v] {
			seen[v] = true
			l = append(l, entry{key: fold(v), value: v, label: v + " (nay là " + u.NewName + ")"})
		}
	}
	return l
}

// provinceList is how addresses end: the city, then the provinces.
func provinceList() list {
	vs := []string{"TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", "TP Hồ Chí Minh"}
	for _, p := range normalize.Vocabulary("provinces") {
		if fold(p) == "ho chi minh" {
			continue
		}
		vs = append(vs, "Tỉnh "+p)
	}
	return newList(vs)
}

// For returns up to n suggestions for what was typed in a field of type
// typ. book holds the values of that type already keyed in the same book
// (names, signers, titles, addresses), offered first; for a tick box, its
// options.
func For(typ registry.ValueType, typed string, book []string, n int) []Item {
	q := fold(typed)
	if q == "" || n <= 0 {
		return nil
	}
	x := load()
	c := collector{n: n, seen: map[string]bool{}}
	switch typ {
	case registry.TypeName:
		c.prefix(newList(book), q)
		c.add(x.composeName(typed)...)
	case registry.TypeSigner:
		c.prefix(newList(book), q)
		c.add(x.composeName(typed)...)
	case registry.TypeTitle:
		c.prefix(newList(book), q)
		c.words(x.titles, q)
	case registry.TypeEthnicity:
		c.words(x.ethnicities, q)
	case registry.TypeNationality:
		c.words(x.nationalities, q)
	case registry.TypeRelation:
		c.words(x.relation, q)
	case registry.TypePlace:
		c.prefix(newList(book), q)
		c.tails(book, typed)
		x.place(&c, typed)
	case registry.TypeTick:
		c.words(newList(book), q)
	case registry.TypeIDDocument:
		c.prefix(x.iddocs, q)
		c.prefix(newList(book), q)
	default:
		c.prefix(newList(book), q)
	}
	return c.out
}

// collector gathers distinct suggestions up to n.
type collector struct {
	n    int
	out  []Item
	seen map[string]bool
}

func (c *collector) add(items ...Item) {
	for _, it := range items {
		if len(c.out) < c.n && !c.seen[it.Value] {
			c.seen[it.Value] = true
			c.out = append(c.out, it)
		}
	}
}

// prefix adds the entries whose folded key starts with q, those that are
// q first: a value typed in full is offered before its longer namesakes.
func (c *collector) prefix(l list, q string) {
	for _, e := range l {
		if e.key == q {
			c.add(Item{e.value, e.label})
		}
	}
	for _, e := range l {
		if strings.HasPrefix(e.key, q) {
			c.add(Item{e.value, e.label})
		}
	}
}

// tails adds, for an address being typed, the parts of the book's
// addresses from one comma or dash on that begin with what was typed since
// its last comma or dash: the ward, district and city the book's entries
// share.
func (c *collector) tails(book []string, typed string) {
	head, seg := splitPlace(typed)
	q := fold(seg)
	if head == "" || q == "" {
		return
	}
	for _, b := range book {
		for _, t := range placeTails(b) {
			if strings.HasPrefix(fold(t), q) {
				c.add(Item{head + t, head + t})
			}
		}
	}
}

// placeTails are an address's parts from each comma or dash on.
func placeTails(v string) []string {
	var out []string
	for i := 0; i < len(v); i++ {
		switch {
		case strings.HasPrefix(v[i:], ", "):
			out = append(out, v[i+2:])
		case strings.HasPrefix(v[i:], " - "):
			out = append(out, v[i+3:])
		}
	}
	return out
}

// words adds the entries where q starts the key, then those where it
// starts a later word of it ("ben nghe" finds "Phường Bến Nghé").
func (c *collector) words(l list, q string) {
	c.prefix(l, q)
	for _, e := range l {
		if strings.Contains(e.key, " "+q) {
			c.add(Item{e.value, e.label})
		}
	}
}
