package normalize

import (
	"strings"
	"sync"
)

var (
	causeOnce    sync.Once
	causePhrases map[string]string // folded words joined by spaces → spelling
	causeMax     int
)

func loadCauses() {
	causeOnce.Do(func() {
		causePhrases = map[string]string{}
		for _, r := range dataLines(causesTXT) {
			ws := coreWords(NFC(strings.TrimSpace(r[0])))
			if len(ws) == 0 {
				continue
			}
			causePhrases[foldWords(ws)] = strings.Join(ws, " ")
			causeMax = max(causeMax, len(ws))
		}
	})
}

// Cause normalises a cause of death. A reading that is one of the causes
// of data/causes.txt but for its accents or its first letter's case takes
// the list's spelling ("Bênh già" → "Bệnh già", "ung thư phổi" → "Ung thư
// phổi"); inside a longer reading, runs of two words or more the list
// knows are mended the same way ("Ủng thư gan, di căn"). Anything else is
// free text, kept as read.
func Cause(raw string) Result {
	loadCauses()
	s := clean(raw)
	if blank(s) {
		return Result{Blank: true, Note: "trống"}
	}
	ws := strings.Fields(s)
	var changed []string
	if spell, ok := causePhrases[foldWords(coreWords(s))]; ok && len(coreWords(s)) == len(ws) && s != spell && sameLetters(s, spell) {
		changed = append(changed, s+" → "+spell)
		s = spell
	} else {
		changed = mendPhrases(ws, causePhrases, causeMax, nil)
		s = strings.Join(ws, " ")
	}
	ok, note := plausibleText(s)
	if near := nearCause(s); ok && len(changed) == 0 && near != "" {
		// "Đội quy" for Đột quỵ: one letter from a cause the list
		// knows, and no cause itself, is a misreading of it.
		return Result{Value: s, Note: "gần giống nguyên nhân \"" + near + "\" trong danh mục"}
	}
	if ok && len(changed) > 0 {
		note = "sửa dấu theo danh mục nguyên nhân chết: " + strings.Join(changed, ", ")
	}
	return Result{Value: s, OK: ok, Note: note}
}

// sameLetters reports whether a and b are the same words but for accents,
// case and punctuation.
func sameLetters(a, b string) bool {
	return foldWords(coreWords(a)) == foldWords(coreWords(b))
}

// nearCause returns the cause of the list the whole reading is one letter
// away from (accents aside, as many words), or "" when it is none or is
// one of them.
func nearCause(s string) string {
	key := foldWords(coreWords(s))
	if _, ok := causePhrases[key]; ok || len([]rune(key)) < 5 {
		return ""
	}
	near := ""
	for k, spell := range causePhrases {
		if len(strings.Fields(k)) == len(strings.Fields(key)) && digitDistance(k, key) == 1 && (near == "" || spell < near) {
			near = spell // the first in order, whatever the map's
		}
	}
	return near
}
