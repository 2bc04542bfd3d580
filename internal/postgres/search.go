package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/internal/sqlstore"
)

// indexRecord brings the search keys of one record up to date with its
// fields, inside the transaction that changed them. Every write that changes
// a field value calls it.
func indexRecord(ctx context.Context, tx *Tx, recordID string) error {
	e, err := sqlstore.RecordEntry(ctx, tx, recordID)
	if err != nil || e == nil {
		return err
	}
	return writeEntry(ctx, tx, recordID, *e)
}

// writeEntry stores e as the search entry of a record, replacing what the
// index held for it, and keeps the word counts right.
func writeEntry(ctx context.Context, tx *Tx, recordID string, e searchkey.Entry) error {
	people, ids := searchkey.PeopleText(e.People), strings.Join(e.IDs, "\n")
	var (
		doc                int64
		oldPeople, oldIDs  string
		oldNames           = map[searchkey.NameRow]bool{}
		oldToks, oldNumber = map[string]bool{}, map[string]bool{}
	)
	err := tx.QueryRowContext(ctx, `SELECT doc, people, ids FROM search_docs WHERE record_id = ?`, recordID).Scan(&doc, &oldPeople, &oldIDs)
	switch {
	case err == sql.ErrNoRows:
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO search_docs (record_id, kind, office, book, entry, born, people, ids, status, card)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING doc`, recordID, e.Kind, e.Office, e.Book, e.Entry, e.Born, people, ids, e.Status, e.Card).Scan(&doc); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if _, err := tx.ExecContext(ctx, `
			UPDATE search_docs SET kind = ?, office = ?, book = ?, entry = ?, born = ?, people = ?, ids = ?, status = ?, card = ?
			WHERE doc = ?`, e.Kind, e.Office, e.Book, e.Entry, e.Born, people, ids, e.Status, e.Card, doc); err != nil {
			return err
		}
		if oldPeople == people && oldIDs == ids {
			return nil
		}
		old := searchkey.ParsePeople(oldPeople)
		oldNames, oldToks = searchkey.NameRows(old), searchkey.DocTokens(old)
		oldNumber = searchkey.IDNumbers(strings.Split(oldIDs, "\n"))
	}

	newNames, newToks, newNumber := searchkey.NameRows(e.People), searchkey.DocTokens(e.People), searchkey.IDNumbers(e.IDs)
	for _, r := range sortedRows(oldNames) {
		if !newNames[r] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_names WHERE key = ? AND year = ? AND doc = ? AND role = ?`, r.Key, r.Year, doc, r.Role); err != nil {
				return err
			}
		}
	}
	for _, r := range sortedRows(newNames) {
		if !oldNames[r] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_names (key, year, doc, role) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, r.Key, r.Year, doc, r.Role); err != nil {
				return err
			}
		}
	}
	// search_tokens holds a word's id in search_vocab (0022).
	for _, t := range slices.Sorted(maps.Keys(oldToks)) {
		if !newToks[t] {
			var id int64
			if err := tx.QueryRowContext(ctx, `UPDATE search_vocab SET n = GREATEST(n - 1, 0) WHERE tok = ? RETURNING id`, t).Scan(&id); err != nil && err != sql.ErrNoRows {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_tokens WHERE tok = ? AND doc = ?`, id, doc); err != nil {
				return err
			}
		}
	}
	for _, t := range slices.Sorted(maps.Keys(newToks)) {
		if !oldToks[t] {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO search_vocab (tok, n) VALUES (?, 1) ON CONFLICT (tok) DO UPDATE SET n = search_vocab.n + 1 RETURNING id`, t).Scan(&id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_tokens (tok, doc) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, doc); err != nil {
				return err
			}
		}
	}
	for _, n := range slices.Sorted(maps.Keys(oldNumber)) {
		if !newNumber[n] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_ids WHERE id = ? AND doc = ?`, n, doc); err != nil {
				return err
			}
		}
	}
	for _, n := range slices.Sorted(maps.Keys(newNumber)) {
		if !oldNumber[n] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_ids (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING`, n, doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// WarmSearch reads the search index once from end to end, so that the
// system's file cache holds it as it does on a store in use: the first
// searches after a restart then read memory instead of the disk. It takes
// seconds to a minute at millions of records and changes nothing.
func (d *DB) WarmSearch(ctx context.Context) error {
	for _, q := range []string{
		`SELECT COALESCE(SUM(LENGTH(people) + LENGTH(card)), 0)::bigint FROM search_docs`,
		`SELECT COUNT(*) FROM search_names`,
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

// sortedRows returns the rows of m in one order, so that two transactions
// indexing at once take their row locks in the same order and never
// deadlock.
func sortedRows(m map[searchkey.NameRow]bool) []searchkey.NameRow {
	out := slices.Collect(maps.Keys(m))
	slices.SortFunc(out, func(a, b searchkey.NameRow) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return strings.Compare(a.Role, b.Role)
	})
	return out
}
