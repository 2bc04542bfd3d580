package normalize

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/civreg/civreg/registry"
)

// Name returns a person's name as stored: NFC, single spaces, leader dots
// and stray punctuation gone, each word in Vietnamese title case
// ("NGUYỄN THỊ NHÀN" becomes "Nguyễn Thị Nhàn").
func Name(raw string) string {
	s := clean(raw)
	ws := strings.FieldsFunc(s, func(r rune) bool {
		// A modifier letter alone ("ˆ", U+02C6) is a speck read as a
		// letter; as an apostrophe (U+02BC) it is kept.
		lm := unicode.Is(unicode.Lm, r) && r != 'ʼ'
		return unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '\'' && r != '’' && r != '-') || unicode.IsSymbol(r) || lm
	})
	out := ws[:0]
	for _, w := range ws {
		w = strings.Trim(w, "-'’")
		if w == "" {
			continue
		}
		parts := strings.Split(w, "-")
		for i, p := range parts {
			parts[i] = titleWord(p)
		}
		out = append(out, strings.Join(parts, "-"))
	}
	return strings.Join(out, " ")
}

// syllable matches one folded Vietnamese syllable: an optional onset, a
// vowel group the language has (folded: "ươi" is uoi, "uyê" uye), an
// optional coda. "Hữuanh" is no syllable: uua is no vowel group.
var syllable = regexp.MustCompile(`^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?` +
	`(uye|uya|uyu|ieu|yeu|oai|oay|oao|uay|uoi|uou|oeo|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|[aeiouy])` +
	`(ch|ng|nh|[cmnpt])?$`)

// isToneMark reports whether r is one of the five combining tone marks of
// Vietnamese (NFD).
func isToneMark(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// vietWord reports whether w (any case, NFC) can be a Vietnamese syllable:
// letters only, the shape of a syllable, at most one tone mark, and a
// syllable closed by a stop (-c, -ch, -p, -t) has the sắc or nặng tone:
// "Kiệt", never "Kiêt", which is what OCR reads when it loses a dot below.
func vietWord(w string) bool {
	tones := 0
	var tone rune
	for _, r := range norm.NFD.String(w) {
		if isToneMark(r) {
			tones++
			tone = r
		}
	}
	if tones > 1 {
		return false
	}
	m := syllable.FindStringSubmatch(fold(w))
	if m == nil {
		return false
	}
	nucleus, coda := m[2], m[3]
	if stopCoda(coda) && tone != '\u0301' && tone != '\u0323' {
		return false
	}
	// -nh and -ch close only a front vowel: anh, ênh, inh, oanh, uynh.
	if coda == "nh" || coda == "ch" {
		return slices.Contains([]string{"a", "e", "i", "y", "oa", "ue", "uy"}, nucleus)
	}
	return true
}

// stopCoda reports whether a syllable's final consonant (folded) is a stop.
func stopCoda(coda string) bool {
	return coda == "c" || coda == "ch" || coda == "p" || coda == "t"
}

// misToned returns the words of text written with tone marks that have the
// shape of a syllable closed by a stop but neither the sắc nor the nặng
// tone ("Lý Thường Kiêt", "Bach Đằng" beside accented words): Vietnamese
// has no such syllable, so a letter's mark was misread. Text without any
// mark is left alone: it was written without them.
func misToned(text string) []string {
	if !marked(text) {
		return nil
	}
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		if m := syllable.FindStringSubmatch(fold(w)); m != nil && stopCoda(m[3]) && !vietWord(w) {
			out = append(out, w)
		}
	}
	return out
}

// unsyllabic returns the words of text that carry a Vietnamese mark but are
// no Vietnamese syllable ("Bệnh uiện", "Thònh phố"): a word written with
// the language's marks is one of its syllables, so a letter was misread.
// Words without marks are left alone (names of other languages, codes),
// and so are words in capitals ("QĐ-UBND": abbreviations).
func unsyllabic(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		if marked(w) && !capitals(w) && !vietWord(w) && partSyllables([]rune(w)) == nil {
			out = append(out, w)
		}
	}
	return out
}

// glued returns a word of text that carries a Vietnamese mark and is two
// syllables run together ("Trạm Y tếxã Phú Xuân": the space between tế
// and xã lost, both readings agreeing; a fresh tuned page, accepted), or
// "". Words in capitals are left alone, as in unsyllabic.
func glued(text string) string {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		if marked(w) && !capitals(w) && !vietWord(w) && len(partSyllables([]rune(w))) > 1 {
			return w
		}
	}
	return ""
}

// capitals says w has no small letter.
func capitals(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// marked says s carries a Vietnamese mark: an accent, a tone or đ.
func marked(s string) bool {
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) || r == 'đ' || r == 'Đ' {
			return true
		}
	}
	return false
}

// splitGlued parts each word of a name that is no syllable but two or
// three run together, as OCR reads a name whose space it lost
// ("Thanhchâu" → "Thanh Châu"), when exactly one way of parting it uses
// the fewest syllables; "Thịnhung" (Thịnh ung, Thị nhung) stays as read.
// It returns the name and, when it changed it, a note for the reviewer.
func splitGlued(name string) (string, string) {
	ws := strings.Fields(name)
	var notes []string
	for i, w := range ws {
		if strings.ContainsAny(w, "-'’ʼ") || vietWord(w) {
			continue
		}
		parts := partSyllables([]rune(w))
		if parts == nil {
			continue
		}
		for j, p := range parts {
			parts[j] = titleWord(p)
		}
		ws[i] = strings.Join(parts, " ")
		notes = append(notes, w+" → "+ws[i])
	}
	if len(notes) == 0 {
		return name, ""
	}
	return strings.Join(ws, " "), "tách chữ dính: " + strings.Join(notes, ", ")
}

// partSyllables returns the one way of parting w into the fewest
// syllables, two or three, or nil when there is none or more than one.
func partSyllables(w []rune) []string {
	for n := 2; n <= 3; n++ {
		var found [][]string
		var part func(start int, acc []string)
		part = func(start int, acc []string) {
			if len(found) > 1 {
				return
			}
			if len(acc) == n-1 {
				if rest := string(w[start:]); vietWord(rest) {
					found = append(found, append(slices.Clone(acc), rest))
				}
				return
			}
			for end := start + 1; end < len(w); end++ {
				if p := string(w[start:end]); vietWord(p) {
					part(end, append(acc, p))
				}
			}
		}
		part(0, nil)
		switch len(found) {
		case 1:
			return found[0]
		case 0:
			continue
		}
		return nil
	}
	return nil
}

// checkName says whether a normalised name looks like a Vietnamese full
// name, and if not, why.
func checkName(n string) (bool, string) {
	if n == "" {
		return false, "trống"
	}
	ws := strings.Fields(n)
	for _, w := range ws {
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != '-' && r != '\'' && r != '’' {
				return false, "tên có ký tự lạ: " + w
			}
		}
	}
	for _, w := range ws {
		for _, p := range strings.Split(w, "-") {
			if !vietWord(p) {
				return false, "không giống tên tiếng Việt: " + w
			}
		}
	}
	if len(ws) == 1 {
		// A full name of one word is the end of one whose start a cell
		// or a line cut off ("Hạnh" for "Lê Thanh Hạnh"): a person looks.
		return false, "tên chỉ có một chữ"
	}
	if len(ws) > maxNameWords {
		// "Nguyễn Văn Tâm Công Chức Ký Ghi Rõ": a caption an edition
		// prints under the signature, read into the name.
		return false, "tên dài bất thường: có thể lẫn chữ in của mẫu"
	}
	return true, ""
}

// maxNameWords is the most words a full name is taken to have without a
// person: surname, up to three middle names, given name.
const maxNameWords = 5

// Sex normalises a reading of Giới tính to "Nam" or "Nữ".
func Sex(raw string) (string, error) {
	s := clean(raw)
	switch matchKey(s) {
	case "nam", "namgioi", "trai", "male":
		return "Nam", nil
	case "nu", "nugioi", "gai", "female":
		return "Nữ", nil
	case "":
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	return "", registry.Errorf(registry.EINVALID, "giới tính không rõ: %q", short(s))
}

// middleWords returns the words between the surname and the given name.
func middleWords(name string) []string {
	ws := strings.Fields(FoldKey(name))
	if len(ws) < 3 {
		return nil
	}
	return ws[1 : len(ws)-1]
}

// accentBook maps the folded letters of a list's words to the word, or to
// "" when two words of the list fold alike and so cannot be told apart.
type accentBook struct {
	once   sync.Once
	text   *string
	words  map[string]string
	listed map[string]bool
}

// lookup returns the listed word with w's letters (or "") and whether w
// is itself listed.
func (b *accentBook) lookup(w string) (want string, listed bool) {
	b.load()
	return b.words[fold(w)], b.listed[w]
}

// lookAlike reports whether w is not listed but has the letters of a word
// that is.
func (b *accentBook) lookAlike(w string) bool {
	b.load()
	_, known := b.words[fold(w)]
	return known && !b.listed[w]
}

func (b *accentBook) load() {
	b.once.Do(func() {
		b.words, b.listed = map[string]string{}, map[string]bool{}
		for _, r := range dataLines(*b.text) {
			s := NFC(strings.TrimSpace(r[0]))
			k := fold(s)
			if _, dup := b.words[k]; dup {
				b.words[k] = ""
			} else {
				b.words[k] = s
			}
			b.listed[s] = true
		}
	})
}

var (
	surnameBook = accentBook{text: &surnamesTXT}
	middleBook  = accentBook{text: &middleNamesTXT}
	givenBook   = accentBook{text: &givenNamesTXT}
)

// unknownSurname returns a note when a full name's first word is no
// surname of data/surnames.txt, accents aside ("Thanh Khoa", "Duy Hậu": a
// name whose surname was cut off, on a line of its own under an edition's
// label), or "". A name of one word says nothing here.
func unknownSurname(name string) string {
	first, rest, _ := strings.Cut(name, " ")
	if rest == "" {
		return ""
	}
	if want, _ := surnameBook.lookup(first); want != "" {
		return ""
	}
	return "họ “" + first + "” không có trong danh mục họ: tên có thể thiếu chữ đầu"
}

// middleOnly holds the folded middle names of data/middle-only.txt.
var middleOnly = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range dataLines(middleOnlyTXT) {
		m[fold(l[0])] = true
	}
	return m
})

// noSurname returns a note when a name begins with a middle name that
// never begins a name (data/middle-only.txt): "Văn Long" read from a cell
// whose "Nguyễn" was cut off, "Văn Minh Ký Quyết Định" from a signature
// block whose caption ran into the name.
func noSurname(name string) string {
	ws := strings.Fields(name)
	if len(ws) < 2 || !middleOnly()[fold(ws[0])] {
		return ""
	}
	return "tên có thể thiếu họ: " + name
}

// noGiven returns a note when a name of two words ends in a middle name
// that never begins one (data/middle-only.txt): "Phan Văn" read off a
// signer's line whose "HUY" wrapped onto the next line and was lost
// (a fresh tuned page, accepted at 0.999). A longer name may end in
// "Văn", a given name too, and is left alone.
func noGiven(name string) string {
	ws := strings.Fields(name)
	if len(ws) != 2 || !middleOnly()[fold(ws[1])] {
		return ""
	}
	return "tên có thể thiếu tên gọi: " + name
}

// rareGiven returns a note when a full name's given name has the letters
// of a common given name (data/given-names.txt) but accents none of them
// has: "Chỉ" where names are Chi or Chí is far more often a misread mark
// than a person's name (on the calibration pages, 39 such readings, every
// one misread), so such a reading is not taken as valid: a person looks,
// and keeps it if it is what the page says. The reading is kept as read.
func rareGiven(name string) string {
	ws := strings.Fields(name)
	if len(ws) < 2 || !givenBook.lookAlike(ws[len(ws)-1]) {
		return ""
	}
	return "tên " + ws[len(ws)-1] + " ít gặp: dấu có thể đọc sai"
}

// oddWord returns a note when a word of a full name is one a misreading
// makes rather than a name's: a last word of one letter that is no given
// name ("Nguyễn Văn Duy Í": a stroke of the signature or a tick read
// after the name), or a middle word that no list holds but that has the
// letters of a middle or given name that one does ("Phan Van Long" for
// Văn, "Nguyễn Ăn Thịnh" for Văn: a lost or misread mark, which both
// readings of a crop often share, and which repairMiddle cannot settle
// when two listed names have those letters). "" otherwise.
func oddWord(name string) string {
	ws := strings.Fields(name)
	if len(ws) < 2 {
		return ""
	}
	if last := ws[len(ws)-1]; utf8.RuneCountInString(last) == 1 {
		if _, listed := givenBook.lookup(last); !listed {
			return "chữ lẻ “" + last + "” cuối tên: có thể là nét chữ ký hoặc dấu"
		}
	}
	for _, w := range ws[1 : len(ws)-1] {
		if listedName(w) {
			continue
		}
		if middleBook.lookAlike(w) || givenBook.lookAlike(w) {
			return "tên đệm “" + w + "” không có trong danh mục: dấu có thể đọc sai"
		}
	}
	return ""
}

// oForA returns a note when a full name's given name is no listed given
// name but would be one with an "o", "ô" or "ơ" of it read as the "a" or
// "â" with the same tone: "Đợt" for Đạt, "Nhờn" for Nhàn, "Thới" for
// Thái, a misreading some faces make of every "a" on the page ("Tợi nhờ"
// for "Tại nhà"), which both readings of a crop share (outside pages, each
// accepted). "" otherwise.
func oForA(name string) string {
	ws := strings.Fields(name)
	if len(ws) < 2 {
		return ""
	}
	last := ws[len(ws)-1]
	if _, listed := givenBook.lookup(last); listed {
		return ""
	}
	for _, alt := range aForO(last) {
		if _, listed := givenBook.lookup(alt); listed {
			return "tên " + last + " không có trong danh mục, " + alt + " thì có: chữ a có thể đọc thành o"
		}
	}
	return ""
}

// aForO returns w with one of its "o", "ô" or "ơ" read as the "a" or "â"
// of the same tone and case, once for each of them: the readings a face
// whose "a" OCR takes for "o" would have had right.
func aForO(w string) []string {
	rs := []rune(NFC(w))
	var out []string
	for i, r := range rs {
		a, ok := oToA[unicode.ToLower(r)]
		if !ok {
			continue
		}
		if unicode.IsUpper(r) {
			a = unicode.ToUpper(a)
		}
		alt := slices.Clone(rs)
		alt[i] = a
		out = append(out, string(alt))
	}
	return out
}

// oToA maps each "o", "ô" and "ơ", with its tone, to the "a" or "â" with
// the same tone.
var oToA = func() map[rune]rune {
	m := map[rune]rune{}
	for _, p := range []struct{ from, to string }{
		{"oòóỏõọ", "aàáảãạ"}, {"ơờớởỡợ", "aàáảãạ"}, {"ôồốổỗộ", "âầấẩẫậ"},
	} {
		to := []rune(p.to)
		for i, r := range []rune(p.from) {
			m[r] = to[i]
		}
	}
	return m
}()

// listedName reports whether w is, as spelled, a surname, middle or given
// name of the lists.
func listedName(w string) bool {
	for _, b := range []*accentBook{&surnameBook, &middleBook, &givenBook} {
		if _, listed := b.lookup(w); listed {
			return true
		}
	}
	return false
}

// mendName puts back the spaces OCR lost and the accents of a surname and
// of middle names (data/surnames.txt, data/middle-names.txt). It returns
// the name and, when it changed it, a note for the reviewer.
func mendName(name string) (string, string) {
	name, split := splitGlued(name)
	name, sur := repairSurname(name)
	name, mid := repairMiddle(name)
	return name, joinNotes(split, sur, mid)
}

// repairSurname gives a name's first word the accents of the one surname of
// data/surnames.txt with the same letters.
func repairSurname(name string) (string, string) {
	first, rest, _ := strings.Cut(name, " ")
	if rest == "" {
		return name, ""
	}
	want, listed := surnameBook.lookup(first)
	if want == "" || listed {
		return name, ""
	}
	return want + " " + rest, "họ đọc là " + first + ", sửa dấu thành " + want
}

// repairMiddle gives each word between the surname and the given name the
// accents of the one middle name of data/middle-names.txt with the same
// letters, unless the word is itself a listed middle name.
func repairMiddle(name string) (string, string) {
	ws := strings.Fields(name)
	var notes []string
	for i := 1; i < len(ws)-1; i++ {
		want, listed := middleBook.lookup(ws[i])
		if want == "" || listed {
			continue
		}
		notes = append(notes, "tên đệm đọc là "+ws[i]+", sửa dấu thành "+want)
		ws[i] = want
	}
	if notes == nil {
		return name, ""
	}
	return strings.Join(ws, " "), strings.Join(notes, "; ")
}
