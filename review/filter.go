package review

import (
	"net/url"
	"regexp"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// Filter is the queue filter as the pages carry it, in query strings and
// hidden inputs.
type Filter struct {
	Batch  string
	Kind   string
	Field  string
	Reason string
}

var (
	keyRE    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,47}$`)
	recordRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	reasonRE = regexp.MustCompile(`^[a-z_]{1,32}(:[a-z_]{0,48})?$`)
)

// filterFrom reads the filter from form values, dropping what is malformed.
func filterFrom(v url.Values) Filter {
	f := Filter{}
	if n, err := strconv.ParseInt(v.Get("batch"), 10, 64); err == nil && n > 0 {
		f.Batch = strconv.FormatInt(n, 10)
	}
	if k, err := registry.ParseKind(v.Get("kind")); err == nil {
		f.Kind = string(k)
	}
	if k := v.Get("field"); keyRE.MatchString(k) {
		f.Field = k
	}
	if r := v.Get("reason"); reasonRE.MatchString(r) {
		f.Reason = r
	}
	return f
}

// Task returns the store's filter.
func (f Filter) Task() registry.TaskFilter {
	b, _ := strconv.ParseInt(f.Batch, 10, 64)
	return registry.TaskFilter{BatchID: b, Kind: registry.Kind(f.Kind), FieldKey: f.Field, Reason: registry.Reason(f.Reason)}
}

// Query returns the filter as a query string, "" or "?…".
func (f Filter) Query() string {
	v := url.Values{}
	for k, s := range map[string]string{"batch": f.Batch, "kind": f.Kind, "field": f.Field, "reason": f.Reason} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}
