package sqlstore

import (
	"context"
	"time"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// Compile-time check that Store keeps sign-in attempts.
var _ registry.SigninStore = (*Store[Tx])(nil)

// BeginSignin records a failed attempt before the password is checked,
// unless allow refuses it; see registry.SigninStore. Attempts older than
// since are pruned on the way: they count for nothing.
func (st *Store[T]) BeginSignin(ctx context.Context, a *registry.SigninAttempt, since time.Time, allow func(byName, byAddr []time.Time) error) error {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// Attempts at one account or from one address are counted one after
	// the other, so that parallel guesses cannot all pass one count.
	if st.d.LockSignin != "" {
		if _, err := tx.ExecContext(ctx, st.d.LockSignin, a.Name, a.Addr); err != nil {
			return err
		}
	}
	if a.At.IsZero() {
		a.At = st.now()
	}
	s := storetime.Format(since)
	if _, err := tx.ExecContext(ctx, `DELETE FROM signin_attempts WHERE at < ?`, s); err != nil {
		return err
	}
	byName, err := times(ctx, tx, `
		SELECT at FROM signin_attempts
		WHERE name = ? AND result = 'failed' AND at >= ?
		  AND id > `+st.d.IfNull+`((SELECT MAX(id) FROM signin_attempts WHERE name = ? AND result IN ('ok', 'unlock')), 0)
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
	if a.ID, err = st.insertID(ctx, tx, `INSERT INTO signin_attempts (name, addr, at, result) VALUES (?, ?, ?, 'failed')`,
		a.Name, a.Addr, storetime.Format(a.At)); err != nil {
		return err
	}
	return tx.Commit()
}

func times(ctx context.Context, tx Querier, q string, args ...any) ([]time.Time, error) {
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
		t, err := storetime.Parse(s)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// EndSignin logs how an attempt ended; a success clears the account's
// failures.
func (s *Store[T]) EndSignin(ctx context.Context, a *registry.SigninAttempt, ok bool, note string) error {
	tx, err := s.db.BeginTx(ctx, nil)
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
	if err := s.InsertEvent(ctx, tx, &registry.Event{At: s.now(), Actor: a.Name, Action: action, Note: note}); err != nil {
		return err
	}
	return tx.Commit()
}

// UnlockUser clears the failed attempts of a user.
func (s *Store[T]) UnlockUser(ctx context.Context, name, by string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if _, err := findUser(ctx, tx, name); err != nil {
		return err
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO signin_attempts (name, addr, at, result) VALUES (?, '', ?, 'unlock')`,
		name, storetime.Format(now)); err != nil {
		return err
	}
	if err := s.InsertEvent(ctx, tx, &registry.Event{At: now, Actor: by, Action: "user.unlocked", New: name}); err != nil {
		return err
	}
	return tx.Commit()
}

// SetDisabled turns an account off, ending its sessions, or on again.
func (s *Store[T]) SetDisabled(ctx context.Context, name string, disabled bool, by string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	u, err := findUser(ctx, tx, name)
	if err != nil {
		return err
	}
	action, flag := "user.enabled", s.d.Bool(false)
	if disabled {
		action, flag = "user.disabled", s.d.Bool(true)
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, flag, u.ID); err != nil {
		return err
	}
	if err := s.InsertEvent(ctx, tx, &registry.Event{At: s.now(), Actor: by, Action: action, New: name}); err != nil {
		return err
	}
	return tx.Commit()
}
