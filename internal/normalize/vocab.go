package normalize

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

var (
	//go:embed data/ethnicities.tsv
	ethnicitiesTSV string
	//go:embed data/nationalities.tsv
	nationalitiesTSV string
	//go:embed data/titles.txt
	titlesTXT string
	//go:embed data/relations.tsv
	relationsTSV string
	//go:embed data/numbers.tsv
	numbersTSV string
	//go:embed data/provinces.tsv
	provincesTSV string
	//go:embed data/districts.tsv
	districtsTSV string
	//go:embed data/ticks.txt
	ticksTXT string
	//go:embed data/surnames.txt
	surnamesTXT string
	//go:embed data/middle-names.txt
	middleNamesTXT string
	//go:embed data/given-names.txt
	givenNamesTXT string
	//go:embed data/middle-only.txt
	middleOnlyTXT string
	//go:embed data/signer-noise.txt
	signerNoiseTXT string
	//go:embed data/place-phrases.txt
	placePhrasesTXT string
	//go:embed data/causes.txt
	causesTXT string
	//go:embed data/decision-bodies.txt
	decisionBodiesTXT string
)

// vocab maps the match keys of a vocabulary's names and variants to the
// canonical names. A key two canonical names claim is dropped: it cannot
// tell them apart.
type vocab struct {
	canon []string          // canonical names in file order
	keys  map[string]string // match key → canonical
	all   map[string][]string
}

// dataLines returns the non-comment, non-empty lines of an embedded file,
// each split on tabs.
func dataLines(s string) [][]string {
	var out [][]string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, strings.Split(l, "\t"))
	}
	return out
}

// newVocab builds a vocabulary from rows whose column canonCol is the
// canonical name and whose later columns hold "|"-separated variants. With
// bars set, the canonical column itself is "|"-separated, canonical first.
func newVocab(rows [][]string, canonCol int, bars bool) *vocab {
	v := &vocab{keys: map[string]string{}, all: map[string][]string{}}
	claim := map[string]map[string]bool{}
	add := func(name, canon string) {
		k := matchKey(name)
		if k == "" {
			return
		}
		if claim[k] == nil {
			claim[k] = map[string]bool{}
		}
		claim[k][canon] = true
	}
	for _, r := range rows {
		if len(r) <= canonCol {
			continue
		}
		names := []string{r[canonCol]}
		if bars {
			names = strings.Split(r[canonCol], "|")
		}
		for _, c := range r[canonCol+1:] {
			names = append(names, strings.Split(c, "|")...)
		}
		canon := NFC(strings.TrimSpace(names[0]))
		v.canon = append(v.canon, canon)
		for _, n := range names {
			if n = strings.TrimSpace(n); n != "" {
				add(n, canon)
				v.all[canon] = append(v.all[canon], NFC(n))
			}
		}
	}
	for k, cs := range claim {
		if len(cs) == 1 {
			for c := range cs {
				v.keys[k] = c
			}
		}
	}
	return v
}

// lookup returns the canonical name whose key is exactly k.
func (v *vocab) lookup(k string) (string, bool) {
	c, ok := v.keys[k]
	return c, ok
}

// near returns the canonical name within edit distance 1 of key k, when
// exactly one canonical name is that near, and keys shorter than minLen are
// not guessed at.
func (v *vocab) near(k string, minLen int) (string, bool) {
	if len(k) < minLen {
		return "", false
	}
	found := ""
	for key, c := range v.keys {
		if len(key) < minLen || EditDistance(k, key, 1) > 1 {
			continue
		}
		if found != "" && found != c {
			return "", false
		}
		found = c
	}
	return found, found != ""
}

// ranked returns up to n canonical names by edit distance of their nearest
// key to k, nearest first, ties in file order.
func (v *vocab) ranked(k string, n int) []string {
	if len(k) > maxKey {
		k = k[:maxKey] // no name is longer; a distance to a prefix ranks as well
	}
	type cand struct {
		name string
		d, i int
	}
	best := map[string]int{}
	for key, c := range v.keys {
		d := EditDistance(k, key, 64)
		if old, ok := best[c]; !ok || d < old {
			best[c] = d
		}
	}
	var cs []cand
	for i, c := range v.canon {
		if d, ok := best[c]; ok {
			cs = append(cs, cand{c, d, i})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool {
		if cs[a].d != cs[b].d {
			return cs[a].d < cs[b].d
		}
		return cs[a].i < cs[b].i
	})
	var out []string
	for _, c := range cs {
		if len(out) >= n {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// maxKey bounds the keys compared by edit distance: no vocabulary name is
// longer, and it keeps garbage input cheap.
const maxKey = 64

// numWord is one row of data/numbers.tsv.
type numWord struct {
	value int
	role  string
}

var (
	vocabOnce     sync.Once
	ethnicities   *vocab
	nationalities *vocab
	titles        *vocab
	relations     *vocab
	provinces     *vocab
	provinceName  map[string]string // "079" → "Hồ Chí Minh"
	districtNames map[string]string // match key of a district name or alias → district key
	tickOptions   []string
	numberWords   map[string][]numWord // folded word → roles
)

// loadVocab parses every embedded vocabulary once.
func loadVocab() {
	vocabOnce.Do(func() {
		ethnicities = newVocab(dataLines(ethnicitiesTSV), 0, false)
		nationalities = newVocab(dataLines(nationalitiesTSV), 0, false)
		titles = newVocab(dataLines(titlesTXT), 0, true)
		relations = newVocab(dataLines(relationsTSV), 0, false)
		prov := dataLines(provincesTSV)
		provinces = newVocab(prov, 1, false)
		provinceName = map[string]string{}
		for _, r := range prov {
			if len(r) >= 2 {
				provinceName[r[0]] = NFC(r[1])
			}
		}
		for _, r := range dataLines(ticksTXT) {
			tickOptions = append(tickOptions, NFC(strings.TrimSpace(r[0])))
		}
		numberWords = map[string][]numWord{}
		for _, r := range dataLines(numbersTSV) {
			if len(r) < 3 {
				continue
			}
			n := 0
			for _, c := range r[1] {
				n = n*10 + int(c-'0')
			}
			w := fold(NFC(r[0]))
			numberWords[w] = append(numberWords[w], numWord{n, r[2]})
		}
		districtNames = loadDistricts(dataLines(districtsTSV))
	})
}
