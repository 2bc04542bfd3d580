package sqlite

import "context"

// SetFieldValue changes one field's value the way a review correction does,
// in one transaction with IndexRecord, for the search tests.
func (d *DB) SetFieldValue(ctx context.Context, recordID, key, value string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE fields SET value = ?, status = 'corrected', version = version + 1 WHERE record_id = ? AND key = ?`, value, recordID, key); err != nil {
		return err
	}
	if err := dialect.IndexRecord(ctx, tx, recordID); err != nil {
		return err
	}
	return tx.Commit()
}
