package normalize

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// PlaceMatch is a place reading and what it resolves to in the 2025 units
// table.
type PlaceMatch struct {
	Text    string // the reading, NFC with single spaces
	NewCode string // code of the 2025 commune-level unit, when resolved
	NewName string // its name, "Phường Sài Gòn"
	Partial bool   // the old unit named was split: the street address decides
	Note    string // why it did not resolve, or what it resolved through
	// Mended says separators were put back that the reading lacked ("17
	// Tổ" → "17, Tổ"): the reading lost punctuation, and what else it
	// lost ("TP" for "TP.") no rule can tell, so a person looks.
	Mended string
	// Unknown says a unit of the city was named that no list holds
	// ("Phường Tân Hồ Hưng Thuận": a word of the next line read into it),
	// or a street address names its district or province but no ward ("121
	// đường Nguyễn Oanh Tỉnh Bình Dương": the ward's words lost).
	Unknown bool
	// Slip is the listed spelling of the unit's name where the reading has
	// its letters with other marks ("Thanh An" for Thạnh An), or a name of
	// the lists read so where it may not be mended ("Bà Ria → Bà Rịa" in
	// "Bệnh viện Bà Ria"), or "".
	Slip string
}

// Unit kinds as matched.
const (
	lvUnit     = "unit"
	lvDistrict = "district"
	lvProvince = "province"
	lvSub      = "sub"  // hamlet, quarter, street: below a commune
	lvBare     = "bare" // a name without a kind
)

// placeKeyword is a word (or two) that says what kind of unit the name after
// it is. orig lists the spellings (lower case, NFC) that count, so that a
// name word that folds to the same letters ("Xà", "Tịnh") is not taken for
// a keyword.
type placeKeyword struct {
	words []string
	orig  []string // empty: the folded spelling itself
	level string
	typ   string
}

var placeKeywords = []placeKeyword{
	{[]string{"thi", "tran"}, []string{"thị"}, lvUnit, "thitran"},
	{[]string{"thi", "xa"}, []string{"thị"}, lvDistrict, "thixa"},
	{[]string{"thanh", "pho"}, []string{"thành"}, lvDistrict, "thanhpho"},
	{[]string{"dac", "khu"}, []string{"đặc"}, lvUnit, "dackhu"},
	{[]string{"khu", "pho"}, []string{"khu"}, lvSub, ""},
	{[]string{"phuong"}, []string{"phường", "phuong"}, lvUnit, "phuong"},
	{[]string{"xa"}, []string{"xã", "xa"}, lvUnit, "xa"},
	{[]string{"quan"}, []string{"quận", "quan"}, lvDistrict, "quan"},
	{[]string{"huyen"}, []string{"huyện", "huyen"}, lvDistrict, "huyen"},
	{[]string{"tinh"}, []string{"tỉnh", "tinh"}, lvProvince, ""},
	{[]string{"tp"}, nil, lvDistrict, "thanhpho"},
	{[]string{"tx"}, nil, lvDistrict, "thixa"},
	{[]string{"tt"}, nil, lvUnit, "thitran"},
	{[]string{"p"}, nil, lvUnit, "phuong"},
	{[]string{"f"}, nil, lvUnit, "phuong"},
	{[]string{"x"}, nil, lvUnit, "xa"},
	{[]string{"q"}, nil, lvDistrict, "quan"},
	{[]string{"h"}, nil, lvDistrict, "huyen"},
	{[]string{"ap"}, []string{"ấp", "ap"}, lvSub, ""},
	{[]string{"kp"}, nil, lvSub, ""},
	{[]string{"to"}, []string{"tổ"}, lvSub, ""},
	{[]string{"thon"}, []string{"thôn"}, lvSub, ""},
	{[]string{"duong"}, []string{"đường"}, lvSub, ""},
	{[]string{"so"}, []string{"số"}, lvSub, ""},
	{[]string{"benh", "vien"}, []string{"bệnh"}, lvSub, ""},
	{[]string{"bv"}, nil, lvSub, ""},
}

// placeComp is one part of an address.
type placeComp struct {
	level, typ string
	key        string // name key: folded, no spaces, numbers without leading zeros
	text       string // the part as read
}

// unitIndex indexes the units table by name key.
type unitIndex struct {
	old, new map[string][]int // name key → rows
	oldTyp   []string         // per row
	newTyp   []string
	distKey  []string // per row: the old district's key
	byOld    map[string][]int
}

var (
	unitIdxOnce sync.Once
	unitIdx     unitIndex
	districtBy  map[string]string // district code → key, for rows without a district name
)

// unitKey splits a full unit name into its kind and name key.
func unitKey(name string) (typ, key string) {
	comps := placeComps(name)
	if len(comps) == 0 {
		return "", ""
	}
	return comps[0].typ, comps[0].key
}

// loadDistricts reads data/districts.tsv: it fills districtBy and returns
// alias key → district key.
func loadDistricts(rows [][]string) map[string]string {
	districtBy = map[string]string{}
	alias := map[string]string{}
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		_, k := unitKey(r[1])
		districtBy[r[0]] = k
		alias[k] = k
		if len(r) > 2 {
			for _, v := range strings.Split(r[2], "|") {
				if _, vk := unitKey(v); vk != "" {
					alias[vk] = k
				}
			}
		}
	}
	return alias
}

// loadUnitIndex builds the index once.
func loadUnitIndex() {
	loadVocab()
	unitIdxOnce.Do(func() {
		rows := Units()
		ix := unitIndex{old: map[string][]int{}, new: map[string][]int{}, byOld: map[string][]int{}}
		for i, u := range rows {
			t, k := unitKey(u.OldName)
			ix.oldTyp = append(ix.oldTyp, t)
			ix.old[k] = append(ix.old[k], i)
			t, k = unitKey(u.NewName)
			ix.newTyp = append(ix.newTyp, t)
			ix.new[k] = append(ix.new[k], i)
			dk := districtBy[u.OldDistrCode]
			if u.OldDistrict != "" {
				_, dk = unitKey(u.OldDistrict)
			}
			ix.distKey = append(ix.distKey, dk)
			ix.byOld[u.OldCode] = append(ix.byOld[u.OldCode], i)
		}
		unitIdx = ix
	})
}

// placeComps splits a cleaned address into its parts, smallest first as
// written, and says what each part is.
func placeComps(s string) []placeComp {
	var out []placeComp
	for _, chunk := range splitPlace(s) {
		orig := strings.Fields(chunk)
		var ws, os []string // folded words and their original spellings (lower)
		for _, o := range orig {
			for _, w := range words(fold(o)) {
				// "P5", "Q1", "F.5" glued: keyword letter and digits.
				if len(w) >= 2 && strings.ContainsRune("pqfx", rune(w[0])) && allDigits(w[1:]) {
					ws = append(ws, w[:1], w[1:])
					os = append(os, w[:1], w[1:])
					continue
				}
				ws = append(ws, w)
				os = append(os, strings.ToLower(o))
			}
		}
		var cur *placeComp
		var nameWords, nameText []string
		flush := func() {
			if cur != nil || len(nameWords) > 0 {
				c := placeComp{level: lvBare}
				if cur != nil {
					c = *cur
				}
				c.key = nameKeyOf(nameWords)
				c.text = strings.Join(nameText, " ")
				out = append(out, c)
			}
			cur, nameWords, nameText = nil, nil, nil
		}
		for i := 0; i < len(ws); {
			// A keyword starts a new part, unless it directly follows
			// another keyword ("Xã Xà Phiên" is fine: "xà" is not "xã").
			if kw, n := keywordAt(ws, os, i); n > 0 && !(cur != nil && len(nameWords) == 0) {
				flush()
				cur = &placeComp{level: kw.level, typ: kw.typ}
				i += n
				continue
			}
			nameWords = append(nameWords, ws[i])
			nameText = append(nameText, os[i])
			i++
		}
		flush()
	}
	for i := range out {
		c := &out[i]
		// "Thành phố Hồ Chí Minh", "TP.HCM" and bare province names are
		// provinces.
		if (c.level == lvDistrict && c.typ == "thanhpho") || c.level == lvBare {
			if _, ok := provinces.lookup(c.key); ok {
				c.level = lvProvince
			}
		}
	}
	return out
}

// keywordAt returns the keyword starting at word i, and how many words it
// takes (0: none).
func keywordAt(ws, os []string, i int) (placeKeyword, int) {
	for _, kw := range placeKeywords {
		n := len(kw.words)
		if i+n > len(ws) {
			continue
		}
		ok := true
		for k, w := range kw.words {
			if ws[i+k] != w {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if kw.orig != nil {
			match := false
			for _, o := range kw.orig {
				if strings.TrimRight(os[i], ".:") == o {
					match = true
				}
			}
			if !match {
				continue
			}
		}
		// A keyword needs a name after it, except a hamlet or street part.
		if i+n == len(ws) && kw.level != lvSub {
			continue
		}
		return kw, n
	}
	return placeKeyword{}, 0
}

// splitPlace splits an address at commas, semicolons and dashes between
// spaces.
func splitPlace(s string) []string {
	s = strings.NewReplacer(" - ", ",", " – ", ",", " — ", ",", ";", ",", "(", ",", ")", ",").Replace(s)
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		// "Bà Rịa - Vũng Tàu", "Thừa Thiên - Huế": one province, not two parts.
		if n := len(out); n > 0 {
			if _, ok := provinces.lookup(matchKey(out[n-1] + " " + p)); ok {
				out[n-1] += " - " + p
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// nameKeyOf joins folded name words into a key; numbers lose leading zeros.
func nameKeyOf(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		if allDigits(w) {
			w = strings.TrimLeft(w, "0")
			if w == "" {
				w = "0"
			}
		}
		b.WriteString(w)
	}
	return b.String()
}

// hcmcProvinces are the old province codes now inside Ho Chi Minh City.
var hcmcProvinces = map[string]string{"079": "79", "074": "74", "077": "77"}

// Place normalises a place reading and, where the smallest unit it names
// (a phường, xã, thị trấn or đặc khu, by its old or new name, accents and
// case ignored, "P." "Q." abbreviations allowed) resolves against Units(),
// gives the 2025 unit. An old unit that was split between new units sets
// Partial and says that the street address is needed, rather than guess.
// Names of units and the words around them read with a wrong accent get
// the spelling of the data first, and the note says which.
func Place(raw string) PlaceMatch {
	text, changed, seps, refused := repairPlace(clean(raw))
	m := resolvePlace(text)
	if m.Slip == "" && len(refused) > 0 {
		m.Slip = refused[0]
	}
	var notes []string
	if len(changed) > 0 {
		notes = append(notes, "sửa dấu theo danh mục: "+strings.Join(changed, ", "))
	}
	if len(seps) > 0 {
		m.Mended = "thêm dấu phẩy: " + strings.Join(seps, ", ")
		notes = append(notes, m.Mended)
	}
	m.Note = joinNotes(append(notes, m.Note)...)
	return m
}

// resolvePlace is Place after the spelling is mended.
func resolvePlace(text string) PlaceMatch {
	loadUnitIndex()
	m := PlaceMatch{Text: text}
	if blank(m.Text) {
		return m
	}
	comps := placeComps(m.Text)
	var unit, dist, prov *placeComp
	for i := range comps {
		c := &comps[i]
		switch {
		case c.level == lvUnit && unit == nil && c.key != "":
			unit = c
		case c.level == lvDistrict && dist == nil && c.key != "":
			dist = c
		case c.level == lvProvince && prov == nil:
			prov = c
		}
	}
	if unit == nil {
		for i := range comps {
			c := &comps[i]
			if c.level == lvBare && (len(unitIdx.old[c.key]) > 0 || len(unitIdx.new[c.key]) > 0) {
				unit = c
				break
			}
		}
	}
	if dist == nil && unit != nil {
		for i := range comps {
			c := &comps[i]
			if c != unit && c.level == lvBare && districtNames[c.key] != "" {
				dist = c
				break
			}
		}
	}
	provCode := ""
	if prov != nil {
		code, ok := provinces.lookup(prov.key)
		if ok {
			for k, n := range provinceName {
				if n == code {
					provCode = k
				}
			}
		}
		if provCode != "" && hcmcProvinces[provCode] == "" {
			m.Note = "ngoài TP.HCM: không đối chiếu đơn vị hành chính"
			return m
		}
	}
	if unit == nil {
		// "Huyện Côn Đảo" was a district and is now a unit of its own.
		if dist != nil && dist.typ == "huyen" {
			if rows := filterRows(unitIdx.old[dist.key], unitIdx.oldTyp, "huyen", "", ""); len(rows) > 0 {
				return resolveOld(m, rows, dist.text)
			}
		}
		if dist != nil || prov != nil {
			m.Note = "không có tên phường/xã"
			m.Unknown = streetAddress(m.Text)
		}
		return m
	}
	dk := ""
	if dist != nil {
		dk = districtNames[dist.key]
		if dk == "" {
			dk = dist.key
		}
	}
	oldProv := ""
	if provCode != "" && provCode != "079" {
		oldProv = hcmcProvinces[provCode]
	}
	oldRows := filterRows(unitIdx.old[unit.key], unitIdx.oldTyp, unit.typ, dk, oldProv)
	newRows := filterRows(unitIdx.new[unit.key], unitIdx.newTyp, unit.typ, "", "")
	label := strings.TrimSpace(unit.typ + " " + unit.text)
	if len(newRows) > 0 && (dist == nil && oldProv == "" || len(oldRows) == 0) {
		// No district: the address is written in the 2025 way, or the old
		// name is also a new one.
		u := Units()[newRows[0]]
		m.NewCode, m.NewName = u.NewCode, u.NewName
		m.Note = "tên đơn vị mới: " + u.NewName
		m.Slip = nameSlip(unit.text, newRows, func(u Unit) string { return u.NewName })
		return m
	}
	if len(oldRows) == 0 {
		m.Note = "không tìm thấy đơn vị hành chính: " + label
		m.Unknown = true
		return m
	}
	m.Slip = nameSlip(unit.text, oldRows, func(u Unit) string { return u.OldName })
	return resolveOld(m, oldRows, label)
}

// nameSlip returns the listed spelling of the unit an address resolved to
// (rows, named by name) when the address reads its name with the same
// letters but other marks than every row's, or "": "Xã Thanh An, Huyện Cần
// Giờ" is Xã Thạnh An, a mark lost, though Xã Thanh An of Bình Dương keeps
// the phrase from being mended. A mark is what both readings of a crop
// most often lose together.
func nameSlip(read string, rows []int, name func(Unit) string) string {
	got := strings.Join(coreWords(read), " ")
	want := ""
	for _, r := range rows {
		n := strings.Join(coreWords(stripKind(name(Units()[r]))), " ")
		if sameSpelling(n, got) {
			return ""
		}
		if fold(n) == fold(got) {
			want = n
		}
	}
	return want
}

// filterRows keeps the rows of the right kind, district and old province
// ("" for any).
func filterRows(rows []int, typs []string, typ, dk, prov string) []int {
	var out []int
	us := Units()
	for _, r := range rows {
		if typ != "" && typs[r] != typ {
			continue
		}
		if dk != "" && unitIdx.distKey[r] != dk {
			continue
		}
		if prov != "" && us[r].OldProvCode != prov {
			continue
		}
		out = append(out, r)
	}
	return out
}

// resolveOld maps an old unit (its matching rows) to its 2025 unit.
func resolveOld(m PlaceMatch, rows []int, label string) PlaceMatch {
	us := Units()
	codes := map[string]bool{}
	for _, r := range rows {
		codes[us[r].OldCode] = true
	}
	if len(codes) > 1 {
		m.Note = fmt.Sprintf("%s có ở %d quận/huyện cũ: cần tên quận/huyện", label, len(codes))
		return m
	}
	old := us[rows[0]].OldCode
	var parts []string
	for _, r := range unitIdx.byOld[old] {
		if us[r].Full {
			m.NewCode, m.NewName = us[r].NewCode, us[r].NewName
			m.Note = us[r].OldName + " (cũ) → " + us[r].NewName
			return m
		}
		parts = append(parts, us[r].NewName)
	}
	m.Partial = true
	m.Note = fmt.Sprintf("%s (cũ) nay chia cho %s: cần số nhà, tên đường để xác định đơn vị mới", us[rows[0]].OldName, strings.Join(parts, ", "))
	return m
}

// streetAddress says s starts as a dwelling's address does: a house
// number, "Số", "Tổ", "Ấp", "Khu phố" or "đường", not a body's name
// ("Bệnh viện Quận 1").
func streetAddress(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return false
	}
	first := []rune(ws[0])
	return unicode.IsDigit(first[0]) || slices.Contains([]string{"so", "to", "ap", "khu", "duong"}, fold(core(ws[0])))
}
