package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/internal/storetime"
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

	work chan loadBatch
	free chan loadBatch // written batches, whose buffers flush reuses
	done chan error
	err  error
}

// loadBatch is one transaction's rows, per table of loadSQL, packed for
// civreg_rows.
type loadBatch []packed

// loadTables are the tables a load writes whose secondary indexes are
// dropped first and built again at the end: one sort instead of millions
// of scattered writes.
var loadTables = []string{"pages", "records", "fields", "tasks", "search_docs", "search_names"}

// NewLoader opens the store at path for a bulk load; the store must be new
// or hold no records (EINVALID otherwise). batch is the number of records
// per transaction (0 means 2000). Close must be called to finish the store.
func NewLoader(ctx context.Context, path string, batch int) (*Loader, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := createLarge(abs); err != nil {
		return nil, err
	}
	d, err := Open(abs)
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
	if err := registerRows(); err != nil {
		return nil, err
	}
	// No journal and no syncing: a load is all or nothing by being a new
	// file, and both would double its writes. The exclusive lock keeps
	// other processes out while the file is in that state. The page cache
	// is 1 GB: it once had to hold the search tables, whose rows arrive in
	// random key order (6 GB then), but names and IDs are now staged and
	// sorted (stagedTables), and 12M records loaded as fast with 1 GB as
	// with 6 GB (9m18s against 9m29s and 9m40s; peak RSS 2.4 against
	// 7.2 GiB). CHECK constraints are not evaluated: Add checks a field's
	// status and confidence itself, and they cost a third of a field row's
	// insert (0.89 against 0.51 µs per row, copying 6.5M rows between
	// tables).
	db, err := sql.Open("sqlite3", fileURI(abs)+"?_journal_mode=OFF&_synchronous=OFF&_foreign_keys=off&_locking_mode=EXCLUSIVE&_cache_size=-1000000&_ignore_check_constraints=1")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	l := &Loader{path: abs, db: db, batch: batch, vocab: map[string]int{}, nextID: 1, created: storetime.Format(time.Now())}
	if err := l.dropIndexes(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := l.stage(ctx); err != nil {
		db.Close()
		return nil, err
	}
	l.work, l.free, l.done = make(chan loadBatch, 1), make(chan loadBatch, 2), make(chan error, 1)
	go l.writer(ctx)
	return l, nil
}

// dropIndexes drops the secondary indexes of the loaded tables and keeps
// their definitions.
func (l *Loader) dropIndexes(ctx context.Context) error {
	rows, err := l.db.QueryContext(ctx, `
		SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (`+sqlstore.Placeholders(len(loadTables))+`)
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

// largePageSize is the page size of a store created by a load: 16 KB
// instead of SQLite's 4 KB. A store of millions of records is tens of GB;
// with larger pages its B-trees split less and a commit writes fewer,
// larger pages (2M records: rows 1m36s with 4 KB pages, 1m25s with 16 KB,
// the same with 64 KB; search alike).
const largePageSize = 16384

// createLarge creates the store at the absolute path abs with
// largePageSize pages unless a file is there already; Open then fills it
// in. SQLite fixes the page size when it first writes the file, and a WAL
// store cannot change it.
func createLarge(abs string) error {
	if _, err := os.Stat(abs); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return registry.Errorf(registry.EINVALID, "cannot create the store's directory: %v", err)
	}
	db, err := sql.Open("sqlite3", fileURI(abs))
	if err != nil {
		return err
	}
	_, err = db.Exec(fmt.Sprintf(`PRAGMA page_size = %d; VACUUM`, largePageSize))
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// stage creates the temporary tables of stagedTables, in a file of their
// own that SQLite deletes when the connection closes.
func (l *Loader) stage(ctx context.Context) error {
	if _, err := l.db.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
		return err
	}
	for _, t := range stagedTables {
		if _, err := l.db.ExecContext(ctx, `CREATE TEMP TABLE staged_`+t.name+` (`+t.cols+`)`); err != nil {
			return err
		}
	}
	_, err := l.db.ExecContext(ctx, `PRAGMA temp.journal_mode = OFF`)
	return err
}

// unstage moves the staged rows into their tables in key order, so that
// each table is written from start to end once.
func (l *Loader) unstage(ctx context.Context) error {
	for _, t := range stagedTables {
		if _, err := l.db.ExecContext(ctx, `INSERT OR IGNORE INTO `+t.name+` (`+t.cols+`)
			SELECT `+t.cols+` FROM temp.staged_`+t.name+` ORDER BY `+t.cols); err != nil {
			return fmt.Errorf("bulk load: %s: %w", t.name, err)
		}
		if _, err := l.db.ExecContext(ctx, `DROP TABLE temp.staged_`+t.name); err != nil {
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

// flush turns the pending records into one batch for the writer.
func (l *Loader) flush() error {
	if len(l.pending) == 0 {
		return nil
	}
	// A batch's buffers are megabytes: growing new ones for every batch
	// cost the loader more than building the rows.
	var b loadBatch
	select {
	case b = <-l.free:
		for i := range b {
			b[i] = b[i][:0]
		}
	default:
		b = make(loadBatch, len(loadSQL))
	}
	var keys []string
	for _, pr := range l.pending {
		r, p := pr.Record, &pr.Page
		pageID, doc := l.nextID, l.nextID
		l.nextID++
		r.RecomputeStatus()
		b[0] = b[0].row(pageID, p.SHA256, p.File, p.PageIndex)
		b[1] = b[1].row(r.ID, pageID, string(r.Kind), string(r.Era), r.Office, r.Book, r.Page, string(r.Status), len(pr.Tasks))

		keys = keys[:0]
		for k := range r.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		values := make(map[string]string, len(keys))
		for _, k := range keys {
			f := r.Fields[k]
			if !sqlstore.ValidStatus[f.Status] || !(f.Confidence >= 0 && f.Confidence <= 1) {
				l.err = registry.Errorf(registry.EINVALID, "record %s: field %s has status %q, confidence %v", r.ID, k, f.Status, f.Confidence)
				return l.err
			}
			row := b[2].text(r.ID).text(k).text(f.Value).text(f.Raw).float(f.Confidence).text(string(f.Status)).text(string(f.Reason)).text(f.Note)
			for c := range 4 {
				if f.Box == nil {
					row = row.null()
				} else {
					row = row.int(int64(f.Box[c]))
				}
			}
			b[2] = row
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
			b[3] = b[3].row(r.ID, t.FieldKey, string(t.Reason), string(stage), len(pr.Tasks))
		}

		e := searchkey.BuildEntry(r.Kind, r.Office, r.Book, r.Status, values)
		b[4] = b[4].row(doc, r.ID, e.Kind, e.Office, e.Book, e.Entry, e.Born, searchkey.PeopleText(e.People), joinLines(e.IDs), e.Status, e.Card)
		for nr := range searchkey.NameRows(e.People) {
			b[5] = b[5].row(nr.Key, nr.Year, doc, nr.Role)
		}
		for t := range searchkey.DocTokens(e.People) {
			b[6] = b[6].row(t, doc)
			l.vocab[t]++
		}
		for n := range searchkey.IDNumbers(e.IDs) {
			b[7] = b[7].row(n, doc)
		}
	}
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

// loadSQL are the inserts of a batch, one table each (":created" stands
// for the load's time). A batch's rows of one table go to SQLite packed in
// one buffer that civreg_rows (rows.c) binds and inserts, 16 rows to a
// statement, in C: binding millions of values one by one from Go costs
// more than the inserts, and reading them out of JSON in SQL (jsonb_each)
// cost two thirds of a field row (2.7 µs, 300k records).
var loadSQL = []rowsInsert{
	{into: `INTO pages (id, sha256, file, page_index, status, created)`, values: `(?, ?, ?, ?, 'done', :created)`},
	{into: `INTO records (id, page_id, kind, era, office, book, page, status, open_tasks, created, updated)`, values: `(?, ?, ?, ?, ?, ?, ?, ?, ?, :created, :created)`},
	{into: `INTO fields (record_id, key, value, raw, confidence, status, reason, note, box_x0, box_y0, box_x1, box_y1)`, values: `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	{into: `INTO tasks (record_id, field_key, reason, stage, priority, status, created)`, values: `(?, ?, ?, ?, ?, 'open', :created)`},
	{into: `INTO search_docs (doc, record_id, kind, office, book, entry, born, people, ids, status, card)`, values: `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	{into: `INTO temp.staged_search_names (key, year, doc, role)`, values: `(?, ?, ?, ?)`},
	{into: `OR IGNORE INTO search_tokens (tok, doc)`, values: `(?, ?)`},
	{into: `INTO temp.staged_search_ids (id, doc)`, values: `(?, ?)`},
}

// stagedTables are the search tables whose rows arrive in random key
// order: at 12M records, inserting them as they came cost more than the
// fields (names 119 s, IDs 39 s) and left pages all over the file to write
// back at each commit (commits: 238 s). Their rows go to temporary tables
// in the order they come, and into the store sorted, once, at the end.
// The columns are the table's primary key, in its order. (Name words,
// search_tokens, have few keys; their inserts keep to a few pages.)
var stagedTables = []struct{ name, cols string }{
	{"search_names", "key, year, doc, role"},
	{"search_ids", "id, doc"},
}

// writer runs in the background and writes each batch in one transaction,
// so that SQLite works on one core while the caller builds the next batch
// on the other.
func (l *Loader) writer(ctx context.Context) {
	inserts := make([]rowsInsert, len(loadSQL))
	for i, in := range loadSQL {
		in.values = strings.ReplaceAll(in.values, ":created", "'"+l.created+"'")
		inserts[i] = in
	}
	var err error
	for b := range l.work {
		if err != nil {
			continue // drain, so that flush never blocks
		}
		if err = l.write(ctx, inserts, b); err != nil {
			// Tell a blocked flush at once.
			select {
			case l.done <- err:
			default:
			}
		}
		select {
		case l.free <- b:
		default:
		}
	}
	select {
	case l.done <- err:
	default:
	}
	close(l.done)
}

func (l *Loader) write(ctx context.Context, inserts []rowsInsert, b loadBatch) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, rows := range b {
		if len(rows) == 0 {
			continue
		}
		if err := execRows(ctx, tx, inserts[i], rows); err != nil {
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
	var vocab packed
	for _, t := range toks {
		vocab = vocab.row(t, l.vocab[t])
	}
	if len(vocab) > 0 {
		vocabInsert := rowsInsert{into: `INTO search_vocab (tok, n)`, values: `(?, ?)`, tail: `ON CONFLICT (tok) DO UPDATE SET n = n + excluded.n`}
		if err := execRows(ctx, l.db, vocabInsert, vocab); err != nil {
			return err
		}
	}
	// Sorting staged rows and for CREATE INDEX may use a second thread.
	if _, err := l.db.ExecContext(ctx, `PRAGMA threads = 2`); err != nil {
		return err
	}
	if err := l.unstage(ctx); err != nil {
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
