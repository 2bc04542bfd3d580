package postgres

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that DB keeps the audit chain.
var _ registry.AuditStore = (*DB)(nil)

// migrationHooks are Go steps run in a migration's transaction after its
// SQL, for what SQL cannot compute.
var migrationHooks = map[string]func(ctx context.Context, tx *Tx) error{
	"0006_audit_chain.sql": chainExisting,
}

// chainLock is the advisory lock key a transaction holds, from just
// before its commit, while it appends its links ("chain" in ASCII).
const chainLock = 0x636861696e

// lockChain takes the chain's lock until t ends.
func lockChain(ctx context.Context, t *Tx) error {
	_, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(chainLock))
	return err
}

// pendingLink is a row a transaction wrote, chained when it commits.
type pendingLink struct {
	source  string
	rowID   int64
	content []byte
}

// chain notes a row just written, to be chained at commit.
func (t *Tx) chain(source string, rowID int64, content []byte) {
	t.links = append(t.links, pendingLink{source, rowID, content})
}

// chainLinks appends the transaction's links to the chain. It runs at
// commit, after every row lock the transaction takes, so that holding the
// chain's lock waits for nothing but other commits: writers run together
// and queue only here, in the order the chain records. Under READ
// COMMITTED the head read after the lock is the last committed link.
func chainLinks(ctx context.Context, t *Tx) error {
	if err := lockChain(ctx, t); err != nil {
		return err
	}
	var seq int64
	var prev []byte
	err := t.QueryRowContext(ctx, `SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1`).Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	const chunk = 500
	for len(t.links) > 0 {
		n := min(chunk, len(t.links))
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_chain (seq, source, row_id, hash) VALUES `)
		args := make([]any, 0, 4*n)
		for i, l := range t.links[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?)")
			seq++
			prev = audit.Next(prev, l.content)
			args = append(args, seq, l.source, l.rowID, prev)
		}
		if _, err := t.ExecContext(ctx, q.String(), args...); err != nil {
			return conflict(err, "the audit chain holds a link for this row already: has a sequence been set back?")
		}
		t.links = t.links[n:]
	}
	return nil
}

// chainExisting chains the events and issuances a registry held before it
// had a chain, in the order they were written (see audit.ChainOrder).
func chainExisting(ctx context.Context, tx *Tx) error {
	links := map[audit.Unchained]*registry.Link{}
	var order []audit.Unchained
	err := scanLinks(ctx, tx, `
		SELECT 0, s.source, s.row_id, NULL::bytea,
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
		return err
	}
	audit.ChainOrder(order)
	for _, u := range order {
		tx.chain(u.Source, u.ID, audit.Encode(links[u]))
	}
	return chainLinks(ctx, tx)
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
// that fn may take its time without holding a transaction open.
func (d *DB) EachLink(ctx context.Context, from int64, fn func(*registry.Link) error) error {
	const page = 2000
	for {
		var links []registry.Link
		tx, err := d.rdb.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		err = scanLinks(ctx, tx, linksQuery, []any{from, page}, func(l *registry.Link) error {
			links = append(links, *l)
			return nil
		})
		tx.Rollback()
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

// scanLinks runs a query of linksQuery's columns and calls fn per row.
func scanLinks(ctx context.Context, tx *Tx, q string, args []any, fn func(*registry.Link) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		l, err := sqlstore.ScanLink(rows)
		if err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// chainTables names the table of each chained kind.
var chainTables = map[string]string{registry.LinkEvent: "events", registry.LinkIssuance: "issuances"}

// Shape returns the chain's counts, and up to limit links whose row is
// gone and rows no link covers; see registry.AuditStore.
func (d *DB) Shape(ctx context.Context, limit int, quick bool) (*registry.ChainShape, error) {
	tx, err := d.rdb.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	sh := registry.ChainShape{Rows: map[string]int64{}, RowLinks: map[string]int64{}}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM audit_chain`).Scan(&sh.Links, &sh.Head); err != nil {
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
func shapeOf(ctx context.Context, tx *Tx, sh *registry.ChainShape, src string, limit int) error {
	table := chainTables[src]
	dangling, err := sqlstore.LinkRefs(ctx, tx, `
		SELECT seq, source, row_id FROM audit_chain c
		WHERE source = ? AND NOT EXISTS (SELECT 1 FROM `+table+` r WHERE r.id = c.row_id)
		ORDER BY seq LIMIT ?`, src, limit)
	if err != nil {
		return err
	}
	unchained, err := sqlstore.LinkRefs(ctx, tx, `
		SELECT 0, CAST(? AS TEXT), id FROM `+table+` r
		WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.source = ? AND c.row_id = r.id)
		ORDER BY id LIMIT ?`, src, src, limit)
	if err != nil {
		return err
	}
	sh.Dangling, sh.Unchained = append(sh.Dangling, dangling...), append(sh.Unchained, unchained...)
	return nil
}
