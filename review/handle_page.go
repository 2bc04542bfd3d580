package review

import (
	"net/http"

	"github.com/civreg/civreg/registry"
)

// handlePage serves the whole stored page image of a record, as stored.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	b, err := s.cfg.Records.PageImage(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct := http.DetectContentType(b)
	if ct != "image/png" && ct != "image/jpeg" {
		s.fail(w, r, registry.Errorf(registry.EUNSUPPORTED, "stored page is %s", ct))
		return
	}
	s.access.look(sessionOf(r).User.Name, id, "trang sổ")
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=600")
	w.Write(b)
}
