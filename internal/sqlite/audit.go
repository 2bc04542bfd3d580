package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"github.com/civreg/civreg/internal/audit"
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
	type row struct {
		at     string
		source string
		id     int64
	}
	var all []row
	rows, err := tx.QueryContext(ctx, `SELECT at, 'event', id FROM events UNION ALL SELECT at, 'issuance', id FROM issuances`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.at, &r.source, &r.id); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.at != b.at {
			return a.at < b.at
		}
		if a.source != b.source {
			return a.source == registry.LinkIssuance
		}
		return a.id < b.id
	})
	for _, r := range all {
		l := registry.Link{Source: r.source, RowID: r.id}
		if err := loadRow(ctx, tx, &l); err != nil {
			return err
		}
		if err := appendLink(ctx, tx, r.source, r.id, audit.Encode(&l)); err != nil {
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
	err := tx.QueryRowContext(ctx, `SELECT `+issuanceColumns+` FROM issuances WHERE id = ?`, l.RowID).
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

func (d *DB) links(ctx context.Context, from int64, n int) ([]registry.Link, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT seq, source, row_id, hash FROM audit_chain WHERE seq >= ? ORDER BY seq LIMIT ?`, from, n)
	if err != nil {
		return nil, err
	}
	var out []registry.Link
	for rows.Next() {
		var l registry.Link
		if err := rows.Scan(&l.Seq, &l.Source, &l.RowID, &l.Hash); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, l)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := loadRow(ctx, tx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, tx.Commit()
}

// Shape returns the chain's counts, and up to limit links whose row is
// gone and rows no link covers.
func (d *DB) Shape(ctx context.Context, limit int) (*registry.ChainShape, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var sh registry.ChainShape
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), IFNULL(MAX(seq), 0) FROM audit_chain`).Scan(&sh.Links, &sh.Head); err != nil {
		return nil, err
	}
	if sh.Dangling, err = linkRefs(ctx, tx, `
		SELECT seq, source, row_id FROM audit_chain c
		WHERE (source = 'event' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = c.row_id))
		   OR (source = 'issuance' AND NOT EXISTS (SELECT 1 FROM issuances i WHERE i.id = c.row_id))
		ORDER BY seq LIMIT ?`, limit); err != nil {
		return nil, err
	}
	if sh.Unchained, err = linkRefs(ctx, tx, `
		SELECT 0, * FROM (
			SELECT 'event', id FROM events e
			WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.source = 'event' AND c.row_id = e.id)
			UNION ALL
			SELECT 'issuance', id FROM issuances i
			WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.source = 'issuance' AND c.row_id = i.id))
		LIMIT ?`, limit); err != nil {
		return nil, err
	}
	return &sh, tx.Commit()
}

func linkRefs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]registry.Link, error) {
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

// Checkpoints lists the signed checkpoints, oldest first.
func (d *DB) Checkpoints(ctx context.Context) ([]registry.Checkpoint, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT id, seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Checkpoint
	for rows.Next() {
		var cp registry.Checkpoint
		var at string
		if err := rows.Scan(&cp.ID, &cp.Seq, &cp.Hash, &at, &cp.KeyID, &cp.Signature); err != nil {
			return nil, err
		}
		if cp.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, cp)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// AddCheckpoint signs the chain's head with sign and stores the
// checkpoint, in one write transaction so that the head cannot move in
// between.
func (d *DB) AddCheckpoint(ctx context.Context, sign func(head *registry.Link) (*registry.Checkpoint, error)) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var head *registry.Link
	var l registry.Link
	err = tx.QueryRowContext(ctx, `SELECT seq, source, row_id, hash FROM audit_chain ORDER BY seq DESC LIMIT 1`).Scan(&l.Seq, &l.Source, &l.RowID, &l.Hash)
	if err == nil {
		head = &l
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	cp, err := sign(head)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)`,
		cp.Seq, cp.Hash, formatTime(cp.At), cp.KeyID, cp.Signature)
	if err != nil {
		return conflict(err, "checkpoint key %s is not registered in this store", cp.KeyID)
	}
	if cp.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Commit()
}
