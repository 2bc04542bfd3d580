package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// CreateBatch stores b and sets b.ID, and b.Started when it is zero.
func (s *Store[T]) CreateBatch(ctx context.Context, b *registry.Batch) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if b.Started.IsZero() {
		b.Started = s.now()
	}
	if b.ID, err = s.insertID(ctx, tx, `INSERT INTO batches (office, book, kind, era, started) VALUES (?, ?, ?, ?, ?)`,
		b.Office, b.Book, string(b.Kind), string(b.Era), storetime.Format(b.Started)); err != nil {
		return err
	}
	return tx.Commit()
}

// HasPage reports whether a page with this content hash is stored and done.
// A page that failed is not: a rerun tries it again. The empty hash is never
// stored.
func (s *Store[T]) HasPage(ctx context.Context, sha256 string) (bool, error) {
	if sha256 == "" {
		return false, nil
	}
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pages WHERE sha256 = ? AND status = 'done'`, sha256).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, tx.Commit()
}

// SavePage stores a page with its image, record, fields, tasks and a
// "page.stored" event, all or nothing. It returns ECONFLICT if a page with
// the same hash or a record with the same id is stored already, and
// replaces an earlier failure of the same hash.
//
// It fills in what the store decides: r.Page.ID and Status, the record's ID
// (the first 16 hex digits of the page hash, when empty), Source, BatchID,
// Status (recomputed from the fields), Created and every field's Key, and
// the tasks' IDs, RecordID, Status and Created.
func (s *Store[T]) SavePage(ctx context.Context, r *registry.PageResult) error {
	if err := checkPageResult(r); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	now := s.now()
	p, rec := &r.Page, r.Record
	if err := checkBatch(ctx, tx, p.BatchID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pages WHERE sha256 = ? AND status = 'failed'`, p.SHA256); err != nil {
		return err
	}
	p.Status = registry.PageDone
	p.Error = ""
	if err := s.insertPage(ctx, tx, p, now); err != nil {
		return err
	}
	if err := s.saveImages(ctx, tx, r); err != nil {
		return err
	}

	if rec.ID == "" {
		rec.ID = p.SHA256[:16]
	}
	rec.Source = registry.Source{File: p.File, PageIndex: p.PageIndex, SHA256: p.SHA256, Side: p.Side}
	rec.BatchID = p.BatchID
	rec.Created = now
	rec.RecomputeStatus()
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO records (id, page_id, kind, era, office, book, page, status, created, updated, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		rec.ID, p.ID, string(rec.Kind), string(rec.Era), rec.Office, rec.Book, rec.Page, string(rec.Status), storetime.Format(now), storetime.Format(now),
	); err != nil {
		return s.conflict(err, "record %s is stored already", rec.ID)
	}
	for key, f := range rec.Fields {
		f.Key = key
		if err := InsertField(ctx, tx, rec.ID, f); err != nil {
			return s.conflict(err, "field %s of record %s is stored already", key, rec.ID)
		}
	}
	if err := s.d.IndexRecord(ctx, tx, rec.ID); err != nil {
		return err
	}
	for i := range r.Tasks {
		t := &r.Tasks[i]
		t.RecordID, t.Status, t.Created = rec.ID, registry.TaskOpen, now
		if t.Stage == "" {
			t.Stage = registry.StageReview
		}
		var err error
		if t.ID, err = s.insertID(ctx, tx, `INSERT INTO tasks (record_id, field_key, reason, stage, status, created) VALUES (?, ?, ?, ?, ?, ?)`,
			t.RecordID, t.FieldKey, string(t.Reason), string(t.Stage), string(t.Status), storetime.Format(now)); err != nil {
			return err
		}
	}
	if err := updatePriority(ctx, tx, rec.ID); err != nil {
		return err
	}
	if err := s.InsertEvent(ctx, tx, &registry.Event{
		At: now, Actor: Actor, Action: "page.stored", RecordID: rec.ID,
		New: p.SHA256, Note: fmt.Sprintf("%s page %d", p.File, p.PageIndex+1),
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// ValidStatus holds the field statuses a stored page may give a field.
var ValidStatus = map[registry.FieldStatus]bool{
	registry.FieldAuto: true, registry.FieldNeedsReview: true, registry.FieldCorrected: true,
	registry.FieldConfirmed: true, registry.FieldMissing: true,
}

// checkPageResult refuses what the schema would refuse with a less helpful
// message, before a transaction is opened.
func checkPageResult(r *registry.PageResult) error {
	switch {
	case r == nil || r.Record == nil:
		return registry.Errorf(registry.EINVALID, "a stored page needs its record")
	case len(r.Page.SHA256) < 16:
		return registry.Errorf(registry.EINVALID, "page %s#%d has no content hash", r.Page.File, r.Page.PageIndex)
	}
	if _, err := registry.ParseKind(string(r.Record.Kind)); err != nil {
		return err
	}
	if _, err := registry.ParseEra(string(r.Record.Era)); err != nil {
		return err
	}
	for key, f := range r.Record.Fields {
		switch {
		case f == nil:
			return registry.Errorf(registry.EINVALID, "field %s is nil", key)
		case !ValidStatus[f.Status]:
			return registry.Errorf(registry.EINVALID, "field %s has unknown status %q", key, f.Status)
		case !(f.Confidence >= 0 && f.Confidence <= 1):
			return registry.Errorf(registry.EINVALID, "field %s has confidence %v outside [0,1]", key, f.Confidence)
		}
	}
	for _, t := range r.Tasks {
		if r.Record.Fields[t.FieldKey] == nil {
			return registry.Errorf(registry.EINVALID, "task for field %s, which the record does not have", t.FieldKey)
		}
	}
	return nil
}

// SaveFailure stores a failed page (p.Status and p.ID are set here) and a
// "page.failed" event. A page whose hash is unknown is recorded with an
// empty hash; a new failure of a known hash replaces the earlier one, and a
// hash stored as done returns ECONFLICT.
func (s *Store[T]) SaveFailure(ctx context.Context, p *registry.Page) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	now := s.now()
	if err := checkBatch(ctx, tx, p.BatchID); err != nil {
		return err
	}
	if p.SHA256 != "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pages WHERE sha256 = ? AND status = 'failed'`, p.SHA256); err != nil {
			return err
		}
	}
	p.Status = registry.PageFailed
	if err := s.insertPage(ctx, tx, p, now); err != nil {
		return err
	}
	if err := s.InsertEvent(ctx, tx, &registry.Event{
		At: now, Actor: Actor, Action: "page.failed", New: p.SHA256,
		Note: fmt.Sprintf("%s page %d: %s", p.File, p.PageIndex+1, p.Error),
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// checkBatch returns ENOTFOUND for a batch id that is not stored; zero means
// no batch.
func checkBatch(ctx context.Context, tx Querier, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM batches WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return registry.Errorf(registry.ENOTFOUND, "batch %d not found", id)
	}
	return nil
}

func (s *Store[T]) insertPage(ctx context.Context, tx T, p *registry.Page, now time.Time) error {
	var err error
	p.ID, err = s.insertID(ctx, tx, `
		INSERT INTO pages (batch_id, sha256, file, page_index, angle, width, height, status, error, created, dpi, turn, side)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullInt(p.BatchID), p.SHA256, p.File, p.PageIndex, p.Angle, p.Width, p.Height, string(p.Status), p.Error, storetime.Format(now), p.DPI, p.Turn, p.Side)
	return s.conflict(err, "page %s is stored already", short(p.SHA256))
}

// InsertField adds a field of a record.
func InsertField(ctx context.Context, tx Querier, recordID string, f *registry.Field) error {
	var box [4]any
	if f.Box != nil {
		for i, v := range f.Box {
			box[i] = v
		}
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO fields (record_id, key, value, raw, confidence, status, box_x0, box_y0, box_x1, box_y1, reason, note, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		recordID, f.Key, f.Value, f.Raw, f.Confidence, string(f.Status), box[0], box[1], box[2], box[3], string(f.Reason), f.Note)
	return err
}

// short abbreviates a content hash for messages.
func short(sha256 string) string {
	if len(sha256) > 12 {
		return sha256[:12]
	}
	return sha256
}

// AcceptFields accepts fields that were waiting for a person, once the rest
// of their batch bears the readings out; see registry.ScanStore. Each field
// is accepted in a transaction of its own, so that a reviewer's submit
// waits for one field at most.
func (s *Store[T]) AcceptFields(ctx context.Context, fs []registry.Acceptance) (int, error) {
	return eachField(ctx, fs, s.acceptField)
}

// eachField applies one to every item in turn, counting those it changed;
// the first error stops it.
func eachField[T any](ctx context.Context, items []T, one func(context.Context, T) (bool, error)) (int, error) {
	n := 0
	for _, it := range items {
		ok, err := one(ctx, it)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func (s *Store[T]) acceptField(ctx context.Context, a registry.Acceptance) (bool, error) {
	if !(a.Confidence >= 0 && a.Confidence <= 1) {
		return false, registry.Errorf(registry.EINVALID, "field %s of record %s: confidence %v", a.Key, a.RecordID, a.Confidence)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()

	now := s.now()
	// The task must be open, free and unkeyed: a reviewer at work on the
	// field keeps it.
	var taskID int64
	err = tx.QueryRowContext(ctx, `
		SELECT t.id FROM tasks t
		WHERE t.record_id = ? AND t.field_key = ? AND t.status = 'open'
		  AND `+s.d.freeLeaseSQL()+`
		  AND NOT EXISTS (SELECT 1 FROM keyings k WHERE k.task_id = t.id)`,
		a.RecordID, a.Key, storetime.Format(now)).Scan(&taskID)
	if err == sql.ErrNoRows {
		return false, nil
	} else if err != nil {
		return false, err
	}
	f, _, err := getField(ctx, tx, a.RecordID, a.Key)
	if err != nil || f.Status != registry.FieldNeedsReview {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = 'done', leased_by = '', lease_until = '' WHERE id = ?`, taskID); err != nil {
		return false, err
	}
	if err := s.machineSets(ctx, tx, a.RecordID, f, registry.FieldAuto, "", a.Confidence, a.Note, "field.accepted", now); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// FlagFields sends accepted fields to a person once the rest of their
// batch contradicts them; see registry.ScanStore. Each field is flagged in
// a transaction of its own.
func (s *Store[T]) FlagFields(ctx context.Context, fs []registry.Flag) (int, error) {
	return eachField(ctx, fs, s.flagField)
}

func (s *Store[T]) flagField(ctx context.Context, fl registry.Flag) (bool, error) {
	if fl.Reason == "" {
		return false, registry.Errorf(registry.EINVALID, "field %s of record %s: a flag needs its reason", fl.Key, fl.RecordID)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()

	now := s.now()
	f, _, err := getField(ctx, tx, fl.RecordID, fl.Key)
	if registry.ErrorCode(err) == registry.ENOTFOUND || err == nil && f.Status != registry.FieldAuto {
		return false, nil // gone, or a person has it or settled it
	} else if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tasks (record_id, field_key, reason, stage, status, created) VALUES (?, ?, ?, ?, 'open', ?)`,
		fl.RecordID, fl.Key, string(fl.Reason), string(registry.StageReview), storetime.Format(now)); err != nil {
		return false, err
	}
	if err := s.machineSets(ctx, tx, fl.RecordID, f, registry.FieldNeedsReview, fl.Reason, f.Confidence, fl.Note, "field.flagged", now); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// machineSets gives a field the machine's new status, reason and
// confidence once its batch is read, adds why to its note, brings its
// record up to date and logs the change as action.
func (s *Store[T]) machineSets(ctx context.Context, tx T, recordID string, f registry.Field, status registry.FieldStatus, reason registry.Reason, conf float64, why, action string, now time.Time) error {
	note := why
	if f.Note != "" {
		note = f.Note + "; " + why
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE fields SET status = ?, reason = ?, confidence = ?, note = ?, version = version + 1
		WHERE record_id = ? AND key = ?`, string(status), string(reason), conf, note, recordID, f.Key); err != nil {
		return err
	}
	if _, err := s.settleRecord(ctx, tx, recordID, now); err != nil {
		return err
	}
	return s.InsertEvent(ctx, tx, &registry.Event{
		At: now, Actor: Actor, Action: action, RecordID: recordID, FieldKey: f.Key,
		Old: string(f.Status), New: string(status), Note: why,
	})
}

// nullInt maps 0 to SQL NULL, for optional references.
func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}
