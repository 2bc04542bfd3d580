package sqlstore

import (
	"context"
	"database/sql"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// FindUser returns the user of that name, or ENOTFOUND.
func FindUser(ctx context.Context, tx Querier, name string) (*registry.User, error) {
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
