package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/civreg/civreg/internal/dupkey"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that Store keeps duplicates.
var _ registry.DuplicateStore = (*Store[Tx])(nil)

// dupChunk is how many records one write transaction keys: small enough
// that a scan writing pages at the same time waits milliseconds, not
// seconds.
const dupChunk = 200

// FindDuplicates keys the records added or changed since the last run,
// then looks for the pairs of each of them. It works in small
// transactions, so it may run while a scan stores pages; a run cut short
// leaves a consistent store and the next run goes on.
func (st *Store[T]) FindDuplicates(ctx context.Context) (registry.DuplicateScan, error) {
	var s registry.DuplicateScan
	// Key first, pair after: a pair is judged against every key, so that a
	// key which turns out common (dupMaxKeyShare) flags nothing.
	if err := st.dupChunks(ctx, `
		SELECT r.id FROM records r
		LEFT JOIN duplicate_keyed k ON k.record_id = r.id
		WHERE r.id > ? AND (k.version IS NULL OR k.version <> r.version)
		ORDER BY r.id LIMIT ?`, func(tx *dupTx, id string) error {
		s.Records++
		return st.d.dupKeyRecord(ctx, tx, id)
	}); err != nil {
		return s, err
	}
	now := storetime.Format(st.now())
	if err := st.dupChunks(ctx, `
		SELECT record_id FROM duplicate_keyed
		WHERE pending = 1 AND record_id > ? ORDER BY record_id LIMIT ?`, func(tx *dupTx, id string) error {
		n, err := dupPairRecord(ctx, tx, id, now)
		s.Flagged += n
		return err
	}); err != nil {
		return s, err
	}
	err := st.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM duplicates WHERE status = 'open'`).Scan(&s.Open)
	return s, err
}

// dupChunks lists record ids with query (taking the last id seen and a
// limit) on the read-only connection, so that the walk blocks no writer,
// and calls fn for each inside a write transaction per chunk.
func (s *Store[T]) dupChunks(ctx context.Context, query string, fn func(*dupTx, string) error) error {
	after := ""
	for {
		ids, err := s.dupListIDs(ctx, query, after)
		if err != nil || len(ids) == 0 {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		dt := &dupTx{tx: tx, stmts: map[string]*sql.Stmt{}}
		for _, id := range ids {
			if err := fn(dt, id); err != nil {
				tx.Rollback()
				return fmt.Errorf("duplicates of record %s: %w", id, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

func (s *Store[T]) dupListIDs(ctx context.Context, query, after string) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, query, after, dupChunk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// dupKeyRecord replaces the keys of one record and marks it pending.
func (d Dialect) dupKeyRecord(ctx context.Context, tx *dupTx, id string) error {
	var kind string
	var version int64
	err := tx.queryRow(ctx, `SELECT kind, version FROM records WHERE id = ?`, []any{id}, &kind, &version)
	if err == sql.ErrNoRows {
		return nil // gone since it was listed
	} else if err != nil {
		return err
	}
	values, err := dupValues(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM duplicate_keys WHERE record_id = ?`, id); err != nil {
		return err
	}
	for _, k := range dupkey.Keys(registry.Kind(kind), values) {
		if _, err := tx.ExecContext(ctx, d.InsertIgnore+` INTO duplicate_keys (key, record_id) VALUES (?, ?)`+d.OnConflictIgnore, k.Key, id); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO duplicate_keyed (record_id, version, pending) VALUES (?, ?, 1)
		ON CONFLICT (record_id) DO UPDATE SET version = excluded.version, pending = 1`, id, version)
	return err
}

// dupPairRecord flags the pairs of one pending record, withdraws its open
// pairs that no longer share a key, and returns the number flagged for the
// first time.
func dupPairRecord(ctx context.Context, tx *dupTx, id, now string) (int, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE duplicate_keyed SET pending = 0 WHERE record_id = ?`, id); err != nil {
		return 0, err
	}
	var kind string
	err := tx.queryRow(ctx, `SELECT kind FROM records WHERE id = ?`, []any{id}, &kind)
	if err == sql.ErrNoRows {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	values, err := dupValues(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	keys := dupkey.Keys(registry.Kind(kind), values)

	// The partners: other records sharing a key, with what they share.
	shared := map[string][]dupkey.Key{}
	for _, k := range keys {
		others, err := dupKeyHolders(ctx, tx, k.Key, id)
		if err != nil {
			return 0, err
		}
		if len(others) >= dupkey.MaxKeyShare {
			continue
		}
		for _, o := range others {
			shared[o] = append(shared[o], k)
		}
	}
	mine := dupkey.Reentry(values)
	flagged := 0
	for other, ks := range shared {
		theirs, err := dupValues(ctx, tx, other)
		if err != nil {
			return 0, err
		}
		score, why := dupkey.Judge(ks, mine || dupkey.Reentry(theirs))
		a, b := id, other
		if b < a {
			a, b = b, a
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO duplicates (record_a, record_b, score, why, created) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (record_a, record_b) DO NOTHING`, a, b, score, why, now)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			flagged++
			continue
		}
		// Flagged before: fresh evidence for an open pair; a decided pair
		// keeps what the person saw and decided.
		if _, err := tx.ExecContext(ctx, `
			UPDATE duplicates SET score = ?, why = ?
			WHERE record_a = ? AND record_b = ? AND status = 'open'`, score, why, a, b); err != nil {
			return 0, err
		}
	}

	// Open pairs whose evidence is gone (a reviewer corrected the name).
	rows, err := tx.QueryContext(ctx, `
		SELECT id, record_a, record_b FROM duplicates WHERE status = 'open' AND record_a = ?
		UNION ALL
		SELECT id, record_a, record_b FROM duplicates WHERE status = 'open' AND record_b = ?`, id, id)
	if err != nil {
		return 0, err
	}
	var gone []int64
	for rows.Next() {
		var pid int64
		var a, b string
		if err := rows.Scan(&pid, &a, &b); err != nil {
			rows.Close()
			return 0, err
		}
		other := a
		if other == id {
			other = b
		}
		if _, ok := shared[other]; !ok {
			gone = append(gone, pid)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, pid := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM duplicates WHERE id = ?`, pid); err != nil {
			return 0, err
		}
	}
	return flagged, nil
}

// dupKeyHolders returns the records other than self holding key, at most
// dupMaxKeyShare of them.
func dupKeyHolders(ctx context.Context, tx *dupTx, key, self string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT record_id FROM duplicate_keys WHERE key = ? AND record_id <> ? LIMIT ?`, key, self, dupkey.MaxKeyShare)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// dupValues reads the values of the fields that keys and re-registration
// marks are made of.
func dupValues(ctx context.Context, tx *dupTx, id string) (map[string]string, error) {
	q := `SELECT key, value FROM fields WHERE record_id = ? AND key IN (?` + strings.Repeat(", ?", len(dupkey.Fields)-1) + `)`
	args := []any{id}
	for _, f := range dupkey.Fields {
		args = append(args, f)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	values := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		values[k] = v
	}
	return values, rows.Err()
}

// dupTx is a transaction that prepares each statement once: keying runs
// the same few statements for every record, and preparing them again each
// time doubled the cost of a run.
type dupTx struct {
	tx    Tx
	stmts map[string]*sql.Stmt // closed with the transaction
}

func (t *dupTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *dupTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *dupTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is QueryRowContext returning the preparation error, if any.
func (t *dupTx) queryRow(ctx context.Context, q string, args []any, dst ...any) error {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dst...)
}

// Duplicates lists the pairs with the given status, all when it is empty,
// highest score first.
func (s *Store[T]) Duplicates(ctx context.Context, status registry.DuplicateStatus) ([]registry.Duplicate, error) {
	if status != "" {
		if _, err := registry.ParseDuplicateStatus(string(status)); err != nil {
			return nil, err
		}
	}
	rows, err := s.rdb.QueryContext(ctx, `
		SELECT id, record_a, record_b, score, why, status, decided_by, decided_at, note, created
		FROM duplicates WHERE ? = '' OR status = ?
		ORDER BY score DESC, id`, string(status), string(status))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Duplicate
	for rows.Next() {
		p, err := dupScan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

type dupRowScanner interface{ Scan(...any) error }

func dupScan(r dupRowScanner) (*registry.Duplicate, error) {
	var p registry.Duplicate
	var status, decided, created string
	if err := r.Scan(&p.ID, &p.RecordA, &p.RecordB, &p.Score, &p.Why, &status, &p.DecidedBy, &decided, &p.Note, &created); err != nil {
		return nil, err
	}
	p.Status = registry.DuplicateStatus(status)
	var err error
	if p.DecidedAt, err = storetime.Parse(decided); err != nil {
		return nil, err
	}
	if p.Created, err = storetime.Parse(created); err != nil {
		return nil, err
	}
	return &p, nil
}

// Decide links or dismisses an open pair and logs the decision on both
// records.
func (s *Store[T]) Decide(ctx context.Context, id int64, user string, link bool, note string) (*registry.Duplicate, error) {
	if strings.TrimSpace(user) == "" {
		return nil, registry.Errorf(registry.EINVALID, "a decision needs the name of the user who makes it")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	p, err := dupScan(tx.QueryRowContext(ctx, `
		SELECT id, record_a, record_b, score, why, status, decided_by, decided_at, note, created
		FROM duplicates WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "duplicate %d not found", id)
	} else if err != nil {
		return nil, err
	}
	if p.Status != registry.DuplicateOpen {
		return nil, registry.Errorf(registry.ECONFLICT, "duplicate %d was %s by %s already", id, p.Status, p.DecidedBy)
	}
	now := s.now()
	p.Status, p.DecidedBy, p.DecidedAt, p.Note = registry.DuplicateDismissed, user, now, note
	if link {
		p.Status = registry.DuplicateLinked
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE duplicates SET status = ?, decided_by = ?, decided_at = ?, note = ?
		WHERE id = ? AND status = 'open'`, string(p.Status), user, storetime.Format(now), note, id); err != nil {
		return nil, err
	}
	for _, pair := range [][2]string{{p.RecordA, p.RecordB}, {p.RecordB, p.RecordA}} {
		msg := fmt.Sprintf("cặp trùng #%d với bản ghi %s", id, pair[1])
		if note != "" {
			msg += ": " + note
		}
		if err := s.InsertEvent(ctx, tx, &registry.Event{
			At: now, Actor: user, Action: "duplicate." + string(p.Status), RecordID: pair[0],
			Old: string(registry.DuplicateOpen), New: string(p.Status), Note: msg,
		}); err != nil {
			return nil, err
		}
	}
	return p, tx.Commit()
}
