package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/civreg/civreg/internal/sqlstore"
)

// dialect is how PostgreSQL spells the store's shared queries (sqlstore).
var dialect = sqlstore.Dialect{
	User:    `"user"`,
	By:      `"by"`,
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
	// The words in their order, each word's records in search_tokens'
	// order, as SQLite reads an IN list: among more equal matches than
	// the budget, both stores take the same (the order comes from
	// search_vocab's index, no sort).
	WordDocs: func(in string) string {
		return `search_vocab v JOIN search_tokens t ON t.tok = v.id JOIN search_docs s ON s.doc = t.doc WHERE v.tok IN (` + in + `) ORDER BY v.tok`
	},
	JSONRows: `jsonb_array_elements(?::jsonb) p(value)`,
	// The office's row of copy_sequences is locked until this transaction
	// ends: a concurrent issuer at the same office waits, then takes the
	// next number; a rollback gives the number back.
	NextSeq: func(office string, year int) (string, []any) {
		return `
		INSERT INTO copy_sequences (office, year, last)
		VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM issuances WHERE office = ? AND year = ?))
		ON CONFLICT (office, year) DO UPDATE SET last = copy_sequences.last + 1
		RETURNING last`, []any{office, year, office, year}
	},
	// The ids are the sequences'; the chain links them at commit.
	ChainedID:      func(string, string) (string, string) { return "", "" },
	LockOfficeKey:  `SELECT pg_advisory_xact_lock(hashtextextended('office key ' || ?, 0))`,
	OnPageOriginal: ` ON CONFLICT (page_id) DO NOTHING`,
	// The lock is the transaction's, on the name's and the address's keys.
	LockSignin:     `SELECT pg_advisory_xact_lock(hashtextextended('signin name ' || ?, 0)), pg_advisory_xact_lock(hashtextextended('signin addr ' || ?, 0))`,
	Bool:           func(b bool) any { return b },
	FieldsOfRecord: `field_rows(r.field_data) d`,
	RecordImage:    `records r JOIN pages p ON p.id = r.page_id JOIN page_images i ON i.sha256 = p.sha256`,
	CountIfOrZero:  func(cond string) string { return "COUNT(*) FILTER (WHERE " + cond + ")" },
	RecordsFields:  "records r CROSS JOIN LATERAL field_rows(r.field_data) f\n\t\t",
	Returning:      true,
	Ordered:        true,
	// search_tokens holds a word's id in search_vocab (0022).
	DropWord: func(ctx context.Context, tx sqlstore.Querier, tok string, doc int64) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `UPDATE search_vocab SET n = GREATEST(n - 1, 0) WHERE tok = ? RETURNING id`, tok).Scan(&id); err != nil && err != sql.ErrNoRows {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM search_tokens WHERE tok = ? AND doc = ?`, id, doc)
		return err
	},
	AddWord: func(ctx context.Context, tx sqlstore.Querier, tok string, doc int64) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO search_vocab (tok, n) VALUES (?, 1) ON CONFLICT (tok) DO UPDATE SET n = search_vocab.n + 1 RETURNING id`, tok).Scan(&id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO search_tokens (tok, doc) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, doc)
		return err
	},
	FieldsJoin: `LATERAL field_rows(r.field_data) f ON true`,
	WarmSearch: []string{
		`SELECT COALESCE(SUM(LENGTH(people) + LENGTH(card)), 0)::bigint FROM search_docs`,
		`SELECT COUNT(*) FROM search_names`,
		`SELECT COUNT(*) FROM search_ids`,
		`SELECT COUNT(*) FROM search_tokens`,
	},
}

// shared returns the shared part of the store, over d's pool.
func (d *DB) shared() *sqlstore.Store[*Tx] {
	return sqlstore.New(sqlstore.Config[*Tx]{
		Pool:       d.db,
		ReadPool:   d.rdb,
		Now:        func() time.Time { return d.Now() },
		Dialect:    dialect,
		Name:       d.url,
		SaveImages: saveImages,
		Chain: func(_ context.Context, tx *Tx, source string, rowID int64, content []byte) error {
			tx.chain(source, rowID, content)
			return nil
		},
		LockChain:    lockChain,
		IsConstraint: isConstraint,
	})
}
