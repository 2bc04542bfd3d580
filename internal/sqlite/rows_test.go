package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func rowsDB(t *testing.T) *sql.DB {
	t.Helper()
	if err := registerRows(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "rows.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (k TEXT PRIMARY KEY, i INTEGER, f REAL, n)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// Every kind of value arrives as it was packed, text byte for byte.
func TestExecRows(t *testing.T) {
	ctx := context.Background()
	db := rowsDB(t)
	var rows packed
	rows = rows.row("Nguyễn Văn \"An\"\n", 1, 0.25, nil)
	rows = rows.row("", int64(-1<<62), 1.0, "x")
	rows = rows.row("ab\xffc", 0, -0.5, int64(7))
	rows = rows.row(strings.Repeat("đ", 70000), 3, 2e300, 4.5)
	if err := execRows(ctx, db, rowsInsert{into: "INTO t", values: "(?, ?, ?, ?)"}, rows); err != nil {
		t.Fatal(err)
	}
	got := map[string][]any{}
	r, err := db.Query(`SELECT k, i, f, n, typeof(n) FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var k, typ string
		var i int64
		var f float64
		var n any
		if err := r.Scan(&k, &i, &f, &n, &typ); err != nil {
			t.Fatal(err)
		}
		got[k] = []any{i, f, n, typ}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string][]any{
		"Nguyễn Văn \"An\"\n":      {int64(1), 0.25, nil, "null"},
		"":                         {int64(-1 << 62), 1.0, "x", "text"},
		"ab\uFFFDc":                {int64(0), -0.5, int64(7), "integer"},
		strings.Repeat("đ", 70000): {int64(3), 2e300, 4.5, "real"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows read back differ:\n got %.200v\nwant %.200v", got, want)
	}
}

// Rows go in 16 to a statement and the rest one by one, each once, in
// their order.
func TestExecRowsGroups(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{1, 15, 16, 17, 40} {
		db := rowsDB(t)
		var rows packed
		for i := range n {
			rows = rows.row(fmt.Sprint(i), i, float64(i)/2, nil)
		}
		if err := execRows(ctx, db, rowsInsert{into: "INTO t (k, i, f, n)", values: "(?, ?, ?, ?)"}, rows); err != nil {
			t.Fatal(err)
		}
		var count, sum, ordered int
		err := db.QueryRow(`SELECT COUNT(*), SUM(i), SUM(rowid = i + 1) FROM t WHERE k = CAST(i AS TEXT) AND f = i / 2.0`).Scan(&count, &sum, &ordered)
		if err != nil || count != n || sum != n*(n-1)/2 || ordered != n {
			t.Errorf("%d rows: %d stored, sum %d, %d in order (%v)", n, count, sum, ordered, err)
		}
	}
}

// Rows cut short, a value of no known kind, a duplicate key and a number
// no buffer was lent under are errors; the function cannot be reached
// without a loan.
func TestExecRowsRefuses(t *testing.T) {
	ctx := context.Background()
	db := rowsDB(t)
	insert := rowsInsert{into: "INTO t", values: "(?, ?, ?, ?)"}
	row := packed(nil).row("a", 1, 0.5, nil)
	for name, rows := range map[string]packed{
		"cut short":   row[:len(row)-1],
		"half a row":  packed(nil).row("b", 2),
		"unknown tag": append(packed(nil).row("c", 3, 0.5), 9),
	} {
		if err := execRows(ctx, db, insert, rows); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := execRows(ctx, db, insert, append(append(packed{}, row...), row...)); !isConstraint(err) {
		t.Errorf("duplicate: %v, want a constraint error", err)
	}
	if _, err := db.Exec(`SELECT civreg_rows('DELETE FROM t WHERE k = ?', 1)`); err == nil {
		t.Error("civreg_rows ran a DELETE")
	}
	for _, token := range []any{0, 1, 999999, "1", nil} {
		if _, err := db.Exec(`SELECT civreg_rows(?, ?)`, insert.sql(1), token); err == nil {
			t.Errorf("civreg_rows with token %v: no error", token)
		}
	}
	// Statements that do not take whole rows.
	for _, many := range []string{"INSERT INTO t VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, 1)", "INSERT INTO t VALUES (1, 2, 3, 4)", "SELECT ?, ?, ?, ?"} {
		rows := packed(nil).row("z", 1, 0.5, nil)
		token, give, err := lend(rows)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`SELECT civreg_rows(?, ?, ?)`, insert.sql(1), token, many); err == nil {
			t.Errorf("civreg_rows with %q: no error", many)
		}
		give()
	}
	if _, err := db.Exec(`CREATE VIEW v AS SELECT civreg_rows('SELECT 1', 1)`); err == nil {
		if _, err := db.Exec(`SELECT * FROM v`); err == nil {
			t.Error("civreg_rows ran from a view")
		}
	}
}
