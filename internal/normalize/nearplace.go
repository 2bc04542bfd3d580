package normalize

import (
	"slices"
	"strings"
	"sync"
)

var (
	nearOnce sync.Once
	// nearIdx indexes the folded place phrases of two or more words by
	// their word count, a word's position and that word: the candidates
	// a part of an address may be a misreading of.
	nearIdx map[nearKey][]string
	// placeWords holds every folded word of a place phrase.
	placeWords map[string]bool
)

type nearKey struct {
	n, at int
	word  string
}

func loadNear() {
	loadPlacePhrases()
	nearOnce.Do(func() {
		nearIdx, placeWords = map[nearKey][]string{}, map[string]bool{}
		for k := range placePhrases {
			ws := strings.Fields(k)
			for i, w := range ws {
				key := nearKey{len(ws), i, w}
				nearIdx[key] = append(nearIdx[key], k)
				placeWords[w] = true
			}
		}
		for _, ks := range nearIdx {
			slices.Sort(ks) // the same name named whatever the map's order
		}
	})
}

// nearPlace returns a part of an address (between commas) that is one
// letter away in one word (two words of a name of three or more) from the
// name of a unit, district or province the lists hold, with or without its
// kind, and is no such name itself ("Bờ Rịa - Vũng Tàu" for "Bà Rịa - Vũng
// Tàu", "Quộn Tôn Bình" for "Quận Tân Bình"), as "read → name"; "" when
// there is none. A part with a digit is skipped: numbers are the house's
// and the units' own.
func nearPlace(s string) string {
	loadNear()
	var parts []string
	for _, part := range strings.Split(s, ",") {
		parts = append(parts, part)
		if pieces := strings.Split(part, " - "); len(pieces) > 1 {
			parts = append(parts, pieces...) // "Khu phố 8 - Phường 28 - Quận …"
		}
	}
	for _, part := range parts {
		ws := coreWords(part)
		if len(ws) < 2 || len(ws) > 4 || hasDigit(ws) {
			continue
		}
		k := foldWords(ws)
		if _, known := placePhrases[k]; known {
			continue
		}
		if name := nearName(strings.Fields(k)); name != "" {
			return strings.Join(ws, " ") + " → " + name
		}
	}
	return ""
}

// nearName returns the spelling of a place phrase of as many words as fw
// (folded) that differs from it by one letter in one word (in two words
// when it has three or more), or "".
func nearName(fw []string) string {
	most := 1
	if len(fw) >= 3 {
		most = 2
	}
	for at, w := range fw {
		for _, cand := range nearIdx[nearKey{len(fw), at, w}] {
			cw := strings.Fields(cand)
			diff := 0
			for j := range cw {
				if cw[j] == fw[j] {
					continue
				}
				if len(fw[j]) < 2 || EditDistance(cw[j], fw[j], 1) != 1 {
					diff = most + 1
					break
				}
				diff++
			}
			if diff >= 1 && diff <= most && placePhrases[cand] != "" {
				return placePhrases[cand]
			}
		}
	}
	return ""
}

func hasDigit(ws []string) bool {
	for _, w := range ws {
		if strings.ContainsAny(w, "0123456789") {
			return true
		}
	}
	return false
}

// kindMisread returns a word of an address one letter from "Quận",
// "Huyện" or "Phường" (folded), starting with the same letter, that no
// place name of the lists holds ("Quộn 4", "Quộn Tôn Bình"), or "". Such a
// word leaves its unit unread while the rest of the address may resolve.
func kindMisread(s string) string {
	loadNear()
	for _, w := range coreWords(s) {
		f := fold(w)
		if len(f) < 4 || placeWords[f] {
			continue
		}
		for _, k := range []string{"quan", "huyen", "phuong"} {
			if f != k && f[0] == k[0] && EditDistance(f, k, 1) == 1 {
				return w
			}
		}
	}
	return ""
}
