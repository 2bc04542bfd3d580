package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// DB finds records.
var _ registry.Searcher = (*DB)(nil)

// Roles of the persons a record names, as kept in the search index.
const (
	rolePerson    = 'p' // the registered person: child, husband, deceased, the one recognised
	roleSpouse    = 's' // the wife on a marriage record
	roleFather    = 'f'
	roleMother    = 'm'
	roleRecognise = 'n' // the person recognising a father, mother or child
)

// personKeys names, per kind, the field keys of each person's name and date
// (or year) of birth, registered person first.
var personKeys = map[registry.Kind][]struct {
	role       byte
	name, born string
}{
	registry.Birth:       {{rolePerson, "nksHoTen", "nksNgaySinh"}, {roleFather, "chaHoTen", "chaNamSinh"}, {roleMother, "meHoTen", "meNamSinh"}},
	registry.Marriage:    {{rolePerson, "chongHoTen", "chongNgaySinh"}, {roleSpouse, "voHoTen", "voNgaySinh"}},
	registry.Death:       {{rolePerson, "nktHoTen", "nktNgaySinh"}},
	registry.Recognition: {{rolePerson, "ndnHoTen", "ndnNgaySinh"}, {roleRecognise, "nnHoTen", "nnNgaySinh"}},
}

// isIDKey reports whether a field holds a personal ID or an identity
// document.
func isIDKey(key string) bool {
	return strings.HasSuffix(key, "SoDinhDanh") || strings.HasSuffix(key, "GiayToTuyThan")
}

// person is one named person of a record, as the index keeps it.
type person struct {
	role byte
	born string // ISO with its precision, or ""
	name string // folded, single spaces
}

// searchEntry is what the index keeps of one record.
type searchEntry struct {
	kind, office, book, entry, born, status string
	people                                  []person
	ids                                     []string // "key\tnumber"
	card                                    string   // JSON object of the values a hit shows (cardKeys)
}

// cardKeys are the fields a search hit shows, besides the persons' names
// and dates of birth (personKeys). Migration 0008 names the same keys.
var cardKeys = []string{"so", "ngayDangKy", "quyetDinhNgay"}

// card returns the values a hit shows as a JSON object, empty values left
// out.
func card(kind registry.Kind, values map[string]string) string {
	m := map[string]string{}
	put := func(k string) {
		if v := values[k]; v != "" {
			m[k] = v
		}
	}
	for _, k := range cardKeys {
		put(k)
	}
	for _, pk := range personKeys[kind] {
		put(pk.name)
		put(pk.born)
	}
	b, _ := json.Marshal(m) // a map of strings always marshals
	return string(b)
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

// nameTokens splits a name into its folded words.
func nameTokens(s string) []string {
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

// buildEntry computes a record's search entry from its field values.
func buildEntry(kind registry.Kind, office, book string, status registry.RecordStatus, values map[string]string) searchEntry {
	e := searchEntry{kind: string(kind), office: office, book: book, entry: entryNumber(values["so"]), status: string(status), card: card(kind, values)}
	for _, pk := range personKeys[kind] {
		born := bornValue(values[pk.born])
		if pk.role == rolePerson {
			e.born = born
		}
		toks := nameTokens(values[pk.name])
		if len(toks) == 0 {
			continue
		}
		e.people = append(e.people, person{role: pk.role, born: born, name: strings.Join(toks, " ")})
	}
	var keys []string
	for k := range values {
		if isIDKey(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, n := range idNumber.FindAllString(strings.ToUpper(values[k]), -1) {
			e.ids = append(e.ids, k+"\t"+n)
		}
	}
	return e
}

// peopleText and parsePeople write and read search_docs.people.
func peopleText(ps []person) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteByte(p.role)
		b.WriteByte('\t')
		b.WriteString(p.born)
		b.WriteByte('\t')
		b.WriteString(p.name)
	}
	return b.String()
}

func parsePeople(s string) []person {
	var ps []person
	for line := range strings.SplitSeq(s, "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 || len(f[0]) != 1 {
			continue
		}
		ps = append(ps, person{role: f[0][0], born: f[1], name: f[2]})
	}
	return ps
}

// year returns the year of an ISO date of any precision, or 0.
func year(iso string) int {
	if len(iso) < 4 {
		return 0
	}
	y, err := strconv.Atoi(iso[:4])
	if err != nil {
		return 0
	}
	return y
}

// docTokens returns the distinct name words of a record's people.
func docTokens(ps []person) map[string]bool {
	m := map[string]bool{}
	for _, p := range ps {
		for t := range strings.SplitSeq(p.name, " ") {
			if t != "" {
				m[t] = true
			}
		}
	}
	return m
}

// idNumbers returns the distinct numbers of an ids list.
func idNumbers(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, l := range ids {
		if _, n, ok := strings.Cut(l, "\t"); ok {
			m[n] = true
		}
	}
	return m
}

// nameKey is a name as search_names keeps it: the given name (the last
// word) first, then the surname and middle names in order ("nguyen van
// an" → "an nguyen van"). A clerk's "nguyen an" (surname and given name)
// is then a prefix of every name it may stand for, one index range.
func nameKey(name string) string {
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		return name[i+1:] + " " + name[:i]
	}
	return name
}

// nameClass prefixes a whole name in search_names: "1 " for the
// registered person or a spouse, "2 " for a parent or the person
// recognising, so that the matches that rank higher are read first.
func nameClass(role byte) string {
	if roleWeight(role) == 1 {
		return "1 "
	}
	return "2 "
}

// nameRow is one row of search_names.
type nameRow struct {
	key  string
	year int
	role string
}

func nameRows(ps []person) map[nameRow]bool {
	m := map[nameRow]bool{}
	for _, p := range ps {
		m[nameRow{nameClass(p.role) + nameKey(p.name), year(p.born), string(p.role)}] = true
	}
	return m
}

// indexRecord brings the search keys of one record up to date with its
// fields, inside the transaction that changed them. Every write that changes
// a field value calls it.
func indexRecord(ctx context.Context, tx *sql.Tx, recordID string) error {
	var kind, office, book, status string
	err := tx.QueryRowContext(ctx, `SELECT kind, office, book, status FROM records WHERE id = ?`, recordID).Scan(&kind, &office, &book, &status)
	if err == sql.ErrNoRows {
		_, err = tx.ExecContext(ctx, `DELETE FROM search_docs WHERE record_id = ?`, recordID)
		return err
	} else if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM fields WHERE record_id = ?`, recordID)
	if err != nil {
		return err
	}
	values := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return err
		}
		values[k] = v
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return writeEntry(ctx, tx, recordID, buildEntry(registry.Kind(kind), office, book, registry.RecordStatus(status), values))
}

// writeEntry stores e as the search entry of a record, replacing what the
// index held for it, and keeps the word counts right.
func writeEntry(ctx context.Context, tx *sql.Tx, recordID string, e searchEntry) error {
	people, ids := peopleText(e.people), strings.Join(e.ids, "\n")
	var (
		doc                int64
		oldPeople, oldIDs  string
		oldNames           = map[nameRow]bool{}
		oldToks, oldNumber = map[string]bool{}, map[string]bool{}
	)
	err := tx.QueryRowContext(ctx, `SELECT doc, people, ids FROM search_docs WHERE record_id = ?`, recordID).Scan(&doc, &oldPeople, &oldIDs)
	switch {
	case err == sql.ErrNoRows:
		res, err := tx.ExecContext(ctx, `
			INSERT INTO search_docs (record_id, kind, office, book, entry, born, people, ids, status, card)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, recordID, e.kind, e.office, e.book, e.entry, e.born, people, ids, e.status, e.card)
		if err != nil {
			return err
		}
		if doc, err = res.LastInsertId(); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if _, err := tx.ExecContext(ctx, `
			UPDATE search_docs SET kind = ?, office = ?, book = ?, entry = ?, born = ?, people = ?, ids = ?, status = ?, card = ?
			WHERE doc = ?`, e.kind, e.office, e.book, e.entry, e.born, people, ids, e.status, e.card, doc); err != nil {
			return err
		}
		if oldPeople == people && oldIDs == ids {
			return nil
		}
		old := parsePeople(oldPeople)
		oldNames, oldToks = nameRows(old), docTokens(old)
		oldNumber = idNumbers(strings.Split(oldIDs, "\n"))
	}

	newNames, newToks, newNumber := nameRows(e.people), docTokens(e.people), idNumbers(e.ids)
	for r := range oldNames {
		if !newNames[r] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_names WHERE key = ? AND year = ? AND doc = ? AND role = ?`, r.key, r.year, doc, r.role); err != nil {
				return err
			}
		}
	}
	for r := range newNames {
		if !oldNames[r] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_names (key, year, doc, role) VALUES (?, ?, ?, ?)`, r.key, r.year, doc, r.role); err != nil {
				return err
			}
		}
	}
	for t := range oldToks {
		if !newToks[t] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_tokens WHERE tok = ? AND doc = ?`, t, doc); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE search_vocab SET n = max(n - 1, 0) WHERE tok = ?`, t); err != nil {
				return err
			}
		}
	}
	for t := range newToks {
		if !oldToks[t] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_tokens (tok, doc) VALUES (?, ?)`, t, doc); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_vocab (tok, n) VALUES (?, 1) ON CONFLICT (tok) DO UPDATE SET n = n + 1`, t); err != nil {
				return err
			}
		}
	}
	for n := range oldNumber {
		if !newNumber[n] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_ids WHERE id = ? AND doc = ?`, n, doc); err != nil {
				return err
			}
		}
	}
	for n := range newNumber {
		if !oldNumber[n] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_ids (id, doc) VALUES (?, ?)`, n, doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// backfill indexes the records stored before the search index existed, once.
func (d *DB) backfill(ctx context.Context) error {
	var pending int
	if err := d.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_state WHERE name = 'backfill'`).Scan(&pending); err != nil || pending == 0 {
		return err
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id FROM records r WHERE NOT EXISTS (SELECT 1 FROM search_docs s WHERE s.record_id = r.id)`)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := indexRecord(ctx, tx, id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_state WHERE name = 'backfill'`); err != nil {
		return err
	}
	return tx.Commit()
}

// vocabWord is one name word in use and how many records hold it.
type vocabWord struct {
	tok string
	n   int
}

// vocabCache is a store's word list in memory.
type vocabCache struct {
	mu     sync.Mutex
	maxID  int64
	loaded time.Time
	words  []vocabWord
}

// vocabs holds one cache per store file.
var vocabs sync.Map

// vocabStale is how long word counts may lag; new words are seen at once.
const vocabStale = 30 * time.Second

// vocab returns the store's name words, reloading them when a word was
// added since or the counts are old.
func (d *DB) vocab(ctx context.Context, tx *sql.Tx) ([]vocabWord, error) {
	c, _ := vocabs.LoadOrStore(d.path, &vocabCache{})
	vc := c.(*vocabCache)
	vc.mu.Lock()
	defer vc.mu.Unlock()
	var maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT IFNULL(MAX(id), 0) FROM search_vocab`).Scan(&maxID); err != nil {
		return nil, err
	}
	if maxID == vc.maxID && time.Since(vc.loaded) < vocabStale && vc.words != nil {
		return vc.words, nil
	}
	// Words whose count fell to 0 are kept too: a count that rises again
	// does not move max(id), so the set of words must not depend on it.
	rows, err := tx.QueryContext(ctx, `SELECT tok, n FROM search_vocab`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	words := []vocabWord{}
	for rows.Next() {
		var w vocabWord
		if err := rows.Scan(&w.tok, &w.n); err != nil {
			return nil, err
		}
		words = append(words, w)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	vc.words, vc.maxID, vc.loaded = words, maxID, time.Now()
	return words, nil
}

// maxDist is how many edits a query word of this length may be from a
// stored one: one, or two for long words.
func maxDist(tok string) int {
	if len([]rune(tok)) >= 6 {
		return 2
	}
	return 1
}

// distance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours, each one
// edit: "ngyuen" is one edit from "nguyen"), or max+1 when it is over max.
func distance(a, b string, max int) int {
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

// expansion is a stored word a query word may stand for.
type expansion struct {
	tok  string
	dist int
	n    int
}

// expand returns the stored words within reach of a query word, nearest
// first, then most common.
func expand(q string, words []vocabWord) []expansion {
	max := maxDist(q)
	var out []expansion
	for _, w := range words {
		if d := distance(q, w.tok, max); d <= max {
			out = append(out, expansion{w.tok, d, w.n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].dist != out[j].dist {
			return out[i].dist < out[j].dist
		}
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].tok < out[j].tok
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

// nameMatch scores a query name against a stored one, both folded words:
// every query word must match a different stored word within its edit
// budget. The score is the mean weight of the query words, lowered a
// little for stored words left over and for a different order; 0 means no
// match. fuzzy lists the misspelled words as "query→stored".
func nameMatch(q []string, stored string) (score float64, fuzzy []string) {
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
		max := maxDist(qt)
		for mask, s := range best {
			for j, rt := range r {
				if mask&(1<<j) != 0 {
					continue
				}
				d := distance(qt, rt, max)
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

// query is a SearchQuery checked and put in the index's terms.
type query struct {
	registry.SearchQuery
	words  []string // folded name words
	born   string   // ISO with precision
	office string   // folded
	limit  int
}

// maxLimit caps how many hits one search returns.
const maxLimit = 500

func parseQuery(q registry.SearchQuery) (*query, error) {
	pq := &query{SearchQuery: q, limit: q.Limit}
	pq.words = nameTokens(q.Name)
	if strings.TrimSpace(q.Name) != "" && len(pq.words) == 0 {
		return nil, registry.Errorf(registry.EINVALID, "name %q has no letters to search for", q.Name)
	}
	if b := strings.TrimSpace(q.Born); b != "" {
		iso, err := normalize.Date(b)
		if err != nil {
			return nil, registry.Errorf(registry.EINVALID, "born %q: want a date (26/6/1948, 1948-06-26) or a year", q.Born)
		}
		pq.born = iso
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
	pq.office = normalize.FoldKey(pq.Office)
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
	if len(pq.words) == 0 && pq.born == "" && pq.ID == "" && pq.Book == "" && pq.Office == "" && q.Kind == "" && q.Status == "" {
		return nil, registry.Errorf(registry.EINVALID, "a search needs a name, a date of birth, an ID, a book, an office or a kind")
	}
	if pq.limit <= 0 {
		pq.limit = 20
	}
	pq.limit = min(pq.limit, maxLimit)
	return pq, nil
}

// docRow is a search_docs row as a search reads it.
type docRow struct {
	doc                                       int64
	recordID, kind, office, book, entry, born string
	people, ids, status, card                 string
}

// candidate is a record that passed every condition, with its score.
type candidate struct {
	row   docRow
	score float64
	who   person // the person the name or date matched, or the registered one
	why   []string
}

// search is one run of Search.
type search struct {
	d     *DB
	ctx   context.Context
	tx    *sql.Tx
	q     *query
	hits  map[int64]*candidate
	seen  map[int64]bool
	words []vocabWord
}

// docCols are the columns of a docRow.
const docCols = `s.doc, s.record_id, s.kind, s.office, s.book, s.entry, s.born, s.people, s.ids, s.status, s.card`

// candidateCap bounds the rows one way of finding candidates reads, so that
// a query made of very common words stays fast; the hits are then the best
// of those rows, not of every record.
const candidateCap = 4000

// Search returns hits best first: records whose registered person, parent
// or spouse has the name (every word, misspellings of one or two letters
// tolerated, accents and case ignored), born on the date or in the year,
// holding the ID, in the book with the entry number, of the office, kind
// and status asked for. A date of birth without a name is the registered
// person's (the husband's or the wife's on a marriage). Among many equal
// matches of a very common name the hits are the first found, not every
// one: narrow by year or office. EINVALID if the query names nothing.
func (d *DB) Search(ctx context.Context, rq registry.SearchQuery) ([]registry.SearchHit, error) {
	q, err := parseQuery(rq)
	if err != nil {
		return nil, err
	}
	if err := d.backfill(ctx); err != nil {
		return nil, err
	}
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	s := &search{d: d, ctx: ctx, tx: tx, q: q, hits: map[int64]*candidate{}, seen: map[int64]bool{}}
	switch {
	case q.ID != "":
		err = s.scan(`SELECT `+docCols+` FROM search_ids i JOIN search_docs s ON s.doc = i.doc WHERE i.id = ? LIMIT ?`, q.ID, candidateCap)
	case q.Book != "" && q.Entry != "":
		err = s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.book = ? AND s.entry = ? LIMIT ?`, q.Book, q.Entry, candidateCap)
	case len(q.words) > 0:
		err = s.byName()
	case q.Book != "":
		err = s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.book = ? LIMIT ?`, q.Book, candidateCap)
	case q.born != "":
		err = s.byBorn()
	default:
		err = s.scan(`SELECT `+docCols+` FROM search_docs s ORDER BY s.doc LIMIT ?`, candidateCap*10)
	}
	if err != nil {
		return nil, err
	}

	cands := make([]*candidate, 0, len(s.hits))
	for _, c := range s.hits {
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].row.recordID < cands[j].row.recordID
	})
	if len(cands) > q.limit {
		cands = cands[:q.limit]
	}
	hits, err := s.shown(cands)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool {
		// Equal scores: the most recently registered first.
		return hits[i].Score > hits[j].Score || hits[i].Score == hits[j].Score && hits[i].Registered > hits[j].Registered
	})
	return hits, tx.Commit()
}

// scan reads docRows and considers each; it reports how many it read.
func (s *search) scan(q string, args ...any) error {
	_, err := s.scanN(q, args...)
	return err
}

func (s *search) scanN(q string, args ...any) (int, error) {
	rows, err := s.tx.QueryContext(s.ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var r docRow
		if err := rows.Scan(&r.doc, &r.recordID, &r.kind, &r.office, &r.book, &r.entry, &r.born, &r.people, &r.ids, &r.status, &r.card); err != nil {
			return n, err
		}
		n++
		if s.seen[r.doc] {
			continue
		}
		s.seen[r.doc] = true
		if c := s.q.match(r); c != nil {
			s.hits[r.doc] = c
		}
	}
	return n, rows.Err()
}

// byBorn finds records by the registered person's date of birth.
func (s *search) byBorn() error {
	b := s.q.born
	// A stored date is kept with its precision, so "1990-05-03" may be
	// stored as itself, "1990-05" or "1990"; a year or month asked for
	// takes every date inside it.
	if len(b) == 10 {
		return s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.born IN (?, ?, ?) LIMIT ?`, b, b[:7], b[:4], candidateCap)
	}
	return s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.born >= ? AND s.born < ? LIMIT ?`, b, b+"~", candidateCap)
}

// byName finds records by a name: first the names that hold its words as
// surname … given name (a whole name asked for is one of them), spelled as
// asked and then with one or two words misspelled; then, for a single
// word or when no such name matched, records holding its rarest word.
func (s *search) byName() error {
	words, err := s.d.vocab(s.ctx, s.tx)
	if err != nil {
		return err
	}
	s.words = words
	exps := make([][]expansion, len(s.q.words))
	for i, w := range s.q.words {
		if exps[i] = expand(w, words); len(exps[i]) == 0 {
			return nil // a word no record holds, even misspelled
		}
	}
	yr := 0
	if s.q.born != "" {
		yr = year(s.q.born)
	}
	if len(exps) > 1 {
		// In the order of the scores they give: a registered person's
		// name spelled as asked, with one slip, a parent's as asked, ...
		for _, step := range []struct {
			class string
			level int
		}{{"1 ", 0}, {"1 ", 1}, {"2 ", 0}, {"1 ", 2}, {"2 ", 1}, {"2 ", 2}} {
			if step.level == 2 && len(s.hits) > 0 {
				continue // two slips only when nothing closer matched
			}
			names := combos(exps, step.level, 400)
			if len(names) == 0 {
				continue
			}
			for i := range names {
				names[i] = step.class + nameKey(names[i])
			}
			if err := s.byNames(names, yr); err != nil {
				return err
			}
			if len(s.hits) >= s.q.limit {
				return nil
			}
		}
		if len(s.hits) > 0 {
			return nil
		}
	}
	// The rarest word, counting what its misspellings would bring in.
	rare, rareN := 0, -1
	for i, e := range exps {
		n := 0
		for _, x := range e {
			n += x.n
		}
		if rareN < 0 || n < rareN {
			rare, rareN = i, n
		}
	}
	budget := candidateCap / 2
	for dist := 0; dist <= 2 && budget > 0; dist++ {
		var toks []any
		for _, x := range exps[rare] {
			if x.dist == dist {
				toks = append(toks, x.tok)
			}
		}
		if len(toks) == 0 {
			continue
		}
		q := `SELECT ` + docCols + ` FROM search_tokens t JOIN search_docs s ON s.doc = t.doc` +
			` WHERE t.tok IN (` + placeholders(len(toks)) + `) LIMIT ?`
		n, err := s.scanN(q, append(toks, budget)...)
		if err != nil {
			return err
		}
		budget -= n
	}
	return nil
}

// byNames reads the records holding a name that is one of keys or begins
// with one of them and a space (search_names keys), of the year when one
// is given: each key is one range of the index. When nothing but the name
// and a year is asked, the names are scored from the index alone and only
// the best records are read, a handful of pages instead of a page for
// every candidate.
func (s *search) byNames(keys []string, yr int) error {
	var list []byte
	for _, k := range keys {
		list = jsonRow(list, k, k+"!") // "!" is the byte after " "
	}
	args := []any{string(append(list, ']'))}
	where := ` WHERE n.key >= p.value->>0 AND n.key < p.value->>1`
	if yr > 0 {
		where += ` AND n.year = ?`
		args = append(args, yr)
	}
	args = append(args, s.cap())
	if s.q.Office != "" || s.q.Kind != "" || s.q.Status != "" || len(s.q.born) > 4 {
		return s.scan(`SELECT `+docCols+` FROM json_each(?) p CROSS JOIN search_names n JOIN search_docs s ON s.doc = n.doc`+where+` LIMIT ?`, args...)
	}
	rows, err := s.tx.QueryContext(s.ctx, `SELECT n.key, n.role, n.doc FROM json_each(?) p CROSS JOIN search_names n`+where+` LIMIT ?`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	best := map[int64]float64{}
	for rows.Next() {
		var key, role string
		var doc int64
		if err := rows.Scan(&key, &role, &doc); err != nil {
			return err
		}
		if s.seen[doc] || len(role) != 1 {
			continue
		}
		score, _ := nameMatch(s.q.words, storedName(key))
		if score *= roleWeight(role[0]); score > best[doc] {
			best[doc] = score
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	docs := make([]int64, 0, len(best))
	for d := range best {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool {
		if best[docs[i]] != best[docs[j]] {
			return best[docs[i]] > best[docs[j]]
		}
		return docs[i] < docs[j]
	})
	if len(docs) > s.q.limit {
		docs = docs[:s.q.limit]
	}
	if len(docs) == 0 {
		return nil
	}
	ids := make([]any, len(docs))
	for i, d := range docs {
		ids[i] = d
	}
	return s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.doc IN (`+placeholders(len(ids))+`)`, ids...)
}

// storedName turns a search_names key back into the folded name
// ("1 an nguyen van" → "nguyen van an").
func storedName(key string) string {
	if len(key) < 2 {
		return key
	}
	name := key[2:]
	if given, rest, ok := strings.Cut(name, " "); ok {
		return rest + " " + given
	}
	return name
}

// cap is how many rows of one level of whole names to read: a few times
// the hits wanted when nothing else filters them (rows of one level score
// alike), else candidateCap.
func (s *search) cap() int {
	if s.q.Office == "" && s.q.Kind == "" && s.q.Status == "" {
		return min(candidateCap, max(100, 5*s.q.limit))
	}
	return candidateCap
}

// combos returns up to max whole names made of one expansion per query
// word whose distances add up to level.
func combos(exps [][]expansion, level, max int) []string {
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
			if x.dist > left {
				break // sorted by distance
			}
			words[i] = x.tok
			walk(i+1, left-x.dist)
		}
	}
	walk(0, level)
	return out
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// roleName says in Vietnamese who a role is on a record of a kind.
func roleName(kind string, role byte) string {
	switch role {
	case roleFather:
		return "cha"
	case roleMother:
		return "mẹ"
	case roleSpouse:
		return "vợ"
	case roleRecognise:
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

// roleWeight ranks a match on the registered person (or a spouse) above
// one on a parent.
func roleWeight(role byte) float64 {
	if role == rolePerson || role == roleSpouse {
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

// match checks a record against every condition of the query and scores
// it; nil means it does not qualify.
func (q *query) match(r docRow) *candidate {
	if q.Kind != "" && r.kind != string(q.Kind) {
		return nil
	}
	if q.Status != "" && r.status != string(q.Status) {
		return nil
	}
	if q.office != "" && !strings.Contains(normalize.FoldKey(r.office), q.office) {
		return nil
	}
	c := &candidate{row: r}
	var total float64
	var parts int
	if q.Book != "" {
		if r.book != q.Book || q.Entry != "" && r.entry != q.Entry {
			return nil
		}
		if q.Entry != "" {
			c.why = append(c.why, fmt.Sprintf("quyển số %s, số %s khớp", r.book, r.entry))
		} else {
			c.why = append(c.why, fmt.Sprintf("quyển số %s khớp", r.book))
		}
		total, parts = total+1, parts+1
	}
	if q.ID != "" {
		found := false
		for line := range strings.SplitSeq(r.ids, "\n") {
			if k, n, ok := strings.Cut(line, "\t"); ok && n == q.ID {
				found = true
				c.why = append(c.why, idWhat(r.kind, k)+" khớp")
				break
			}
		}
		if !found {
			return nil
		}
		total, parts = total+1, parts+1
	}
	people := parsePeople(r.people)
	if len(people) > 0 {
		c.who = people[0]
	}
	if len(q.words) > 0 || q.born != "" {
		// The best person: the name and the date of birth must both be
		// that one person's.
		best, bestScore := -1, 0.0
		var bestWhy []string
		for i, p := range people {
			var score float64
			var why []string
			if len(q.words) > 0 {
				ns, fuzzy := nameMatch(q.words, p.name)
				if ns == 0 {
					continue
				}
				ns *= roleWeight(p.role)
				if len(fuzzy) == 0 {
					why = append(why, "tên "+roleName(r.kind, p.role)+" khớp")
				} else {
					why = append(why, "tên "+roleName(r.kind, p.role)+" gần đúng ("+strings.Join(fuzzy, ", ")+")")
				}
				score += ns
			} else if p.role != rolePerson && p.role != roleSpouse {
				continue // a date alone is the registered person's
			}
			if q.born != "" {
				bs, what := bornMatch(q.born, p.born)
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
		c.who = people[best]
		c.why = append(c.why, bestWhy...)
		n := 0
		if len(q.words) > 0 {
			n++
		}
		if q.born != "" {
			n++
		}
		total, parts = total+bestScore, parts+n
	}
	if parts == 0 {
		total, parts = 1, 1
		c.why = append(c.why, "đúng điều kiện lọc")
	}
	c.score = total / float64(parts)
	return c
}

// idWhat names an ID field in Vietnamese.
func idWhat(kind, key string) string {
	who := ""
	for _, pre := range []struct {
		p    string
		role byte
	}{{"nks", rolePerson}, {"nkt", rolePerson}, {"ndn", rolePerson}, {"chong", rolePerson}, {"vo", roleSpouse}, {"nn", roleRecognise}} {
		if strings.HasPrefix(key, pre.p) {
			who = roleName(kind, pre.role)
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

// shown fills in what a clerk sees of the candidates, from their search
// entries alone.
func (s *search) shown(cands []*candidate) ([]registry.SearchHit, error) {
	out := make([]registry.SearchHit, 0, len(cands))
	for _, c := range cands {
		values := map[string]string{}
		if c.row.card != "" {
			if err := json.Unmarshal([]byte(c.row.card), &values); err != nil {
				return nil, fmt.Errorf("search entry of %s: %w", c.row.recordID, err)
			}
		}
		h := registry.SearchHit{RecordID: c.row.recordID, Kind: registry.Kind(c.row.kind), Score: c.score, Why: strings.Join(c.why, "; "),
			Status: registry.RecordStatus(c.row.status), Office: c.row.office, Book: c.row.book}
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
			if i > 0 && pk.role == c.who.role && (pk.role == roleSpouse || pk.role == roleRecognise) && values[pk.name] != "" {
				first = i
			}
		}
		var others []string
		for i, pk := range personKeys[h.Kind] {
			name := values[pk.name]
			if i == first {
				h.Name, h.Born = name, values[pk.born]
			} else if name != "" {
				others = append(others, upperFirst(roleName(c.row.kind, pk.role))+": "+name)
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

// WarmSearch reads the search index once from end to end, so that the
// system's file cache holds it as it does on a store in use: the first
// searches after a restart then read memory instead of the disk. It takes
// seconds to a minute at millions of records and changes nothing.
func (d *DB) WarmSearch(ctx context.Context) error {
	for _, q := range []string{
		`SELECT SUM(LENGTH(people) + LENGTH(card)) FROM search_docs`,
		`SELECT COUNT(*) FROM search_docs INDEXED BY search_docs_book WHERE book > ''`,
		`SELECT SUM(year) FROM search_names`,
		`SELECT COUNT(*) FROM search_names INDEXED BY search_names_year WHERE year >= 0`,
		`SELECT COUNT(*) FROM search_ids`,
		`SELECT COUNT(*) FROM search_tokens`,
	} {
		var n sql.NullInt64
		if err := d.rdb.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("warming the search index: %w", err)
		}
	}
	return nil
}

// jsonRow appends one JSON array of values to a JSON array of rows, which
// is left open (the writer closes it with "]").
func jsonRow(b []byte, vals ...any) []byte {
	if len(b) == 0 {
		b = append(b, '[')
	} else {
		b = append(b, ',')
	}
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		switch v := v.(type) {
		case nil:
			b = append(b, "null"...)
		case string:
			b = jsonString(b, v)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				v = 0
			}
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		default:
			panic(fmt.Sprintf("jsonRow: %T", v))
		}
	}
	return append(b, ']')
}

// jsonString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func jsonString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
