package sqlite

import (
	"context"
	"database/sql"

	"github.com/civreg/civreg/internal/sqlstore"
)

// migrationHooks are Go steps run in a migration's transaction after its
// SQL, for what SQL cannot compute.
var migrationHooks = map[string]func(ctx context.Context, tx *sql.Tx) error{
	"migrations/0020_audit_chain.sql": chainExisting,
}

// nextRowID is the SQL of a new row's id in a chained table: past both
// the table's rows and the chain's, so that the id of a row deleted from
// the file is not given again (SQLite would reuse the last one) and the
// deletion stays in sight instead of a new row taking its place.
func nextRowID(table, source string) string {
	return `1 + MAX(IFNULL((SELECT MAX(id) FROM ` + table + `), 0),
		IFNULL((SELECT MAX(row_id) FROM audit_chain WHERE source = '` + source + `'), 0))`
}

// appendLink chains one row just written, in its transaction. Write
// transactions hold the store's write lock from their start, so the head
// read here is still the head at commit.
func appendLink(ctx context.Context, tx *sql.Tx, source string, rowID int64, content []byte) error {
	return sqlstore.AppendLinks(ctx, tx, []sqlstore.Pending{{Source: source, RowID: rowID, Content: content}})
}

// chainExisting chains the events and issuances a store held before it
// had a chain.
func chainExisting(ctx context.Context, tx *sql.Tx) error {
	links, err := sqlstore.ChainExisting(ctx, tx)
	if err != nil {
		return err
	}
	return sqlstore.AppendLinks(ctx, tx, links)
}
