package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that DB keeps sign-in attempts.
var _ registry.SigninStore = (*DB)(nil)

// BeginSignin records a failed attempt before the password is checked,
// unless allow refuses it; see registry.SigninStore. Attempts older than
// since are pruned on the way: they count for nothing.
func (d *DB) BeginSignin(ctx context.Context, a *registry.SigninAttempt, since time.Time, allow func(byName, byAddr []time.Time) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if a.At.IsZero() {
		a.At = d.now()
	}
	s := formatTime(since)
	if _, err := tx.ExecContext(ctx, `DELETE FROM signin_attempts WHERE at < ?`, s); err != nil {
		return err
	}
	byName, err := times(ctx, tx, `
		SELECT at FROM signin_attempts
		WHERE name = ? AND result = 'failed' AND at >= ?
		  AND id > IFNULL((SELECT MAX(id) FROM signin_attempts WHERE name = ? AND result IN ('ok', 'unlock')), 0)
		ORDER BY at`, a.Name, s, a.Name)
	if err != nil {
		return err
	}
	byAddr, err := times(ctx, tx, `SELECT at FROM signin_attempts WHERE addr = ? AND result = 'failed' AND at >= ? ORDER BY at`, a.Addr, s)
	if err != nil {
		return err
	}
	if err := allow(byName, byAddr); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO signin_attempts (name, addr, at, result) VALUES (?, ?, ?, 'failed')`,
		a.Name, a.Addr, formatTime(a.At))
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.Commit()
}

func times(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]time.Time, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		t, err := parseTime(s)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// EndSignin logs how an attempt ended; a success clears the account's
// failures.
func (d *DB) EndSignin(ctx context.Context, a *registry.SigninAttempt, ok bool, note string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	action := "user.signin.failed"
	if ok {
		action = "user.signin"
		if _, err := tx.ExecContext(ctx, `UPDATE signin_attempts SET result = 'ok' WHERE id = ?`, a.ID); err != nil {
			return err
		}
	}
	if err := insertEvent(ctx, tx, &registry.Event{At: d.now(), Actor: a.Name, Action: action, Note: note}); err != nil {
		return err
	}
	return tx.Commit()
}

// UnlockUser clears the failed attempts of a user.
func (d *DB) UnlockUser(ctx context.Context, name, by string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if _, err := sqlstore.FindUser(ctx, tx, name); err != nil {
		return err
	}
	now := d.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO signin_attempts (name, addr, at, result) VALUES (?, '', ?, 'unlock')`,
		name, formatTime(now)); err != nil {
		return err
	}
	if err := insertEvent(ctx, tx, &registry.Event{At: now, Actor: by, Action: "user.unlocked", New: name}); err != nil {
		return err
	}
	return tx.Commit()
}

// SetDisabled turns an account off, ending its sessions, or on again.
func (d *DB) SetDisabled(ctx context.Context, name string, disabled bool, by string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	u, err := sqlstore.FindUser(ctx, tx, name)
	if err != nil {
		return err
	}
	action, flag := "user.enabled", 0
	if disabled {
		action, flag = "user.disabled", 1
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, flag, u.ID); err != nil {
		return err
	}
	if err := insertEvent(ctx, tx, &registry.Event{At: d.now(), Actor: by, Action: action, New: name}); err != nil {
		return err
	}
	return tx.Commit()
}
