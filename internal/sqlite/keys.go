package sqlite

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
		if _, err := tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, by) VALUES (?, ?, 'replaced', ?)`,
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
		SELECT k.office, IFNULL(e.how, '') FROM office_keys k LEFT JOIN office_key_ends e ON e.key_id = k.key_id
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
		_, err = tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, by, note) VALUES (?, ?, 'revoked', ?, ?)`,
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
