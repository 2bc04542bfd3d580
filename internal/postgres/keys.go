package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/civreg/civreg/registry"
)

// addKey stores k; with by set, it ends the office's active key first
// (replaced), otherwise an active key of the office is ECONFLICT.
func (d *DB) addKey(ctx context.Context, k *registry.OfficeKey, by string) error {
	if err := k.Check(); err != nil {
		return err
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// One active key per office: two imports for an office wait for each
	// other, and the second sees the first.
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('office key ' || ?, 0))`, k.Office); err != nil {
		return err
	}
	now := d.now()
	if k.Created.IsZero() {
		k.Created = now
	}
	var active string
	err = tx.QueryRowContext(ctx, `
		SELECT key_id FROM office_keys WHERE office = ? AND key_id NOT IN (SELECT key_id FROM office_key_ends)
		ORDER BY created DESC LIMIT 1`, k.Office).Scan(&active)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	ev := &registry.Event{At: now, Actor: actor, Action: "key.added", New: k.ID, Note: k.Office}
	switch {
	case active != "" && by == "":
		return registry.Errorf(registry.ECONFLICT, "%s has key %s already: a supervisor replaces it with --replace", k.Office, active)
	case active != "" && active != k.ID:
		if _, err := tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, "by") VALUES (?, ?, 'replaced', ?)`,
			active, formatTime(now), by); err != nil {
			return err
		}
		ev = &registry.Event{At: now, Actor: by, Action: "key.replaced", Old: active, New: k.ID, Note: k.Office}
	case by != "":
		ev.Actor = by
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO office_keys (key_id, office, public_key, created) VALUES (?, ?, ?, ?)`,
		k.ID, k.Office, k.Public, formatTime(k.Created)); err != nil {
		return conflict(err, "key %s is stored already", k.ID)
	}
	if err := insertEvent(ctx, tx, ev); err != nil {
		return err
	}
	return tx.Commit()
}

// ReplaceKey stores k as its office's active key, ending the one before.
func (d *DB) ReplaceKey(ctx context.Context, k *registry.OfficeKey, by string) error {
	if by == "" {
		return registry.Errorf(registry.EINVALID, "name the supervisor who replaces the key")
	}
	return d.addKey(ctx, k, by)
}

// RevokeKey ends a key now; a replaced key keeps the end of its validity.
func (d *DB) RevokeKey(ctx context.Context, id, by, note string) error {
	if by == "" {
		return registry.Errorf(registry.EINVALID, "name the supervisor who revokes the key")
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var office, how string
	err = tx.QueryRowContext(ctx, `
		SELECT k.office, COALESCE(e.how, '') FROM office_keys k LEFT JOIN office_key_ends e ON e.key_id = k.key_id
		WHERE k.key_id = ?`, id).Scan(&office, &how)
	if errors.Is(err, sql.ErrNoRows) {
		return registry.Errorf(registry.ENOTFOUND, "no office key %s in this store", id)
	} else if err != nil {
		return err
	}
	now := d.now()
	switch how {
	case registry.KeyRevoked:
		return registry.Errorf(registry.ECONFLICT, "key %s is revoked already", id)
	case registry.KeyReplaced:
		_, err = tx.ExecContext(ctx, `UPDATE office_key_ends SET how = 'revoked', note = ? WHERE key_id = ?`, note, id)
	default:
		_, err = tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, "by", note) VALUES (?, ?, 'revoked', ?, ?)`,
			id, formatTime(now), by, note)
	}
	if err != nil {
		return err
	}
	if err := insertEvent(ctx, tx, &registry.Event{At: now, Actor: by, Action: "key.revoked", New: id, Note: office + "; " + note}); err != nil {
		return err
	}
	return tx.Commit()
}

// ImportKey stores a key pushed from a station with its validity; see
// registry.SyncStore.
func (d *DB) ImportKey(ctx context.Context, k *registry.OfficeKey, origin string) error {
	if err := k.Check(); err != nil {
		return err
	}
	if k.How != "" && k.How != registry.KeyReplaced && k.How != registry.KeyRevoked {
		return registry.Errorf(registry.EINVALID, "key %s ended in an unknown way %q", k.ID, k.How)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('office key ' || ?, 0))`, k.Office); err != nil {
		return err
	}
	if err := importKeyRow(ctx, tx, k, origin); err != nil {
		return err
	}
	if k.How != "" {
		if err := importKeyEnd(ctx, tx, k, origin); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// importKeyRow adds k unless the registry holds it; an active k is refused
// while its office has another active key.
func importKeyRow(ctx context.Context, tx *Tx, k *registry.OfficeKey, origin string) error {
	if k.How == "" {
		var active string
		err := tx.QueryRowContext(ctx, `
			SELECT key_id FROM office_keys WHERE office = ? AND key_id <> ? AND key_id NOT IN (SELECT key_id FROM office_key_ends)
			ORDER BY created DESC LIMIT 1`, k.Office, k.ID).Scan(&active)
		if err == nil {
			return registry.Errorf(registry.ECONFLICT, "%s has key %s in the registry, not station %s's key %s: a supervisor replaces one of them", k.Office, active, origin, k.ID)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO office_keys (key_id, office, public_key, created) VALUES (?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING`,
		k.ID, k.Office, k.Public, formatTime(k.Created))
	if err != nil {
		return conflict(err, "key %s is stored already with another public key", k.ID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return insertEvent(ctx, tx, &registry.Event{At: k.Created, Actor: actor, Action: "key.added", New: k.ID, Note: k.Office + "; từ trạm " + origin})
}

// importKeyEnd gives the registry's k the end the station gave it.
func importKeyEnd(ctx context.Context, tx *Tx, k *registry.OfficeKey, origin string) error {
	var how string
	err := tx.QueryRowContext(ctx, `SELECT how FROM office_key_ends WHERE key_id = ?`, k.ID).Scan(&how)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, "by", note) VALUES (?, ?, ?, ?, ?)`,
			k.ID, formatTime(k.Ended), k.How, "trạm "+origin, "")
	case err != nil:
		return err
	case how == k.How || how == registry.KeyRevoked:
		return nil
	default:
		_, err = tx.ExecContext(ctx, `UPDATE office_key_ends SET how = 'revoked' WHERE key_id = ?`, k.ID)
	}
	if err != nil {
		return err
	}
	return insertEvent(ctx, tx, &registry.Event{At: k.Ended, Actor: actor, Action: "key." + k.How, New: k.ID, Note: k.Office + "; từ trạm " + origin})
}
