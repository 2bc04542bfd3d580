package review

import (
	"net/http"
	"sort"

	"github.com/civreg/civreg/registry"
)

// homePage is the start page: the queue filter and the three ways to work.
type homePage struct {
	Layout
	Filter  Filter
	Kinds   []Choice
	Fields  []Choice // field keys with open tasks, for the filter and group mode
	Reasons []Choice
	Message string
}

// Choice is one option of a select.
type Choice struct {
	Value, Text string
	Count       int
}

// handleHome shows the start page; an issuer goes to the search.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !u.Role.CanReview() {
		http.Redirect(w, r, "/search", http.StatusSeeOther)
		return
	}
	counts, err := s.cfg.Review.FieldKeys(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := homePage{Layout: layout(r, "Hàng đợi", "home"), Filter: filterFrom(r.URL.Query()), Message: flash(r.URL.Query().Get("msg"))}
	for _, k := range registry.Kinds {
		p.Kinds = append(p.Kinds, Choice{Value: string(k), Text: k.Title()})
	}
	for k, n := range counts {
		p.Fields = append(p.Fields, Choice{Value: k, Text: s.forms.label(k), Count: n})
	}
	sort.Slice(p.Fields, func(i, j int) bool {
		return p.Fields[i].Count > p.Fields[j].Count || p.Fields[i].Count == p.Fields[j].Count && p.Fields[i].Value < p.Fields[j].Value
	})
	for _, rs := range []registry.Reason{registry.ReasonLowConfidence, registry.ReasonMissing, registry.ReasonNotLocated, registry.ReasonInvalid, registry.ReasonDisputed, registry.ReasonMended, registry.ReasonRulePrefix, registry.ReasonAudit} {
		p.Reasons = append(p.Reasons, Choice{Value: string(rs), Text: reasonText(rs)})
	}
	s.render(w, r, http.StatusOK, "home", p)
}

// flash turns a message code from a redirect into its text; codes, not
// text, travel in URLs so that no one can make the page say anything.
func flash(code string) string {
	switch code {
	case "empty":
		return "Không còn việc nào phù hợp trong hàng đợi. Hãy đổi bộ lọc hoặc quay lại sau."
	case "group-empty":
		return "Không còn trường nào của nhóm này cần xem."
	case "entry-empty":
		return "Không còn trang nào cần nhập."
	case "saved":
		return "Đã lưu."
	}
	return ""
}
