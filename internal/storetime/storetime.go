// Package storetime is how both stores (internal/sqlite, internal/postgres)
// keep a time: text, UTC, to the microsecond, with a fixed width, so that
// stored times sort as text and a record pushed from a station to the
// registry keeps its times and compares byte for byte. The zero time is
// the empty text.
package storetime

import "time"

// Layout is the stored form of a time.
const Layout = "2006-01-02T15:04:05.000000Z07:00"

// Format returns t as a store keeps it, "" for the zero time.
func Format(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(Layout)
}

// Truncate returns t as a store keeps it: in UTC, to the microsecond.
func Truncate(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// Parse reads a time a store kept; "" is the zero time.
func Parse(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(Layout, s)
}
