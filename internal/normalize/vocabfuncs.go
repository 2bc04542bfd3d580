package normalize

import (
	"strings"

	"github.com/civreg/civreg/registry"
)

// Ethnicity returns the canonical name of one of the 54 ethnic groups from
// a reading: "KHMER", "Khơ me", "H'Mông", "Ê Đê" and the like are matched
// regardless of case, spacing, hyphens and accents, and a small OCR slip
// (edit distance 1 on the folded form) is forgiven when only one group is
// that near.
func Ethnicity(raw string) (string, error) {
	loadVocab()
	k := matchKey(raw)
	if k == "" {
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	k = strings.TrimPrefix(k, "dantoc")
	if c, ok := ethnicities.lookup(k); ok {
		return c, nil
	}
	if c, ok := ethnicities.near(k, 4); ok {
		return c, nil
	}
	return "", registry.Errorf(registry.EINVALID, "dân tộc không có trong danh mục: %q", short(clean(raw)))
}

// EthnicitySuggest returns up to n canonical ethnic group names nearest to
// the reading, nearest first, for a reviewer to choose from.
func EthnicitySuggest(raw string, n int) []string {
	loadVocab()
	if n <= 0 {
		return nil
	}
	return ethnicities.ranked(strings.TrimPrefix(matchKey(raw), "dantoc"), n)
}

// Nationality returns "Việt Nam" for its variants ("Việt nam", "VN", "Viet
// Nam") and the canonical name of the other listed countries. Any other
// reading is returned title-cased with an error, so it is kept but looked
// at. Several nationalities separated by commas are normalised one by one.
func Nationality(raw string) (string, error) {
	loadVocab()
	s := clean(raw)
	if blank(s) {
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	k := strings.TrimPrefix(matchKey(s), "quoctich")
	if c, ok := nationalities.lookup(k); ok {
		return c, nil
	}
	if strings.ContainsAny(s, ",;") {
		var out []string
		var bad error
		for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
			if blank(p) {
				continue
			}
			c, err := Nationality(p)
			if err != nil && bad == nil {
				bad = err
			}
			out = append(out, c)
		}
		return strings.Join(out, ", "), bad
	}
	if c, ok := nationalities.near(k, 5); ok {
		return c, nil
	}
	return Name(s), registry.Errorf(registry.EINVALID, "quốc tịch không có trong danh mục: %q", short(s))
}

// Relation returns the canonical relationship (Cha, Mẹ, Ông nội, Bà ngoại,
// Anh ruột, Con, Vợ, Chồng, Cháu, Người giám hộ, …) from data/relations.tsv.
// An unknown reading is returned in sentence case with an error.
func Relation(raw string) (string, error) {
	loadVocab()
	s := clean(raw)
	if blank(s) {
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	k := strings.TrimPrefix(matchKey(s), "la")
	if c, ok := relations.lookup(k); ok {
		return c, nil
	}
	if c, ok := relations.lookup(matchKey(s)); ok {
		return c, nil
	}
	if c, ok := relations.near(k, 5); ok {
		return c, nil
	}
	return sentenceCase(s), registry.Errorf(registry.EINVALID, "quan hệ không có trong danh mục: %q", short(s))
}

// Tick matches the reading of a tick-box group to one of its options (the
// printed texts): exactly after folding, by containment, or by a small edit
// distance when only one option is that near. Box glyphs around the text
// ("☒", "[x]", "✓") are ignored.
func Tick(raw string, options []string) (string, error) {
	k := matchKey(strings.Map(func(r rune) rune {
		switch r {
		case '☒', '☑', '✓', '✔', '✗', '✘', '■', '□', '☐', '[', ']':
			return ' '
		}
		return r
	}, raw))
	// A lone "x" left by the box is not part of the text.
	k = strings.TrimPrefix(k, "x")
	if k == "" {
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	keys := make([]string, len(options))
	for i, o := range options {
		keys[i] = matchKey(o)
		if keys[i] == k || keys[i] == "x"+k {
			return NFC(o), nil
		}
	}
	pick := func(match func(i int) bool) (string, bool) {
		found := -1
		for i := range options {
			if keys[i] != "" && match(i) {
				if found >= 0 {
					return "", false
				}
				found = i
			}
		}
		if found < 0 {
			return "", false
		}
		return NFC(options[found]), true
	}
	if o, ok := pick(func(i int) bool { return strings.Contains(k, keys[i]) }); ok {
		return o, nil
	}
	if len(k) >= 4 {
		if o, ok := pick(func(i int) bool { return strings.Contains(keys[i], k) }); ok {
			return o, nil
		}
	}
	if o, ok := pick(func(i int) bool { return EditDistance(k, keys[i], len(keys[i])/4) <= len(keys[i])/4 }); ok {
		return o, nil
	}
	return "", registry.Errorf(registry.EINVALID, "không khớp ô nào: %q", short(clean(raw)))
}
