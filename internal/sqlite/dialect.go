package sqlite

import (
	"context"
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
	By:           "by",
	IfNull:       "IFNULL",
	CountIf:      func(cond string) string { return "SUM(" + cond + ")" },
	InsertIgnore: "INSERT OR IGNORE",
	WordDocs: func(in string) string {
		return `search_tokens t JOIN search_docs s ON s.doc = t.doc WHERE t.tok IN (` + in + `)`
	},
	JSONRows: `json_each(?) p`,
	// The transaction holds the write lock from its start (BEGIN
	// IMMEDIATE), so two issuers never read the same MAX.
	NextSeq: func(office string, year int) (string, []any) {
		return `SELECT IFNULL(MAX(seq), 0) + 1 FROM issuances WHERE office = ? AND year = ?`, []any{office, year}
	},
	ChainedID: func(table, source string) (string, string) {
		return "id, ", nextRowID(table, source) + ", "
	},
	Bool: func(b bool) any {
		if b {
			return 1
		}
		return 0
	},
	FieldsOfRecord:     `fields d`,
	FieldsOfRecordCond: `d.record_id = r.id`,
	RecordImage:        `records r JOIN page_images i ON i.page_id = r.page_id`,
	CountIfOrZero:      func(cond string) string { return "IFNULL(SUM(" + cond + "), 0)" },
	RecordsFields:      "fields f\n\t\tJOIN records r ON r.id = f.record_id",
	DropWord: func(ctx context.Context, tx sqlstore.Querier, tok string, doc int64) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_tokens WHERE tok = ? AND doc = ?`, tok, doc); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE search_vocab SET n = max(n - 1, 0) WHERE tok = ?`, tok)
		return err
	},
	AddWord: func(ctx context.Context, tx sqlstore.Querier, tok string, doc int64) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_tokens (tok, doc) VALUES (?, ?)`, tok, doc); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO search_vocab (tok, n) VALUES (?, 1) ON CONFLICT (tok) DO UPDATE SET n = n + 1`, tok)
		return err
	},
	FieldsJoin: `fields f ON f.record_id = r.id`,
	WarmSearch: []string{
		`SELECT SUM(LENGTH(people) + LENGTH(card)) FROM search_docs`,
		`SELECT COUNT(*) FROM search_docs INDEXED BY search_docs_book WHERE book > ''`,
		`SELECT SUM(year) FROM search_names`,
		`SELECT COUNT(*) FROM search_names INDEXED BY search_names_year WHERE year >= 0`,
		`SELECT COUNT(*) FROM search_ids`,
		`SELECT COUNT(*) FROM search_tokens`,
	},
	// One writer at a time (BEGIN IMMEDIATE): no row locks.
}

// shared returns the shared part of the store, over d's pools.
func (d *DB) shared() *sqlstore.Store[*sql.Tx] {
	return sqlstore.New(sqlstore.Config[*sql.Tx]{
		Pool:         d.db,
		ReadPool:     d.rdb,
		Now:          func() time.Time { return d.Now() },
		Dialect:      dialect,
		Name:         d.path,
		SaveImages:   saveImages,
		Chain:        appendLink,
		IsConstraint: isConstraint,
	})
}
