package review

import (
	"net/http"
	"sort"
)

// groupSize is how many crops group mode shows at once.
const groupSize = 24

// groupsPage lets the reviewer choose a field for group mode.
type groupsPage struct {
	Layout
	Fields  []Choice
	Message string
}

// handleGroup shows one field across many pages, or the choice of field.
func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := filterFrom(q)
	if f.Field == "" {
		s.groupChooser(w, r, flash(q.Get("msg")))
		return
	}
	tvs, err := s.cfg.Review.GroupTasks(r.Context(), sessionOf(r).User, f.Field, f.Task(), groupSize, s.cfg.Lease)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(tvs) == 0 {
		s.groupChooser(w, r, flash("group-empty"))
		return
	}
	label := s.forms.label(f.Field)
	p := multiPage{Layout: layout(r, "Nhóm: "+label, "group"), Mode: "group", Heading: label, Field: f.Field, Filter: f, Action: "/group"}
	p.Script = "multi.js"
	p.Sub = "Cùng một trường trên nhiều trang. Xem lướt; sửa ô sai; Enter lưu tất cả ô chưa đánh dấu là đúng."
	p.Message, p.Conflicts = doneText(q)
	for i, tv := range tvs {
		p.Items = append(p.Items, s.newItem(r, i+1, tv))
	}
	s.render(w, r, http.StatusOK, "multi", p)
}

// groupChooser lists the fields with open tasks, most first.
func (s *Server) groupChooser(w http.ResponseWriter, r *http.Request, msg string) {
	counts, err := s.cfg.Review.FieldKeys(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := groupsPage{Layout: layout(r, "Chế độ nhóm", "group"), Message: msg}
	p.Script = "keylist.js" // the first field has the focus, ↓/↑ move, Enter opens
	for k, n := range counts {
		p.Fields = append(p.Fields, Choice{Value: k, Text: s.forms.label(k), Count: n})
	}
	sort.Slice(p.Fields, func(i, j int) bool {
		return p.Fields[i].Count > p.Fields[j].Count || p.Fields[i].Count == p.Fields[j].Count && p.Fields[i].Value < p.Fields[j].Value
	})
	s.render(w, r, http.StatusOK, "groups", p)
}
