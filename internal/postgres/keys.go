package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

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

	if _, err := tx.ExecContext(ctx, dialect.LockOfficeKey, k.Office); err != nil {
		return err
	}
	if err := d.importKeyRow(ctx, tx, k, origin); err != nil {
		return err
	}
	if k.How != "" {
		if err := d.importKeyEnd(ctx, tx, k, origin); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// importKeyRow adds k unless the registry holds it; an active k is refused
// while its office has another active key.
func (d *DB) importKeyRow(ctx context.Context, tx *Tx, k *registry.OfficeKey, origin string) error {
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
		k.ID, k.Office, k.Public, storetime.Format(k.Created))
	if err != nil {
		return conflict(err, "key %s is stored already with another public key", k.ID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return d.InsertEvent(ctx, tx, &registry.Event{At: k.Created, Actor: sqlstore.Actor, Action: "key.added", New: k.ID, Note: k.Office + "; từ trạm " + origin})
}

// importKeyEnd gives the registry's k the end the station gave it.
func (d *DB) importKeyEnd(ctx context.Context, tx *Tx, k *registry.OfficeKey, origin string) error {
	var how string
	err := tx.QueryRowContext(ctx, `SELECT how FROM office_key_ends WHERE key_id = ?`, k.ID).Scan(&how)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO office_key_ends (key_id, ended, how, "by", note) VALUES (?, ?, ?, ?, ?)`,
			k.ID, storetime.Format(k.Ended), k.How, "trạm "+origin, "")
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
	return d.InsertEvent(ctx, tx, &registry.Event{At: k.Ended, Actor: sqlstore.Actor, Action: "key." + k.How, New: k.ID, Note: k.Office + "; từ trạm " + origin})
}
