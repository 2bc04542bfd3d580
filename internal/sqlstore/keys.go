package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// addKey stores k; with by set, it ends the office's active key first
// (replaced), otherwise an active key of the office is ECONFLICT.
func (s *Store[T]) addKey(ctx context.Context, k *registry.OfficeKey, by string) error {
	if err := k.Check(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// One active key per office: two imports for an office wait for each
	// other, and the second sees the first.
	if s.d.LockOfficeKey != "" {
		if _, err := tx.ExecContext(ctx, s.d.LockOfficeKey, k.Office); err != nil {
			return err
		}
	}
	now := s.now()
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
	ev := &registry.Event{At: now, Actor: Actor, Action: "key.added", New: k.ID, Note: k.Office}
	switch {
	case active != "" && by == "":
		return registry.Errorf(registry.ECONFLICT, "%s has key %s already: a supervisor replaces it with --replace", k.Office, active)
	case active != "" && active != k.ID:
		if _, err := tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, `+s.d.By+`) VALUES (?, ?, 'replaced', ?)`,
			active, storetime.Format(now), by); err != nil {
			return err
		}
		ev = &registry.Event{At: now, Actor: by, Action: "key.replaced", Old: active, New: k.ID, Note: k.Office}
	case by != "":
		ev.Actor = by
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO office_keys (key_id, office, public_key, created) VALUES (?, ?, ?, ?)`,
		k.ID, k.Office, k.Public, storetime.Format(k.Created)); err != nil {
		return s.conflict(err, "key %s is stored already", k.ID)
	}
	if err := s.InsertEvent(ctx, tx, ev); err != nil {
		return err
	}
	return tx.Commit()
}

// ReplaceKey stores k as its office's active key, ending the one before.
func (s *Store[T]) ReplaceKey(ctx context.Context, k *registry.OfficeKey, by string) error {
	if by == "" {
		return registry.Errorf(registry.EINVALID, "name the supervisor who replaces the key")
	}
	return s.addKey(ctx, k, by)
}

// RevokeKey ends a key now; a replaced key keeps the end of its validity.
func (s *Store[T]) RevokeKey(ctx context.Context, id, by, note string) error {
	if by == "" {
		return registry.Errorf(registry.EINVALID, "name the supervisor who revokes the key")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var office, how string
	err = tx.QueryRowContext(ctx, `
		SELECT k.office, `+s.d.IfNull+`(e.how, '') FROM office_keys k LEFT JOIN office_key_ends e ON e.key_id = k.key_id
		WHERE k.key_id = ?`, id).Scan(&office, &how)
	if errors.Is(err, sql.ErrNoRows) {
		return registry.Errorf(registry.ENOTFOUND, "no office key %s in this store", id)
	} else if err != nil {
		return err
	}
	now := s.now()
	switch how {
	case registry.KeyRevoked:
		return registry.Errorf(registry.ECONFLICT, "key %s is revoked already", id)
	case registry.KeyReplaced:
		_, err = tx.ExecContext(ctx, `UPDATE office_key_ends SET how = 'revoked', note = ? WHERE key_id = ?`, note, id)
	default:
		_, err = tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, `+s.d.By+`, note) VALUES (?, ?, 'revoked', ?, ?)`,
			id, storetime.Format(now), by, note)
	}
	if err != nil {
		return err
	}
	if err := s.InsertEvent(ctx, tx, &registry.Event{At: now, Actor: by, Action: "key.revoked", New: id, Note: office + "; " + note}); err != nil {
		return err
	}
	return tx.Commit()
}
