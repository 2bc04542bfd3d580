package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that a store keeps the audit chain.
var _ registry.AuditStore = (*Store[Tx])(nil)

// chainTables names the table of each chained kind.
var chainTables = map[string]string{registry.LinkEvent: "events", registry.LinkIssuance: "issuances"}

// Pending is a row written and not chained yet, with its canonical
// content (audit.EventContent, audit.IssuanceContent).
type Pending struct {
	Source  string
	RowID   int64
	Content []byte
}

// AppendLinks appends links to the chain after its head, in their order,
// a few hundred to an INSERT. The caller holds what keeps the head from
// moving until its transaction ends: the database's one write lock, or
// the chain's own (Config.LockChain).
func AppendLinks(ctx context.Context, tx Querier, links []Pending) error {
	var seq int64
	var prev []byte
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	const chunk = 500
	for len(links) > 0 {
		n := min(chunk, len(links))
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_chain (seq, source, row_id, hash) VALUES `)
		args := make([]any, 0, 4*n)
		for i, l := range links[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?)")
			seq++
			prev = audit.Next(prev, l.Content)
			args = append(args, seq, l.Source, l.RowID, prev)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		links = links[n:]
	}
	return nil
}

// ChainExisting returns the events and issuances a store held before it
// had a chain, in the order they were written (see audit.ChainOrder), for
// the migration that makes the chain to append.
func ChainExisting(ctx context.Context, tx Querier) ([]Pending, error) {
	links := map[audit.Unchained]*registry.Link{}
	var order []audit.Unchained
	err := scanLinks(ctx, tx, `
		SELECT 0, s.source, s.row_id, NULL,
			e.id, e.at, e.actor, e.action, e.record_id, e.field_key, e.old, e.new, e.note,
			i.id, i.copy_no, i.office, i.year, i.seq, i.record_id, i.issued_by, i.requester, i.at, i.content, i.signature, i.key_id
		FROM (SELECT 'event' AS source, id AS row_id FROM events UNION ALL SELECT 'issuance', id FROM issuances) s
		LEFT JOIN events e ON s.source = 'event' AND e.id = s.row_id
		LEFT JOIN issuances i ON s.source = 'issuance' AND i.id = s.row_id`, nil, func(l *registry.Link) error {
		u := audit.Unchained{Source: l.Source, ID: l.RowID}
		if l.Event != nil {
			u.At = l.Event.At
		} else {
			u.At = l.Issuance.At
		}
		links[u] = l
		order = append(order, u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	audit.ChainOrder(order)
	out := make([]Pending, len(order))
	for i, u := range order {
		out[i] = Pending{Source: u.Source, RowID: u.ID, Content: audit.Encode(links[u])}
	}
	return out, nil
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

// EachLink calls fn for every link from seq from on, in order, with the
// row it covers; see registry.AuditStore. The links are read in pages so
// that fn may take its time without holding a read transaction open.
func (s *Store[T]) EachLink(ctx context.Context, from int64, fn func(*registry.Link) error) error {
	const page = 2000
	for {
		links, err := s.links(ctx, from, page)
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

// links reads up to n links from seq from on, in one read transaction.
func (s *Store[T]) links(ctx context.Context, from int64, n int) ([]registry.Link, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var out []registry.Link
	err = scanLinks(ctx, tx, linksQuery, []any{from, n}, func(l *registry.Link) error {
		out = append(out, *l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// scanLinks runs a query of linksQuery's columns and calls fn per row.
func scanLinks(ctx context.Context, tx Querier, q string, args []any, fn func(*registry.Link) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Shape returns the chain's counts, and up to limit links whose row is
// gone and rows no link covers; see registry.AuditStore. It reads one
// snapshot: SQLite's read transactions see one whatever their options,
// PostgreSQL's under REPEATABLE READ.
func (s *Store[T]) Shape(ctx context.Context, limit int, quick bool) (*registry.ChainShape, error) {
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	sh := registry.ChainShape{Rows: map[string]int64{}, RowLinks: map[string]int64{}}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), `+s.d.IfNull+`(MAX(seq), 0) FROM audit_chain`).Scan(&sh.Links, &sh.Head); err != nil {
		return nil, err
	}
	for _, src := range []string{registry.LinkEvent, registry.LinkIssuance} {
		var rows, links int64
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM `+chainTables[src]+`), (SELECT COUNT(*) FROM audit_chain WHERE source = ?)`, src).
			Scan(&rows, &links); err != nil {
			return nil, err
		}
		sh.Rows[src], sh.RowLinks[src] = rows, links
	}
	sources := []string{registry.LinkIssuance}
	if !quick || sh.Rows[registry.LinkEvent] != sh.RowLinks[registry.LinkEvent] {
		sources = append(sources, registry.LinkEvent)
	}
	for _, src := range sources {
		if err := shapeOf(ctx, tx, &sh, src, limit); err != nil {
			return nil, err
		}
	}
	sort.Slice(sh.Dangling, func(i, j int) bool { return sh.Dangling[i].Seq < sh.Dangling[j].Seq })
	return &sh, tx.Commit()
}

// shapeOf adds the dangling links and unchained rows of one kind to sh.
func shapeOf(ctx context.Context, tx Querier, sh *registry.ChainShape, src string, limit int) error {
	table := chainTables[src]
	dangling, err := linkRefs(ctx, tx, `
		SELECT seq, source, row_id FROM audit_chain c
		WHERE source = ? AND NOT EXISTS (SELECT 1 FROM `+table+` r WHERE r.id = c.row_id)
		ORDER BY seq LIMIT ?`, src, limit)
	if err != nil {
		return err
	}
	unchained, err := linkRefs(ctx, tx, `
		SELECT 0, CAST(? AS TEXT), id FROM `+table+` r
		WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.source = ? AND c.row_id = r.id)
		ORDER BY id LIMIT ?`, src, src, limit)
	if err != nil {
		return err
	}
	sh.Dangling, sh.Unchained = append(sh.Dangling, dangling...), append(sh.Unchained, unchained...)
	return nil
}

// scanLink reads one row of a query of linksQuery's columns.
func scanLink(rows *sql.Rows) (*registry.Link, error) {
	var l registry.Link
	var eID, iID, year, seq sql.NullInt64
	var eAt, actor, action, eRec, field, old, nw, note sql.NullString
	var copyNo, office, iRec, by, requester, iAt, keyID sql.NullString
	var content, sig []byte
	if err := rows.Scan(&l.Seq, &l.Source, &l.RowID, &l.Hash,
		&eID, &eAt, &actor, &action, &eRec, &field, &old, &nw, &note,
		&iID, &copyNo, &office, &year, &seq, &iRec, &by, &requester, &iAt, &content, &sig, &keyID); err != nil {
		return nil, err
	}
	var err error
	switch {
	case eID.Valid:
		e := &registry.Event{ID: eID.Int64, Actor: actor.String, Action: action.String, RecordID: eRec.String,
			FieldKey: field.String, Old: old.String, New: nw.String, Note: note.String}
		if e.At, err = storetime.Parse(eAt.String); err != nil {
			return nil, err
		}
		l.Event = e
	case iID.Valid:
		iss := &registry.Issuance{ID: iID.Int64, CopyNo: copyNo.String, Office: office.String, Year: int(year.Int64),
			Seq: int(seq.Int64), RecordID: iRec.String, IssuedBy: by.String, Requester: requester.String,
			Content: content, Signature: sig, KeyID: keyID.String}
		if iss.At, err = storetime.Parse(iAt.String); err != nil {
			return nil, err
		}
		l.Issuance = iss
	}
	return &l, nil
}

// linkRefs reads the seq, source and row id of links.
func linkRefs(ctx context.Context, tx Querier, q string, args ...any) ([]registry.Link, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Link
	for rows.Next() {
		var l registry.Link
		if err := rows.Scan(&l.Seq, &l.Source, &l.RowID); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
