package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/registry"
	"github.com/jackc/pgx/v5"
)

// Loader writes records straight into an empty registry with COPY, many to
// a transaction, for seeding it with millions of records (a migration, a
// bench): pages, records, fields, open tasks and the search index, without
// page images or events, as internal/sqlite's Loader does. The secondary
// indexes of the loaded tables are dropped first and built again by Close:
// one sort each instead of millions of scattered inserts.
type Loader struct {
	db      *DB
	conn    *pgx.Conn
	batch   int
	pending []*registry.PageResult
	nextID  int64
	vocab   map[string]int
	indexes []string
	// constraints are the keys and foreign keys dropped for the load, as
	// ALTER TABLE statements that add them back, keys first.
	constraints []string
	created     string
	n           int
}

// loadTables are the tables a load fills, whose secondary indexes it drops.
var loadTables = []string{"pages", "records", "fields", "tasks", "search_docs", "search_names", "search_tokens", "search_ids"}

// NewLoader opens the registry at url for a bulk load; it must hold no
// records (EINVALID otherwise). batch is the number of records per
// transaction (0 means 5000). Close must be called to finish it.
func NewLoader(ctx context.Context, url string, batch int) (*Loader, error) {
	d, err := Open(ctx, url)
	if err != nil {
		return nil, err
	}
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM records LIMIT 1) x`).Scan(&n); err != nil {
		d.Close()
		return nil, err
	} else if n > 0 {
		d.Close()
		return nil, registry.Errorf(registry.EINVALID, "bulk load needs an empty registry; %s holds records", d.URL())
	}
	conn, err := pgx.ConnectConfig(ctx, d.cfg)
	if err != nil {
		d.Close()
		return nil, connError(url, err)
	}
	if batch <= 0 {
		batch = 5000
	}
	l := &Loader{db: d, conn: conn, batch: batch, nextID: 1, vocab: map[string]int{}, created: formatTime(time.Now().UTC().Truncate(time.Microsecond))}
	// A load is redone from scratch if it fails: no need to wait for the
	// disk at every commit.
	if _, err := conn.Exec(ctx, `SET synchronous_commit = off`); err != nil {
		l.abort(ctx)
		return nil, err
	}
	if err := l.dropConstraints(ctx); err != nil {
		l.abort(ctx)
		return nil, err
	}
	if err := l.dropIndexes(ctx); err != nil {
		l.abort(ctx)
		return nil, err
	}
	return l, nil
}

func (l *Loader) abort(ctx context.Context) {
	l.conn.Close(ctx)
	l.db.Close()
}

// dropIndexes drops the loaded tables' indexes that back no constraint and
// keeps their definitions.
func (l *Loader) dropIndexes(ctx context.Context) error {
	rows, err := l.conn.Query(ctx, `
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
		if _, err := l.conn.Exec(ctx, `DROP INDEX `+pgx.Identifier{name}.Sanitize()); err != nil {
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
	rows, err := l.conn.Query(ctx, `
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
	var keys, fks []string
	for _, c := range cons { // foreign keys first: the keys they use go after
		if _, err := l.conn.Exec(ctx, `ALTER TABLE `+c.table+` DROP CONSTRAINT `+pgx.Identifier{c.name}.Sanitize()); err != nil {
			return err
		}
		add := `ALTER TABLE ` + c.table + ` ADD CONSTRAINT ` + pgx.Identifier{c.name}.Sanitize() + ` ` + c.def
		if c.kind == "f" {
			fks = append(fks, add)
		} else {
			keys = append(keys, add)
		}
	}
	l.constraints = append(keys, fks...)
	return nil
}

// Add queues a page's record (its Page gives the hash, file and page
// index; Image is not stored) with its open tasks. The record's id must be
// set.
func (l *Loader) Add(ctx context.Context, pr *registry.PageResult) error {
	if pr == nil || pr.Record == nil || pr.Record.ID == "" {
		return registry.Errorf(registry.EINVALID, "a loaded record needs its id")
	}
	l.pending = append(l.pending, pr)
	if len(l.pending) >= l.batch {
		return l.flush(ctx)
	}
	return nil
}

// rows are one batch's rows, per table.
type rows map[string][][]any

// flush writes the pending records in one transaction, a COPY per table.
func (l *Loader) flush(ctx context.Context) error {
	if len(l.pending) == 0 {
		return nil
	}
	b := rows{}
	for _, pr := range l.pending {
		if err := l.addRows(b, pr); err != nil {
			return err
		}
	}
	tx, err := l.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	for _, t := range copyTables {
		if len(b[t.name]) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(b[t.name])); err != nil {
			return fmt.Errorf("bulk load: %s: %w", t.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	l.n += len(l.pending)
	l.pending = l.pending[:0]
	return nil
}

// copyTables are the columns a load copies, per table, in order.
var copyTables = []struct {
	name string
	cols []string
}{
	{"pages", []string{"id", "sha256", "file", "page_index", "status", "created"}},
	{"records", []string{"id", "page_id", "kind", "era", "office", "book", "page", "status", "created", "updated", "open_tasks"}},
	{"fields", []string{"record_id", "key", "value", "raw", "confidence", "status", "reason", "note", "box_x0", "box_y0", "box_x1", "box_y1"}},
	{"tasks", []string{"record_id", "field_key", "reason", "stage", "status", "created", "priority"}},
	{"search_docs", []string{"doc", "record_id", "kind", "office", "book", "entry", "born", "people", "ids", "status", "card"}},
	{"search_names", []string{"key", "year", "doc", "role"}},
	{"search_tokens", []string{"tok", "doc"}},
	{"search_ids", []string{"id", "doc"}},
}

// addRows adds one record's rows to b.
func (l *Loader) addRows(b rows, pr *registry.PageResult) error {
	r, p := pr.Record, &pr.Page
	id := l.nextID
	l.nextID++
	r.RecomputeStatus()
	b["pages"] = append(b["pages"], []any{id, p.SHA256, p.File, int32(p.PageIndex), "done", l.created})
	b["records"] = append(b["records"], []any{r.ID, id, string(r.Kind), string(r.Era), r.Office, r.Book, int32(r.Page), string(r.Status), l.created, l.created, int32(len(pr.Tasks))})
	values := make(map[string]string, len(r.Fields))
	for _, k := range slices.Sorted(maps.Keys(r.Fields)) {
		f := r.Fields[k]
		var box [4]any
		if f.Box != nil {
			for c := range 4 {
				box[c] = int32(f.Box[c])
			}
		}
		b["fields"] = append(b["fields"], []any{r.ID, k, f.Value, f.Raw, f.Confidence, string(f.Status), string(f.Reason), f.Note, box[0], box[1], box[2], box[3]})
		values[k] = f.Value
	}
	for _, t := range pr.Tasks {
		stage := t.Stage
		if stage == "" {
			stage = registry.StageReview
		}
		b["tasks"] = append(b["tasks"], []any{r.ID, t.FieldKey, string(t.Reason), string(stage), "open", l.created, int32(len(pr.Tasks))})
	}
	e := searchkey.BuildEntry(r.Kind, r.Office, r.Book, r.Status, values)
	b["search_docs"] = append(b["search_docs"], []any{id, r.ID, e.Kind, e.Office, e.Book, e.Entry, e.Born, searchkey.PeopleText(e.People), strings.Join(e.IDs, "\n"), e.Status, e.Card})
	for nr := range searchkey.NameRows(e.People) {
		b["search_names"] = append(b["search_names"], []any{nr.Key, int32(nr.Year), id, nr.Role})
	}
	for t := range searchkey.DocTokens(e.People) {
		b["search_tokens"] = append(b["search_tokens"], []any{t, id})
		l.vocab[t]++
	}
	for n := range searchkey.IDNumbers(e.IDs) {
		b["search_ids"] = append(b["search_ids"], []any{n, id})
	}
	return nil
}

// Count returns how many records were added.
func (l *Loader) Count() int { return l.n + len(l.pending) }

// Close writes what is pending, the word counts, builds the indexes
// again, moves the id sequences past the loaded ids and updates the
// planner's statistics.
func (l *Loader) Close(ctx context.Context) error {
	defer l.abort(ctx)
	if err := l.flush(ctx); err != nil {
		return err
	}
	toks := slices.Sorted(maps.Keys(l.vocab))
	for i := 0; i < len(toks); i += 5000 {
		part := toks[i:min(i+5000, len(toks))]
		ns := make([]int32, len(part))
		for j, t := range part {
			ns[j] = int32(l.vocab[t])
		}
		if _, err := l.conn.Exec(ctx, `
			INSERT INTO search_vocab (tok, n) SELECT * FROM unnest($1::text[], $2::int[])
			ON CONFLICT (tok) DO UPDATE SET n = search_vocab.n + excluded.n`, part, ns); err != nil {
			return err
		}
	}
	for _, def := range append(l.constraints, l.indexes...) {
		if _, err := l.conn.Exec(ctx, def); err != nil {
			return fmt.Errorf("bulk load: %s: %w", def, err)
		}
	}
	for _, t := range []struct{ table, col string }{{"pages", "id"}, {"search_docs", "doc"}, {"tasks", "id"}} {
		if _, err := l.conn.Exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)`, t.table, t.col, t.col, t.table)); err != nil {
			return err
		}
	}
	// VACUUM sets the visibility map, without which no index-only scan
	// (the year + name search) stays in the index; ANALYZE gives the
	// planner the tables' new sizes.
	_, err := l.conn.Exec(ctx, `VACUUM ANALYZE`)
	return err
}
