package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/internal/sqlstore"
)

// indexRecord brings the search keys of one record up to date with its
// fields, inside the transaction that changed them. Every write that changes
// a field value calls it.
func indexRecord(ctx context.Context, tx *sql.Tx, recordID string) error {
	e, err := sqlstore.RecordEntry(ctx, tx, recordID)
	if err != nil || e == nil {
		return err
	}
	return writeEntry(ctx, tx, recordID, *e)
}

// writeEntry stores e as the search entry of a record, replacing what the
// index held for it, and keeps the word counts right.
func writeEntry(ctx context.Context, tx *sql.Tx, recordID string, e searchkey.Entry) error {
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
		res, err := tx.ExecContext(ctx, `
			INSERT INTO search_docs (record_id, kind, office, book, entry, born, people, ids, status, card)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, recordID, e.Kind, e.Office, e.Book, e.Entry, e.Born, people, ids, e.Status, e.Card)
		if err != nil {
			return err
		}
		if doc, err = res.LastInsertId(); err != nil {
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
	for r := range oldNames {
		if !newNames[r] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_names WHERE key = ? AND year = ? AND doc = ? AND role = ?`, r.Key, r.Year, doc, r.Role); err != nil {
				return err
			}
		}
	}
	for r := range newNames {
		if !oldNames[r] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_names (key, year, doc, role) VALUES (?, ?, ?, ?)`, r.Key, r.Year, doc, r.Role); err != nil {
				return err
			}
		}
	}
	for t := range oldToks {
		if !newToks[t] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_tokens WHERE tok = ? AND doc = ?`, t, doc); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE search_vocab SET n = max(n - 1, 0) WHERE tok = ?`, t); err != nil {
				return err
			}
		}
	}
	for t := range newToks {
		if !oldToks[t] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_tokens (tok, doc) VALUES (?, ?)`, t, doc); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_vocab (tok, n) VALUES (?, 1) ON CONFLICT (tok) DO UPDATE SET n = n + 1`, t); err != nil {
				return err
			}
		}
	}
	for n := range oldNumber {
		if !newNumber[n] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_ids WHERE id = ? AND doc = ?`, n, doc); err != nil {
				return err
			}
		}
	}
	for n := range newNumber {
		if !oldNumber[n] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_ids (id, doc) VALUES (?, ?)`, n, doc); err != nil {
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

// placeholders returns n ? placeholders, comma-separated.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
