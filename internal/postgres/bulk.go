package postgres

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/internal/sqlrows"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
	"github.com/jackc/pgx/v5"
)

// Loader writes records straight into an empty registry with COPY, for
// seeding it with millions of records (a migration, a bench): pages,
// records with their fields, open tasks and the search index, without page
// images or events, as internal/sqlite's Loader does.
//
// How it is fast, and what it costs:
//   - the keys, foreign keys and secondary indexes of the loaded tables are
//     dropped first and built again by Close: one sort each instead of
//     millions of scattered inserts;
//   - two connections copy at once, one the records (their 2 kB of fields
//     each, compressed by the server: the longest COPY), the other the
//     pages, tasks and search index, each in one transaction that
//     truncated its (empty) tables first, so that COPY FREEZE writes the
//     rows frozen and all-visible (no VACUUM pass rewriting them after)
//     and, on a server with wal_level = minimal, skips the WAL: the tables
//     are fsynced at commit instead. They are ordinary logged tables
//     throughout; a load that fails leaves them empty and is run again;
//   - rows go in COPY's binary format built here (copyRows), not through
//     pgx's per-value encoding nor as text the server must unescape, and
//     a record's fields are one column of JSON text (0008), not checked
//     by the server as it copies (0023).
type Loader struct {
	db      *DB
	conns   [2]*pgx.Conn
	txs     [2]pgx.Tx
	batch   int
	pending []*registry.PageResult
	nextID  int64
	created string
	n       int
	streams [2]chan []*registry.PageResult
	wg      sync.WaitGroup
	// inflight counts the batches handed to the connections and not yet
	// copied (or dropped after an error), for Wait.
	inflight sync.WaitGroup
	mu       sync.Mutex
	err      error
	// words are the name words with their ids in search_vocab, which
	// search_tokens holds (0022): those the registry had, and the new ones
	// from nextTok, each with the records loaded that hold it. Only the
	// second connection's goroutine uses them while copying.
	words   map[string]*vocabWord
	nextTok int64
	indexes []string
	// constraints are the keys and foreign keys dropped for the load, as
	// ALTER TABLE statements that add them back, keys first.
	constraints []string
	fkeys       []string
	phases      []Phase
	rows        map[string]int // rows copied, by table
}

// vocabWord is a name word's id in search_vocab and how many of the
// loaded records hold it.
type vocabWord struct {
	id int64
	n  int
}

// Phase is how long one part of a load took: copying one table (summed
// over its batches; the two connections' copies overlap), building one
// key or index, or a step of Close. Building rows is the loader's own
// CPU, COPY the wait for the server to take them.
type Phase struct {
	Name string
	D    time.Duration
}

// Phases returns what each part of the load took, in the order they ended.
func (l *Loader) Phases() []Phase {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.phases)
}

// timed adds d to the phase name, or adds the phase.
func (l *Loader) timed(name string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.phases {
		if l.phases[i].Name == name {
			l.phases[i].D += d
			return
		}
	}
	l.phases = append(l.phases, Phase{name, d})
}

// loadTables are the tables a load fills, whose keys and indexes it drops;
// streamTables are those each of the two connections copies into.
var (
	loadTables   = []string{"pages", "records", "tasks", "search_docs", "search_names", "search_tokens", "search_ids"}
	streamTables = [2][]string{{"records"}, {"pages", "tasks", "search_docs", "search_names", "search_tokens", "search_ids"}}
)

// copyColumns are the columns a load copies, per table, in order.
var copyColumns = map[string]string{
	"pages":         "id, sha256, file, page_index, status, created",
	"records":       "id, page_id, kind, era, office, book, page, status, created, updated, open_tasks, field_data",
	"tasks":         "record_id, field_key, reason, stage, status, created, priority",
	"search_docs":   "doc, record_id, kind, office, book, entry, born, people, ids, status, card",
	"search_names":  "key, year, doc, role",
	"search_tokens": "tok, doc",
	"search_ids":    "id, doc",
}

// NewLoader opens the registry at url for a bulk load; it must hold no
// records nor pages (EINVALID otherwise). batch is the number of records
// per COPY (0 means 5000). Close must be called to finish it.
func NewLoader(ctx context.Context, url string, batch int) (*Loader, error) {
	d, err := Open(ctx, url)
	if err != nil {
		return nil, err
	}
	var full bool
	if err := d.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM pages) OR EXISTS (SELECT 1 FROM search_docs)`).Scan(&full); err != nil {
		d.Close()
		return nil, err
	} else if full {
		d.Close()
		return nil, registry.Errorf(registry.EINVALID, "bulk load needs an empty registry; %s holds records or pages", d.URL())
	}
	if batch <= 0 {
		batch = 5000
	}
	l := &Loader{db: d, batch: batch, nextID: 1, rows: map[string]int{}, created: storetime.Format(time.Now())}
	if err := l.start(ctx); err != nil {
		l.abort(ctx)
		return nil, err
	}
	return l, nil
}

// start connects twice, drops the keys and indexes, and opens each
// connection's transaction on its truncated tables.
func (l *Loader) start(ctx context.Context) error {
	for i := range l.conns {
		c, err := pgx.ConnectConfig(ctx, l.db.cfg)
		if err != nil {
			return connError(l.db.url, err)
		}
		l.conns[i] = c
		// A load is redone from scratch if it fails: no need to wait for
		// the disk at every commit; the index builds get memory to sort in.
		// They keep the server's parallel workers: without them
		// (max_parallel_maintenance_workers = 0) the keys and indexes
		// after 500,000 records took 18 s instead of 12-14 s.
		if _, err := c.Exec(ctx, `SET synchronous_commit = off; SET maintenance_work_mem = '1GB'`); err != nil {
			return err
		}
	}
	if err := l.readVocab(ctx); err != nil {
		return err
	}
	if err := l.dropConstraints(ctx); err != nil {
		return err
	}
	if err := l.dropIndexes(ctx); err != nil {
		return err
	}
	for i, c := range l.conns {
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		l.txs[i] = tx
		if _, err := tx.Exec(ctx, `TRUNCATE `+strings.Join(streamTables[i], ", ")); err != nil {
			return err
		}
		l.streams[i] = make(chan []*registry.PageResult, 2)
		l.wg.Add(1)
		go l.stream(ctx, i)
	}
	return nil
}

// readVocab reads the words search_vocab holds already, with their ids.
func (l *Loader) readVocab(ctx context.Context) error {
	l.words, l.nextTok = map[string]*vocabWord{}, 1
	rows, err := l.conns[0].Query(ctx, `SELECT id, tok FROM search_vocab`)
	if err != nil {
		return err
	}
	var id int64
	var tok string
	_, err = pgx.ForEachRow(rows, []any{&id, &tok}, func() error {
		l.words[tok], l.nextTok = &vocabWord{id: id}, max(l.nextTok, id+1)
		return nil
	})
	return err
}

func (l *Loader) abort(ctx context.Context) {
	for _, c := range l.conns {
		if c != nil {
			c.Close(ctx)
		}
	}
	l.db.Close()
}

// dropIndexes drops the loaded tables' indexes that back no constraint and
// keeps their definitions.
func (l *Loader) dropIndexes(ctx context.Context) error {
	rows, err := l.conns[0].Query(ctx, `
		SELECT i.indexname, i.indexdef FROM pg_indexes i
		WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
		ORDER BY i.indexname`, loadTables)
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
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := l.conns[0].Exec(ctx, `DROP INDEX `+pgx.Identifier{name}.Sanitize()); err != nil {
			return err
		}
	}
	return nil
}

// dropConstraints drops the primary keys, unique keys and foreign keys of
// the loaded tables, and the foreign keys of other tables that refer to
// them, and keeps their definitions. A foreign key is checked row by row
// by a trigger, a key's index is written at random places: added back at
// the end, each is one pass over a sorted table. The first run of a 200,000
// record bench loaded 911 records/s with them in place.
func (l *Loader) dropConstraints(ctx context.Context) error {
	rows, err := l.conns[0].Query(ctx, `
		SELECT c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid), c.contype
		FROM pg_constraint c
		WHERE c.contype IN ('p', 'u', 'f')
		  AND (c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[]))
		ORDER BY c.contype = 'f' DESC, c.conname`, loadTables)
	if err != nil {
		return err
	}
	type con struct{ name, table, def, kind string }
	var cons []con
	for rows.Next() {
		var c con
		if err := rows.Scan(&c.name, &c.table, &c.def, &c.kind); err != nil {
			rows.Close()
			return err
		}
		cons = append(cons, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cons { // foreign keys first: the keys they use go after
		if _, err := l.conns[0].Exec(ctx, `ALTER TABLE `+c.table+` DROP CONSTRAINT `+pgx.Identifier{c.name}.Sanitize()); err != nil {
			return err
		}
		add := `ALTER TABLE ` + c.table + ` ADD CONSTRAINT ` + pgx.Identifier{c.name}.Sanitize() + ` ` + c.def
		if c.kind == "f" {
			l.fkeys = append(l.fkeys, add)
		} else {
			l.constraints = append(l.constraints, add)
		}
	}
	return nil
}

// Add queues a page's record (its Page gives the hash, file and page
// index; Image is not stored) with its open tasks. The record's id must be
// set. The caller must not change pr afterwards.
func (l *Loader) Add(ctx context.Context, pr *registry.PageResult) error {
	if pr == nil || pr.Record == nil || pr.Record.ID == "" {
		return registry.Errorf(registry.EINVALID, "a loaded record needs its id")
	}
	pr.Record.RecomputeStatus()
	pr.Page.ID = l.nextID
	l.nextID++
	l.pending = append(l.pending, pr)
	if len(l.pending) >= l.batch {
		return l.flush()
	}
	return nil
}

// flush hands the pending records to both connections.
func (l *Loader) flush() error {
	if err := l.failed(); err != nil {
		return err
	}
	if len(l.pending) == 0 {
		return nil
	}
	l.inflight.Add(len(l.streams))
	for _, s := range l.streams {
		s <- l.pending
	}
	l.n += len(l.pending)
	l.pending = nil
	return nil
}

func (l *Loader) failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

func (l *Loader) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = err
	}
}

// Wait hands what is pending to the connections and returns when they
// have copied every record added so far (the load's first error, if any).
// A bench calls it to keep its own work (generating the next records) out
// of the time it measures; a load does not need it.
func (l *Loader) Wait() error {
	err := l.flush()
	l.inflight.Wait()
	if err != nil {
		return err
	}
	return l.failed()
}

// stream copies each batch it is given into connection i's tables, until
// its channel is closed.
func (l *Loader) stream(ctx context.Context, i int) {
	defer l.wg.Done()
	s := &streamRows{bufs: map[string]*copyRows{}}
	for _, t := range streamTables[i] {
		s.bufs[t] = &copyRows{}
	}
	for batch := range l.streams[i] {
		if l.failed() == nil { // else drain
			l.copyBatch(ctx, i, batch, s)
		}
		l.inflight.Done()
	}
}

// streamRows is what a connection's goroutine keeps from one batch to the
// next: its tables' rows, and room to build a record's in.
type streamRows struct {
	bufs   map[string]*copyRows
	fields []byte // a record's field_data
	names  []searchkey.NameRow
	words  []string
	ids    []string
}

// copyBatch builds one batch's rows of connection i's tables and copies
// them.
func (l *Loader) copyBatch(ctx context.Context, i int, batch []*registry.PageResult, s *streamRows) {
	for _, b := range s.bufs {
		b.reset()
	}
	t0 := time.Now()
	for _, pr := range batch {
		if i == 0 {
			recordRow(s, pr, l.created)
		} else {
			pageRows(s, pr, l.created)
			l.searchRows(s, pr)
		}
	}
	l.timed(fmt.Sprintf("build rows (connection %d)", i+1), time.Since(t0))
	for _, t := range streamTables[i] {
		if s.bufs[t].n == 0 {
			continue
		}
		t0 := time.Now()
		sql := `COPY ` + t + ` (` + copyColumns[t] + `) FROM STDIN WITH (FORMAT binary, FREEZE)`
		if _, err := l.txs[i].Conn().PgConn().CopyFrom(ctx, bytes.NewReader(s.bufs[t].done()), sql); err != nil {
			l.fail(fmt.Errorf("bulk load: %s: %w", t, err))
			break
		}
		l.timed("COPY "+t, time.Since(t0))
		l.mu.Lock()
		l.rows[t] += s.bufs[t].n
		l.mu.Unlock()
	}
}

// recordRow writes one record's row, created being the time it is
// written at.
func recordRow(s *streamRows, pr *registry.PageResult, created string) {
	r := pr.Record
	s.fields = packFields(s.fields[:0], r.Fields)
	s.bufs["records"].row(12).text(r.ID).int8(pr.Page.ID).text(string(r.Kind)).text(string(r.Era)).text(r.Office).text(r.Book).int4(r.Page).
		text(string(r.Status)).text(created).text(created).int4(len(pr.Tasks)).bytes(s.fields)
}

// pageRows writes the row of a record's page and those of its tasks.
func pageRows(s *streamRows, pr *registry.PageResult, created string) {
	r, p := pr.Record, &pr.Page
	s.bufs["pages"].row(6).int8(p.ID).text(p.SHA256).text(p.File).int4(p.PageIndex).text("done").text(created)
	tasks := s.bufs["tasks"]
	for _, t := range pr.Tasks {
		stage := t.Stage
		if stage == "" {
			stage = registry.StageReview
		}
		tasks.row(7).text(r.ID).text(t.FieldKey).text(string(t.Reason)).text(string(stage)).text("open").text(created).int4(len(pr.Tasks))
	}
}

// searchRows writes one record's search entry and keys, and counts its
// words.
func (l *Loader) searchRows(s *streamRows, pr *registry.PageResult) {
	r, doc := pr.Record, pr.Page.ID
	e := searchkey.RecordEntry(r)
	s.bufs["search_docs"].row(11).int8(doc).text(r.ID).text(e.Kind).text(e.Office).text(e.Book).text(e.Entry).text(e.Born).
		text(searchkey.PeopleText(e.People)).text(strings.Join(e.IDs, "\n")).text(e.Status).text(e.Card)
	s.names = searchkey.AppendNameRows(s.names[:0], e.People)
	names := s.bufs["search_names"]
	for _, nr := range s.names {
		names.row(4).text(nr.Key).int4(nr.Year).int8(doc).text(nr.Role)
	}
	s.words = searchkey.AppendDocTokens(s.words[:0], e.People)
	toks := s.bufs["search_tokens"]
	for _, t := range s.words {
		w := l.words[t]
		if w == nil {
			w = &vocabWord{id: l.nextTok}
			l.words[t], l.nextTok = w, l.nextTok+1
		}
		w.n++
		toks.row(2).int8(w.id).int8(doc)
	}
	s.ids = searchkey.AppendIDNumbers(s.ids[:0], e.IDs)
	ids := s.bufs["search_ids"]
	for _, n := range s.ids {
		ids.row(2).text(n).int8(doc)
	}
}

// packFields appends a record's fields to b as field_data holds them (see
// migrations/0008_packed_fields.sql).
func packFields(b []byte, fields map[string]*registry.Field) []byte {
	b = append(b, '{')
	first := true
	for k, f := range fields {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = sqlrows.JSONString(b, k)
		b = append(b, ':', '[')
		b = sqlrows.JSONString(b, f.Value)
		if f.Raw == f.Value {
			b = append(b, ",null,"...)
		} else {
			b = append(b, ',')
			b = sqlrows.JSONString(b, f.Raw)
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, f.Confidence, 'g', -1, 64)
		b = append(b, ',')
		b = sqlrows.JSONString(b, string(f.Status))
		b = append(b, ',')
		b = sqlrows.JSONString(b, string(f.Reason))
		b = append(b, ',')
		b = sqlrows.JSONString(b, f.Note)
		b = append(b, ",1"...)
		if f.Box != nil {
			for _, v := range f.Box {
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(v), 10)
			}
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// copyRows is one COPY's rows in PostgreSQL's binary COPY format: each
// value as its bytes after its length, nothing to escape for the client
// nor to unescape for the server (text COPY's parsing of a record's 2 kB
// of fields was a sixth of the server's CPU in a load). Its columns must
// be text, json, integer (int4) or bigint (int8) as written.
type copyRows struct {
	b []byte
	n int
}

func (c *copyRows) reset() {
	c.b = append(c.b[:0], "PGCOPY\n\xff\r\n\x00"...)
	c.b = binary.BigEndian.AppendUint32(c.b, 0) // flags
	c.b = binary.BigEndian.AppendUint32(c.b, 0) // header extension
	c.n = 0
}

// row starts a row of cols values.
func (c *copyRows) row(cols int) *copyRows {
	if len(c.b) == 0 {
		c.reset()
	}
	c.n++
	c.b = binary.BigEndian.AppendUint16(c.b, uint16(cols))
	return c
}

func (c *copyRows) text(s string) *copyRows {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(s)))
	c.b = append(c.b, s...)
	return c
}

func (c *copyRows) bytes(p []byte) *copyRows {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(p)))
	c.b = append(c.b, p...)
	return c
}

func (c *copyRows) int4(v int) *copyRows {
	c.b = binary.BigEndian.AppendUint32(c.b, 4)
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(int32(v)))
	return c
}

func (c *copyRows) int8(v int64) *copyRows {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(v))
	return c
}

// done ends the rows and returns them.
func (c *copyRows) done() []byte {
	c.b = binary.BigEndian.AppendUint16(c.b, 0xffff)
	return c.b
}

// Count returns how many records were added.
func (l *Loader) Count() int { return l.n + len(l.pending) }

// Close writes what is pending and commits, then writes the word counts,
// builds the keys and indexes again, moves the id sequences past the loaded
// ids and updates the planner's statistics.
func (l *Loader) Close(ctx context.Context) error {
	defer l.abort(ctx)
	t0 := time.Now()
	err := l.flush()
	for _, s := range l.streams {
		if s != nil {
			close(s)
		}
	}
	l.wg.Wait()
	if err == nil {
		err = l.failed()
	}
	l.timed("the last batches copied", time.Since(t0))
	t0 = time.Now()
	for _, tx := range l.txs {
		if tx == nil {
			continue
		}
		if err != nil {
			tx.Rollback(ctx)
		} else if cerr := tx.Commit(ctx); cerr != nil {
			err = cerr
		}
	}
	l.timed("commit (tables written to disk)", time.Since(t0))
	if err != nil {
		// Put back what was dropped, over the empty tables.
		return errors.Join(err, l.rebuild(ctx))
	}
	if err := l.step(ctx, "search_vocab", l.writeVocab); err != nil {
		return err
	}
	if err := l.rebuild(ctx); err != nil {
		return err
	}
	if err := l.step(ctx, "id sequences", l.setSequences); err != nil {
		return err
	}
	// The copied rows are frozen and all-visible already (COPY FREEZE), so
	// VACUUM skips them; it sets the visibility map of tasks, whose ids
	// came from its sequence, and ANALYZE gives the planner the sizes.
	return l.step(ctx, "VACUUM ANALYZE", func(ctx context.Context) error {
		_, err := l.conns[0].Exec(ctx, `VACUUM ANALYZE`)
		return err
	})
}

// step runs f and times it as the phase name.
func (l *Loader) step(ctx context.Context, name string, f func(context.Context) error) error {
	t0 := time.Now()
	err := f(ctx)
	l.timed(name, time.Since(t0))
	return err
}

// setSequences moves the id sequences past the loaded ids.
func (l *Loader) setSequences(ctx context.Context) error {
	for _, t := range []struct{ table, col string }{{"pages", "id"}, {"search_docs", "doc"}, {"tasks", "id"}, {"search_vocab", "id"}} {
		if _, err := l.conns[0].Exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)`, t.table, t.col, t.col, t.table)); err != nil {
			return err
		}
	}
	return nil
}

// writeVocab adds the words' counts to search_vocab, new words under the
// ids search_tokens was given.
func (l *Loader) writeVocab(ctx context.Context) error {
	var toks []string
	for t, w := range l.words {
		if w.n > 0 {
			toks = append(toks, t)
		}
	}
	slices.Sort(toks)
	for i := 0; i < len(toks); i += 5000 {
		part := toks[i:min(i+5000, len(toks))]
		ns, ids := make([]int32, len(part)), make([]int64, len(part))
		for j, t := range part {
			ns[j], ids[j] = int32(l.words[t].n), l.words[t].id
		}
		if _, err := l.conns[0].Exec(ctx, `
			INSERT INTO search_vocab (id, tok, n) SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[])
			ON CONFLICT (tok) DO UPDATE SET n = search_vocab.n + excluded.n`, ids, part, ns); err != nil {
			return err
		}
	}
	return nil
}

// rebuild adds back the keys and indexes, the two connections taking them
// in turn, those of the tables with the most rows first (so that the
// longest sort, search_tokens' key, does not start last and leave one
// connection idle), then the foreign keys, which need the keys.
func (l *Loader) rebuild(ctx context.Context) error {
	defs := append(slices.Clone(l.constraints), l.indexes...)
	slices.SortStableFunc(defs, func(a, b string) int { return l.rows[defTable(b)] - l.rows[defTable(a)] })
	work := make(chan string, len(defs))
	for _, def := range defs {
		work <- def
	}
	close(work)
	var wg sync.WaitGroup
	errs := make([]error, len(l.conns))
	for i, c := range l.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for def := range work {
				t0 := time.Now()
				if _, err := c.Exec(ctx, def); err != nil && errs[i] == nil {
					errs[i] = fmt.Errorf("bulk load: %s: %w", def, err)
				}
				l.timed(defName(def), time.Since(t0))
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, def := range l.fkeys {
		t0 := time.Now()
		if _, err := l.conns[0].Exec(ctx, def); err != nil {
			return fmt.Errorf("bulk load: %s: %w", def, err)
		}
		l.timed(defName(def), time.Since(t0))
	}
	return nil
}

// defTable returns the table an ALTER TABLE … ADD CONSTRAINT or CREATE
// INDEX … ON statement builds on, without its schema.
func defTable(def string) string {
	w := strings.Fields(def)
	for i, x := range w {
		if (x == "TABLE" || x == "ON") && i+1 < len(w) {
			t := w[i+1]
			if t == "ONLY" && i+2 < len(w) {
				t = w[i+2]
			}
			return t[strings.LastIndexByte(t, '.')+1:]
		}
	}
	return ""
}

// defName names what an ALTER TABLE … ADD CONSTRAINT or CREATE INDEX
// statement builds, for the load's phases.
func defName(def string) string {
	w := strings.Fields(def)
	for i, x := range w {
		switch {
		case x == "CONSTRAINT" && i+1 < len(w):
			return "key " + w[2] + "." + strings.Trim(w[i+1], `"`)
		case x == "INDEX" && i+1 < len(w):
			return "index " + w[i+1]
		}
	}
	return def
}
