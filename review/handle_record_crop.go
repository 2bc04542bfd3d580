package review

import (
	"net/http"

	"github.com/civreg/civreg/registry"
)

// handleRecordCrop serves the crop of one field of a record.
func (s *Server) handleRecordCrop(w http.ResponseWriter, r *http.Request) {
	id, key := r.PathValue("id"), r.PathValue("key")
	if !recordRE.MatchString(id) || !keyRE.MatchString(key) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record or field"))
		return
	}
	rec, err := s.cfg.Records.FindRecord(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	box := viewBox(rec, key)
	if box == nil {
		s.fail(w, r, registry.Errorf(registry.ENOTFOUND, "no box for %s", key))
		return
	}
	s.access.look(sessionOf(r).User.Name, id, "ô chữ")
	s.serveCrop(w, r, id, *box)
}
