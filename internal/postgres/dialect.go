package postgres

import (
	"time"

	"github.com/civreg/civreg/internal/sqlstore"
)

// dialect is how PostgreSQL spells the store's shared queries (sqlstore).
var dialect = sqlstore.Dialect{
	User:    `"user"`,
	IfNull:  "COALESCE",
	CountIf: func(cond string) string { return "COUNT(*) FILTER (WHERE " + cond + ")" },
	BigInt:  "::bigint",
	// lockFree locks the tasks a lease picks and passes over those another
	// transaction is leasing: without it two reviewers reading the queue
	// at once would both lease its first task (PostgreSQL, unlike SQLite,
	// lets two writers in at once).
	LockFree:         ` FOR UPDATE OF t SKIP LOCKED`,
	ForUpdate:        ` FOR UPDATE`,
	LockTaskRecord:   `SELECT r.id FROM records r JOIN tasks t ON t.record_id = r.id WHERE t.id = ? FOR UPDATE OF r`,
	InsertIgnore:     "INSERT",
	OnConflictIgnore: " ON CONFLICT DO NOTHING",
	RecordQuery:      recordQuery,
}

// shared returns the shared part of the store, over d's pool.
func (d *DB) shared() *sqlstore.Store[*Tx] {
	return sqlstore.New(sqlstore.Config[*Tx]{
		Pool:        d.db,
		ReadPool:    d.rdb,
		Now:         func() time.Time { return d.Now() },
		Dialect:     dialect,
		InsertEvent: insertEvent,
		IndexRecord: indexRecord,
	})
}
