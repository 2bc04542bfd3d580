package postgres

import (
	"context"
	"database/sql"
)

// SetFieldValue changes one field's value the way a review correction does,
// in one transaction with indexRecord, for the search tests.
func (d *DB) SetFieldValue(ctx context.Context, recordID, key, value string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE fields SET value = ?, status = 'corrected', version = version + 1 WHERE record_id = ? AND key = ?`, value, recordID, key); err != nil {
		return err
	}
	if err := indexRecord(ctx, tx, recordID); err != nil {
		return err
	}
	return tx.Commit()
}

// Raw is direct access to the store's tables with ? placeholders, for the
// conformance suite's checks past the interfaces.
type Raw struct{ DB *sql.DB }

func (r Raw) Exec(q string, args ...any) (sql.Result, error) {
	return r.DB.Exec(rebind(q), args...)
}

func (r Raw) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.DB.ExecContext(ctx, rebind(q), args...)
}

func (r Raw) Query(q string, args ...any) (*sql.Rows, error) {
	return r.DB.Query(rebind(q), args...)
}

func (r Raw) QueryRow(q string, args ...any) *sql.Row {
	return r.DB.QueryRow(rebind(q), args...)
}

// Tamper runs q on table with its triggers off, as the table's owner can.
func (r Raw) Tamper(ctx context.Context, table, q string, args ...any) error {
	tx, err := r.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` DISABLE TRIGGER USER`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, rebind(q), args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` ENABLE TRIGGER USER`); err != nil {
		return err
	}
	return tx.Commit()
}
