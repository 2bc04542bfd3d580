package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that DB keeps the audit chain.
var _ registry.AuditStore = (*DB)(nil)

// migrationHooks are Go steps run in a migration's transaction after its
// SQL, for what SQL cannot compute.
var migrationHooks = map[string]func(ctx context.Context, tx *sql.Tx) error{
	"migrations/0020_audit_chain.sql": chainExisting,
}

// nextRowID is the SQL of a new row's id in a chained table: past both
// the table's rows and the chain's, so that the id of a row deleted from
// the file is not given again (SQLite would reuse the last one) and the
// deletion stays in sight instead of a new row taking its place.
func nextRowID(table, source string) string {
	return `1 + MAX(IFNULL((SELECT MAX(id) FROM ` + table + `), 0),
		IFNULL((SELECT MAX(row_id) FROM audit_chain WHERE source = '` + source + `'), 0))`
}

// appendLink chains one row just written, in its transaction. Write
// transactions hold the store's write lock from their start, so the head
// read here is still the head at commit.
func appendLink(ctx context.Context, tx *sql.Tx, source string, rowID int64, content []byte) error {
	var seq int64
	var prev []byte
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_chain (seq, source, row_id, hash) VALUES (?, ?, ?, ?)`,
		seq+1, source, rowID, audit.Next(prev, content))
	return err
}

// chainExisting chains the events and issuances a store held before it
// had a chain, in the order they were written (an issuance before the
// event that logs it).
func chainExisting(ctx context.Context, tx *sql.Tx) error {
	var all []audit.Unchained
	rows, err := tx.QueryContext(ctx, `SELECT at, 'event', id FROM events UNION ALL SELECT at, 'issuance', id FROM issuances`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r audit.Unchained
		var at string
		if err := rows.Scan(&at, &r.Source, &r.ID); err != nil {
			rows.Close()
			return err
		}
		if r.At, err = parseTime(at); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	audit.ChainOrder(all)
	for _, r := range all {
		l := registry.Link{Source: r.Source, RowID: r.ID}
		if err := loadRow(ctx, tx, &l); err != nil {
			return err
		}
		if err := appendLink(ctx, tx, r.Source, r.ID, audit.Encode(&l)); err != nil {
			return err
		}
	}
	return nil
}

// loadRow fills in the row a link covers, or leaves it nil when gone.
func loadRow(ctx context.Context, tx *sql.Tx, l *registry.Link) error {
	if l.Source == registry.LinkEvent {
		e, at := registry.Event{}, ""
		err := tx.QueryRowContext(ctx, `SELECT id, at, actor, action, record_id, field_key, old, new, note FROM events WHERE id = ?`, l.RowID).
			Scan(&e.ID, &at, &e.Actor, &e.Action, &e.RecordID, &e.FieldKey, &e.Old, &e.New, &e.Note)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if e.At, err = parseTime(at); err != nil {
			return err
		}
		l.Event = &e
		return nil
	}
	iss, at := registry.Issuance{}, ""
	err := tx.QueryRowContext(ctx, `SELECT `+sqlstore.IssuanceColumns+` FROM issuances WHERE id = ?`, l.RowID).
		Scan(&iss.ID, &iss.CopyNo, &iss.Office, &iss.Year, &iss.Seq, &iss.RecordID, &iss.IssuedBy,
			&iss.Requester, &at, &iss.Content, &iss.Signature, &iss.KeyID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	if iss.At, err = parseTime(at); err != nil {
		return err
	}
	l.Issuance = &iss
	return nil
}

// EachLink calls fn for every link from seq from on, in order, with the
// row it covers; see registry.AuditStore. The links are read in pages so
// that fn may take its time without holding a read transaction open.
func (d *DB) EachLink(ctx context.Context, from int64, fn func(*registry.Link) error) error {
	const page = 2000
	for {
		links, err := d.links(ctx, from, page)
		if err != nil {
			return err
		}
		for i := range links {
			if err := fn(&links[i]); err != nil {
				return err
			}
		}
		if len(links) < page {
			return nil
		}
		from = links[len(links)-1].Seq + 1
	}
}

// linksQuery reads links with the rows they cover, in one pass: a link
// whose row is gone has NULLs there.
const linksQuery = `
	SELECT c.seq, c.source, c.row_id, c.hash,
		e.id, e.at, e.actor, e.action, e.record_id, e.field_key, e.old, e.new, e.note,
		i.id, i.copy_no, i.office, i.year, i.seq, i.record_id, i.issued_by, i.requester, i.at, i.content, i.signature, i.key_id
	FROM audit_chain c
	LEFT JOIN events e ON c.source = 'event' AND e.id = c.row_id
	LEFT JOIN issuances i ON c.source = 'issuance' AND i.id = c.row_id
	WHERE c.seq >= ? ORDER BY c.seq LIMIT ?`

func (d *DB) links(ctx context.Context, from int64, n int) ([]registry.Link, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, linksQuery, from, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Link
	for rows.Next() {
		l, err := sqlstore.ScanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// Shape returns the chain's counts, and up to limit links whose row is
// gone and rows no link covers; see registry.AuditStore.
func (d *DB) Shape(ctx context.Context, limit int, quick bool) (*registry.ChainShape, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	sh := registry.ChainShape{Rows: map[string]int64{}, RowLinks: map[string]int64{}}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), IFNULL(MAX(seq), 0) FROM audit_chain`).Scan(&sh.Links, &sh.Head); err != nil {
		return nil, err
	}
	for _, c := range []struct{ source, table string }{{registry.LinkEvent, "events"}, {registry.LinkIssuance, "issuances"}} {
		var rows, links int64
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM `+c.table+`), (SELECT COUNT(*) FROM audit_chain WHERE source = ?)`, c.source).
			Scan(&rows, &links); err != nil {
			return nil, err
		}
		sh.Rows[c.source], sh.RowLinks[c.source] = rows, links
	}
	sources := []string{registry.LinkIssuance}
	if !quick || sh.Rows[registry.LinkEvent] != sh.RowLinks[registry.LinkEvent] {
		sources = append(sources, registry.LinkEvent)
	}
	for _, src := range sources {
		table := map[string]string{registry.LinkEvent: "events", registry.LinkIssuance: "issuances"}[src]
		dangling, err := sqlstore.LinkRefs(ctx, tx, `
			SELECT seq, source, row_id FROM audit_chain c
			WHERE source = ? AND NOT EXISTS (SELECT 1 FROM `+table+` r WHERE r.id = c.row_id)
			ORDER BY seq LIMIT ?`, src, limit)
		if err != nil {
			return nil, err
		}
		unchained, err := sqlstore.LinkRefs(ctx, tx, `
			SELECT 0, ?, id FROM `+table+` r
			WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.source = ? AND c.row_id = r.id)
			ORDER BY id LIMIT ?`, src, src, limit)
		if err != nil {
			return nil, err
		}
		sh.Dangling, sh.Unchained = append(sh.Dangling, dangling...), append(sh.Unchained, unchained...)
	}
	sort.Slice(sh.Dangling, func(i, j int) bool { return sh.Dangling[i].Seq < sh.Dangling[j].Seq })
	return &sh, tx.Commit()
}
