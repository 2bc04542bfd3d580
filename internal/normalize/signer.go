package normalize

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// sigToken is a word of the signer's line, or a separator between parts.
type sigToken struct {
	text string // as read (NFC)
	key  string // folded
	sep  bool
}

// titleSeq is a title's folded words, for matching at word level.
type titleSeq struct {
	canon string
	text  string // the variant as spelled in data/titles.txt
	words []string
}

var (
	titleSeqOnce sync.Once
	titleSeqs    []titleSeq      // longest first
	titleWords   map[string]bool // folded words of every title
	noiseSeqs    [][]string      // data/signer-noise.txt, longest first
)

// loadTitleSeqs turns every title and variant into a word sequence.
func loadTitleSeqs() {
	loadVocab()
	titleSeqOnce.Do(func() {
		for _, c := range titles.canon {
			for _, v := range titles.all[c] {
				if ws := words(fold(v)); len(ws) > 0 {
					titleSeqs = append(titleSeqs, titleSeq{c, NFC(v), ws})
				}
			}
		}
		sort.SliceStable(titleSeqs, func(i, j int) bool { return len(titleSeqs[i].words) > len(titleSeqs[j].words) })
		titleWords = map[string]bool{}
		for _, ts := range titleSeqs {
			for _, w := range ts.words {
				titleWords[w] = true
			}
		}
		for _, r := range dataLines(signerNoiseTXT) {
			if ws := words(fold(NFC(r[0]))); len(ws) > 0 {
				noiseSeqs = append(noiseSeqs, ws)
			}
		}
		sort.SliceStable(noiseSeqs, func(i, j int) bool { return len(noiseSeqs[i]) > len(noiseSeqs[j]) })
	})
}

// officeWords start the name of an office that may follow a title
// ("Phó Chủ tịch UBND phường Bến Nghé"): not part of the signer's name.
var officeWords = map[string]bool{"ubnd": true, "uy": true, "phuong": true, "xa": true, "quan": true, "huyen": true, "thi": true, "so": true, "phong": true, "tp": true, "thanh": true}

// partEnd returns the index of the separator that ends the part of the
// line holding token i, or len(toks).
func partEnd(toks []sigToken, i int) int {
	for i < len(toks) && !toks[i].sep {
		i++
	}
	return i
}

// capitalName reports whether toks, up to the next separator, are two or
// more words in capitals that name no office: a name as registers print
// it.
func capitalName(toks []sigToken) bool {
	n := 0
	for _, t := range toks {
		if t.sep {
			break
		}
		if officeWords[t.key] || t.text != strings.ToUpper(t.text) || !strings.ContainsFunc(t.text, unicode.IsLetter) {
			return false
		}
		n++
	}
	return n >= 2
}

// onlyPart reports whether the title at toks[start:end] and what follows
// it up to the next separator are the only words of the line. A token
// with no letter ("0", a speck read as a digit) is no word.
func onlyPart(toks []sigToken, start, end int) bool {
	word := func(t sigToken) bool { return !t.sep && strings.ContainsFunc(t.text, unicode.IsLetter) }
	return !slices.ContainsFunc(toks[:start], word) && !slices.ContainsFunc(toks[partEnd(toks, end):], word)
}

// upper reports whether every word of toks is in capitals.
func upper(toks []sigToken) bool {
	for _, t := range toks {
		if !t.sep && t.text != strings.ToUpper(t.text) {
			return false
		}
	}
	return true
}

// Signer splits the signer's line ("Họ tên, chức vụ, người ký") into the
// signer's name and title. They come in either order, separated by " - ",
// ",", parentheses or nothing; titles come from data/titles.txt. The title
// is returned as printed (with the vocabulary's diacritics), an office named
// after it included. When no title is found, the whole line is the name.
func Signer(raw string) (name, title string) {
	loadTitleSeqs()
	toks := dropNoise(signerTokens(clean(raw)))
	// Word tokens only, with their positions, for title matching.
	var wi []int
	for i, t := range toks {
		if !t.sep {
			wi = append(wi, i)
		}
	}
	start, end, canon, text := -1, -1, "", ""
	for p := 0; p < len(wi) && canon == ""; p++ {
		atStart := p == 0 || toks[wi[p]-1].sep
		for _, ts := range titleSeqs {
			e := p + len(ts.words) // word position after the title
			if e > len(wi) || !seqAt(toks, wi, p, ts.words) {
				continue
			}
			last := wi[e-1] + 1 // token after the title
			atEnd := last == len(toks) || toks[last].sep
			// A title followed by its office ends its part: "NGUYỄN HỒNG
			// NGÀ Phó Chủ tịch UBND phường".
			endsLine := e == len(wi) || !atEnd && officeWords[toks[last].key] && partEnd(toks, last) == len(toks)
			abbr := len(ts.words) == 1 && len(ts.words[0]) <= 3
			// A title fills a part of the line, or (when it cannot be a
			// name word like a short abbreviation can) starts a part or
			// ends the line: "Chủ tịch Nguyễn Văn A", "Nguyễn Văn A Chủ tịch".
			if !(atStart && atEnd) && (abbr || !(atStart || endsLine)) {
				continue
			}
			start, end, canon, text = wi[p], wi[p+len(ts.words)-1]+1, ts.canon, ts.text
			break
		}
	}
	if canon == "" {
		return Name(joinTokens(toks)), ""
	}
	// After the title, an office up to the next separator is not the name,
	// unless the line holds no other words and the part ends in a name in
	// capitals after words that are not ("Phó Chủ tịch UBND phường PHẠM MỸ
	// DUYÊN").
	rest := end
	if rest < len(toks) && !toks[rest].sep && officeWords[toks[rest].key] {
		for rest < len(toks) && !toks[rest].sep {
			if onlyPart(toks, start, end) && !upper(toks[start:rest]) && capitalName(toks[rest:]) {
				break
			}
			rest++
		}
	}
	var keep []sigToken
	keep = append(keep, toks[:start]...)
	keep = append(keep, sigToken{sep: true})
	keep = append(keep, toks[rest:]...)
	// The title stands as the register prints it (an extract reproduces
	// the register's text): the vocabulary's spelling of the words matched,
	// which mends OCR's lost diacritics, then the office as read.
	var printed []string
	for _, t := range toks[start:end] {
		if !t.sep {
			printed = append(printed, t.text)
		}
	}
	text = printedCase(text, printed)
	if office := joinTokens(toks[end:rest]); office != "" {
		text += " " + office
	}
	return Name(joinTokens(keep)), text
}

// printedCase gives the words of a title in the vocabulary's spelling the
// capital letters the page printed them with ("Công chức Tư pháp - Hộ
// tịch" stays so, though the list spells "tư pháp - hộ tịch"): a word takes
// the printed word's first-letter case when the two are the same word (OCR
// may have lost the diacritics, which the vocabulary mends). Words printed
// in capitals keep the vocabulary's case, as names do.
func printedCase(text string, printed []string) string {
	ws := strings.Split(text, " ")
	k := 0
	for i, w := range ws {
		if !strings.ContainsFunc(w, unicode.IsLetter) {
			continue
		}
		if k >= len(printed) {
			break
		}
		p := printed[k]
		k++
		if p == w || fold(p) != fold(w) || p == strings.ToUpper(p) {
			continue
		}
		r, size := utf8.DecodeRuneInString(w)
		if pr, _ := utf8.DecodeRuneInString(p); unicode.IsUpper(pr) {
			r = unicode.ToUpper(r)
		} else {
			r = unicode.ToLower(r)
		}
		ws[i] = string(r) + w[size:]
	}
	return NFC(strings.Join(ws, " "))
}

// dropNoise turns the phrases of data/signer-noise.txt into separators.
func dropNoise(toks []sigToken) []sigToken {
	for i := 0; i < len(toks); i++ {
		if toks[i].sep {
			continue
		}
	seqs:
		for _, ns := range noiseSeqs {
			j, k := i, 0
			for ; k < len(ns) && j < len(toks); j++ {
				if toks[j].sep {
					continue
				}
				if toks[j].key != ns[k] {
					continue seqs
				}
				k++
			}
			if k == len(ns) {
				for x := i; x < j; x++ {
					toks[x] = sigToken{sep: true}
				}
				i = j - 1
				break
			}
		}
	}
	return toks
}

// seqAt reports whether the words from word position p spell ws.
func seqAt(toks []sigToken, wi []int, p int, ws []string) bool {
	for k, w := range ws {
		if toks[wi[p+k]].key != w {
			return false
		}
	}
	return true
}

// signerTokens splits a cleaned line into words and separators; a hyphen
// between spaces, a comma, a semicolon, a slash and parentheses separate.
func signerTokens(s string) []sigToken {
	var toks []sigToken
	for _, f := range strings.Fields(s) {
		cur := strings.Builder{}
		flush := func() {
			if cur.Len() > 0 {
				w := cur.String()
				toks = append(toks, sigToken{text: w, key: fold(w)})
				cur.Reset()
			}
		}
		rs := []rune(f)
		for i, r := range rs {
			switch {
			case r == ',' || r == ';' || r == '(' || r == ')' || r == '/' || r == '–' || r == '—' || r == '[' || r == ']':
				flush()
				toks = append(toks, sigToken{sep: true})
			case r == '-' && (i == 0 || i == len(rs)-1):
				flush()
				toks = append(toks, sigToken{sep: true})
			case r == '.' || r == ':':
				// "KT." and "TM." end with a dot: a word boundary.
				flush()
			case r == '-':
				// "TP-HT": inside a word, split it for title matching.
				flush()
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '\'' || r == '’':
				cur.WriteRune(r)
			default:
				flush()
			}
		}
		flush()
	}
	return toks
}

// joinTokens writes the words back with single spaces.
func joinTokens(toks []sigToken) string {
	var ws []string
	for _, t := range toks {
		if !t.sep {
			ws = append(ws, t.text)
		}
	}
	return strings.Join(ws, " ")
}

// titlesOn returns the titles of data/titles.txt on a line, longest
// first, none overlapping another: one for a signer's line, two where a
// caption that is also a title ran into it.
func titlesOn(raw string) []titleSeq {
	loadTitleSeqs()
	toks := dropNoise(signerTokens(clean(raw)))
	var wi []int
	for i, t := range toks {
		if !t.sep {
			wi = append(wi, i)
		}
	}
	var out []titleSeq
	for p := 0; p < len(wi); {
		step := 1
		for _, ts := range titleSeqs {
			if p+len(ts.words) <= len(wi) && seqAt(toks, wi, p, ts.words) {
				out, step = append(out, ts), len(ts.words)
				break
			}
		}
		p += step
	}
	return out
}

// OfficeWithoutUnit reports a title whose office ends at the committee,
// "UBND" or "Ủy ban nhân dân", with no unit after it ("Chủ tịch UBND" where
// the page may go on with "xã" or "phường" at the line's end or under
// it). Registers print it so too: alone it is no doubt.
func OfficeWithoutUnit(title string) bool {
	f := strings.Join(words(fold(title)), " ")
	return strings.HasSuffix(f, " ubnd") || strings.HasSuffix(f, " uy ban nhan dan")
}
