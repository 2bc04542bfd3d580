package normalize

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// placeKinds are the words that start a unit's name and may be left out
// ("Huyện Củ Chi", "H. Củ Chi").
var placeKinds = []string{"Thành phố ", "Thị trấn ", "Thị xã ", "Đặc khu ", "Phường ", "Xã ", "Quận ", "Huyện ", "Tỉnh "}

var (
	placePhraseOnce sync.Once
	placePhrases    map[string]string // folded words joined by spaces → spelling; "" when two spellings fold alike
	placePhraseMax  int               // words in the longest phrase
	// placeBare holds the phrases that are only known as a unit's name
	// without its kind ("Thắng Tam" of "Phường Thắng Tam"): they are
	// mended only where a unit's name stands, after its kind or at the
	// start of a part of the address, not inside a street's name
	// ("đường Cách Mạng Tháng Tám").
	placeBare map[string]bool
)

// loadPlacePhrases gathers the spellings of every unit, district and
// province name of the data, with and without its kind, and the phrases of
// data/place-phrases.txt.
func loadPlacePhrases() {
	loadVocab()
	placePhraseOnce.Do(func() {
		placePhrases, placeBare = map[string]string{}, map[string]bool{}
		add := func(s string, free bool) {
			s = NFC(strings.TrimSpace(s))
			for i, name := range []string{s, stripKind(s)} {
				ws := coreWords(name)
				if len(ws) < 2 {
					continue
				}
				k := foldWords(ws)
				if old, seen := placePhrases[k]; !seen {
					placePhrases[k] = strings.Join(ws, " ")
					placeBare[k] = true
				} else if !sameSpelling(old, strings.Join(ws, " ")) {
					placePhrases[k] = ""
				}
				if free || i == 0 && name != stripKind(name) {
					placeBare[k] = false // a phrase, or a name with its kind
				}
				placePhraseMax = max(placePhraseMax, len(ws))
			}
		}
		for _, u := range Units() {
			for _, s := range []string{u.NewName, u.OldName, u.OldDistrict, u.OldProvince} {
				add(s, false)
			}
		}
		for _, r := range dataLines(districtsTSV) {
			if len(r) > 1 {
				add(r[1], false)
			}
		}
		for _, name := range provinceName {
			// With its kind too: the list gives "Hà Nam", a page
			// "Tỉnh Hà Nam" ("Tinh Hà Nam" read from a G4 page).
			for _, kind := range []string{"", "Tỉnh ", "Thành phố "} {
				add(kind+name, false)
			}
		}
		for _, r := range dataLines(placePhrasesTXT) {
			add(r[0], true)
			// Misreadings that differ from the phrase by more than an
			// accent, given after it.
			for _, v := range r[1:] {
				if ws := coreWords(NFC(v)); len(ws) >= 2 {
					placePhrases[foldWords(ws)] = NFC(strings.TrimSpace(r[0]))
				}
			}
		}
	})
}

// stripKind returns a unit's name without the kind it starts with.
func stripKind(s string) string {
	for _, k := range placeKinds {
		if len(s) > len(k) && strings.EqualFold(s[:len(k)], k) {
			return s[len(k):]
		}
	}
	return s
}

// coreWords returns the words of s that hold a letter or digit, without
// the punctuation around them.
func coreWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if c := core(w); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// core returns w without leading and trailing characters that are neither
// letters nor digits.
func core(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
}

func foldWords(ws []string) string {
	f := make([]string, len(ws))
	for i, w := range ws {
		f[i] = fold(w)
	}
	return strings.Join(f, " ")
}

// sameSpelling reports whether a and b are the same letters with the same
// tone marks, whatever the case and wherever each word puts its tone mark
// ("Hoà" and "Hòa" are both correct).
func sameSpelling(a, b string) bool {
	split := func(s string) (string, string) {
		var base, tones strings.Builder
		for _, r := range norm.NFD.String(strings.ToLower(s)) {
			if isToneMark(r) {
				tones.WriteRune(r)
			} else {
				base.WriteRune(r)
			}
		}
		return base.String(), tones.String()
	}
	ab, at := split(a)
	bb, bt := split(b)
	return ab == bb && at == bt
}

// repairPlace gives the unit, district and province names of an address,
// and the phrases around them, the spelling of the data where OCR read
// the same letters with other accents ("Huyện Củ Chỉ" becomes "Huyện Củ
// Chi"). Runs of two words or more are matched, longest first, case and
// punctuation kept as read; a number glued to its word is set apart; the
// commas of an address written with commas are put back (mendSeparators).
// It returns the text, the words whose spelling it changed, the commas
// it put back, and the names it could not mend because they stand where a
// unit's name does not start ("Bệnh viện Bà Ria": a name only known bare
// is never mended inside another's, as "Thắng Tam" in "Cách Mạng Tháng
// Tám"), as "read → listed".
func repairPlace(s string) (string, []string, []string, []string) {
	loadPlacePhrases()
	// A comma read with a full stop before it (".,") is a comma; a
	// fraction or division slash in a house number ("13⁄1") is a slash.
	s = strings.NewReplacer(".,", ",", "⁄", "/", "∕", "/").Replace(s)
	ws := strings.Fields(s)
	var changed []string
	if w, ok := houseNumberWord(ws); ok {
		changed = append(changed, ws[0]+" → "+w)
		ws[0] = w
	}
	ws = unglue(splitCommas(ws))
	ws, joined := joinSplitWords(ws)
	changed = append(changed, joined...)
	changed = append(changed, mendNumbers(ws)...)
	var refused []string
	changed = append(changed, mendPhrases(ws, placePhrases, placePhraseMax, func(k string, i int) bool {
		if !placeBare[k] || unitStart(ws, i) {
			return true
		}
		if read, ok := runAt(ws, i, len(strings.Fields(k))); ok && !sameSpelling(read, placePhrases[k]) {
			refused = append(refused, read+" → "+placePhrases[k])
		}
		return false
	})...)
	// A word the phrases mended may be one a number follows ("Thành phể
	// l" is "Thành phố 1").
	changed = append(changed, mendNumbers(ws)...)
	ws, seps := mendSeparators(ws)
	return strings.Join(ws, " "), changed, seps, refused
}

// runAt returns the n words with letters or digits from ws[i] on, as
// read without their punctuation, and whether they stand in one part of
// the address: no comma, semicolon or dash between them.
func runAt(ws []string, i, n int) (string, bool) {
	var out []string
	for _, w := range ws[i:] {
		c := core(w)
		if c == "" {
			return "", false // a dash alone
		}
		out = append(out, c)
		if len(out) == n {
			return strings.Join(out, " "), true
		}
		if strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, "-") {
			return "", false
		}
	}
	return "", false
}

// mendNumbers reads as numbers the words after a word a small number
// follows, and after an abbreviated unit, where OCR read a digit as a
// letter (oneDigits). It returns what it changed.
func mendNumbers(ws []string) []string {
	var changed []string
	for i := range ws {
		var w string
		var ok bool
		switch {
		case i > 0 && slices.Contains(numberedKeys, fold(core(ws[i-1]))):
			w, ok = oneDigits(ws[i])
		case len(ws[i]) > 2 && ws[i][1] == '.' && strings.Contains("PpQq", ws[i][:1]):
			// "P.ló", "Q.§": the number of an abbreviated unit.
			w, ok = oneDigits(ws[i][2:])
			w = ws[i][:2] + w
		}
		if ok {
			changed = append(changed, ws[i]+" → "+w)
			ws[i] = w
		}
	}
	return changed
}

// unitKinds are the folded words and abbreviations that stand before a
// unit's name in an address.
var unitKinds = []string{"phuong", "xa", "quan", "huyen", "tinh", "pho", "tran", "khu", "p", "x", "q", "h", "tp", "tx", "tt"}

// unitStart reports whether a unit's name may start at ws[i]: first in the
// address, after a comma or dash, or after a unit's kind ("Phường",
// "Thành phố", "Q.").
func unitStart(ws []string, i int) bool {
	if i == 0 {
		return true
	}
	prev := ws[i-1]
	if strings.HasSuffix(prev, ",") || strings.HasSuffix(prev, "-") || strings.HasSuffix(prev, "–") ||
		strings.HasPrefix(ws[i], ",") || strings.HasPrefix(ws[i], "-") {
		return true
	}
	return slices.Contains(unitKinds, fold(core(prev)))
}

// numberedKeys are the folded words of an address whose number is
// usually small, and where a "1" is often read as a letter.
var numberedKeys = []string{"to", "ap", "pho", "phuong", "quan"}

// houseNumberWord mends the word "Số" that opens an address before a house
// number when OCR read its S as "$" ("$ố211", "$%ố 275") or its ô as ê
// ("Sế 60"): no other word stands there.
func houseNumberWord(ws []string) (string, bool) {
	if len(ws) == 0 {
		return "", false
	}
	w := ws[0]
	rest := strings.TrimLeft(w, "$%")
	if len(rest) < len(w) && (strings.HasPrefix(rest, "ố") || strings.HasPrefix(rest, "ô")) {
		return "S" + rest, true
	}
	if (w == "Sế" || w == "Sồ" || w == "Sổ") && len(ws) > 1 && ws[1][0] >= '0' && ws[1][0] <= '9' {
		return "Số", true
	}
	return "", false
}

// oneDigits reads a word of one to three characters that can only be a
// number with its 1s read as "I", "l", "Ï", "Í", "|" or "]" ("I1", "Ï",
// "l3"), its 6 as "ó" or its 8 as "§", with a comma or full stop after it
// kept. A word that is not all such marks and digits, or that has no mark
// to mend, is left.
func oneDigits(w string) (string, bool) {
	body := strings.TrimRight(w, ",.;")
	rs := []rune(body)
	if len(rs) == 0 || len(rs) > 3 {
		return "", false
	}
	fixed := false
	for i, r := range rs {
		switch {
		case r >= '0' && r <= '9':
		case strings.ContainsRune("IlÏÍ|]", r):
			rs[i], fixed = '1', true
		case r == 'ó':
			rs[i], fixed = '6', true
		case r == '§':
			rs[i], fixed = '8', true
		default:
			return "", false
		}
	}
	if !fixed {
		return "", false
	}
	return string(rs) + w[len(body):], true
}

// mendPhrases gives the runs of two words or more of ws that phrases knows
// (folded words joined by spaces → spelling) the spelling it gives, where
// they differ only in their accents, longest runs first, case and
// punctuation kept as read. allow, if set, says whether the phrase k may
// be mended where it starts at ws[i]. It returns the words it changed.
func mendPhrases(ws []string, phrases map[string]string, longest int, allow func(k string, i int) bool) []string {
	var idx []int // positions in ws of the words with letters or digits
	for i, w := range ws {
		if core(w) != "" {
			idx = append(idx, i)
		}
	}
	var changed []string
	for p := 0; p < len(idx); {
		n := min(longest, len(idx)-p)
		for ; n >= 2; n-- {
			cores := make([]string, n)
			for j := range n {
				cores[j] = core(ws[idx[p+j]])
			}
			k := foldWords(cores)
			spell := phrases[k]
			if spell == "" || allow != nil && !allow(k, idx[p]) {
				continue
			}
			for j, want := range strings.Fields(spell) {
				got := cores[j]
				if sameSpelling(got, want) {
					continue
				}
				switch {
				case got == strings.ToUpper(got):
					want = strings.ToUpper(want)
				case got == strings.ToLower(got):
					want = strings.ToLower(want)
				}
				w := ws[idx[p+j]]
				ws[idx[p+j]] = strings.Replace(w, got, want, 1)
				changed = append(changed, got+" → "+want)
			}
			// A full stop inside a name the list knows is a speck
			// ("Xô Viết Nghệ. Tĩnh"); an abbreviation's is kept ("TP.
			// Hồ Chí Minh", "Q. 1").
			for j := range n - 1 {
				w := ws[idx[p+j]]
				if c := cores[j]; w == c+"." && c != strings.ToUpper(c) && !slices.Contains(unitKinds, fold(c)) {
					ws[idx[p+j]] = c
					changed = append(changed, w+" → "+c)
				}
			}
			break
		}
		p += max(n, 1)
	}
	return changed
}

// splitKeys are the words of an address that OCR splits in two at a
// wide letter ("đư ờng", "Phư ờng", "Qu ận"): neither half is a word
// there.
var splitKeys = []string{"đường", "phường", "quận", "huyện", "tỉnh", "thành", "phố", "khu", "ấp", "xã"}

// joinSplitWords joins two words that make one of splitKeys when the
// second starts with a vowel or one of them can be no syllable: "đư
// ờng" is "đường". It returns the words and what it joined.
func joinSplitWords(ws []string) ([]string, []string) {
	var changed []string
	out := ws[:0:0]
	for i := 0; i < len(ws); i++ {
		if i+1 < len(ws) && core(ws[i]) == ws[i] {
			a, b := ws[i], ws[i+1]
			second := strings.TrimRight(b, ",.;")
			r, _ := utf8.DecodeRuneInString(fold(second))
			if second != "" && core(second) == second && slices.Contains(splitKeys, NFC(strings.ToLower(a+second))) &&
				(strings.ContainsRune("aeiouy", r) || !vietWord(a) || !vietWord(second)) {
				out = append(out, a+b)
				changed = append(changed, a+" "+b+" → "+a+b)
				i++
				continue
			}
		}
		out = append(out, ws[i])
	}
	return out, changed
}

// gluedKeys are the folded words of an address that a number follows
// ("Số 14", "Tổ 3", "Khu phố 2").
var gluedKeys = []string{"so", "to", "ap", "pho", "phuong", "quan", "huyen", "xa", "khu", "hem", "kiet", "ngo", "lo"}

// unglue puts back the space OCR lost between such a word and its number
// ("Tổ20" becomes "Tổ 20"); abbreviations with a dot ("P.15") are left as
// they are.
func unglue(ws []string) []string {
	out := ws[:0:0]
	for _, w := range ws {
		i := strings.IndexFunc(w, unicode.IsDigit)
		if i > 0 && slices.Contains(gluedKeys, fold(strings.TrimLeftFunc(w[:i], func(r rune) bool { return !unicode.IsLetter(r) }))) {
			out = append(out, w[:i], w[i:])
			continue
		}
		out = append(out, w)
	}
	return out
}

// partKinds are the words that open a part of an address, lower case
// with their accents ("Tô Ký" and "Lạc Long Quân" are streets, not "Tổ"
// and "Quận"): "Phường", "P.", "Thành phố", "Khu phố", "Tổ", with the
// second word of a kind of two.
var partKinds = map[string]string{
	"phường": "", "xã": "", "quận": "", "huyện": "", "tỉnh": "", "ấp": "", "tổ": "",
	"thành": "phố", "khu": "phố", "thị": "", "p.": "", "q.": "", "tp.": "", "tp": "", "tt.": "", "tx.": "",
}

// opensPart reports whether a part of an address starts at ws[i]: a kind
// of unit followed by its name or number ("Phường Sơn Kỳ", "Tổ 12",
// "P.7", "Thành phố Thủ Đức"), not a street named after one ("đường Ấp
// Bắc", "Tỉnh lộ 10").
func opensPart(ws []string, i int) bool {
	w := NFC(strings.ToLower(strings.TrimRight(ws[i], ",")))
	f := w
	if j := strings.IndexByte(f, '.'); j > 0 && j < len(f)-1 {
		f = f[:j+1] // "p.7", "q.10"
	} else if !strings.HasSuffix(f, ".") {
		f = strings.ToLower(core(w))
	}
	second, ok := partKinds[f]
	if !ok || i+1 >= len(ws) && !strings.Contains(ws[i], ".") {
		return false
	}
	next := ""
	if i+1 < len(ws) {
		next = strings.ToLower(core(ws[i+1]))
	}
	if second != "" && next != second || f == "thị" && next != "trấn" && next != "xã" {
		return false
	}
	if i+1 < len(ws) && slices.Contains([]string{"lo", "bac", "nam", "dong"}, fold(core(ws[i+1]))) && f != "p." && f != "q." {
		return false // Tỉnh lộ, Ấp Bắc, Ấp Đông: street names
	}
	// The kind's name starts with a capital or a digit.
	name := ""
	if j := strings.IndexByte(ws[i], '.'); j > 0 && j < len(ws[i])-1 {
		name = ws[i][j+1:]
	} else {
		k := i + 1 + len(strings.Fields(second))
		if f == "thị" {
			k = i + 2 // "Thị trấn Long Hải", "Thị xã Dĩ An"
		}
		if k < len(ws) {
			name = ws[k]
		}
	}
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// ownsUnit are the last words of the names of bodies named after their
// unit ("Bệnh viện Quận 1", "Trạm Y tế phường 16", "Công an xã Bình
// Mỹ", "UBND phường 5"): no comma goes between them.
var ownsUnit = []string{"vien", "te", "an", "ubnd", "dan", "truong", "tam"}

// bodies are the first words of the names of hospitals, clinics and
// offices.
var bodies = []string{"benh", "bv", "tram", "trung", "nha", "cong", "ubnd", "uy", "khoa", "phong"}

// mendSeparators puts back the commas of an address written with commas
// where OCR lost one or read it as a full stop: before a part that follows
// a number or a name with nothing between ("Khu phố 6 Phường Sơn Kỳ",
// "Tổ 14. Ấp 7"); a low quote and a comma glued to the next part were set
// right before (splitCommas). An address with no comma, or written with
// dashes, is left as read: its parts may be set apart by spaces alone.
// It returns the words and what it changed.
func mendSeparators(out []string) ([]string, []string) {
	commas, dashes := 0, 0
	for _, w := range out {
		if strings.HasSuffix(w, ",") {
			commas++
		}
		if w == "-" || w == "–" {
			dashes++
		}
	}
	if commas == 0 || dashes > 0 {
		return out, nil
	}
	// A body's own name may hold a unit ("Bệnh viện Đa khoa tỉnh Bình
	// Dương"): in an address that starts with one, nothing is mended
	// before its first comma.
	start := 1
	if slices.Contains(bodies, fold(core(out[0]))) {
		for start < len(out) && !strings.HasSuffix(out[start-1], ",") {
			start++
		}
	}
	var changed []string
	for i := start; i < len(out); i++ {
		prev := out[i-1]
		if strings.HasSuffix(prev, ",") || !opensPart(out, i) {
			continue
		}
		body := strings.TrimRight(prev, ".")
		if body == "" || opensPart(out, i-1) {
			continue // "Huyện. Củ Chi" is a kind, not the end of a part
		}
		last := []rune(body)[len([]rune(body))-1]
		letters := strings.ContainsFunc(body, unicode.IsLetter)
		abbrev := body != prev && letters && (body == strings.ToUpper(body) || slices.Contains(unitKinds, fold(body)))
		if abbrev || !(unicode.IsDigit(last) || unicode.IsLetter(last)) {
			continue // "TP. Hồ Chí Minh": the dot is the abbreviation's
		}
		if body == prev && slices.Contains(ownsUnit, fold(body)) {
			continue // "Bệnh viện Quận 1", "Trạm Y tế phường 16"
		}
		out[i-1] = body + ","
		changed = append(changed, prev+" "+out[i]+" → "+out[i-1]+" "+out[i])
	}
	return out, changed
}

// splitCommas reads a low quote as a comma and sets apart a word glued to
// the comma before it ("4,P." is two words; "1,5", a number, is one).
func splitCommas(ws []string) []string {
	var out []string
	for _, w := range ws {
		w = strings.ReplaceAll(w, "„", ",")
		start := 0
		for i := start + 1; i < len(w)-1; i++ {
			if r, _ := utf8.DecodeRuneInString(w[i+1:]); w[i] == ',' && i > start && unicode.IsLetter(r) {
				out = append(out, w[start:i+1])
				start = i + 1
			}
		}
		out = append(out, w[start:])
	}
	return out
}
