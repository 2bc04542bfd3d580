// Package searchkey is how civreg finds records, whatever store holds them:
// the search keys a record is indexed under (folded names given-name first,
// name words, ID numbers, the registered person's date of birth), the
// fuzzy matching of a typed name (optimal string alignment within an edit
// budget per word), the checks of a query and the ranking of candidates
// with the reasons shown to a clerk, in Vietnamese. A store keeps the keys
// in its own tables and reads candidates by them; it hands every candidate
// to Query.Match and the survivors to Rank.
package searchkey

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// Roles of the persons a record names, as kept in the search index.
const (
	RolePerson    = 'p' // the registered person: child, husband, deceased, the one recognised
	RoleSpouse    = 's' // the wife on a marriage record
	RoleFather    = 'f'
	RoleMother    = 'm'
	RoleRecognise = 'n' // the person recognising a father, mother or child
)

// personKeys names, per kind, the field keys of each person's name and date
// (or year) of birth, registered person first.
var personKeys = map[registry.Kind][]struct {
	Role       byte
	Name, Born string
}{
	registry.Birth:       {{RolePerson, "nksHoTen", "nksNgaySinh"}, {RoleFather, "chaHoTen", "chaNamSinh"}, {RoleMother, "meHoTen", "meNamSinh"}},
	registry.Marriage:    {{RolePerson, "chongHoTen", "chongNgaySinh"}, {RoleSpouse, "voHoTen", "voNgaySinh"}},
	registry.Death:       {{RolePerson, "nktHoTen", "nktNgaySinh"}},
	registry.Recognition: {{RolePerson, "ndnHoTen", "ndnNgaySinh"}, {RoleRecognise, "nnHoTen", "nnNgaySinh"}},
}

// isIDKey reports whether a field holds a personal ID or an identity
// document.
func isIDKey(key string) bool {
	return strings.HasSuffix(key, "SoDinhDanh") || strings.HasSuffix(key, "GiayToTuyThan")
}

// Person is one named person of a record, as the index keeps it.
type Person struct {
	Role byte
	Born string // ISO with its precision, or ""
	Name string // folded, single spaces
}

// Entry is what the index keeps of one record.
type Entry struct {
	Kind, Office, Book, Entry, Born, Status string
	People                                  []Person
	IDs                                     []string // "key\tnumber"
	Card                                    string   // JSON object of the values a hit shows (cardKeys)
}

// cardKeys are the fields a search hit shows, besides the persons' names
// and dates of birth (personKeys). Migration 0008 names the same keys.
var cardKeys = []string{"so", "ngayDangKy", "quyetDinhNgay"}

// cardKeysOf are, per kind, the keys card reads, in the order
// encoding/json writes a map's keys (sorted).
var cardKeysOf = func() map[registry.Kind][]string {
	m := map[registry.Kind][]string{}
	for kind, pks := range personKeys {
		keys := slices.Clone(cardKeys)
		for _, pk := range pks {
			keys = append(keys, pk.Name, pk.Born)
		}
		slices.Sort(keys)
		m[kind] = slices.Compact(keys)
	}
	m[""] = slices.Sorted(slices.Values(cardKeys)) // any other kind
	return m
}()

// card returns the values a hit shows as a JSON object, empty values left
// out, as json.Marshal writes them from a map, without the map.
func card(kind registry.Kind, value func(string) string) string {
	keys, ok := cardKeysOf[kind]
	if !ok {
		keys = cardKeysOf[""]
	}
	b := make([]byte, 0, 256)
	b = append(b, '{')
	for _, k := range keys {
		v := value(k)
		if v == "" {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = appendJSON(append(appendJSON(b, k), ':'), v)
	}
	return string(append(b, '}'))
}

// appendJSON appends s as json.Marshal writes a string: as it is when
// nothing in it is escaped, else by json.Marshal itself.
func appendJSON(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&'),
			r == utf8.RuneError, r == '\u2028', r == '\u2029':
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

var (
	isoBorn  = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	idNumber = regexp.MustCompile(`\d{8,}|\b[A-Z]\d{7}\b`)
)

// bornValue returns a stored date of birth as ISO with its precision, or ""
// when it does not read as a date.
func bornValue(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if isoBorn.MatchString(v) {
		return v
	}
	if iso, err := normalize.Date(v); err == nil {
		return iso
	}
	return ""
}

// Tokens splits a name into its folded words.
func Tokens(s string) []string {
	return strings.FieldsFunc(normalize.FoldKey(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// entryNumber trims the zeros an entry number may be written with.
func entryNumber(s string) string {
	s = strings.TrimSpace(s)
	if t := strings.TrimLeft(s, "0"); t != "" && t != s {
		if _, err := strconv.Atoi(t); err == nil {
			return t
		}
	}
	return s
}

// bookNumber writes a book number as NN/YYYY ("1/2009" → "01/2009").
func bookNumber(s string) string {
	s = strings.TrimSpace(s)
	if n, y, ok := strings.Cut(s, "/"); ok && len(n) == 1 && n[0] >= '0' && n[0] <= '9' {
		return "0" + n + "/" + y
	}
	return s
}

// BuildEntry computes a record's search entry from its field values.
func BuildEntry(kind registry.Kind, office, book string, status registry.RecordStatus, values map[string]string) Entry {
	var ids []string
	for k := range values {
		if isIDKey(k) {
			ids = append(ids, k)
		}
	}
	return buildEntry(kind, office, book, status, func(k string) string { return values[k] }, ids)
}

// RecordEntry is BuildEntry of a record's kind, office, book, status and
// field values, read from its fields without copying them into a map (a
// bulk load computes it for every record).
func RecordEntry(r *registry.Record) Entry {
	var ids []string
	for k := range r.Fields {
		if isIDKey(k) {
			ids = append(ids, k)
		}
	}
	value := func(k string) string {
		if f := r.Fields[k]; f != nil {
			return f.Value
		}
		return ""
	}
	return buildEntry(r.Kind, r.Office, r.Book, r.Status, value, ids)
}

// buildEntry computes a search entry from value, a field's value by its
// key, and the keys of the fields holding IDs (isIDKey), in any order.
func buildEntry(kind registry.Kind, office, book string, status registry.RecordStatus, value func(string) string, idKeys []string) Entry {
	e := Entry{Kind: string(kind), Office: office, Book: book, Entry: entryNumber(value("so")), Status: string(status), Card: card(kind, value)}
	for _, pk := range personKeys[kind] {
		born := bornValue(value(pk.Born))
		if pk.Role == RolePerson {
			e.Born = born
		}
		// The words Tokens gives, joined: FoldWords is the same, faster.
		name := normalize.FoldWords(value(pk.Name))
		if name == "" {
			continue
		}
		e.People = append(e.People, Person{Role: pk.Role, Born: born, Name: name})
	}
	sort.Strings(idKeys)
	for _, k := range idKeys {
		for _, n := range idNumber.FindAllString(strings.ToUpper(value(k)), -1) {
			e.IDs = append(e.IDs, k+"\t"+n)
		}
	}
	return e
}

// PeopleText and ParsePeople write and read a record's people as one text.
func PeopleText(ps []Person) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteByte(p.Role)
		b.WriteByte('\t')
		b.WriteString(p.Born)
		b.WriteByte('\t')
		b.WriteString(p.Name)
	}
	return b.String()
}

// ParsePeople reads what PeopleText wrote.
func ParsePeople(s string) []Person {
	var ps []Person
	for line := range strings.SplitSeq(s, "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 || len(f[0]) != 1 {
			continue
		}
		ps = append(ps, Person{Role: f[0][0], Born: f[1], Name: f[2]})
	}
	return ps
}

// Year returns the year of an ISO date of any precision, or 0.
func Year(iso string) int {
	if len(iso) < 4 {
		return 0
	}
	y, err := strconv.Atoi(iso[:4])
	if err != nil {
		return 0
	}
	return y
}

// DocTokens returns the distinct name words of a record's people.
func DocTokens(ps []Person) map[string]bool {
	m := map[string]bool{}
	for _, t := range AppendDocTokens(nil, ps) {
		m[t] = true
	}
	return m
}

// AppendDocTokens appends the distinct name words of a record's people to
// dst, in their order (DocTokens as a list, without a map).
func AppendDocTokens(dst []string, ps []Person) []string {
	from := len(dst)
	for _, p := range ps {
		for t := range strings.SplitSeq(p.Name, " ") {
			if t != "" && !slices.Contains(dst[from:], t) {
				dst = append(dst, t)
			}
		}
	}
	return dst
}

// IDNumbers returns the distinct numbers of an ids list.
func IDNumbers(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range AppendIDNumbers(nil, ids) {
		m[n] = true
	}
	return m
}

// AppendIDNumbers appends the distinct numbers of an ids list to dst, in
// their order (IDNumbers as a list).
func AppendIDNumbers(dst []string, ids []string) []string {
	from := len(dst)
	for _, l := range ids {
		if _, n, ok := strings.Cut(l, "\t"); ok && !slices.Contains(dst[from:], n) {
			dst = append(dst, n)
		}
	}
	return dst
}

// NameKey is a name as search_names keeps it: the given name (the last
// word) first, then the surname and middle names in order ("nguyen van
// an" → "an nguyen van"). A clerk's "nguyen an" (surname and given name)
// is then a prefix of every name it may stand for, one index range.
func NameKey(name string) string {
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		return name[i+1:] + " " + name[:i]
	}
	return name
}

// NameClass prefixes a whole name in search_names: "1 " for the
// registered person or a spouse, "2 " for a parent or the person
// recognising, so that the matches that rank higher are read first.
func NameClass(role byte) string {
	if RoleWeight(role) == 1 {
		return "1 "
	}
	return "2 "
}

// NameRow is one row of search_names.
type NameRow struct {
	Key  string
	Year int
	Role string
}

// NameRows returns the whole-name index rows of a record's people.
func NameRows(ps []Person) map[NameRow]bool {
	m := map[NameRow]bool{}
	for _, nr := range AppendNameRows(nil, ps) {
		m[nr] = true
	}
	return m
}

// AppendNameRows appends the distinct whole-name index rows of a record's
// people to dst, in their order (NameRows as a list).
func AppendNameRows(dst []NameRow, ps []Person) []NameRow {
	from := len(dst)
	for _, p := range ps {
		nr := NameRow{nameRowKey(p.Role, p.Name), Year(p.Born), string(p.Role)}
		if !slices.Contains(dst[from:], nr) {
			dst = append(dst, nr)
		}
	}
	return dst
}

// nameRowKey is NameClass(role) + NameKey(name), built at once.
func nameRowKey(role byte, name string) string {
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		return NameClass(role) + name[i+1:] + " " + name[:i]
	}
	return NameClass(role) + name
}

// Word is one name word in use and how many records hold it.
type Word struct {
	Tok string
	N   int
}

// MaxDist is how many edits a query word of this length may be from a
// stored one: one, or two for long words.
func MaxDist(tok string) int {
	if len([]rune(tok)) >= 6 {
		return 2
	}
	return 1
}

// Distance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours, each one
// edit: "ngyuen" is one edit from "nguyen"), or max+1 when it is over max.
func Distance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Expansion is a stored word a query word may stand for.
type Expansion struct {
	Tok  string
	Dist int
	N    int
}

// Expand returns the stored words within reach of a query word, nearest
// first, then most common.
func Expand(q string, words []Word) []Expansion {
	max := MaxDist(q)
	var out []Expansion
	for _, w := range words {
		if d := Distance(q, w.Tok, max); d <= max {
			out = append(out, Expansion{w.Tok, d, w.N})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Dist != out[j].Dist {
			return out[i].Dist < out[j].Dist
		}
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Tok < out[j].Tok
	})
	return out
}

// weight is what a word matched at distance d counts for.
func weight(d int) float64 {
	switch d {
	case 0:
		return 1
	case 1:
		return 0.75
	case 2:
		return 0.5
	}
	return 0
}

// NameMatch scores a query name against a stored one, both folded words:
// every query word must match a different stored word within its edit
// budget. The score is the mean weight of the query words, lowered a
// little for stored words left over and for a different order; 0 means no
// Match. fuzzy lists the misspelled words as "query→stored".
func NameMatch(q []string, stored string) (score float64, fuzzy []string) {
	r := strings.Fields(stored)
	if len(q) == 0 || len(r) == 0 || len(q) > len(r) || len(r) > 12 {
		return 0, nil
	}
	// best[mask] over the query words seen so far: the best total weight
	// with the stored words in mask used. Names have a handful of words.
	type state struct {
		w    float64
		pick []int
	}
	best := map[int]state{0: {}}
	for _, qt := range q {
		next := map[int]state{}
		max := MaxDist(qt)
		for mask, s := range best {
			for j, rt := range r {
				if mask&(1<<j) != 0 {
					continue
				}
				d := Distance(qt, rt, max)
				if d > max {
					continue
				}
				m := mask | 1<<j
				w := s.w + weight(d)
				if cur, ok := next[m]; !ok || w > cur.w {
					pick := append(append([]int(nil), s.pick...), j)
					next[m] = state{w, pick}
				}
			}
		}
		if len(next) == 0 {
			return 0, nil
		}
		best = next
	}
	var top state
	for _, s := range best {
		if s.w > top.w {
			top = s
		}
	}
	inOrder := true
	for i, j := range top.pick {
		if i > 0 && j < top.pick[i-1] {
			inOrder = false
		}
		if q[i] != r[j] {
			fuzzy = append(fuzzy, q[i]+"→"+r[j])
		}
	}
	score = top.w / float64(len(q)) * (0.8 + 0.2*float64(len(q))/float64(len(r)))
	if !inOrder {
		score *= 0.98
	}
	return score, fuzzy
}

// Query is a SearchQuery checked and put in the index's terms.
type Query struct {
	registry.SearchQuery
	Words      []string // folded name words
	BornISO    string   // ISO with precision
	OfficeFold string   // folded
	Want       int      // hits wanted
}

// MaxLimit caps how many hits one search returns.
const MaxLimit = 500

// ParseQuery checks a query and puts it in the index's terms, or returns
// EINVALID naming what is wrong.
func ParseQuery(q registry.SearchQuery) (*Query, error) {
	pq := &Query{SearchQuery: q, Want: q.Limit}
	pq.Words = Tokens(q.Name)
	if strings.TrimSpace(q.Name) != "" && len(pq.Words) == 0 {
		return nil, registry.Errorf(registry.EINVALID, "name %q has no letters to search for", q.Name)
	}
	if b := strings.TrimSpace(q.Born); b != "" {
		iso, err := normalize.Date(b)
		if err != nil {
			return nil, registry.Errorf(registry.EINVALID, "born %q: want a date (26/6/1948, 1948-06-26) or a year", q.Born)
		}
		pq.BornISO = iso
	}
	pq.ID = strings.ToUpper(strings.Join(strings.FieldsFunc(q.ID, func(r rune) bool { return r == ' ' || r == '.' || r == '-' }), ""))
	if q.ID != "" && !idNumber.MatchString(pq.ID) {
		return nil, registry.Errorf(registry.EINVALID, "id %q: want a 12-digit personal ID, a 9-digit CMND or a passport number", q.ID)
	}
	pq.Book, pq.Entry = bookNumber(q.Book), entryNumber(q.Entry)
	if pq.Entry != "" && pq.Book == "" {
		return nil, registry.Errorf(registry.EINVALID, "an entry number needs its book (NN/YYYY)")
	}
	pq.Office = strings.TrimSpace(q.Office)
	pq.OfficeFold = normalize.FoldKey(pq.Office)
	if q.Kind != "" {
		if _, err := registry.ParseKind(string(q.Kind)); err != nil {
			return nil, err
		}
	}
	switch q.Status {
	case "", registry.RecordVerified, registry.RecordNeedsReview:
	default:
		return nil, registry.Errorf(registry.EINVALID, "unknown record status %q", q.Status)
	}
	if len(pq.Words) == 0 && pq.BornISO == "" && pq.ID == "" && pq.Book == "" && pq.Office == "" && q.Kind == "" && q.Status == "" {
		return nil, registry.Errorf(registry.EINVALID, "a search needs a name, a date of birth, an ID, a book, an office or a kind")
	}
	if pq.Want <= 0 {
		pq.Want = 20
	}
	pq.Want = min(pq.Want, MaxLimit)
	return pq, nil
}

// Doc is a search_docs row as a search reads it.
type Doc struct {
	Doc                                       int64
	RecordID, Kind, Office, Book, Entry, Born string
	People, IDs, Status, Card                 string
}

// Candidate is a record that passed every condition, with its score.
type Candidate struct {
	Row   Doc
	Score float64
	Who   Person // the person the name or date matched, or the registered one
	Why   []string
}

// CandidateCap bounds the rows one way of finding candidates reads, so that
// a query made of very common words stays fast; the hits are then the best
// of those rows, not of every record.
const CandidateCap = 4000

// StoredName turns a search_names key back into the folded name
// ("1 an nguyen van" → "nguyen van an").
func StoredName(key string) string {
	if len(key) < 2 {
		return key
	}
	name := key[2:]
	if given, rest, ok := strings.Cut(name, " "); ok {
		return rest + " " + given
	}
	return name
}

// Cap is how many rows of one level of whole names to read: a few times
// the hits wanted when nothing else filters them (rows of one level score
// alike), else candidateCap.
func (q *Query) Cap() int {
	if q.Office == "" && q.Kind == "" && q.Status == "" {
		return min(CandidateCap, max(100, 5*q.Want))
	}
	return CandidateCap
}

// Combos returns up to max whole names made of one expansion per query
// word whose distances add up to level.
func Combos(exps [][]Expansion, level, max int) []string {
	var out []string
	words := make([]string, len(exps))
	var walk func(i, left int)
	walk = func(i, left int) {
		if len(out) >= max {
			return
		}
		if i == len(exps) {
			if left == 0 {
				out = append(out, strings.Join(words, " "))
			}
			return
		}
		for _, x := range exps[i] {
			if x.Dist > left {
				break // sorted by distance
			}
			words[i] = x.Tok
			walk(i+1, left-x.Dist)
		}
	}
	walk(0, level)
	return out
}

// RoleName says in Vietnamese who a role is on a record of a kind.
func RoleName(kind string, role byte) string {
	switch role {
	case RoleFather:
		return "cha"
	case RoleMother:
		return "mẹ"
	case RoleSpouse:
		return "vợ"
	case RoleRecognise:
		return "người nhận"
	}
	switch registry.Kind(kind) {
	case registry.Birth:
		return "người được khai sinh"
	case registry.Marriage:
		return "chồng"
	case registry.Death:
		return "người chết"
	case registry.Recognition:
		return "người được nhận"
	}
	return "người được đăng ký"
}

// RoleWeight ranks a match on the registered person (or a spouse) above
// one on a parent.
func RoleWeight(role byte) float64 {
	if role == RolePerson || role == RoleSpouse {
		return 1
	}
	return 0.9
}

// bornMatch scores a stored date against the one asked for; 0 means they
// disagree or nothing is stored.
func bornMatch(asked, stored string) (float64, string) {
	if stored == "" {
		return 0, ""
	}
	n := min(len(asked), len(stored))
	if asked[:n] != stored[:n] {
		return 0, ""
	}
	what := map[int]string{4: "năm sinh", 7: "tháng, năm sinh", 10: "ngày sinh"}[len(asked)]
	if len(stored) < len(asked) {
		return 0.8, what + " khớp (sổ chỉ ghi " + map[int]string{4: "năm", 7: "tháng, năm"}[len(stored)] + ")"
	}
	return 1, what + " khớp"
}

// Match checks a record against every condition of the query and scores
// it; nil means it does not qualify.
func (q *Query) Match(r Doc) *Candidate {
	if q.Kind != "" && r.Kind != string(q.Kind) {
		return nil
	}
	if q.Status != "" && r.Status != string(q.Status) {
		return nil
	}
	if q.OfficeFold != "" && !strings.Contains(normalize.FoldKey(r.Office), q.OfficeFold) {
		return nil
	}
	c := &Candidate{Row: r}
	var total float64
	var parts int
	if q.Book != "" {
		if r.Book != q.Book || q.Entry != "" && r.Entry != q.Entry {
			return nil
		}
		if q.Entry != "" {
			c.Why = append(c.Why, fmt.Sprintf("quyển số %s, số %s khớp", r.Book, r.Entry))
		} else {
			c.Why = append(c.Why, fmt.Sprintf("quyển số %s khớp", r.Book))
		}
		total, parts = total+1, parts+1
	}
	if q.ID != "" {
		found := false
		for line := range strings.SplitSeq(r.IDs, "\n") {
			if k, n, ok := strings.Cut(line, "\t"); ok && n == q.ID {
				found = true
				c.Why = append(c.Why, idWhat(r.Kind, k)+" khớp")
				break
			}
		}
		if !found {
			return nil
		}
		total, parts = total+1, parts+1
	}
	people := ParsePeople(r.People)
	if len(people) > 0 {
		c.Who = people[0]
	}
	if len(q.Words) > 0 || q.BornISO != "" {
		// The best person: the name and the date of birth must both be
		// that one person's.
		best, bestScore := -1, 0.0
		var bestWhy []string
		for i, p := range people {
			var score float64
			var why []string
			if len(q.Words) > 0 {
				ns, fuzzy := NameMatch(q.Words, p.Name)
				if ns == 0 {
					continue
				}
				ns *= RoleWeight(p.Role)
				if len(fuzzy) == 0 {
					why = append(why, "tên "+RoleName(r.Kind, p.Role)+" khớp")
				} else {
					why = append(why, "tên "+RoleName(r.Kind, p.Role)+" gần đúng ("+strings.Join(fuzzy, ", ")+")")
				}
				score += ns
			} else if p.Role != RolePerson && p.Role != RoleSpouse {
				continue // a date alone is the registered person's
			}
			if q.BornISO != "" {
				bs, what := bornMatch(q.BornISO, p.Born)
				if bs == 0 {
					continue
				}
				why = append(why, what)
				score += bs
			}
			if score > bestScore {
				best, bestScore, bestWhy = i, score, why
			}
		}
		if best < 0 {
			return nil
		}
		c.Who = people[best]
		c.Why = append(c.Why, bestWhy...)
		n := 0
		if len(q.Words) > 0 {
			n++
		}
		if q.BornISO != "" {
			n++
		}
		total, parts = total+bestScore, parts+n
	}
	if parts == 0 {
		total, parts = 1, 1
		c.Why = append(c.Why, "đúng điều kiện lọc")
	}
	c.Score = total / float64(parts)
	return c
}

// idWhat names an ID field in Vietnamese.
func idWhat(kind, key string) string {
	who := ""
	for _, pre := range []struct {
		p    string
		Role byte
	}{{"nks", RolePerson}, {"nkt", RolePerson}, {"ndn", RolePerson}, {"chong", RolePerson}, {"vo", RoleSpouse}, {"nn", RoleRecognise}} {
		if strings.HasPrefix(key, pre.p) {
			who = RoleName(kind, pre.Role)
		}
	}
	if strings.HasPrefix(key, "nyc") {
		who = "người đi đăng ký"
	}
	what := "số giấy tờ tùy thân"
	if strings.HasSuffix(key, "SoDinhDanh") {
		what = "số định danh cá nhân"
	}
	if who == "" {
		return what
	}
	return what + " của " + who
}

// Hits fills in what a clerk sees of the candidates, from their search
// entries alone.
func Hits(cands []*Candidate) ([]registry.SearchHit, error) {
	out := make([]registry.SearchHit, 0, len(cands))
	for _, c := range cands {
		values := map[string]string{}
		if c.Row.Card != "" {
			if err := json.Unmarshal([]byte(c.Row.Card), &values); err != nil {
				return nil, fmt.Errorf("search entry of %s: %w", c.Row.RecordID, err)
			}
		}
		h := registry.SearchHit{RecordID: c.Row.RecordID, Kind: registry.Kind(c.Row.Kind), Score: c.Score, Why: strings.Join(c.Why, "; "),
			Status: registry.RecordStatus(c.Row.Status), Office: c.Row.Office, Book: c.Row.Book}
		h.Entry, h.Registered = values["so"], values["ngayDangKy"]
		if h.Registered == "" {
			h.Registered = values["quyetDinhNgay"]
		}
		// The record's main person, then the others (parents, the
		// spouse, the person recognising); Why says which of them matched.
		// The spouse or the person recognising when it was they who
		// matched: the card shows the person the clerk looked for.
		first := 0
		for i, pk := range personKeys[h.Kind] {
			if i > 0 && pk.Role == c.Who.Role && (pk.Role == RoleSpouse || pk.Role == RoleRecognise) && values[pk.Name] != "" {
				first = i
			}
		}
		var others []string
		for i, pk := range personKeys[h.Kind] {
			name := values[pk.Name]
			if i == first {
				h.Name, h.Born = name, values[pk.Born]
			} else if name != "" {
				others = append(others, upperFirst(RoleName(c.Row.Kind, pk.Role))+": "+name)
			}
		}
		h.Parents = strings.Join(others, "; ")
		out = append(out, h)
	}
	return out, nil
}

// upperFirst upper-cases the first letter of s.
func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// Rank orders the candidates best first, keeps the best want of them and
// returns what a clerk sees of them; equal scores show the most recently
// registered first.
func Rank[K comparable](cands map[K]*Candidate, want int) ([]registry.SearchHit, error) {
	cs := make([]*Candidate, 0, len(cands))
	for _, c := range cands {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Score != cs[j].Score {
			return cs[i].Score > cs[j].Score
		}
		return cs[i].Row.RecordID < cs[j].Row.RecordID
	})
	if len(cs) > want {
		cs = cs[:want]
	}
	hits, err := Hits(cs)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool {
		return hits[i].Score > hits[j].Score || hits[i].Score == hits[j].Score && hits[i].Registered > hits[j].Registered
	})
	return hits, nil
}

// NameIndex is what a store reads when it looks a name up; FindByName
// decides what to read, in which order and how much, the same for every
// store.
type NameIndex interface {
	// Names reads the records holding a name that is one of keys or
	// begins with one of them and a space (NameRows keys), of the year yr
	// when it is over 0.
	Names(keys []string, yr int) error
	// Words reads at most budget records holding one of the words toks
	// (in their order, each word's records in the store's order) and
	// returns how many index rows it read.
	Words(toks []string, budget int) (int, error)
	// Found is how many records matched so far.
	Found() int
}

// FindByName finds records by q's name through idx, words being the
// store's name words: first the names that hold its words as surname …
// given name (a whole name asked for is one of them), spelled as asked and
// then with one or two words misspelled; then, for a single word or when
// no such name matched, records holding its rarest word.
func FindByName(q *Query, words []Word, idx NameIndex) error {
	exps := make([][]Expansion, len(q.Words))
	for i, w := range q.Words {
		if exps[i] = Expand(w, words); len(exps[i]) == 0 {
			return nil // a word no record holds, even misspelled
		}
	}
	if len(exps) > 1 {
		if done, err := findWholeNames(q, exps, idx); done || err != nil {
			return err
		}
	}
	// The rarest word, counting what its misspellings would bring in.
	rare, rareN := 0, -1
	for i, e := range exps {
		n := 0
		for _, x := range e {
			n += x.N
		}
		if rareN < 0 || n < rareN {
			rare, rareN = i, n
		}
	}
	budget := CandidateCap / 2
	for dist := 0; dist <= 2 && budget > 0; dist++ {
		var toks []string
		for _, x := range exps[rare] {
			if x.Dist == dist {
				toks = append(toks, x.Tok)
			}
		}
		if len(toks) == 0 {
			continue
		}
		n, err := idx.Words(toks, budget)
		if err != nil {
			return err
		}
		budget -= n
	}
	return nil
}

// findWholeNames reads the whole names a name of several words may be, in
// the order of the scores they give: a registered person's name spelled
// as asked, with one slip, a parent's as asked, ... It reports whether
// something matched, so that the rarest word need not be read.
func findWholeNames(q *Query, exps [][]Expansion, idx NameIndex) (bool, error) {
	yr := 0
	if q.BornISO != "" {
		yr = Year(q.BornISO)
	}
	for _, step := range []struct {
		class string
		level int
	}{{"1 ", 0}, {"1 ", 1}, {"2 ", 0}, {"1 ", 2}, {"2 ", 1}, {"2 ", 2}} {
		if step.level == 2 && idx.Found() > 0 {
			continue // two slips only when nothing closer matched
		}
		names := Combos(exps, step.level, 400)
		if len(names) == 0 {
			continue
		}
		for i := range names {
			names[i] = step.class + NameKey(names[i])
		}
		if err := idx.Names(names, yr); err != nil {
			return false, err
		}
		if idx.Found() >= q.Want {
			return true, nil
		}
	}
	return idx.Found() > 0, nil
}
