// Package sqlrows holds the plumbing both stores (internal/sqlite,
// internal/postgres) wrote the same way around a query: run it, scan each
// row, close, report the error the rows ended with. It knows no SQL
// dialect: each store hands it its own pool or transaction, which rebinds
// placeholders as that store needs.
package sqlrows

import (
	"context"
	"database/sql"
)

// Querier runs a query: *sql.DB, *sql.Tx, or a store's own wrapper.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Scanner is a row being read.
type Scanner interface {
	Scan(dest ...any) error
}

// Collect runs query and returns what scan makes of each row, in order.
func Collect[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Column returns the one column of every row of query.
func Column[T any](ctx context.Context, q Querier, query string, args ...any) ([]T, error) {
	return Collect(ctx, q, func(r Scanner) (T, error) {
		var v T
		err := r.Scan(&v)
		return v, err
	}, query, args...)
}
