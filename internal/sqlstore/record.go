package sqlstore

import (
	"context"
	"database/sql"

	"github.com/civreg/civreg/internal/storetime"
	"github.com/civreg/civreg/registry"
)

// EachRecord runs q, a Dialect.RecordQuery with conditions and order, and calls fn
// with each record as soon as its last field row has been read.
func EachRecord(ctx context.Context, tx Querier, q string, args []any, fn func(*registry.Record) error) error {
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
