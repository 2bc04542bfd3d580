package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// FindRecord returns the record with the given id, or ENOTFOUND.
func (s *Store[T]) FindRecord(ctx context.Context, id string) (*registry.Record, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var found *registry.Record
	err = ScanRecords(ctx, tx, s.d.RecordQuery()+` WHERE r.id = ?`, []any{id}, func(r *registry.Record) error {
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
func (s *Store[T]) EachRecord(ctx context.Context, f registry.RecordFilter, fn func(*registry.Record) error) error {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	where, args := s.d.filterSQL(f)
	q := s.d.RecordQuery() + where + ` ORDER BY r.office, r.book, r.page, r.id`
	if err := ScanRecords(ctx, tx, q, args, fn); err != nil {
		return err
	}
	return tx.Commit()
}

// filterSQL returns the WHERE clause selecting f, and its arguments.
func (d Dialect) filterSQL(f registry.RecordFilter) (string, []any) {
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
		var cond []string
		if d.FieldsOfRecordCond != "" {
			cond = append(cond, d.FieldsOfRecordCond)
		}
		cond = append(cond, `d.key = 'ngayDangKy'`, `d.value <> ''`)
		if f.RegisteredFrom != "" {
			cond, args = append(cond, `d.value >= substr(?, 1, length(d.value))`), append(args, f.RegisteredFrom)
		}
		if f.RegisteredTo != "" {
			cond, args = append(cond, `substr(d.value, 1, length(?)) <= ?`), append(args, f.RegisteredTo, f.RegisteredTo)
		}
		where = append(where, `EXISTS (SELECT 1 FROM `+d.FieldsOfRecord+` WHERE `+strings.Join(cond, ` AND `)+`)`)
	}
	if len(where) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(where, ` AND `), args
}

// PageImage returns the stored image of the page a record was read from, or
// ENOTFOUND when there is no such record or its page has no image.
func (s *Store[T]) PageImage(ctx context.Context, recordID string) ([]byte, error) {
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var data []byte
	err = tx.QueryRowContext(ctx, `
		SELECT i.data FROM `+s.d.RecordImage+`
		WHERE r.id = ?`, recordID).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, registry.Errorf(registry.ENOTFOUND, "no page image for record %s", recordID)
	} else if err != nil {
		return nil, err
	}
	return data, tx.Commit()
}

// RecordQuery selects a record with its page and one row per field, in
// the columns ScanRecords scans; rows of one record come together as long
// as the order ends with r.id.
func (d Dialect) RecordQuery() string {
	return `
	SELECT r.id, r.kind, r.era, r.office, r.book, r.page, r.status, r.created,
	       ` + d.IfNull + `(p.batch_id, 0), p.file, p.page_index, p.sha256, p.side,
	       f.key, f.value, f.raw, f.confidence, f.status,
	       f.box_x0, f.box_y0, f.box_x1, f.box_y1, f.reason, f.note
	FROM records r
	JOIN pages p ON p.id = r.page_id
	LEFT JOIN ` + d.FieldsJoin
}

// ScanRecords runs q, a Dialect.RecordQuery with conditions and order, and
// calls fn with each record as soon as its last field row has been read.
func ScanRecords(ctx context.Context, tx Querier, q string, args []any, fn func(*registry.Record) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()

	var cur *registry.Record
	for rows.Next() {
		var (
			r                    registry.Record
			created              string
			key, value, raw      sql.NullString
			status, reason, note sql.NullString
			conf                 sql.NullFloat64
			box                  [4]sql.NullInt64
		)
		if err := rows.Scan(&r.ID, &r.Kind, &r.Era, &r.Office, &r.Book, &r.Page, &r.Status, &created,
			&r.BatchID, &r.Source.File, &r.Source.PageIndex, &r.Source.SHA256, &r.Source.Side,
			&key, &value, &raw, &conf, &status, &box[0], &box[1], &box[2], &box[3], &reason, &note,
		); err != nil {
			return err
		}
		if cur == nil || cur.ID != r.ID {
			if cur != nil {
				if err := fn(cur); err != nil {
					return err
				}
			}
			if r.Created, err = storetime.Parse(created); err != nil {
				return err
			}
			r.Fields = map[string]*registry.Field{}
			cur = &r
		}
		if !key.Valid {
			continue // a record without fields
		}
		f := &registry.Field{
			Key: key.String, Value: value.String, Raw: raw.String, Confidence: conf.Float64,
			Status: registry.FieldStatus(status.String), Reason: registry.Reason(reason.String), Note: note.String,
		}
		if box[0].Valid {
			f.Box = &registry.Box{int(box[0].Int64), int(box[1].Int64), int(box[2].Int64), int(box[3].Int64)}
		}
		cur.Fields[f.Key] = f
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cur != nil {
		// Close before calling fn, so that the connection is free again.
		if err := rows.Close(); err != nil {
			return err
		}
		return fn(cur)
	}
	return nil
}
