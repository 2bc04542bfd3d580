package review

import (
	"fmt"
	"net/http"
)

// handleGroupSubmit settles a group: each crop accepted, corrected or
// marked, then the next crops of the same field (303).
func (s *Server) handleGroupSubmit(w http.ResponseWriter, r *http.Request) {
	f := filterFrom(r.PostForm)
	items, saved, conflicts, err := s.settleMany(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if items != nil {
		label := s.forms.label(f.Field)
		p := multiPage{Layout: layout(r, "Nhóm: "+label, "group"), Mode: "group", Heading: label, Field: f.Field, Filter: f, Action: "/group", Items: items}
		p.Script = "multi.js"
		p.Error = "Có giá trị chưa hợp lệ (đánh dấu đỏ). Chưa lưu gì; hãy sửa rồi nhấn Enter."
		s.render(w, r, http.StatusUnprocessableEntity, "multi", p)
		return
	}
	q := f.Query()
	if q == "" {
		q = "?"
	} else {
		q += "&"
	}
	http.Redirect(w, r, fmt.Sprintf("/group%sdone=%d&conflicts=%d", q, saved, conflicts), http.StatusSeeOther)
}
