package sqlrows_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/civreg/civreg/internal/sqlrows"
	_ "github.com/mattn/go-sqlite3"
)

// TestCollect reads rows of a real SQLite file, and reports a failed scan.
func TestCollect(t *testing.T) {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Exec(`CREATE TABLE t (n INTEGER, s TEXT); INSERT INTO t VALUES (1, 'một'), (2, 'hai'), (3, NULL)`); err != nil {
		t.Fatal(err)
	}
	ns, err := sqlrows.Column[int](ctx, db, `SELECT n FROM t WHERE n < ? ORDER BY n`, 3)
	if err != nil || len(ns) != 2 || ns[0] != 1 || ns[1] != 2 {
		t.Errorf("Column = %v, %v; want [1 2]", ns, err)
	}
	if _, err := sqlrows.Column[string](ctx, db, `SELECT s FROM t ORDER BY n`); err == nil {
		t.Errorf("a NULL scanned into a string gave no error")
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	type row struct {
		n int
		s string
	}
	rs, err := sqlrows.Collect(ctx, tx, func(r sqlrows.Scanner) (row, error) {
		var v row
		return v, r.Scan(&v.n, &v.s)
	}, `SELECT n, s FROM t WHERE s IS NOT NULL ORDER BY n DESC`)
	if err != nil || len(rs) != 2 || rs[0] != (row{2, "hai"}) {
		t.Errorf("Collect = %v, %v", rs, err)
	}
}

// TestJSONRow writes rows a query reads with json_each or
// jsonb_array_elements: strings escaped, invalid UTF-8 replaced, numbers
// as JSON takes them, null.
func TestJSONRow(t *testing.T) {
	var b []byte
	b = sqlrows.JSONRow(b, "an nguyễn \"văn\"\\\n\x01", 7, int64(-3), 0.25)
	b = sqlrows.JSONRow(b, "bad \xff", nil, math.NaN())
	got := string(append(b, ']'))
	want := `[["an nguyễn \"văn\"\\\u000a\u0001",7,-3,0.25],["bad ` + "\uFFFD" + `",null,0]]`
	if got != want {
		t.Errorf("JSONRow:\n%s\nwant\n%s", got, want)
	}
	var v [][]any
	if err := json.Unmarshal([]byte(got), &v); err != nil || v[0][0] != "an nguyễn \"văn\"\\\n\x01" {
		t.Errorf("not JSON that reads back: %v, %v", v, err)
	}
}

// jsonStringByByte is JSONString as first written, a byte at a time: the
// bytes JSONString must write.
func jsonStringByByte(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// FuzzJSONString checks JSONString against the byte-at-a-time version, and
// that encoding/json reads back the string (invalid bytes as U+FFFD).
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "an nguyễn \"văn\"\\\n\x01", "bad \xff", "\xe1\xba", "end\\", "\x7f<&>\u2028", "\ufffd\xffx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := sqlrows.JSONString([]byte("x"), s)
		if want := jsonStringByByte([]byte("x"), s); string(got) != string(want) {
			t.Fatalf("JSONString(%q) = %s, want %s", s, got, want)
		}
		var back string
		if err := json.Unmarshal(got[1:], &back); err != nil || back != string([]rune(s)) {
			t.Fatalf("JSONString(%q) = %s reads back as %q (%v)", s, got[1:], back, err)
		}
	})
}
