package normalize

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// dotlessKinds are the abbreviated kinds of unit that are written with a
// full stop ("P. Tân Định", "Q.10", "X. Thạnh An"); OCR drops the stop.
var dotlessKinds = []string{"P", "Q", "X", "H", "TX", "TT"}

// placeDoubts returns what in an address, as the repairs left it, looks
// like punctuation OCR lost rather than the way it was written: an
// abbreviated kind without its full stop ("P6", "Q 11", "X Thạnh An",
// "TPHCM"), two words or a word and a number run together ("ChíMinh",
// "Khuphố8"), and, in an address whose parts are set apart by commas or
// dashes, a part that follows the one before with nothing or a full stop
// between ("Xã Phước Vĩnh An Huyện Củ Chi", "Quận 3. TP.HCM"). Each is
// one short note; none means nothing looks lost.
//
// On the calibration pages (992 pages, 2,500 places), each of these was
// a misreading every time it was found in a reading and never in what the
// page said. A page that does write "P6" or "TPHCM" goes to a person, who
// confirms it: the reading cannot tell that from a lost stop.
func placeDoubts(s string) []string {
	ws := strings.Fields(s)
	var out []string
	separated := strings.Contains(s, ",") || slices.Contains(ws, "-") || slices.Contains(ws, "–")
	start := 1
	if len(ws) > 0 && slices.Contains(bodies, fold(core(ws[0]))) {
		// "Bệnh viện Đại học Y Dược Thành phố Hồ Chí Minh": a body's
		// own name may hold a unit, up to its first comma.
		for start < len(ws) && !strings.HasSuffix(ws[start-1], ",") {
			start++
		}
	}
	for i, w := range ws {
		c := strings.TrimRight(w, ",;")
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch {
		case slices.Contains(dotlessKinds, c) && startsUpperOrDigit(next),
			dotlessNumber(c),
			c == "TPHCM" || c == "TpHCM" || c == "TP" && strings.TrimRight(next, ",;.") == "HCM":
			out = append(out, "“"+c+"” thiếu dấu chấm")
		case runTogether(c):
			out = append(out, "“"+c+"” dính liền")
		case separated && i >= start && lostSeparator(ws, i),
			!separated && i > 0 && lostSeparator(ws, i) && partBefore(ws, i),
			i > 0 && stopAfterNumber(ws, i):
			out = append(out, "thiếu dấu phân cách trước “"+w+"”")
		case namelessKind(ws, i):
			out = append(out, "“"+w+"” thiếu tên hoặc số")
		case strings.HasSuffix(w, ".") && slices.Contains(fullKinds, strings.ToLower(strings.TrimSuffix(w, "."))) && startsUpperOrDigit(next):
			out = append(out, "“"+w+"” thừa dấu chấm")
		}
	}
	if n := slashLost(ws); n != "" {
		out = append(out, "số nhà “"+n+"” thiếu dấu “/”")
	}
	if w := phraseSlip(ws); w != "" {
		out = append(out, "“"+w+"”: chữ a có thể đọc thành o")
	}
	if w := bodyAbbrev(ws, start); w != "" {
		out = append(out, "thiếu dấu phân cách trước “"+w+"”")
	}
	if name := dashless(ws); name != "" {
		out = append(out, "“"+name+"” thiếu dấu gạch")
	}
	if name := unknownProvince(ws); name != "" {
		out = append(out, "tỉnh “"+name+"” không có trong danh mục")
	}
	if name := cutCity(ws); name != "" {
		out = append(out, "tên thành phố “"+name+"” thiếu chữ")
	}
	if part := bareNumber(s); part != "" {
		out = append(out, "“"+part+"” thiếu tên đơn vị")
	}
	if part := stopForComma(ws, 1); !separated && part != "" {
		out = append(out, "dấu chấm thay dấu phẩy trước “"+part+"”")
	}
	return out
}

// unknownProvince returns the name after "Tỉnh" when it is no province of
// the list ("Tỉnh Bà Rịa - Tàu": a word of the name lost), or "".
func unknownProvince(ws []string) string {
	loadVocab()
	for i, w := range ws {
		if fold(core(w)) != "tinh" || strings.HasSuffix(w, ",") || !opensPart(ws, i) {
			continue
		}
		var name []string
		for _, n := range ws[i+1:] {
			name = append(name, strings.TrimRight(n, ",;."))
			if strings.HasSuffix(n, ",") || strings.HasSuffix(n, ";") {
				break
			}
		}
		text := strings.Join(name, " ")
		if _, ok := provinces.keys[matchKey(text)]; !ok && text != "" {
			return text
		}
	}
	return ""
}

// cutCity returns the name after "Thành phố" or "TP." when it is the start
// of a province's name but not all of it ("Thành phố Hồ Chí": its last
// word lost at the region's edge), or "".
func cutCity(ws []string) string {
	for i := range ws {
		k := fold(core(ws[i]))
		at := i + 1
		if k == "thanh" && i+1 < len(ws) && fold(core(ws[i+1])) == "pho" {
			at = i + 2
		} else if k != "tp" {
			continue
		}
		var name []string
		for _, n := range ws[at:] {
			name = append(name, fold(strings.TrimRight(n, ",;.")))
			if strings.HasSuffix(n, ",") || strings.HasSuffix(n, ";") {
				break
			}
		}
		text := strings.Join(name, " ")
		if text == "" || knownCity(strings.Join(ws[at:at+len(name)], " ")) {
			continue
		}
		for _, p := range provinceNames() {
			if f := fold(p); f != text && strings.HasPrefix(f, text+" ") {
				return strings.Join(ws[at:at+len(name)], " ")
			}
		}
	}
	return ""
}

// knownCity reports whether "Thành phố <name>" is a district-level city
// of data/districts.tsv: "Thành phố Bà Rịa" is a city of its own, not
// "Bà Rịa - Vũng Tàu" cut short.
func knownCity(name string) bool {
	loadVocab()
	_, k := unitKey("Thành phố " + strings.TrimRight(name, ",;."))
	return k != "" && districtNames[k] != ""
}

// bareNumber returns a part of an address, after its first, that is a
// number alone ("…, Khu phố 3, 7, 5, …": the kinds "Phường" and "Quận"
// lost), or "".
func bareNumber(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
	for _, p := range parts[min(1, len(parts)):] {
		p = strings.TrimSpace(p)
		if p != "" && strings.IndexFunc(p, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
			return p
		}
	}
	return ""
}

// stopForComma returns the first part of an address that opens after a
// word and a full stop ("Xã Tân Kiên. Huyện Bình Chánh"): an address set
// apart by spaces throughout is written so ("Ấp 3 Xã Bình Ba Huyện Châu
// Đức"), but a stop after a name is a comma misread.
func stopForComma(ws []string, start int) string {
	for i := max(start, 1); i < len(ws); i++ {
		if strings.HasSuffix(ws[i-1], ".") && lostSeparator(ws, i) {
			return ws[i]
		}
	}
	return ""
}

// namelessKind reports a kind of unit written out whose name or number
// was lost: another part opens straight after it ("Khu phố Phường 12",
// "Ấp Xã Bình Hưng").
func namelessKind(ws []string, i int) bool {
	w := strings.ToLower(ws[i])
	second, ok := partKinds[w]
	if !ok || strings.HasSuffix(w, ".") || w == "thị" {
		return false
	}
	k := i + 1 // the word after the kind
	if second != "" {
		if k >= len(ws) || strings.ToLower(strings.TrimRight(ws[k], ",")) != second {
			return false
		}
		k++
	}
	return k < len(ws) && opensPart(ws, k)
}

// fullKinds are the kinds of unit written out, which take no full stop
// ("Huyện. Củ Chi" is a misreading).
var fullKinds = []string{"phường", "xã", "quận", "huyện", "tỉnh"}

// stopAfterNumber reports a part that opens after a number and a full
// stop, inside a body's name too ("Nhà hộ sinh Quận 3. TP.HCM", "P.2.
// Q.4"): a number ends with no stop of its own.
func stopAfterNumber(ws []string, i int) bool {
	prev := ws[i-1]
	body := strings.TrimSuffix(prev, ".")
	if body == prev || body == "" {
		return false
	}
	last := []rune(body)[len([]rune(body))-1]
	return unicode.IsDigit(last) && opensPart(ws, i)
}

// dashless returns a province whose name has two parts ("Bà Rịa - Vũng
// Tàu") read without the dash between them, or "".
func dashless(ws []string) string {
	loadVocab()
	cores := make([]string, 0, len(ws))
	for _, w := range ws {
		if c := core(w); c != "" {
			cores = append(cores, fold(c))
		}
	}
	folded := " " + strings.Join(cores, " ") + " "
	for _, name := range provinceName {
		a, b, ok := strings.Cut(name, " - ")
		if !ok {
			continue
		}
		if strings.Contains(folded, " "+foldWords(strings.Fields(a+" "+b))+" ") && !strings.Contains(foldWords(ws), foldWords(strings.Fields(name))) {
			return a + " " + b
		}
	}
	return ""
}

func startsUpperOrDigit(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

// dotlessNumber reports a unit's number glued to its abbreviated kind
// without a stop: "P6", "Q11", "TX2".
func dotlessNumber(w string) bool {
	for _, k := range []string{"P", "Q", "TX"} {
		if rest, ok := strings.CutPrefix(w, k); ok && rest != "" && strings.TrimFunc(rest, unicode.IsDigit) == "" {
			return true
		}
	}
	return false
}

// runTogether reports a word that is two run together: a lower-case
// letter after another letter, then a capital and a lower-case letter
// ("ChíMinh"), or a digit ("Khuphố8"). Abbreviations ("TpHCM") and
// house numbers ("12A", "B2") are not.
func runTogether(w string) bool {
	rs := []rune(w)
	for i := 1; i+1 < len(rs); i++ {
		if !unicode.IsLetter(rs[i-1]) || !unicode.IsLower(rs[i]) {
			continue
		}
		if unicode.IsDigit(rs[i+1]) || unicode.IsUpper(rs[i+1]) && i+2 < len(rs) && unicode.IsLower(rs[i+2]) {
			return true
		}
	}
	return false
}

// lostSeparator reports whether a part of an address opens at ws[i] right
// after a number or a capitalised word with nothing between, or with a
// full stop that is not an abbreviation's ("Tân Hoà. Tỉnh").
func lostSeparator(ws []string, i int) bool {
	prev := ws[i-1]
	if strings.HasSuffix(ws[i], ",") {
		return false // a name's last word: "Xã Phước Tỉnh, …"
	}
	if strings.HasSuffix(prev, ",") || strings.HasSuffix(prev, ";") || !opensPart(ws, i) || opensPart(ws, i-1) {
		return false
	}
	body := strings.TrimRight(prev, ".")
	if body == "" || strings.ContainsAny(body, ".") || slices.Contains(unitKinds, fold(body)) || fold(body) == "ubnd" {
		return false
	}
	if body != prev && body == strings.ToUpper(body) && strings.ContainsFunc(body, unicode.IsLetter) {
		return false // "TP. Hồ Chí Minh": the stop is the abbreviation's
	}
	return startsUpperOrDigit(body)
}

// slashLost returns a house number read as two numbers, its slash lost
// ("Số 56 38 đường Võ Văn Tần" for 56/38, held-out, accepted), or "".
func slashLost(ws []string) string {
	for i := 0; i+1 < len(ws); i++ {
		if i > 0 && fold(core(ws[i-1])) != "so" {
			continue
		}
		if houseNumber(ws[i]) && houseNumber(ws[i+1]) {
			return ws[i] + " " + ws[i+1]
		}
	}
	return ""
}

// houseNumber reports whether w is a number, with a letter after it
// maybe ("53A"), and nothing else.
func houseNumber(w string) bool {
	w = strings.TrimRight(w, ",")
	n := len(w) - len(strings.TrimLeft(w, "0123456789"))
	return n > 0 && len(w)-n <= 1
}

// phraseSlip returns a word of an address no phrase of the data holds
// that, with an "o", "ô" or "ơ" of it read as the "a" or "â" of the same
// tone, makes a listed phrase with the words after it: "Hơi Bà Trưng" for
// Hai Bà Trưng (held-out, accepted; faces OCR reads every a of as o).
func phraseSlip(ws []string) string {
	loadPlacePhrases()
	for i := 0; i+1 < len(ws); i++ {
		for _, alt := range aForO(core(ws[i])) {
			win, orig := []string{alt}, []string{core(ws[i])}
			for n := i + 1; n < len(ws) && len(win) < placePhraseMax; n++ {
				win, orig = append(win, core(ws[n])), append(orig, core(ws[n]))
				k := foldWords(win)
				if _, asRead := placePhrases[foldWords(orig)]; asRead {
					break // a listed phrase as read
				}
				if spelling, listed := placePhrases[k]; listed && spelling != "" && !placeBare[k] {
					return ws[i]
				}
			}
		}
	}
	return ""
}

// bodyAbbrev returns an abbreviated unit ("TP.HCM", "TP", "Q.3") right
// after a body's name with no separator between ("Bệnh viện Từ Dũ
// TP.HCM": a comma both readings lost, held-out, accepted): a body's own
// name spells its unit out ("Bệnh viện Quận 8"). start is the first word
// after the body's name up to its comma (placeDoubts), or "".
func bodyAbbrev(ws []string, start int) string {
	if start <= 1 || start > len(ws) {
		return ""
	}
	for i := 1; i < start && i < len(ws); i++ {
		w := ws[i]
		if Separators(ws[i-1]) > 0 || !opensPart(ws, i) {
			continue
		}
		if k := fold(strings.TrimRight(core(w), ".")); strings.Contains(w, ".") || k == "tp" || k == "tx" || k == "tphcm" {
			return w
		}
	}
	return ""
}

// partBefore reports whether a unit's part opens before word i: in an
// address written without separators, a second unit right after the first
// lost the comma or dash between them ("Nhà hộ sinh Quận 3 TP Hồ Chí
// Minh", "Phường Thới Hòa Tỉnh Bình Dương", both accepted), where a body's
// name holds one unit at most ("Bệnh viện Quận 8").
func partBefore(ws []string, i int) bool {
	for j := range i {
		if opensPart(ws, j) {
			return true
		}
	}
	return false
}

// Separators counts the commas, semicolons and spaced dashes that set
// apart the parts of an address.
func Separators(s string) int {
	n := strings.Count(s, ",") + strings.Count(s, ";")
	for _, w := range strings.Fields(s) {
		if w == "-" || w == "–" || w == "—" {
			n++
		}
	}
	return n
}

// cityStop finds "TP", "TX" and "TT", the abbreviated kinds written both
// with and without their full stop, and whether a stop follows.
var cityStop = regexp.MustCompile(`(?i)\b(?:TP|TX|TT)\b(\.?)`)

// BareAbbrev reports whether word is "TP", "TX" or "TT" alone, without
// its full stop (any case).
func BareAbbrev(word string) bool {
	m := cityStop.FindStringSubmatch(word)
	return m != nil && m[0] == word && m[1] == ""
}

// AbbrevStops returns, in order, whether each "TP", "TX" or "TT" of an
// address is followed by a full stop. Registers print "TP Hồ Chí Minh" and
// "TP. Hồ Chí Minh" alike, so two readings that differ only there cannot
// be told apart by a rule: the scan sends such a place to a person.
func AbbrevStops(s string) string {
	var b strings.Builder
	for _, m := range cityStop.FindAllStringSubmatch(s, -1) {
		if m[1] == "." {
			b.WriteByte('.')
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
