// Package sqlrows holds the plumbing both stores (internal/sqlite,
// internal/postgres) wrote the same way around a query: run it, scan each
// row, close, report the error the rows ended with; and the JSON arrays
// they hand a query as one parameter (a list of keys, of rows). It knows
// no SQL dialect: each store hands it its own pool or transaction, which
// rebinds placeholders as that store needs.
package sqlrows

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// Querier runs a query: *sql.DB, *sql.Tx, or a store's own wrapper.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Scanner is a row being read.
type Scanner interface {
	Scan(dest ...any) error
}

// Collect runs query and returns what scan makes of each row, in order.
func Collect[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Column returns the one column of every row of query.
func Column[T any](ctx context.Context, q Querier, query string, args ...any) ([]T, error) {
	return Collect(ctx, q, func(r Scanner) (T, error) {
		var v T
		err := r.Scan(&v)
		return v, err
	}, query, args...)
}

// JSONRow appends one JSON array of values to a JSON array of rows, which
// is left open (the writer closes it with "]").
func JSONRow(b []byte, vals ...any) []byte {
	if len(b) == 0 {
		b = append(b, '[')
	} else {
		b = append(b, ',')
	}
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		switch v := v.(type) {
		case nil:
			b = append(b, "null"...)
		case string:
			b = JSONString(b, v)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				v = 0
			}
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		default:
			panic(fmt.Sprintf("sqlrows.JSONRow: %T", v))
		}
	}
	return append(b, ']')
}

// JSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
// What needs no escaping is copied a run at a time: a bulk load writes
// every field of every record through it.
func JSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is copied as it is
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		b = append(b, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		default:
			b = append(b, "\uFFFD"...)
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
