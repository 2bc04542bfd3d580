package searchkey

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/civreg/civreg/registry"
)

// cardByMap is how card was written before: a map marshalled by
// encoding/json. card must write the same bytes.
func cardByMap(kind registry.Kind, values map[string]string) string {
	m := map[string]string{}
	for _, k := range cardKeys {
		if v := values[k]; v != "" {
			m[k] = v
		}
	}
	for _, pk := range personKeys[kind] {
		for _, k := range []string{pk.Name, pk.Born} {
			if v := values[k]; v != "" {
				m[k] = v
			}
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// TestRecordEntry checks that a record's entry read from its fields
// (RecordEntry, card written by hand) is the one BuildEntry computes from
// its values, and its card the one encoding/json writes, with values that
// JSON escapes.
func TestRecordEntry(t *testing.T) {
	odd := []string{"", "Nguyễn Văn An", "a<b>&c", "say \"hi\"\\", "tab\there\nline", "\xffbad", "line\u2028sep", "ok\u2029", "\ufffd", "\x7f", "12/3/1990", "1990-05-03", "001", "0790 9000 1234; B1234567"}
	kinds := append(slices.Collect(maps.Keys(personKeys)), registry.Kind("other"))
	for i := range 400 {
		kind := kinds[i%len(kinds)]
		values := map[string]string{}
		keys := slices.Clone(cardKeys)
		for _, pk := range personKeys[kind] {
			keys = append(keys, pk.Name, pk.Born)
		}
		keys = append(keys, "nksSoDinhDanh", "chongGiayToTuyThan", "ghiChu")
		for j, k := range keys {
			if v := odd[(i*7+j*3)%len(odd)]; v != "" || j%2 == 0 {
				values[k] = v
			}
		}
		r := &registry.Record{Kind: kind, Office: "UBND xã A", Book: "01/2009", Status: registry.RecordVerified, Fields: map[string]*registry.Field{}}
		for k, v := range values {
			r.Fields[k] = &registry.Field{Value: v}
		}
		got, want := RecordEntry(r), BuildEntry(kind, r.Office, r.Book, r.Status, values)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("RecordEntry = %+v\nBuildEntry = %+v", got, want)
		}
		if c := cardByMap(kind, values); got.Card != c {
			t.Fatalf("card of %q = %s, want %s", values, got.Card, c)
		}
	}
}
