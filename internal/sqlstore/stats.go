package sqlstore

import (
	"context"

	"github.com/civreg/civreg/internal/sqlrows"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Stats counts the pages, records, fields and open tasks of a batch, or of
// the whole store when batchID is 0. An unknown batch is ENOTFOUND.
func (st *Store[T]) Stats(ctx context.Context, batchID int64) (registry.BatchStats, error) {
	s := registry.BatchStats{Fields: map[registry.FieldStatus]int{}, Tasks: map[registry.Reason]int{}}
	tx, err := st.rdb.BeginTx(ctx, nil)
	if err != nil {
		return s, err
	}
	defer tx.Rollback()

	if err := checkBatch(ctx, tx, batchID); err != nil {
		return s, err
	}
	// "? = 0 OR" lets one query serve one batch and the whole store.
	err = tx.QueryRowContext(ctx, `
		SELECT `+st.d.CountIfOrZero(`status = 'done'`)+`, `+st.d.CountIfOrZero(`status = 'failed'`)+`
		FROM pages WHERE ? = 0 OR batch_id = ?`, batchID, batchID).Scan(&s.PagesDone, &s.PagesFailed)
	if err != nil {
		return s, err
	}
	err = tx.QueryRowContext(ctx, `
		SELECT COUNT(*), `+st.d.CountIfOrZero(`r.status = 'verified'`)+`
		FROM records r JOIN pages p ON p.id = r.page_id
		WHERE ? = 0 OR p.batch_id = ?`, batchID, batchID).Scan(&s.Records, &s.Verified)
	if err != nil {
		return s, err
	}
	if err := groupCount(ctx, tx, `
		SELECT f.status, COUNT(*) FROM `+st.d.RecordsFields+`
		JOIN pages p ON p.id = r.page_id
		WHERE ? = 0 OR p.batch_id = ? GROUP BY f.status`, []any{batchID, batchID}, func(k string, n int) {
		s.Fields[registry.FieldStatus(k)] = n
	}); err != nil {
		return s, err
	}
	if err := groupCount(ctx, tx, `
		SELECT t.reason, COUNT(*) FROM tasks t
		JOIN records r ON r.id = t.record_id JOIN pages p ON p.id = r.page_id
		WHERE t.status = 'open' AND (? = 0 OR p.batch_id = ?) GROUP BY t.reason`, []any{batchID, batchID}, func(k string, n int) {
		s.Tasks[registry.Reason(k)] = n
	}); err != nil {
		return s, err
	}
	return s, tx.Commit()
}

// Failures returns the failed pages of a batch, or of the whole store when
// batchID is 0, by file and page.
func (s *Store[T]) Failures(ctx context.Context, batchID int64) ([]registry.Page, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := checkBatch(ctx, tx, batchID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, `+s.d.IfNull+`(batch_id, 0), sha256, file, page_index, angle, width, height, status, error, dpi, turn, side
		FROM pages WHERE status = 'failed' AND (? = 0 OR batch_id = ?)
		ORDER BY file, page_index, id`, batchID, batchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Page
	for rows.Next() {
		var p registry.Page
		if err := rows.Scan(&p.ID, &p.BatchID, &p.SHA256, &p.File, &p.PageIndex, &p.Angle, &p.Width, &p.Height, &p.Status, &p.Error, &p.DPI, &p.Turn, &p.Side); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// Events returns the audit log of a record, oldest first; with an empty
// recordID, the events about no record (failed pages).
func (s *Store[T]) Events(ctx context.Context, recordID string) ([]registry.Event, error) {
	return sqlrows.Collect(ctx, s.rdb, scanEvent, `
		SELECT id, at, actor, action, record_id, field_key, old, new, note
		FROM events WHERE record_id = ? ORDER BY id`, recordID)
}

// RecordEvents returns the events of one record, oldest first.
func (s *Store[T]) RecordEvents(ctx context.Context, recordID string) ([]registry.Event, error) {
	return s.Events(ctx, recordID)
}

// scanEvent reads an event's row.
func scanEvent(r sqlrows.Scanner) (registry.Event, error) {
	var e registry.Event
	var at string
	if err := r.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.RecordID, &e.FieldKey, &e.Old, &e.New, &e.Note); err != nil {
		return e, err
	}
	var err error
	e.At, err = storetime.Parse(at)
	return e, err
}
