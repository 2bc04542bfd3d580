package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/internal/sqlrows"
	"github.com/civreg/civreg/registry"
)

// Store finds records.
var _ registry.Searcher = (*Store[Tx])(nil)

// recordEntry returns the search entry of a record as its fields are in
// the transaction tx. For a record that is no more, it deletes the
// record's entry and returns nil.
func recordEntry(ctx context.Context, tx Querier, recordID string) (*searchkey.Entry, error) {
	var kind, office, book, status string
	err := tx.QueryRowContext(ctx, `SELECT kind, office, book, status FROM records WHERE id = ?`, recordID).Scan(&kind, &office, &book, &status)
	if err == sql.ErrNoRows {
		_, err = tx.ExecContext(ctx, `DELETE FROM search_docs WHERE record_id = ?`, recordID)
		return nil, err
	} else if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM fields WHERE record_id = ?`, recordID)
	if err != nil {
		return nil, err
	}
	values := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return nil, err
		}
		values[k] = v
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	e := searchkey.BuildEntry(registry.Kind(kind), office, book, registry.RecordStatus(status), values)
	return &e, nil
}

// IndexRecord brings the search keys of one record up to date with its
// fields, inside the transaction that changed them. Every write that changes
// a field value calls it.
func (d Dialect) IndexRecord(ctx context.Context, tx Querier, recordID string) error {
	e, err := recordEntry(ctx, tx, recordID)
	if err != nil || e == nil {
		return err
	}
	return d.writeEntry(ctx, tx, recordID, *e)
}

// writeEntry stores e as the search entry of a record, replacing what the
// index held for it, and keeps the word counts right.
func (d Dialect) writeEntry(ctx context.Context, tx Querier, recordID string, e searchkey.Entry) error {
	people, ids := searchkey.PeopleText(e.People), strings.Join(e.IDs, "\n")
	var (
		doc                int64
		oldPeople, oldIDs  string
		oldNames           = map[searchkey.NameRow]bool{}
		oldToks, oldNumber = map[string]bool{}, map[string]bool{}
	)
	err := tx.QueryRowContext(ctx, `SELECT doc, people, ids FROM search_docs WHERE record_id = ?`, recordID).Scan(&doc, &oldPeople, &oldIDs)
	switch {
	case err == sql.ErrNoRows:
		if doc, err = d.insertReturning(ctx, tx, "doc", `
			INSERT INTO search_docs (record_id, kind, office, book, entry, born, people, ids, status, card)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, recordID, e.Kind, e.Office, e.Book, e.Entry, e.Born, people, ids, e.Status, e.Card); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if _, err := tx.ExecContext(ctx, `
			UPDATE search_docs SET kind = ?, office = ?, book = ?, entry = ?, born = ?, people = ?, ids = ?, status = ?, card = ?
			WHERE doc = ?`, e.Kind, e.Office, e.Book, e.Entry, e.Born, people, ids, e.Status, e.Card, doc); err != nil {
			return err
		}
		if oldPeople == people && oldIDs == ids {
			return nil
		}
		old := searchkey.ParsePeople(oldPeople)
		oldNames, oldToks = searchkey.NameRows(old), searchkey.DocTokens(old)
		oldNumber = searchkey.IDNumbers(strings.Split(oldIDs, "\n"))
	}

	newNames, newToks, newNumber := searchkey.NameRows(e.People), searchkey.DocTokens(e.People), searchkey.IDNumbers(e.IDs)
	for _, r := range d.nameRows(oldNames) {
		if !newNames[r] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_names WHERE key = ? AND year = ? AND doc = ? AND role = ?`, r.Key, r.Year, doc, r.Role); err != nil {
				return err
			}
		}
	}
	for _, r := range d.nameRows(newNames) {
		if !oldNames[r] {
			if _, err := tx.ExecContext(ctx, d.InsertIgnore+` INTO search_names (key, year, doc, role) VALUES (?, ?, ?, ?)`+d.OnConflictIgnore, r.Key, r.Year, doc, r.Role); err != nil {
				return err
			}
		}
	}
	for _, t := range d.words(oldToks) {
		if !newToks[t] {
			if err := d.DropWord(ctx, tx, t, doc); err != nil {
				return err
			}
		}
	}
	for _, t := range d.words(newToks) {
		if !oldToks[t] {
			if err := d.AddWord(ctx, tx, t, doc); err != nil {
				return err
			}
		}
	}
	for _, n := range d.words(oldNumber) {
		if !newNumber[n] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_ids WHERE id = ? AND doc = ?`, n, doc); err != nil {
				return err
			}
		}
	}
	for _, n := range d.words(newNumber) {
		if !oldNumber[n] {
			if _, err := tx.ExecContext(ctx, d.InsertIgnore+` INTO search_ids (id, doc) VALUES (?, ?)`+d.OnConflictIgnore, n, doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// nameRows returns the rows of m, in one order where the dialect asks
// for it (Dialect.Ordered).
func (d Dialect) nameRows(m map[searchkey.NameRow]bool) []searchkey.NameRow {
	out := slices.Collect(maps.Keys(m))
	if d.Ordered {
		slices.SortFunc(out, func(a, b searchkey.NameRow) int {
			if c := strings.Compare(a.Key, b.Key); c != 0 {
				return c
			}
			if a.Year != b.Year {
				return a.Year - b.Year
			}
			return strings.Compare(a.Role, b.Role)
		})
	}
	return out
}

// words returns the keys of m, in one order where the dialect asks for
// it (Dialect.Ordered).
func (d Dialect) words(m map[string]bool) []string {
	if d.Ordered {
		return slices.Sorted(maps.Keys(m))
	}
	return slices.Collect(maps.Keys(m))
}

// insertReturning runs an INSERT and returns the column col of the row it
// added: with RETURNING where the dialect has it, otherwise the driver's
// LastInsertId (the rowid, which col is an alias of).
func (d Dialect) insertReturning(ctx context.Context, tx Querier, col, q string, args ...any) (int64, error) {
	if d.Returning {
		var id int64
		err := tx.QueryRowContext(ctx, q+` RETURNING `+col, args...).Scan(&id)
		return id, err
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// backfill indexes the records stored before the search index existed, once.
func (s *Store[T]) backfill(ctx context.Context) error {
	var pending int
	if err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_state WHERE name = 'backfill'`).Scan(&pending); err != nil || pending == 0 {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
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
		if err := s.d.IndexRecord(ctx, tx, id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_state WHERE name = 'backfill'`); err != nil {
		return err
	}
	return tx.Commit()
}

// vocabCache is a store's word list in memory.
type vocabCache struct {
	mu     sync.Mutex
	maxID  int64
	loaded time.Time
	words  []searchkey.Word
}

// vocabs holds one cache per store (by Config.Name).
var vocabs sync.Map

// vocabStale is how long word counts may lag; new words are seen at once.
const vocabStale = 30 * time.Second

// vocab returns the name words of the store called name, reloading them
// when a word was added since or the counts are old.
func (d Dialect) vocab(ctx context.Context, tx Querier, name string) ([]searchkey.Word, error) {
	c, _ := vocabs.LoadOrStore(name, &vocabCache{})
	vc := c.(*vocabCache)
	vc.mu.Lock()
	defer vc.mu.Unlock()
	var maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT `+d.IfNull+`(MAX(id), 0) FROM search_vocab`).Scan(&maxID); err != nil {
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
	words := []searchkey.Word{}
	for rows.Next() {
		var w searchkey.Word
		if err := rows.Scan(&w.Tok, &w.N); err != nil {
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

// search is one run of Search.
type search struct {
	d    Dialect
	name string // the store's, naming its word cache
	ctx  context.Context
	tx   Querier
	q    *searchkey.Query
	hits map[int64]*searchkey.Candidate
	seen map[int64]bool
}

// docCols are the columns of a docRow.
const docCols = `s.doc, s.record_id, s.kind, s.office, s.book, s.entry, s.born, s.people, s.ids, s.status, s.card`

// Search returns hits best first: records whose registered person, parent
// or spouse has the name (every word, misspellings of one or two letters
// tolerated, accents and case ignored), born on the date or in the year,
// holding the ID, in the book with the entry number, of the office, kind
// and status asked for. A date of birth without a name is the registered
// person's (the husband's or the wife's on a marriage). Among many equal
// matches of a very common name the hits are the first found, not every
// one: narrow by year or office. EINVALID if the query names nothing.
func (st *Store[T]) Search(ctx context.Context, rq registry.SearchQuery) ([]registry.SearchHit, error) {
	q, err := searchkey.ParseQuery(rq)
	if err != nil {
		return nil, err
	}
	if err := st.backfill(ctx); err != nil {
		return nil, err
	}
	tx, err := st.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	s := &search{d: st.d, name: st.name, ctx: ctx, tx: tx, q: q, hits: map[int64]*searchkey.Candidate{}, seen: map[int64]bool{}}
	switch {
	case q.ID != "":
		err = s.scan(`SELECT `+docCols+` FROM search_ids i JOIN search_docs s ON s.doc = i.doc WHERE i.id = ? LIMIT ?`, q.ID, searchkey.CandidateCap)
	case q.Book != "" && q.Entry != "":
		err = s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.book = ? AND s.entry = ? LIMIT ?`, q.Book, q.Entry, searchkey.CandidateCap)
	case len(q.Words) > 0:
		err = s.byName()
	case q.Book != "":
		err = s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.book = ? LIMIT ?`, q.Book, searchkey.CandidateCap)
	case q.BornISO != "":
		err = s.byBorn()
	default:
		err = s.scan(`SELECT `+docCols+` FROM search_docs s ORDER BY s.doc LIMIT ?`, searchkey.CandidateCap*10)
	}
	if err != nil {
		return nil, err
	}

	hits, err := searchkey.Rank(s.hits, q.Want)
	if err != nil {
		return nil, err
	}
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
		var r searchkey.Doc
		if err := rows.Scan(&r.Doc, &r.RecordID, &r.Kind, &r.Office, &r.Book, &r.Entry, &r.Born, &r.People, &r.IDs, &r.Status, &r.Card); err != nil {
			return n, err
		}
		n++
		if s.seen[r.Doc] {
			continue
		}
		s.seen[r.Doc] = true
		if c := s.q.Match(r); c != nil {
			s.hits[r.Doc] = c
		}
	}
	return n, rows.Err()
}

// byBorn finds records by the registered person's date of birth.
func (s *search) byBorn() error {
	b := s.q.BornISO
	// A stored date is kept with its precision, so "1990-05-03" may be
	// stored as itself, "1990-05" or "1990"; a year or month asked for
	// takes every date inside it.
	if len(b) == 10 {
		return s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.born IN (?, ?, ?) LIMIT ?`, b, b[:7], b[:4], searchkey.CandidateCap)
	}
	return s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.born >= ? AND s.born < ? LIMIT ?`, b, b+"~", searchkey.CandidateCap)
}

// byName finds records by a name (searchkey.FindByName decides what to
// read; search reads it).
func (s *search) byName() error {
	words, err := s.d.vocab(s.ctx, s.tx, s.name)
	if err != nil {
		return err
	}
	return searchkey.FindByName(s.q, words, s)
}

// Found is how many records matched so far (searchkey.NameIndex).
func (s *search) Found() int { return len(s.hits) }

// Words reads the records holding one of toks, at most budget index rows
// (searchkey.NameIndex).
func (s *search) Words(toks []string, budget int) (int, error) {
	q := `SELECT ` + docCols + ` FROM ` + s.d.WordDocs(Placeholders(len(toks))) + ` LIMIT ?`
	args := make([]any, 0, len(toks)+1)
	for _, t := range toks {
		args = append(args, t)
	}
	return s.scanN(q, append(args, budget)...)
}

// Names (searchkey.NameIndex) reads the records holding a name that is
// one of keys or begins with one of them and a space (search_names keys),
// of the year when one is given: each key is one range of the index. When nothing but the name
// and a year is asked, the names are scored from the index alone and only
// the best records are read, a handful of pages instead of a page for
// every candidate.
func (s *search) Names(keys []string, yr int) error {
	var list []byte
	for _, k := range keys {
		list = sqlrows.JSONRow(list, k, k+"!") // "!" is the byte after " "
	}
	args := []any{string(append(list, ']'))}
	where := ` WHERE n.key >= p.value->>0 AND n.key < p.value->>1`
	if yr > 0 {
		where += ` AND n.year = ?`
		args = append(args, yr)
	}
	args = append(args, s.q.Cap())
	if s.q.Office != "" || s.q.Kind != "" || s.q.Status != "" || len(s.q.BornISO) > 4 {
		return s.scan(`SELECT `+docCols+` FROM `+s.d.JSONRows+` CROSS JOIN search_names n JOIN search_docs s ON s.doc = n.doc`+where+` LIMIT ?`, args...)
	}
	rows, err := s.tx.QueryContext(s.ctx, `SELECT n.key, n.role, n.doc FROM `+s.d.JSONRows+` CROSS JOIN search_names n`+where+` LIMIT ?`, args...)
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
		score, _ := searchkey.NameMatch(s.q.Words, searchkey.StoredName(key))
		if score *= searchkey.RoleWeight(role[0]); score > best[doc] {
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
	if len(docs) > s.q.Want {
		docs = docs[:s.q.Want]
	}
	if len(docs) == 0 {
		return nil
	}
	ids := make([]any, len(docs))
	for i, d := range docs {
		ids[i] = d
	}
	return s.scan(`SELECT `+docCols+` FROM search_docs s WHERE s.doc IN (`+Placeholders(len(ids))+`)`, ids...)
}

// Placeholders returns n ? placeholders, comma-separated.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// WarmSearch reads the search index once from end to end, so that the
// system's file cache holds it as it does on a store in use: the first
// searches after a restart then read memory instead of the disk. It takes
// seconds to a minute at millions of records and changes nothing.
func (s *Store[T]) WarmSearch(ctx context.Context) error {
	for _, q := range s.d.WarmSearch {
		var n sql.NullInt64
		if err := s.rdb.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("warming the search index: %w", err)
		}
	}
	return nil
}
