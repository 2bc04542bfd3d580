package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/civreg/civreg/internal/sqlstore"
	"github.com/civreg/civreg/registry"
)

// recordQuery selects a record with its page and one row per field; rows of
// one record come together as long as the order ends with r.id.
const recordQuery = `
	SELECT r.id, r.kind, r.era, r.office, r.book, r.page, r.status, r.created,
	       IFNULL(p.batch_id, 0), p.file, p.page_index, p.sha256, p.side,
	       f.key, f.value, f.raw, f.confidence, f.status,
	       f.box_x0, f.box_y0, f.box_x1, f.box_y1, f.reason, f.note
	FROM records r
	JOIN pages p ON p.id = r.page_id
	LEFT JOIN fields f ON f.record_id = r.id`

// FindRecord returns the record with the given id, or ENOTFOUND.
func (d *DB) FindRecord(ctx context.Context, id string) (*registry.Record, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var found *registry.Record
	err = sqlstore.EachRecord(ctx, tx, recordQuery+` WHERE r.id = ?`, []any{id}, func(r *registry.Record) error {
		found = r
		return nil
	})
	if err != nil {
		return nil, err
	} else if found == nil {
		return nil, registry.Errorf(registry.ENOTFOUND, "record %s not found", id)
	}
	return found, tx.Commit()
}

// EachRecord calls fn for every record matching f, ordered by office, book,
// page and id, one at a time: the rows are read as fn goes, so memory does
// not grow with the store. The walk sees the store as it was when it began;
// fn may call the store, also to write. An error from fn stops the walk
// and is returned.
func (d *DB) EachRecord(ctx context.Context, f registry.RecordFilter, fn func(*registry.Record) error) error {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	where, args := filterSQL(f)
	q := recordQuery + where + ` ORDER BY r.office, r.book, r.page, r.id`
	if err := sqlstore.EachRecord(ctx, tx, q, args, fn); err != nil {
		return err
	}
	return tx.Commit()
}

// filterSQL returns the WHERE clause selecting f, and its arguments.
func filterSQL(f registry.RecordFilter) (string, []any) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, `r.status = ?`), append(args, string(f.Status))
	}
	if f.Kind != "" {
		where, args = append(where, `r.kind = ?`), append(args, string(f.Kind))
	}
	if f.Office != "" {
		where, args = append(where, `r.office = ?`), append(args, f.Office)
	}
	if f.Book != "" {
		where, args = append(where, `r.book = ?`), append(args, f.Book)
	}
	if f.BatchID != 0 {
		where, args = append(where, `p.batch_id = ?`), append(args, f.BatchID)
	}
	// The registration date is kept with its precision ("2009", "2009-06",
	// "2009-06-26"). Each bound is compared with the value at the shorter
	// of the two precisions, so that --to 2009 keeps 2009-12-31 and a value
	// known only to the month or year is kept when it may fall in the range.
	if f.RegisteredFrom != "" || f.RegisteredTo != "" {
		cond := []string{`d.record_id = r.id`, `d.key = 'ngayDangKy'`, `d.value <> ''`}
		if f.RegisteredFrom != "" {
			cond, args = append(cond, `d.value >= substr(?, 1, length(d.value))`), append(args, f.RegisteredFrom)
		}
		if f.RegisteredTo != "" {
			cond, args = append(cond, `substr(d.value, 1, length(?)) <= ?`), append(args, f.RegisteredTo, f.RegisteredTo)
		}
		where = append(where, `EXISTS (SELECT 1 FROM fields d WHERE `+strings.Join(cond, ` AND `)+`)`)
	}
	if len(where) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(where, ` AND `), args
}

// PageImage returns the stored image of the page a record was read from, or
// ENOTFOUND when there is no such record or its page has no image.
func (d *DB) PageImage(ctx context.Context, recordID string) ([]byte, error) {
	tx, err := d.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var data []byte
	err = tx.QueryRowContext(ctx, `
		SELECT i.data FROM records r JOIN page_images i ON i.page_id = r.page_id
		WHERE r.id = ?`, recordID).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "no page image for record %s", recordID)
	} else if err != nil {
		return nil, err
	}
	return data, tx.Commit()
}
