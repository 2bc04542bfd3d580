package moj

import (
	"sort"

	"github.com/civreg/civreg/internal/form"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// Cell returns the value of column c for record r as the template expects
// it: dates dd/mm/yyyy with their precision (mm/yyyy, yyyy), the time of a
// death in its own column (hh:mm), a date in words written out from the
// verified date, sex and the kind of registration as the template's codes,
// everything else (names, places, ethnicity and nationality names, ID
// numbers with their leading zeros) as stored. A field left blank on the
// page is "".
func Cell(c Column, r *registry.Record) string {
	switch c.Key {
	case "":
		return ""
	case "quyenSo":
		return r.Book
	case "noiDangKy":
		return r.Office
	}
	f := r.Fields[c.Key]
	if f == nil || f.Status == registry.FieldMissing || f.Value == "" {
		return ""
	}
	v := f.Value
	switch c.Type {
	case registry.TypeDate, registry.TypeYear:
		return DMY(v)
	case registry.TypeDeathTime:
		date, clock, _ := strings.Cut(v, "T")
		if c.Time {
			return clock
		}
		return DMY(date)
	case registry.TypeDateWords:
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return normalize.FormatDateInWords(t, normalize.WordsStyle{Commas: true})
		}
		return f.Raw // a date in words that says no whole day: as written
	}
	if code, ok := tmpl.Codes[string(c.Type)][v]; ok {
		return code
	}
	return v
}

// DMY writes an ISO date of any precision as people in Vietnam write it:
// "1948-06-26" is "26/06/1948", "1948-06" is "06/1948", "1948" stays. A
// value that is not an ISO date is returned as it is.
func DMY(iso string) string {
	p := strings.Split(iso, "-")
	for _, s := range p {
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return iso
		}
	}
	if len(p) > 3 || len(p[0]) != 4 {
		return iso
	}
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
	return strings.Join(p, "/")
}

// sortedKeys returns a record's field keys in its form's order, then the
// others.
func sortedKeys(r *registry.Record) []string {
	var out []string
	seen := map[string]bool{}
	if f := form.Get(r.Kind, r.Era); f != nil {
		for _, k := range f.Keys() {
			if r.Fields[k] != nil {
				out = append(out, k)
				seen[k] = true
			}
		}
	}
	var rest []string
	for k := range r.Fields {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
