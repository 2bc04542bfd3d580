package sqlite

import (
	"database/sql"
	"time"

	"github.com/civreg/civreg/internal/sqlstore"
)

// dialect is how SQLite spells the store's shared queries (sqlstore).
var dialect = sqlstore.Dialect{
	// The unary + keeps SQLite's planner off an index that would cost a
	// sort of the whole queue.
	Hint:         "+",
	User:         "user",
	IfNull:       "IFNULL",
	CountIf:      func(cond string) string { return "SUM(" + cond + ")" },
	InsertIgnore: "INSERT OR IGNORE",
	WordDocs: func(in string) string {
		return `search_tokens t JOIN search_docs s ON s.doc = t.doc WHERE t.tok IN (` + in + `)`
	},
	JSONRows:    `json_each(?) p`,
	RecordQuery: recordQuery,
	// One writer at a time (BEGIN IMMEDIATE): no row locks.
}

// shared returns the shared part of the store, over d's pools.
func (d *DB) shared() *sqlstore.Store[*sql.Tx] {
	return sqlstore.New(sqlstore.Config[*sql.Tx]{
		Pool:        d.db,
		ReadPool:    d.rdb,
		Now:         func() time.Time { return d.Now() },
		Dialect:     dialect,
		Name:        d.path,
		InsertEvent: insertEvent,
		IndexRecord: indexRecord,
	})
}
