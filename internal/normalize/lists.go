package normalize

import "strings"

// Vocabulary returns the canonical names of one of the embedded lists, in
// file order (the common ones first), for type-ahead: "surnames",
// "middle-names", "given-names", "ethnicities", "nationalities",
// "relations", "titles". An unknown list is nil.
func Vocabulary(name string) []string {
	src, bars := "", false
	switch name {
	case "surnames":
		src = surnamesTXT
	case "middle-names":
		src = middleNamesTXT
	case "given-names":
		src = givenNamesTXT
	case "ethnicities":
		src = ethnicitiesTSV
	case "nationalities":
		src = nationalitiesTSV
	case "relations":
		src = relationsTSV
	case "titles":
		src, bars = titlesTXT, true
	case "provinces":
		return provinceNames()
	default:
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, row := range dataLines(src) {
		v := strings.TrimSpace(row[0])
		if bars {
			v, _, _ = strings.Cut(v, "|")
		}
		if v = NFC(strings.TrimSpace(v)); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// provinceNames lists the provinces' names before the 2025 merger.
func provinceNames() []string {
	var out []string
	for _, row := range dataLines(provincesTSV) {
		if len(row) >= 2 && strings.TrimSpace(row[1]) != "" {
			out = append(out, NFC(strings.TrimSpace(row[1])))
		}
	}
	return out
}
