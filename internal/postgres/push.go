package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/push"
	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that DB takes pushes.
var _ registry.SyncStore = (*DB)(nil)

// Digests returns the current digest of each of ids the registry holds.
func (d *DB) Digests(ctx context.Context, ids []string) (map[string]string, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out := map[string]string{}
	err = sqlstore.ScanRecords(ctx, tx, dialect.RecordQuery()+` WHERE r.id = ANY(?) ORDER BY r.id`, []any{ids}, func(r *registry.Record) error {
		out[r.ID] = push.Digest(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// Push stores a batch of pushed records in one transaction; see
// registry.SyncStore. A record new here is added with its page, image,
// fields, search keys and events; one the station changed since its own
// last push, while the registry's copy did not change, is brought up to
// date; one changed on both sides, or pushed differently by another
// station, is held in sync_conflicts and left as it is.
func (d *DB) Push(ctx context.Context, origin string, batch []registry.Pushed) ([]registry.PushOutcome, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out := make([]registry.PushOutcome, len(batch))
	for i := range batch {
		if out[i], err = d.pushOne(ctx, tx, origin, &batch[i]); err != nil {
			return nil, err
		}
	}
	return out, tx.Commit()
}

func (d *DB) pushOne(ctx context.Context, tx *Tx, origin string, p *registry.Pushed) (registry.PushOutcome, error) {
	r := p.Record
	// The record's row is locked first, so that two stations pushing the
	// same record at once are taken one after the other.
	var cur *registry.Record
	err := sqlstore.ScanRecords(ctx, tx, dialect.RecordQuery()+` WHERE r.id = ? FOR UPDATE OF r`, []any{r.ID}, func(rec *registry.Record) error {
		cur = rec
		return nil
	})
	if err != nil {
		return "", err
	}
	if cur == nil {
		if err := d.addPushed(ctx, tx, origin, p); err != nil {
			return "", err
		}
		return registry.PushAdded, nil
	}
	if err := pushEvents(ctx, tx, origin, p.Events); err != nil {
		return "", err
	}
	now := push.Digest(cur)
	if now == p.Digest {
		return registry.PushPresent, nil
	}
	var base, baseOrigin string
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(digest), ''), COALESCE(MAX(origin), '') FROM sync_records WHERE record_id = ?`, r.ID).Scan(&base, &baseOrigin); err != nil {
		return "", err
	}
	switch {
	case baseOrigin == origin && p.Digest == base:
		return registry.PushPresent, nil // the registry moved on; the station did not
	case baseOrigin == origin && now == base:
		if err := d.updatePushed(ctx, tx, origin, p); err != nil {
			return "", err
		}
		return registry.PushUpdated, nil
	}
	return d.holdConflict(ctx, tx, origin, p, cur, now)
}

// holdConflict keeps a pushed record that conflicts with the registry's
// copy cur (whose digest is now) for a supervisor, with the station's
// copy, unless a supervisor set this very version aside already.
func (d *DB) holdConflict(ctx context.Context, tx *Tx, origin string, p *registry.Pushed, cur *registry.Record, now string) (registry.PushOutcome, error) {
	r := p.Record
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_conflicts WHERE record_id = ? AND origin = ? AND station_digest = ? AND resolution = 'registry'`,
		r.ID, origin, p.Digest).Scan(&n); err != nil {
		return "", err
	} else if n > 0 {
		return registry.PushPresent, nil
	}
	station, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO sync_conflicts (record_id, origin, station_digest, registry_digest, differences, held, station_record)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id, origin, station_digest) DO UPDATE SET station_record = excluded.station_record
		WHERE sync_conflicts.station_record = '' AND sync_conflicts.resolution = ''`,
		r.ID, origin, p.Digest, now, strings.Join(push.Differences(cur, r), "\n"), storetime.Format(d.now()), string(station))
	return registry.PushConflict, err
}

// addPushed stores a record new to the registry.
func (d *DB) addPushed(ctx context.Context, tx *Tx, origin string, p *registry.Pushed) error {
	r, now := p.Record, d.now()
	if p.Page.SHA256 == "" {
		return registry.Errorf(registry.EINVALID, "record %s has no page hash", r.ID)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO pages (sha256, file, page_index, angle, width, height, status, error, created, side)
		VALUES (?, ?, ?, ?, ?, ?, 'done', '', ?, ?) ON CONFLICT (sha256) WHERE sha256 <> '' DO NOTHING`,
		p.Page.SHA256, p.Page.File, p.Page.PageIndex, p.Page.Angle, p.Page.Width, p.Page.Height, storetime.Format(now), p.Page.Side); err != nil {
		return err
	}
	var pageID int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM pages WHERE sha256 = ?`, p.Page.SHA256).Scan(&pageID); err != nil {
		return err
	}
	if len(p.Image) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO page_images (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING`, p.Page.SHA256, p.Image); err != nil {
			return err
		}
	}
	if err := dialect.SaveOriginal(ctx, tx, pageID, p.Original); err != nil {
		return err
	}
	created := r.Created
	if created.IsZero() {
		created = now
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO records (id, page_id, kind, era, office, book, page, status, created, updated, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		r.ID, pageID, string(r.Kind), string(r.Era), r.Office, r.Book, r.Page, string(r.Status), storetime.Format(created), storetime.Format(now)); err != nil {
		return conflict(err, "record %s: its page is held by another record", r.ID)
	}
	for key, f := range r.Fields {
		f.Key = key
		if err := sqlstore.InsertField(ctx, tx, r.ID, f); err != nil {
			return err
		}
	}
	return d.afterPush(ctx, tx, origin, p)
}

// updatePushed brings a record up to the station's copy: every field's
// value and status, versions bumped so that an open review screen sees it.
func (d *DB) updatePushed(ctx context.Context, tx *Tx, origin string, p *registry.Pushed) error {
	r, now := p.Record, d.now()
	for key, f := range r.Fields {
		f.Key = key
		res, err := tx.ExecContext(ctx, `
			UPDATE fields SET value = ?, raw = ?, confidence = ?, status = ?, reason = ?, note = ?, version = version + 1
			WHERE record_id = ? AND key = ? AND (value <> ? OR status <> ?)`,
			f.Value, f.Raw, f.Confidence, string(f.Status), string(f.Reason), f.Note, r.ID, key, f.Value, string(f.Status))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// fields is a view (0008): no ON CONFLICT, the field is added when its record has none.
			if _, err := tx.ExecContext(ctx, `INSERT INTO fields (record_id, key, value, raw, confidence, status, reason, note)
				SELECT ?::text, ?::text, ?::text, ?::text, ?::double precision, ?::text, ?::text, ?::text WHERE NOT EXISTS (SELECT 1 FROM records WHERE id = ? AND field_data::json -> ? IS NOT NULL)`,
				r.ID, key, f.Value, f.Raw, f.Confidence, string(f.Status), string(f.Reason), f.Note, r.ID, key); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE records SET status = ?, version = version + 1, updated = ? WHERE id = ?`,
		string(r.Status), storetime.Format(now), r.ID); err != nil {
		return err
	}
	return d.afterPush(ctx, tx, origin, p)
}

// afterPush indexes a pushed record, adds its events and notes the push.
func (d *DB) afterPush(ctx context.Context, tx *Tx, origin string, p *registry.Pushed) error {
	r := p.Record
	if err := dialect.IndexRecord(ctx, tx, r.ID); err != nil {
		return err
	}
	if err := pushEvents(ctx, tx, origin, p.Events); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO sync_records (record_id, origin, digest, pushed) VALUES (?, ?, ?, ?)
		ON CONFLICT (record_id) DO UPDATE SET origin = excluded.origin, digest = excluded.digest, pushed = excluded.pushed`,
		r.ID, origin, p.Digest, storetime.Format(d.now()))
	return err
}

// pushEvents appends a station's events, each once, chained as the
// registry's own.
func pushEvents(ctx context.Context, tx *Tx, origin string, evs []registry.Event) error {
	for _, e := range evs {
		var id int64
		err := tx.QueryRowContext(ctx, `
			INSERT INTO events (at, actor, action, record_id, field_key, old, new, note, origin, origin_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin, origin_id) WHERE origin <> '' DO NOTHING
			RETURNING id`,
			storetime.Format(e.At), e.Actor, e.Action, e.RecordID, e.FieldKey, e.Old, e.New, e.Note, origin, e.ID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // pushed before
		} else if err != nil {
			return err
		}
		e.ID = id
		tx.chain(registry.LinkEvent, id, audit.EventContent(&e))
	}
	return nil
}

// Conflicts lists the held conflicts not resolved yet, oldest first.
func (d *DB) Conflicts(ctx context.Context) ([]registry.SyncConflict, error) {
	rows, err := d.rdb.QueryContext(ctx, `
		SELECT id, record_id, origin, station_digest, registry_digest, differences, held FROM sync_conflicts WHERE resolution = '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.SyncConflict
	for rows.Next() {
		var c registry.SyncConflict
		var diffs, held string
		if err := rows.Scan(&c.ID, &c.RecordID, &c.Origin, &c.StationDigest, &c.RegistryDigest, &diffs, &held); err != nil {
			return nil, err
		}
		if diffs != "" {
			c.Differences = strings.Split(diffs, "\n")
		}
		if c.Held, err = storetime.Parse(held); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
