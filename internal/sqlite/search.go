package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// WarmSearch reads the search index once from end to end, so that the
// system's file cache holds it as it does on a store in use: the first
// searches after a restart then read memory instead of the disk. It takes
// seconds to a minute at millions of records and changes nothing.
func (d *DB) WarmSearch(ctx context.Context) error {
	for _, q := range []string{
		`SELECT SUM(LENGTH(people) + LENGTH(card)) FROM search_docs`,
		`SELECT COUNT(*) FROM search_docs INDEXED BY search_docs_book WHERE book > ''`,
		`SELECT SUM(year) FROM search_names`,
		`SELECT COUNT(*) FROM search_names INDEXED BY search_names_year WHERE year >= 0`,
		`SELECT COUNT(*) FROM search_ids`,
		`SELECT COUNT(*) FROM search_tokens`,
	} {
		var n sql.NullInt64
		if err := d.rdb.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("warming the search index: %w", err)
		}
	}
	return nil
}
