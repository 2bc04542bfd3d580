package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/civreg/civreg/registry"
)

// Loader writes records straight into a new store, many to a transaction,
// for seeding a store with millions of records (a migration from another
// system, or a bench): pages, records, fields, open tasks and the search
// index, without page images or events. It is not safe against crashes: a
// load that fails leaves a file to delete, not a store to use.
//
// Records given in id order load fastest: every table's key then grows at
// its end instead of being written all over the file.
type Loader struct {
	path    string
	db      *sql.DB
	batch   int
	pending []*registry.PageResult
	nextID  int64 // of pages and search_docs rows
	vocab   map[string]int
	indexes []string // CREATE statements of the indexes dropped for the load
	created string
	n       int

	work chan loadBatch
	done chan error
	err  error
}

// loadBatch is one transaction's rows, per table of loadSQL: a JSON array
// of rows, each an array of the row's values, left open (see jsonRow).
type loadBatch [][]byte

// loadTables are the tables a load writes whose secondary indexes are
// dropped first and built again at the end: one sort instead of millions
// of scattered writes.
var loadTables = []string{"pages", "records", "fields", "tasks", "search_docs", "search_names"}

// NewLoader opens the store at path for a bulk load; the store must be new
// or hold no records (EINVALID otherwise). batch is the number of records
// per transaction (0 means 2000). Close must be called to finish the store.
func NewLoader(ctx context.Context, path string, batch int) (*Loader, error) {
	d, err := Open(path)
	if err != nil {
		return nil, err
	}
	var n int
	err = d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM records LIMIT 1)`).Scan(&n)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, registry.Errorf(registry.EINVALID, "bulk load needs a new store; %s holds records", path)
	}
	if batch <= 0 {
		batch = 2000
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// No journal and no syncing: a load is all or nothing by being a new
	// file, and both would double its writes. The exclusive lock keeps
	// other processes out while the file is in that state. The page cache
	// (up to about 6 GB, taken only as pages are touched) holds the search
	// tables, whose rows arrive in random key order: at 12M records they
	// outgrow 1 GB, and with a 1 GB cache the load fell from 9,000 to
	// under 6,000 records/s (12M rows: 31m32s then, 22m32s now). CHECK
	// constraints are not evaluated: Add checks a field's status and
	// confidence itself, and they cost a third of a field row's insert
	// (0.89 against 0.51 µs per row, copying 6.5M rows between tables).
	db, err := sql.Open("sqlite3", fileURI(abs)+"?_journal_mode=OFF&_synchronous=OFF&_foreign_keys=off&_locking_mode=EXCLUSIVE&_cache_size=-6000000&_ignore_check_constraints=1")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	l := &Loader{path: abs, db: db, batch: batch, vocab: map[string]int{}, nextID: 1, created: formatTime(time.Now().UTC().Truncate(time.Microsecond))}
	if err := l.dropIndexes(ctx); err != nil {
		db.Close()
		return nil, err
	}
	l.work, l.done = make(chan loadBatch, 1), make(chan error, 1)
	go l.writer(ctx)
	return l, nil
}

// dropIndexes drops the secondary indexes of the loaded tables and keeps
// their definitions.
func (l *Loader) dropIndexes(ctx context.Context) error {
	rows, err := l.db.QueryContext(ctx, `
		SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (`+placeholders(len(loadTables))+`)
		ORDER BY name`, anys(loadTables)...)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, l.indexes = append(names, name), append(l.indexes, def)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := l.db.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return err
		}
	}
	return nil
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Add queues a page's record (its Page gives the hash, file and page
// index; Image is not stored) with its open tasks. The record's id must be
// set. Rows are written in the background, a batch at a time.
func (l *Loader) Add(pr *registry.PageResult) error {
	if l.err != nil {
		return l.err
	}
	if pr == nil || pr.Record == nil || pr.Record.ID == "" {
		return registry.Errorf(registry.EINVALID, "a loaded record needs its id")
	}
	l.pending = append(l.pending, pr)
	if len(l.pending) >= l.batch {
		return l.flush()
	}
	return nil
}

// Count returns how many records were added.
func (l *Loader) Count() int { return l.n + len(l.pending) }

// flush turns the pending records into one batch for the writer.
func (l *Loader) flush() error {
	if len(l.pending) == 0 {
		return nil
	}
	b := make(loadBatch, len(loadSQL))
	var keys []string
	for _, pr := range l.pending {
		r, p := pr.Record, &pr.Page
		pageID, doc := l.nextID, l.nextID
		l.nextID++
		r.RecomputeStatus()
		b[0] = jsonRow(b[0], pageID, p.SHA256, p.File, p.PageIndex)
		b[1] = jsonRow(b[1], r.ID, pageID, string(r.Kind), string(r.Era), r.Office, r.Book, r.Page, string(r.Status), len(pr.Tasks))

		keys = keys[:0]
		for k := range r.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		values := make(map[string]string, len(keys))
		for _, k := range keys {
			f := r.Fields[k]
			if !validStatus[f.Status] || !(f.Confidence >= 0 && f.Confidence <= 1) {
				l.err = registry.Errorf(registry.EINVALID, "record %s: field %s has status %q, confidence %v", r.ID, k, f.Status, f.Confidence)
				return l.err
			}
			var box [4]any
			if f.Box != nil {
				box = [4]any{f.Box[0], f.Box[1], f.Box[2], f.Box[3]}
			}
			b[2] = jsonRow(b[2], r.ID, k, f.Value, f.Raw, f.Confidence, string(f.Status), string(f.Reason), f.Note, box[0], box[1], box[2], box[3])
			values[k] = f.Value
		}
		for _, t := range pr.Tasks {
			stage := t.Stage
			if stage == "" {
				stage = registry.StageReview
			}
			if !validStage[stage] {
				l.err = registry.Errorf(registry.EINVALID, "record %s: task for %s has stage %q", r.ID, t.FieldKey, stage)
				return l.err
			}
			b[3] = jsonRow(b[3], r.ID, t.FieldKey, string(t.Reason), string(stage), len(pr.Tasks))
		}

		e := buildEntry(r.Kind, r.Office, r.Book, r.Status, values)
		b[4] = jsonRow(b[4], doc, r.ID, e.kind, e.office, e.book, e.entry, e.born, peopleText(e.people), joinLines(e.ids), e.status, e.card)
		for nr := range nameRows(e.people) {
			b[5] = jsonRow(b[5], nr.key, nr.year, doc, nr.role)
		}
		for t := range docTokens(e.people) {
			b[6] = jsonRow(b[6], t, doc)
			l.vocab[t]++
		}
		for n := range idNumbers(e.ids) {
			b[7] = jsonRow(b[7], n, doc)
		}
	}
	l.n += len(l.pending)
	l.pending = l.pending[:0]
	select {
	case l.work <- b:
		return nil
	case err := <-l.done:
		// The writer stopped early.
		l.err = err
		if l.err == nil {
			l.err = errors.New("bulk load writer stopped")
		}
		return l.err
	}
}

func joinLines(ss []string) string {
	n := 0
	for _, s := range ss {
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for i, s := range ss {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, s...)
	}
	return string(b)
}

// loadSQL are the inserts of a batch, one table each: the statement up to
// its SELECT and the number of columns given per row. A batch's rows of
// one table go to SQLite as one JSON text that it reads itself: binding
// millions of values one by one from Go costs more than the inserts.
// jsonb_each, not json_each: it parses the text once into SQLite's binary
// JSON and hands each row on in that form, where json_each gives each row
// as text to be parsed again for each column (6.2 against 3.8 µs per
// field row, measured on 300k records).
var loadSQL = []struct {
	insert string
	cols   int
}{
	{`INSERT INTO pages (id, sha256, file, page_index, status, created)`, 4},
	{`INSERT INTO records (id, page_id, kind, era, office, book, page, status, open_tasks, created, updated)`, 9},
	{`INSERT INTO fields (record_id, key, value, raw, confidence, status, reason, note, box_x0, box_y0, box_x1, box_y1)`, 12},
	{`INSERT INTO tasks (record_id, field_key, reason, stage, priority, status, created)`, 5},
	{`INSERT INTO search_docs (doc, record_id, kind, office, book, entry, born, people, ids, status, card)`, 11},
	{`INSERT OR IGNORE INTO search_names (key, year, doc, role)`, 4},
	{`INSERT OR IGNORE INTO search_tokens (tok, doc)`, 2},
	{`INSERT OR IGNORE INTO search_ids (id, doc)`, 2},
}

// rowsSQL returns the insert of table i; the page, record and task rows end
// with constants (status, created).
func rowsSQL(i int, created string) string {
	var b strings.Builder
	b.WriteString(loadSQL[i].insert)
	b.WriteString(" SELECT ")
	for c := range loadSQL[i].cols {
		if c > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "value->>%d", c)
	}
	switch i {
	case 0:
		b.WriteString(", 'done', '" + created + "'")
	case 1:
		b.WriteString(", '" + created + "', '" + created + "'")
	case 3:
		b.WriteString(", 'open', '" + created + "'")
	}
	b.WriteString(" FROM jsonb_each(?)")
	return b.String()
}

// writer runs in the background and writes each batch in one transaction,
// so that SQLite works on one core while the caller builds the next batch
// on the other.
func (l *Loader) writer(ctx context.Context) {
	var err error
	stmts := map[int]*sql.Stmt{}
	for b := range l.work {
		if err != nil {
			continue // drain, so that flush never blocks
		}
		if err = l.write(ctx, stmts, b); err != nil {
			// Tell a blocked flush at once.
			select {
			case l.done <- err:
			default:
			}
		}
	}
	for _, s := range stmts {
		s.Close()
	}
	select {
	case l.done <- err:
	default:
	}
	close(l.done)
}

func (l *Loader) write(ctx context.Context, stmts map[int]*sql.Stmt, b loadBatch) error {
	// Statements are prepared outside the transaction, which holds the
	// only connection.
	for i := range b {
		if stmts[i] == nil {
			st, err := l.db.PrepareContext(ctx, rowsSQL(i, l.created))
			if err != nil {
				return err
			}
			stmts[i] = st
		}
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, rows := range b {
		if len(rows) == 0 {
			continue
		}
		if _, err := tx.StmtContext(ctx, stmts[i]).ExecContext(ctx, string(append(rows, ']'))); err != nil {
			return fmt.Errorf("bulk load: %w", conflict(err, "bulk load: a page, record or field is there twice"))
		}
	}
	return tx.Commit()
}

// Close writes what is pending, the word counts, builds the indexes and
// turns the store back into an ordinary one (WAL). After an error the file
// is removed.
func (l *Loader) Close(ctx context.Context) (err error) {
	defer func() {
		if cerr := l.db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(l.path)
			os.Remove(l.path + "-wal")
			os.Remove(l.path + "-shm")
		}
	}()
	if l.err == nil {
		l.err = l.flush()
	}
	if l.work != nil {
		close(l.work)
		werr := <-l.done
		if l.err == nil {
			l.err = werr
		}
		l.work = nil
	}
	if l.err != nil {
		return l.err
	}
	toks := make([]string, 0, len(l.vocab))
	for t := range l.vocab {
		toks = append(toks, t)
	}
	sort.Strings(toks)
	var vocab []byte
	for _, t := range toks {
		vocab = jsonRow(vocab, t, l.vocab[t])
	}
	if len(vocab) > 0 {
		if _, err := l.db.ExecContext(ctx, `
			INSERT INTO search_vocab (tok, n) SELECT value->>0, value->>1 FROM json_each(?) WHERE true
			ON CONFLICT (tok) DO UPDATE SET n = n + excluded.n`, string(append(vocab, ']'))); err != nil {
			return err
		}
	}
	// Sorting for CREATE INDEX may use a second thread.
	if _, err := l.db.ExecContext(ctx, `PRAGMA threads = 2`); err != nil {
		return err
	}
	for _, def := range l.indexes {
		if _, err := l.db.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("bulk load: building index: %w", conflict(err, "bulk load: a page is there twice"))
		}
	}
	if _, err := l.db.ExecContext(ctx, `PRAGMA locking_mode = NORMAL`); err != nil {
		return err
	}
	_, err = l.db.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
	return err
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
