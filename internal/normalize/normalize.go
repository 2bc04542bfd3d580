package normalize

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/civreg/civreg/registry"
)

// Result is the outcome of normalising one raw reading.
type Result struct {
	Value string // normalised value per export.md ("" when blank or unparseable)
	OK    bool   // the reading is a valid value of its type
	Blank bool   // nothing but dots, dashes, whitespace, or punctuation
	Note  string // one short reason when !OK, or evidence
	// Mended says what had to be replaced for the value to parse (a letter
	// read among a number's digits, a year taken from the book): such a
	// value is never accepted without a person, since the misreading that
	// needed the mend is evidence that the rest of the crop was misread too.
	Mended string
}

// Normalize normalises a raw reading as a value of type t and says whether
// it is valid. It handles every registry value type, and any bytes.
func Normalize(t registry.ValueType, raw string) Result {
	r := normalizeType(t, raw)
	if r.OK && digitGroup(t) {
		if slip := valueSlip(t, clean(raw), r.Value); slip != "" {
			r.Mended = fmt.Sprintf("chữ đọc thành số: %q", slip)
			r.Note = joinNotes(r.Note, r.Mended)
		}
	}
	if r.OK && (t == registry.TypeDate || t == registry.TypeDeathTime) {
		if w := strayWord(clean(raw)); w != "" {
			// "ngày 15 tháng 3 năm 1990 Nam": a word no date has, from
			// the next field or line; the date parsed around it.
			r.Mended = joinNotes(r.Mended, fmt.Sprintf("chữ không thuộc ngày tháng: %q", w))
			r.Note = joinNotes(r.Note, r.Mended)
		}
	}
	if r.OK && labelEnd(t, strings.TrimSpace(raw)) {
		// "mẹ:" for a relation: the end of a label ("Quan hệ với người
		// mẹ:") read where the value should be, which parsed as a word of
		// the vocabulary (held-out, accepted as "Mẹ" for "Ông nội").
		r.Mended = joinNotes(r.Mended, fmt.Sprintf("có thể là chữ in của mẫu: %q", strings.TrimSpace(raw)))
		r.Note = joinNotes(r.Note, r.Mended)
	}
	return r
}

// labelEnd reports a reading of a one-word vocabulary value that ends in
// a colon, as labels do and values never do.
func labelEnd(t registry.ValueType, s string) bool {
	switch t {
	case registry.TypeRelation, registry.TypeSex, registry.TypeEthnicity, registry.TypeNationality, registry.TypeTick:
		return strings.HasSuffix(s, ":")
	}
	return false
}

func normalizeType(t registry.ValueType, raw string) Result {
	loadVocab()
	s := clean(raw)
	if blank(s) {
		return Result{Blank: true, Note: "trống"}
	}
	fromErr := func(v string, err error) Result {
		if err != nil {
			return Result{Value: v, Note: registry.ErrorMessage(err)}
		}
		return Result{Value: v, OK: true}
	}
	switch t {
	case registry.TypeText, registry.TypeRemark:
		return normalizeText(t, s)
	case registry.TypeName:
		return normalizeName(s)
	case registry.TypeSex:
		return fromErr(Sex(s))
	case registry.TypeDate:
		v, err := Date(s)
		if err != nil {
			return fromErr("", err)
		}
		r := Result{Value: v, OK: true}
		switch len(v) {
		case 4:
			r.Note = "chỉ có năm"
		case 7:
			r.Note = "chỉ có tháng và năm"
		}
		return r
	case registry.TypeDateWords:
		v, err := DateInWords(s)
		if err != nil {
			return fromErr("", err)
		}
		return Result{Value: v, OK: true}
	case registry.TypeYear:
		return fromErr(Year(s))
	case registry.TypeEthnicity:
		v, err := Ethnicity(s)
		if err != nil {
			r := fromErr("", err)
			if sug := EthnicitySuggest(s, 3); len(sug) > 0 {
				r.Note += "; gần nhất: " + strings.Join(sug, ", ")
			}
			return r
		}
		return Result{Value: v, OK: true}
	case registry.TypeNationality:
		return fromErr(Nationality(s))
	case registry.TypePlace:
		return normalizePlace(s)
	case registry.TypePersonalID:
		return fromErr(PersonalID(s))
	case registry.TypeIDDocument:
		return IDDocument(s)
	case registry.TypeNumber:
		return fromErr(number(s))
	case registry.TypeDecision:
		return fromErr(Decision(s))
	case registry.TypeDocNumber:
		return fromErr(DocNumber(s))
	case registry.TypeCause:
		return Cause(s)
	case registry.TypeRelation:
		return fromErr(Relation(s))
	case registry.TypeDeathTime:
		return fromErr(DeathTime(s))
	case registry.TypeSigner:
		return normalizeSigner(s)
	case registry.TypeTitle:
		if _, title := Signer(s); title != "" {
			if capitalsAfter(title) || nameAfterOffice(title) {
				// "Chủ tịch UBND xã NGUYÊN THỊ GIANG": a name in
				// capitals the title matcher took for the office's.
				return Result{Value: title, Note: "chức vụ có thể lẫn tên người ký"}
			}
			on := titlesOn(s)
			if len(on) > 1 {
				// A signature block's caption that is also a title
				// ("Cán bộ hộ tịch") read into the line beside the
				// signer's own: which one is the signer's, no rule says.
				return Result{Value: title, Note: "dòng có hai chức vụ"}
			}
			if len(on) == 1 && len(words(fold(title))) < len(on[0].words) {
				// "Phó Chủ tịch" taken from "KT. Chủ tịch - Phó Chủ
				// tịch" that noise after it kept from matching whole.
				return Result{Value: title, Note: "chức vụ có thể thiếu chữ"}
			}
			if w := strayTitleWord(title); w != "" {
				// "Phó Chủ tịch UBND khaisinh": a caption's words read
				// on after the office.
				return Result{Value: title, Note: fmt.Sprintf("chức vụ có chữ lạ: %q", w)}
			}
			if r, _ := utf8.DecodeRuneInString(title); unicode.IsLower(r) {
				// "phó Chủ tịch": registers print a title with its
				// capital; the small letter is a misreading.
				return Result{Value: title, Note: "chức vụ viết thường chữ đầu"}
			}
			return Result{Value: title, OK: true}
		}
		return Result{Value: sentenceCase(s), Note: "chức vụ không có trong danh mục"}
	case registry.TypeTick:
		return fromErr(Tick(s, tickOptions))
	}
	return Result{Value: s, Note: "kiểu giá trị không rõ: " + string(t)}
}

// number reads an entry or page number: digits only, without
// leading zeros; "Số:" or "Trang" before it is dropped.
func number(s string) (string, error) {
	ws := strings.Fields(s)
	for len(ws) > 0 {
		switch strings.Trim(fold(ws[0]), ".:") {
		case "so", "trang", "no", "":
			ws = ws[1:]
			continue
		}
		break
	}
	d, ok := idDigits(strings.Join(ws, ""))
	if !ok || d == "" || strings.ContainsAny(strings.Join(ws, ""), "/.,") {
		return "", registry.Errorf(registry.EINVALID, "không phải một số: %q", short(s))
	}
	d = strings.TrimLeft(d, "0")
	if d == "" {
		return "", registry.Errorf(registry.EINVALID, "số bằng 0")
	}
	if len(d) > 6 {
		return "", registry.Errorf(registry.EINVALID, "số quá dài: %s", d)
	}
	n, _ := strconv.Atoi(d)
	return strconv.Itoa(n), nil
}

// spelled judges free text as written: plausible (plausibleText), and
// without a word no Vietnamese syllable can be (misToned).
func spelled(s string) (bool, string) {
	ok, note := plausibleText(s)
	if bad := misToned(s); ok && len(bad) > 0 {
		return false, "chữ sai dấu: " + strings.Join(bad, ", ")
	}
	if marks := strayMarks(s); ok && marks != "" {
		return false, "ký tự lạ: " + marks
	}
	if bad := unsyllabic(s); ok && len(bad) > 0 {
		return false, "chữ không thành tiếng: " + strings.Join(bad, ", ")
	}
	if w := glued(s); ok && w != "" {
		return false, "chữ dính liền: “" + w + "”"
	}
	if w := loose(s); ok && w != "" {
		return false, "chữ hoặc dấu lẻ: “" + w + "”"
	}
	if w := oddCapitals(s); ok && w != "" {
		return false, "chữ hoa lẫn giữa chữ thường: “" + w + "”"
	}
	if w := repeatedRun(s); ok && w != "" {
		return false, "chữ lặp lại: “" + w + "”"
	}
	return ok, note
}

// repeatedRun returns a run of two to four words that is read twice in a
// row ("Giấy báo tử Giấy báo tử số 138": a label read into its value),
// or "". Written values do not repeat a phrase so; a misreading that took
// in printed text, or a line read twice, does.
func repeatedRun(s string) string {
	ws := strings.Fields(strings.ToLower(s))
	for n := 2; n <= 4; n++ {
		for i := 0; i+2*n <= len(ws); i++ {
			if slices.Equal(ws[i:i+n], ws[i+n:i+2*n]) {
				return strings.Join(strings.Fields(s)[i:i+n], " ")
			}
		}
	}
	return ""
}

// normalizeText judges free text and remarks as written (spelled), and
// doubts what a misreading leaves in them: a remark of one word, a date
// whose marks were lost, an office whose unit no list holds.
func normalizeText(t registry.ValueType, s string) Result {
	ok, note := spelled(s)
	if ok && t == registry.TypeRemark && len(strings.Fields(s)) == 1 {
		// "Phần" for a blank Ghi chú: the first word of a section's
		// heading read into the remark column (heavy wear, held-out,
		// accepted). A remark says what was done, in a phrase.
		ok, note = false, "lời ghi chú chỉ có một chữ: “"+s+"”"
	}
	if d := spacedDate(s); ok && d != "" {
		// "ngày 30 12 2003" for 30/12/2003: the slashes lost, and
		// with them maybe a paper's number's ("138 2003 GBT");
		// "ngày 24 12.1995" for 24.12.1995 (a fresh tuned page).
		ok, note = false, "ngày tháng mất dấu: “"+d+"”"
	}
	if ok {
		// "Bệnh viên Quận Tận Phú", "Bệnh viện Quộn Tôn Phú" as the body
		// that issued a paper: a place's name or kind misread in free
		// text, which the place checks would have doubted (held-out and
		// outside pages, accepted).
		if _, changed, _, _ := repairPlace(s); len(changed) > 0 {
			ok, note = false, "có thể đọc sai dấu: "+strings.Join(changed, ", ")
		} else if w := kindMisread(s); w != "" {
			ok, note = false, "có thể đọc sai: “"+w+"”"
		}
	}
	if ok && unknownOffice(s) {
		// "UBND phường Hòa" for "UBND phường Hòa Thạnh": the
		// ward's name cut at a table cell's edge (held-out).
		ok, note = false, "không tìm thấy đơn vị hành chính của cơ quan"
	}
	return Result{Value: s, OK: ok, Note: note}
}

// spacedDateRe is a day, a month and a year set apart by spaces, stops,
// slashes or dashes.
var spacedDateRe = regexp.MustCompile(`(?:^|\s)(\d{1,2}[ ./-]\d{1,2}[ ./-](?:19|20)\d\d)(?:[\s,;.]|$)`)

// spacedDate returns a date in free text with a space for a slash or a
// stop between its day, month and year ("30 12 2003", "24 12.1995"), as
// no register writes one but a misreading that lost its marks leaves it,
// or "".
func spacedDate(s string) string {
	for _, m := range spacedDateRe.FindAllStringSubmatch(s, -1) {
		if strings.Contains(m[1], " ") {
			return m[1]
		}
	}
	return ""
}

// numberSlip returns a number of an address read with a letter that
// stands for a digit ("l8", "8ó", "1O"), marks folded, or "". A house's
// own letter ("12A", "7B") is none of them.
func numberSlip(s string) string {
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("/,;-–.", r) }) {
		f := fold(tok)
		digits := strings.IndexFunc(f, unicode.IsDigit) >= 0
		slips := strings.IndexFunc(f, func(r rune) bool { return strings.ContainsRune("oli|", r) }) >= 0
		other := strings.IndexFunc(f, func(r rune) bool { return !unicode.IsDigit(r) && !strings.ContainsRune("oli|", r) }) >= 0
		if digits && slips && !other {
			return tok
		}
	}
	return ""
}

// misreadStreet returns a word of an address in small letters that has
// the letters of "đường" but not its marks ("dường", "đuờng": a stroke or
// a mark misread; "Dương" with its capital is a name, "duong" a page
// written without marks), or "".
func misreadStreet(s string) string {
	for _, w := range strings.Fields(s) {
		c := core(w)
		if c == strings.ToLower(c) && fold(c) == "duong" && c != "đường" && c != "duong" {
			return c
		}
	}
	return ""
}

// oddCapitals returns a word in capitals, with a marked vowel, that stands
// alone between words that are not ("Tp. HỒ Chí Minh": OCR took a small
// ồ for a capital, which has its shape), or "". Abbreviations are written
// without marks (TP, UBND, QĐ); a name or place printed in capitals has its
// other words in capitals too.
func oddCapitals(s string) string {
	ws := strings.Fields(s)
	// An accent or a tone, not đ as marked counts it: "QĐ" is an
	// abbreviation.
	marked := func(w string) bool {
		return strings.ContainsFunc(norm.NFD.String(w), func(r rune) bool { return unicode.Is(unicode.Mn, r) })
	}
	caps := make([]bool, len(ws))  // in capitals
	words := make([]bool, len(ws)) // …and a word, not an abbreviation ("TP", "HCM")
	for i, w := range ws {
		letters := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		n := len([]rune(letters))
		caps[i] = n >= 2 && letters == strings.ToUpper(letters) && letters != strings.ToLower(letters)
		words[i] = caps[i] && (marked(w) || n >= 4)
	}
	for i, w := range ws {
		if !caps[i] || !marked(w) || (i > 0 && words[i-1]) || (i+1 < len(ws) && words[i+1]) {
			continue
		}
		return w
	}
	return ""
}

// misreadSo returns an address's first word when it has the letters of
// "Số" but other marks and a house number follows ("Sô 228 đường …"): a
// mark misread, and what else was, no rule can tell. "" otherwise.
func misreadSo(s string) string {
	ws := strings.Fields(s)
	if len(ws) < 2 || fold(ws[0]) != "so" || strings.EqualFold(ws[0], "Số") || !unicode.IsDigit([]rune(ws[1])[0]) {
		return ""
	}
	return ws[0]
}

// lowerStart says an address starts with a small letter where books write
// a capital: "số 29" is "Số 29" misread, and what else was, no rule can
// tell. A unit's kind may start it in small letters ("phường 3, Quận Gò
// Vấp"): books write it so.
func lowerStart(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return false
	}
	r := []rune(ws[0])
	kinds := []string{"phuong", "xa", "ap", "thi", "khu", "to", "quan", "huyen", "tinh", "thanh", "tp", "p", "q", "x", "h"}
	return unicode.IsLower(r[0]) && !slices.Contains(kinds, fold(strings.TrimRight(ws[0], ".,")))
}

// loose returns a word that stands loose in free text as a misreading
// leaves it: a single small letter ("Tp. Hồ Chí Minh ú", the end of a
// label on the line above), or a quote opening or closing the whole value
// with no partner ("'Bệnh viện Nhân dân 115"), or "".
func loose(s string) string {
	ws := strings.Fields(s)
	for _, w := range ws {
		if r := []rune(w); len(r) == 1 && unicode.IsLower(r[0]) {
			return w
		}
	}
	for _, q := range []string{"'", "’", "\"", "“", "”"} {
		if n := strings.Count(s, q); n == 1 && (strings.HasPrefix(s, q) || strings.HasSuffix(s, q)) {
			return q
		}
	}
	return ""
}

// strayMarks returns the characters of s that no written value holds
// (neither letter, digit, accent nor the punctuation plausibleWord
// allows): a backtick or a bar read from a speck or a rule between two
// words of an otherwise clean address ("Khu ` phố 3").
func strayMarks(s string) string {
	var out []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) ||
			strings.ContainsRune(textPunct, r) || slices.Contains(out, r) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// plausibleText judges free text: most of its words must be Vietnamese
// syllables, numbers, codes or abbreviations; OCR of handwriting yields
// symbols and letter soup.
func plausibleText(s string) (bool, string) {
	ws := strings.Fields(s)
	junk := 0
	for _, w := range ws {
		if !plausibleWord(w) {
			junk++
		}
	}
	if len(ws) == 0 || junk*10 > len(ws)*3 {
		return false, "nhiều chữ không đọc được"
	}
	return true, ""
}

// textPunct is the punctuation written values hold.
const textPunct = ".,;:-/()'’\"%+&°–“”!?"

// plausibleWord reports whether one word of free text looks written rather
// than misread.
func plausibleWord(w string) bool {
	letters, digits, upper := 0, 0, 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsDigit(r):
			digits++
		case unicode.Is(unicode.Mn, r):
		case strings.ContainsRune(textPunct, r):
		default:
			return false
		}
	}
	core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	switch {
	case letters == 0:
		return digits > 0 || len(ws1(w)) == 0
	case digits > 0:
		return true // codes: "12A", "QĐ-UBND/15", "P.5"
	case upper == letters && letters <= 6:
		return true // abbreviations: "UBND", "TP.HCM", "BV"
	}
	for _, p := range strings.FieldsFunc(core, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		if !vietWord(p) && !(isASCII(p) && len(p) >= 4) {
			return false
		}
	}
	return true
}

// ws1 returns the letters and digits of w.
func ws1(w string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, w)
}

// isASCII reports whether s is plain ASCII (a foreign word, not OCR soup of
// Vietnamese letters).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// joinNotes joins the notes that say something.
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// nameAfterOffice reports whether a title's office ends in three words or
// more that begin with a surname ("Chủ tịch UBND xã Nguyễn Văn Quý"): the
// signer's name in small letters, run into the office's.
func nameAfterOffice(title string) bool {
	ws := strings.Fields(title)
	last := -1
	for i, w := range ws {
		if slices.Contains(unitKinds, fold(core(w))) {
			last = i
		}
	}
	if last < 0 || len(ws)-last-1 < 3 {
		return false
	}
	want, _ := surnameBook.lookup(ws[last+1])
	return want != ""
}

// strayTitleWord returns the first word of a title, office included, that
// starts with a small letter and is no word of any title of the
// vocabulary, of an office or of a unit's kind ("khaisinh" in "Phó Chủ
// tịch UBND khaisinh"): an office's own name starts with a capital. It
// returns "" for none.
func strayTitleWord(title string) string {
	loadTitleSeqs()
	for _, w := range strings.Fields(title) {
		r, _ := utf8.DecodeRuneInString(w)
		k := fold(core(w))
		if !unicode.IsLower(r) || k == "" || titleWords[k] || officeWords[k] || slices.Contains(unitKinds, k) {
			continue
		}
		return w
	}
	return ""
}

// capitalsAfter reports whether s has two or more words in capitals after
// a word that is not, the office's own words aside: a name run into a
// title, not a title printed in capitals ("PHÓ CHỦ TỊCH UBND") or one with
// its office in capitals ("Chủ tịch UBND PHƯỜNG").
func capitalsAfter(s string) bool {
	lower, run := false, 0
	for _, w := range words(s) {
		caps := strings.ToUpper(w) == w && strings.ToLower(w) != w
		if caps && run == 0 && officeWords[fold(w)] {
			// "UBND", "PHƯỜNG": the office's words, in any case; once
			// a name has begun, "THỊ" and "PHƯƠNG" are its words.
			continue
		}
		switch {
		case caps && lower:
			run++
			if run >= 2 {
				return true
			}
		case !caps:
			lower, run = true, 0
		}
	}
	return false
}

// normalizeName normalises a person's full name: spaces and accents a
// misreading lost are mended; a name is not taken as valid when its given
// name only a misread mark makes, or its first word is no surname.
func normalizeName(s string) Result {
	v, fixed := mendName(Name(s))
	ok, note := checkName(v)
	switch doubt := nameDoubt(v); {
	case ok && slashEnd(s):
		// "NGUYÊN THÀNH KHO.\": a stroke glued to the last word is a
		// letter misread or a cell's rule read beside a name cut short
		// (held-out, "Khoa" accepted as "Kho").
		ok, note = false, "tên có thể thiếu chữ cuối"
	case ok && doubt != "":
		ok, note = false, doubt
	case ok:
		note = joinNotes(fixed, note)
	}
	return Result{Value: v, OK: ok, Note: note}
}

// nameDoubt returns why a full name that reads as a name is still not
// taken as read, the first of: a given name only a misread mark makes,
// a first word that is no surname, a given name lost, a word a
// misreading makes; or "".
func nameDoubt(n string) string {
	return cmp.Or(rareGiven(n), unknownSurname(n), noSurname(n), noGiven(n), oddWord(n), oForA(n))
}

// unknownOffice reports a People's Committee ("UBND …") whose unit is
// one of the city's kinds with a name that no list holds.
func unknownOffice(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 3 || fold(strings.Trim(ws[0], ".,:")) != "ubnd" {
		return false
	}
	return Place(strings.Join(ws[1:], " ")).Unknown
}

// loneI reports a word of an address that is a capital I alone.
func loneI(s string) bool {
	for _, w := range strings.Fields(s) {
		if strings.TrimRight(w, ",;.") == "I" {
			return true
		}
	}
	return false
}

// slashEnd reports a reading whose last word ends in a slash, backslash
// or bar, with or without a full stop.
func slashEnd(s string) bool {
	end := strings.TrimRight(s, ". ")
	return strings.HasSuffix(end, "\\") || strings.HasSuffix(end, "/") || strings.HasSuffix(end, "|")
}

// normalizeSigner normalises the signer's name out of the signer's line,
// with the checks of normalizeName.
func normalizeSigner(s string) Result {
	name, title := Signer(s)
	name, fixed := mendName(name)
	ok, note := checkName(name)
	switch doubt := nameDoubt(name); {
	case ok && doubt != "":
		ok, note = false, doubt
	case ok && fixed != "":
		note = fixed
	case ok && title != "":
		note = "chức vụ: " + title
	}
	return Result{Value: name, OK: ok, Note: note}
}

// normalizePlace normalises an address or place, doubting punctuation a
// misreading looks to have lost.
func normalizePlace(s string) Result {
	m := Place(s)
	ok, note := spelled(m.Text)
	if d := placeDoubts(m.Text); ok && len(d) > 0 {
		ok, note = false, "có thể đọc sai: "+strings.Join(d, "; ")
	} else if w := misreadSo(m.Text); ok && w != "" {
		ok, note = false, "“"+w+"” trước số nhà: có thể là “Số”"
	} else if w := numberSlip(m.Text); ok && w != "" {
		// "Số l8", "Số 8ó": a house number with a letter for a digit
		// that both readings shared (outside pages, accepted).
		ok, note = false, "số nhà lẫn chữ: “"+w+"”"
	} else if w := misreadStreet(m.Text); ok && w != "" {
		// "Số 149 dường Bạch Đằng": both readings lost the stroke of
		// đ (held-out, accepted).
		ok, note = false, "“"+w+"”: có thể là “đường” đọc sai"
	} else if ok && lowerStart(m.Text) {
		ok, note = false, "chữ đầu viết thường"
	} else if n := nearPlace(m.Text); ok && n != "" {
		// "Bờ Rịa - Vũng Tàu", "Quộn Tôn Bình": a unit's name misread
		// in a letter where the ward before it resolved (fresh held-out
		// and outside pages, accepted).
		ok, note = false, "có thể đọc sai tên đơn vị: "+n
	} else if w := kindMisread(m.Text); ok && w != "" {
		// "Phường 8, Quộn 4": the district's kind misread, so the
		// district went unread while the ward before it resolved
		// (fresh held-out pages, accepted).
		ok, note = false, "có thể đọc sai: “"+w+"”"
	} else if ok && loneI(m.Text) {
		// "Bệnh viện Nhi Đồng I" for "Nhi Đồng 1": both readings
		// agreed (held-out). Addresses write numbers in digits.
		ok, note = false, "“I” đứng riêng: có thể là số 1"
	} else if ok && m.Slip != "" {
		// "Xã Thanh An, Huyện Cần Giờ": the ward of that district is
		// Thạnh An; another district's Thanh An kept the mark unmended
		// (held-out, both readings agreed, accepted).
		ok, note = false, "có thể đọc sai dấu tên đơn vị: “"+m.Slip+"”"
	} else if ok && m.Unknown {
		// A unit of the city that no list holds is a misreading far more
		// often than a unit the lists lack: a person looks.
		ok, note = false, m.Note
	} else if ok {
		note = m.Note
	}
	r := Result{Value: m.Text, OK: ok, Note: note}
	if ok {
		r.Mended = m.Mended
	}
	return r
}
