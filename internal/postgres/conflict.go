package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/civreg/civreg/internal/push"
	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that DB resolves conflicts.
var _ registry.ConflictResolver = (*DB)(nil)

// ResolveConflict settles a held conflict; see registry.ConflictResolver.
// Taking the station's version brings the record up to it as a push from
// that station would have, one event per changed field; either way one
// "sync.resolved" event names the supervisor.
func (d *DB) ResolveConflict(ctx context.Context, id int64, keep registry.ConflictSide, by, note string) error {
	if keep != registry.KeepRegistry && keep != registry.KeepStation {
		return registry.Errorf(registry.EINVALID, "keep %q: the registry's version or the station's", keep)
	}
	if strings.TrimSpace(by) == "" {
		return registry.Errorf(registry.EINVALID, "a conflict is resolved by a named supervisor")
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var recordID, origin, stationDigest, registryDigest, station, resolution, resolvedBy string
	err = tx.QueryRowContext(ctx, `
		SELECT record_id, origin, station_digest, registry_digest, station_record, resolution, resolved_by
		FROM sync_conflicts WHERE id = ? FOR UPDATE`, id).
		Scan(&recordID, &origin, &stationDigest, &registryDigest, &station, &resolution, &resolvedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return registry.Errorf(registry.ENOTFOUND, "no conflict %d", id)
	} else if err != nil {
		return err
	}
	if resolution != "" {
		return registry.Errorf(registry.ECONFLICT, "conflict %d was resolved already by %s", id, resolvedBy)
	}
	var cur *registry.Record
	if err := sqlstore.ScanRecords(ctx, tx, dialect.RecordQuery()+` WHERE r.id = ? FOR UPDATE OF r`, []any{recordID}, func(r *registry.Record) error {
		cur = r
		return nil
	}); err != nil {
		return err
	}
	if cur == nil {
		return registry.Errorf(registry.ENOTFOUND, "conflict %d: no record %s", id, recordID)
	}
	var sr registry.Record
	if station != "" {
		if err := json.Unmarshal([]byte(station), &sr); err != nil {
			return err
		}
	}
	if now := push.Digest(cur); now != registryDigest {
		return d.refreshConflict(ctx, tx, id, cur, &sr, station != "", now)
	}
	now := d.now()
	if keep == registry.KeepStation {
		if station == "" {
			return registry.Errorf(registry.EINVALID, "conflict %d was held without the station's copy: push again from %s, then resolve it", id, origin)
		}
		if err := d.takeStation(ctx, tx, origin, cur, &sr, stationDigest, by); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sync_conflicts SET resolution = ?, resolved_by = ?, resolved_at = ?, note = ? WHERE id = ?`,
		string(keep), by, storetime.Format(now), note, id); err != nil {
		return err
	}
	words := map[registry.ConflictSide]string{registry.KeepRegistry: "giữ bản của sổ đăng ký thành phố", registry.KeepStation: "lấy bản của trạm " + origin}[keep]
	if note != "" {
		words += "; " + note
	}
	if err := d.InsertEvent(ctx, tx, &registry.Event{At: now, Actor: by, Action: "sync.resolved", RecordID: recordID,
		Old: registryDigest, New: stationDigest, Note: words}); err != nil {
		return err
	}
	return tx.Commit()
}

// refreshConflict brings a conflict's differences up to the registry's
// copy cur, which changed since it was held, and says so.
func (d *DB) refreshConflict(ctx context.Context, tx *Tx, id int64, cur, station *registry.Record, haveStation bool, now string) error {
	diffs := ""
	if haveStation {
		diffs = strings.Join(push.Differences(cur, station), "\n")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sync_conflicts SET registry_digest = ?, differences = ? WHERE id = ?`, now, diffs, id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return registry.Errorf(registry.ECONFLICT, "record %s changed in the registry since conflict %d was held: look at its differences again (sync conflicts)", cur.ID, id)
}

// takeStation brings record cur up to the station's copy st, one event per
// field changed, and notes it as pushed from origin.
func (d *DB) takeStation(ctx context.Context, tx *Tx, origin string, cur, st *registry.Record, digest, by string) error {
	now := d.now()
	for key, f := range st.Fields {
		old := cur.Fields[key]
		if old != nil && old.Value == f.Value && old.Status == f.Status {
			continue
		}
		ev := &registry.Event{At: now, Actor: by, Action: "sync.field", RecordID: cur.ID, FieldKey: key, New: f.Value, Note: "bản của trạm " + origin}
		if old != nil {
			ev.Old = old.Value
		}
		if err := d.InsertEvent(ctx, tx, ev); err != nil {
			return err
		}
	}
	return d.updatePushed(ctx, tx, origin, &registry.Pushed{Record: st, Digest: digest})
}
