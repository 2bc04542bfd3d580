package export

import (
	"sort"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

// Writer writes records one at a time. Flush must be called after the last
// one; it also writes what an empty export consists of (a CSV header).
type Writer interface {
	Write(r *registry.Record) error
	Flush() error
}

// Keys returns the field keys of a record in output order: the keys its
// form prints, in page order, then any other keys the record has, sorted.
// A record whose kind and era name no known form is EINVALID: it could not
// carry the keys the contract promises.
func Keys(r *registry.Record) ([]string, error) {
	f := form.Get(r.Kind, r.Era)
	if f == nil {
		return nil, registry.Errorf(registry.EINVALID, "record %s: no form %s-%s", r.ID, r.Kind, r.Era)
	}
	keys := f.Keys()
	printed := make(map[string]bool, len(keys))
	for _, k := range keys {
		printed[k] = true
	}
	var extra []string
	for k := range r.Fields {
		if !printed[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	return append(keys, extra...), nil
}

// missing is the field written for a key the record does not have.
var missing = registry.Field{Status: registry.FieldMissing}

// field returns r's field with the given key, or a missing one.
func field(r *registry.Record, key string) *registry.Field {
	if f := r.Fields[key]; f != nil {
		return f
	}
	return &missing
}

// Columns returns the field key columns of a CSV export of the given kinds
// (every kind when none is given): the keys of their forms, both eras, in
// page order, each once where it first appears.
func Columns(kinds ...registry.Kind) []string {
	want := map[registry.Kind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range form.All() {
		if len(kinds) > 0 && !want[f.Kind] {
			continue
		}
		for _, k := range f.Keys() {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// Both writers are Writers.
var (
	_ Writer = (*NDJSON)(nil)
	_ Writer = (*CSV)(nil)
)
