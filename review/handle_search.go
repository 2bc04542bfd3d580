package review

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/civreg/civreg/registry"
)

// searchPage is the issuer's search form and its hits.
type searchPage struct {
	Layout
	Configured bool
	CanIssue   bool
	Query      registry.SearchQuery
	Searched   bool
	Hits       []hitRow
	Error      string
}

type hitRow struct {
	registry.SearchHit
	KindTitle string
	Verified  bool
	Score     string
}

// handleSearch finds records for an issuer.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	p := searchPage{Layout: layout(r, "Tra cứu và cấp trích lục", "search"), Configured: s.cfg.Search != nil, CanIssue: s.cfg.Issue != nil}
	q := r.URL.Query()
	p.Query = registry.SearchQuery{Name: trim(q.Get("name")), Born: trim(q.Get("born")), ID: trim(q.Get("id")), Book: trim(q.Get("book")), Entry: trim(q.Get("entry"))}
	if k, err := registry.ParseKind(q.Get("kind")); err == nil {
		p.Query.Kind = k
	}
	if !p.Configured || p.Query == (registry.SearchQuery{}) {
		s.render(w, r, http.StatusOK, "search", p)
		return
	}
	p.Searched = true
	hits, err := s.cfg.Search.Search(r.Context(), p.Query)
	if registry.ErrorCode(err) == registry.EINVALID {
		p.Error = "Hãy nhập ít nhất một điều kiện tìm."
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.access.add(registry.Event{At: s.cfg.Now(), Actor: sessionOf(r).User.Name, Action: "search", New: strconv.Itoa(len(hits)), Note: p.Query.Describe()})
	for _, h := range hits {
		p.Hits = append(p.Hits, hitRow{SearchHit: h, KindTitle: h.Kind.Title(), Verified: h.Status == registry.RecordVerified, Score: strconv.Itoa(int(h.Score*100+0.5)) + "%"})
	}
	s.render(w, r, http.StatusOK, "search", p)
}

// trim bounds and trims a query value.
func trim(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
