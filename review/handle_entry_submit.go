package review

import (
	"fmt"
	"net/http"

	"github.com/civreg/civreg/registry"
)

// handleEntrySubmit settles the keyed fields of one page and opens the
// next page (303).
func (s *Server) handleEntrySubmit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("record")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	items, saved, conflicts, err := s.settleMany(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if items != nil {
		rec, err := s.cfg.Records.FindRecord(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p := s.entryPage(r, id, rec)
		p.Items = items
		p.Error = "Có giá trị chưa hợp lệ (đánh dấu đỏ). Chưa lưu gì; hãy sửa rồi nhấn Enter."
		s.render(w, r, http.StatusUnprocessableEntity, "multi", p)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/entry?done=%d&conflicts=%d", saved, conflicts), http.StatusSeeOther)
}
