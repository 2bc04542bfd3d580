package synth

import (
	"embed"
	"math/rand/v2"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

//go:embed data/*
var dataFS embed.FS

// entry is one weighted vocabulary item. Extra holds the further columns of
// a TSV row (era, kind, printed variants).
type entry struct {
	Text   string
	Weight float64
	Extra  []string
}

// list is a weighted vocabulary.
type list struct {
	items []entry
	total float64
}

// loadList reads data/name: one item a line, optional tab-separated weight
// and extra columns, '#' comments.
func loadList(name string) list {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic(err) // embedded: a missing file is a build error
	}
	var l list
	for _, line := range strings.Split(norm.NFC.String(string(b)), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		e := entry{Text: strings.TrimSpace(cols[0]), Weight: 1}
		if len(cols) > 1 && cols[1] != "" {
			if w, err := strconv.ParseFloat(cols[1], 64); err == nil {
				e.Weight = w
			} else {
				e.Extra = append(e.Extra, cols[1])
			}
		}
		if len(cols) > 2 {
			e.Extra = append(e.Extra, cols[2:]...)
		}
		if e.Weight <= 0 {
			continue
		}
		l.items = append(l.items, e)
		l.total += e.Weight
	}
	return l
}

// pick draws an item by weight.
func (l list) pick(r *rand.Rand) entry {
	x := r.Float64() * l.total
	for _, e := range l.items {
		x -= e.Weight
		if x < 0 {
			return e
		}
	}
	return l.items[len(l.items)-1]
}

// filter keeps the items whose extra column col contains s.
func (l list) filter(col int, s string) list {
	var out list
	for _, e := range l.items {
		if col < len(e.Extra) && strings.Contains(e.Extra[col], s) {
			out.items = append(out.items, e)
			out.total += e.Weight
		}
	}
	return out
}

// The vocabularies, loaded once at start: they are small.
var (
	surnames     = loadList("surnames.tsv")
	middleMale   = loadList("middle_male.tsv")
	middleFemale = loadList("middle_female.tsv")
	givenMale    = loadList("given_male.txt")
	givenFemale  = loadList("given_female.txt")
	hospitals    = loadList("hospitals.tsv")
	causes       = loadList("causes.tsv")
	titles       = loadList("titles.tsv")
	relations    = loadList("relations.tsv")
	streets      = loadList("streets.txt")
	provinces    = loadList("provinces.txt")
	ethnicities  = loadList("ethnicities.tsv")
	remarks      = loadList("remarks.tsv")
)
