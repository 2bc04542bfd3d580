package sqlite

import (
	"context"
	"database/sql"
)

// indexRecord brings the search keys of one record up to date with its
// fields, inside the transaction that changed them. Every write that changes
// a field value calls it. (Filled in with the search index.)
func indexRecord(ctx context.Context, tx *sql.Tx, recordID string) error {
	return nil
}
