package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// CreateUser stores u and sets u.ID, and u.Created when it is zero. The
// caller hashes the password. ECONFLICT if the name is taken, EINVALID for
// an empty name, an unknown role or no password hash.
func (s *Store[T]) CreateUser(ctx context.Context, u *registry.User) error {
	if u.Name == "" {
		return registry.Errorf(registry.EINVALID, "a user needs a name")
	}
	if _, err := registry.ParseRole(string(u.Role)); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return registry.Errorf(registry.EINVALID, "user %s has no password", u.Name)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if u.Created.IsZero() {
		u.Created = s.now()
	}
	if u.ID, err = s.insertID(ctx, tx, `INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)`,
		u.Name, string(u.Role), u.PasswordHash, storetime.Format(u.Created)); err != nil {
		return s.conflict(err, "user %s exists already", u.Name)
	}
	return tx.Commit()
}

// SetPassword replaces a user's password hash; ENOTFOUND if no such user.
// The user's sessions end with it: a changed password signs everyone out.
func (s *Store[T]) SetPassword(ctx context.Context, name, hash string) error {
	if hash == "" {
		return registry.Errorf(registry.EINVALID, "user %s would have no password", name)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	u, err := findUser(ctx, tx, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, u.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// FindUser returns the user named name, with the password hash, or
// ENOTFOUND.
func (s *Store[T]) FindUser(ctx context.Context, name string) (*registry.User, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	u, err := findUser(ctx, tx, name)
	if err != nil {
		return nil, err
	}
	return u, tx.Commit()
}

// Users returns every user by name, without password hashes.
func (s *Store[T]) Users(ctx context.Context) ([]registry.User, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT id, name, role, created, disabled FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.User
	for rows.Next() {
		var u registry.User
		var created string
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &created, &u.Disabled); err != nil {
			return nil, err
		}
		if u.Created, err = storetime.Parse(created); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// tokenHash is what the store keeps of a session token.
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateSession stores s, whose Token, CSRF, Expires and User.Name the
// caller sets, and fills in s.User from the users table (without the
// password hash). Only the token's hash is stored. ENOTFOUND if there is no
// such user, EINVALID without a token. Expired sessions are removed on the
// way.
func (st *Store[T]) CreateSession(ctx context.Context, s *registry.Session) error {
	if s.Token == "" || s.CSRF == "" {
		return registry.Errorf(registry.EINVALID, "a session needs a token and an anti-forgery token")
	}
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	now := st.now()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires <= ?`, storetime.Format(now)); err != nil {
		return err
	}
	u, err := findUser(ctx, tx, s.User.Name)
	if err != nil {
		return err
	}
	if u.Disabled {
		return registry.Errorf(registry.EUNAUTHORIZED, "user %s is disabled", u.Name)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, expires) VALUES (?, ?, ?, ?)`,
		tokenHash(s.Token), u.ID, s.CSRF, storetime.Format(s.Expires)); err != nil {
		return st.conflict(err, "session exists already")
	}
	u.PasswordHash = ""
	s.User = *u
	return tx.Commit()
}

// FindSession returns the unexpired session with this token, its user
// filled in without the password hash, or ENOTFOUND.
func (st *Store[T]) FindSession(ctx context.Context, token string) (*registry.Session, error) {
	tx, err := st.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	s := registry.Session{Token: token}
	var expires, created string
	err = tx.QueryRowContext(ctx, `
		SELECT s.csrf, s.expires, u.id, u.name, u.role, u.created
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires > ? AND NOT u.disabled`, tokenHash(token), storetime.Format(st.now())).
		Scan(&s.CSRF, &expires, &s.User.ID, &s.User.Name, &s.User.Role, &created)
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "no such session")
	} else if err != nil {
		return nil, err
	}
	if s.Expires, err = storetime.Parse(expires); err != nil {
		return nil, err
	}
	if s.User.Created, err = storetime.Parse(created); err != nil {
		return nil, err
	}
	return &s, tx.Commit()
}

// DeleteSession signs a session out; no error if it is gone already.
func (s *Store[T]) DeleteSession(ctx context.Context, token string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash(token)); err != nil {
		return err
	}
	return tx.Commit()
}

// findUser returns the user of that name, or ENOTFOUND.
func findUser(ctx context.Context, tx Querier, name string) (*registry.User, error) {
	var u registry.User
	var created string
	err := tx.QueryRowContext(ctx, `SELECT id, name, role, password_hash, created, disabled FROM users WHERE name = ?`, name).
		Scan(&u.ID, &u.Name, &u.Role, &u.PasswordHash, &created, &u.Disabled)
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "user %s not found", name)
	} else if err != nil {
		return nil, err
	}
	if u.Created, err = storetime.Parse(created); err != nil {
		return nil, err
	}
	return &u, nil
}
