package postgres

import "context"

// Size returns the database's size on disk, in bytes.
func (d *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	err := d.rdb.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
	return n, err
}
