package review

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	typeahead "github.com/civreg/civreg/internal/suggest"
	"github.com/civreg/civreg/registry"
)

// handleSuggest answers the type-ahead of the keying view as JSON: up to
// eight values for what was typed (q) in one field (key) of one record,
// the values already keyed in its book first. For a date in words, q is
// the page's date and the answer is that date in words.
func (s *Server) handleSuggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, key, typed := q.Get("r"), q.Get("key"), q.Get("q")
	if !recordRE.MatchString(id) || key == "" || len(key) > 64 || len(typed) > 200 {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad suggestion request"))
		return
	}
	rec, err := s.cfg.Records.FindRecord(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, _, typ := s.forms.spec(rec.Kind, rec.Era, key)
	var items []typeahead.Item
	if typ == registry.TypeDateWords {
		if iso, err := normalize.Date(typed); err == nil {
			if words := dateWords(iso); words != "" {
				items = []typeahead.Item{{Value: words, Label: words}}
			}
		}
	} else if typ == registry.TypeTick {
		items = typeahead.For(typ, typed, tickOptions(rec.Kind, rec.Era, key), 8)
	} else {
		book, err := s.bookValues(r, rec, typ)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		items = typeahead.For(typ, typed, book, 8)
	}
	if items == nil {
		items = []typeahead.Item{}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(items)
}

// bookValues returns the settled values of one type keyed in rec's book,
// the commonest first, the record itself left out: nothing still waiting
// for a person, so that no keyer is offered another's unsettled keying.
func (s *Server) bookValues(r *http.Request, rec *registry.Record, typ registry.ValueType) ([]string, error) {
	recs, err := s.books.get(r.Context(), s.cfg.Records, rec.Office, rec.Book, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	var order []string
	for _, o := range recs {
		if o.ID == rec.ID {
			continue
		}
		for k, f := range o.Fields {
			if _, _, t := s.forms.spec(o.Kind, o.Era, k); t != typ || f.Status == registry.FieldNeedsReview || strings.TrimSpace(f.Value) == "" {
				continue
			}
			if count[f.Value] == 0 {
				order = append(order, f.Value)
			}
			count[f.Value]++
		}
	}
	sortByCount(order, count)
	return order, nil
}

// tickOptions are the texts of a tick slot's boxes.
func tickOptions(kind registry.Kind, era registry.Era, key string) []string {
	if f := form.Get(kind, era); f != nil {
		for _, sl := range f.Slots() {
			if sl.Key == key {
				return sl.Options
			}
		}
	}
	return nil
}
