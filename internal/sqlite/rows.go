package sqlite

// #include <stddef.h>
// int civregRowsRegister(void);
// long long civregRowsLend(const unsigned char *p, size_t n);
// void civregRowsReturn(long long token);
import "C"

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// registerRows makes civreg_rows (rows.c) part of every connection opened
// after its first call.
var registerRows = sync.OnceValue(func() error {
	if rc := C.civregRowsRegister(); rc != 0 {
		return fmt.Errorf("sqlite: registering civreg_rows: code %d", int(rc))
	}
	return nil
})

// The tags of a packed value, as rows.c reads them.
const (
	tagNull  = 0
	tagInt   = 1
	tagFloat = 2
	tagText  = 3
)

// packed is rows packed for civreg_rows: each value a tag byte, then 8
// bytes for an integer or a float, or a 4-byte length and the bytes for a
// text, numbers in the machine's byte order (rows.c copies them out as
// they are). Its methods append one value; row appends a row of
// values of any kind. A row of fields, the load's commonest by far, is
// appended value by value, without boxing each.
type packed []byte

func (p packed) row(vals ...any) packed {
	for _, v := range vals {
		switch v := v.(type) {
		case nil:
			p = p.null()
		case string:
			p = p.text(v)
		case int:
			p = p.int(int64(v))
		case int64:
			p = p.int(v)
		case float64:
			p = p.float(v)
		default:
			panic(fmt.Sprintf("packed.row: %T", v))
		}
	}
	return p
}

func (p packed) null() packed { return append(p, tagNull) }

func (p packed) int(n int64) packed {
	return binary.NativeEndian.AppendUint64(append(p, tagInt), uint64(n))
}

// float packs NaN and infinities, which SQLite would store as NULL or
// refuse, as 0.
func (p packed) float(f float64) packed {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		f = 0
	}
	return binary.NativeEndian.AppendUint64(append(p, tagFloat), math.Float64bits(f))
}

// text packs s; invalid UTF-8 becomes U+FFFD, as SQLite expects text to be
// UTF-8.
func (p packed) text(s string) packed {
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // each invalid byte becomes U+FFFD
	}
	p = binary.NativeEndian.AppendUint32(append(p, tagText), uint32(len(s)))
	return append(p, s...)
}

// groupRows is how many rows civreg_rows inserts with one statement where
// it can.
const groupRows = 16

// rowsInsert is an insert of packed rows: INSERT <into> VALUES <values>,
// <values>, ... <tail>.
type rowsInsert struct {
	into   string // "INTO t (a, b, c)", or "OR IGNORE INTO ..."
	values string // a row's tuple, with a ? for each packed value: "(?, ?, 'x')"
	tail   string // an upsert clause, or nothing
}

// sql returns the insert of n rows.
func (in rowsInsert) sql(n int) string {
	var b strings.Builder
	b.WriteString("INSERT " + in.into + " VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(in.values)
	}
	if in.tail != "" {
		b.WriteString(" " + in.tail)
	}
	return b.String()
}

// execRows inserts the rows packed in rows, in C, on tx's connection. rows
// is lent to C, pinned, for the length of the statement. Rows inserted
// before a failing one stay: run it in a transaction.
func execRows(ctx context.Context, tx interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, in rowsInsert, rows packed) error {
	if len(rows) == 0 {
		return nil
	}
	token, give, err := lend(rows)
	if err != nil {
		return err
	}
	defer give()
	_, err = tx.ExecContext(ctx, `SELECT civreg_rows(?, ?, ?)`, in.sql(1), token, in.sql(groupRows))
	return err
}

// lend lends rows (not empty) to civreg_rows until give is called: it pins
// them and returns the number SQL names them by.
func lend(rows packed) (token int64, give func(), err error) {
	var pin runtime.Pinner
	pin.Pin(&rows[0])
	t := C.civregRowsLend((*C.uchar)(unsafe.Pointer(&rows[0])), C.size_t(len(rows)))
	if t == 0 {
		pin.Unpin()
		return 0, nil, errors.New("sqlite: too many row buffers lent at once")
	}
	return int64(t), func() {
		C.civregRowsReturn(t)
		pin.Unpin()
	}, nil
}
