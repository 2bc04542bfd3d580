package review

import (
	"net/http"

	"github.com/civreg/civreg/registry"
)

// handleOriginal serves the page of a record as it was scanned, in colour,
// for people to read; a page stored before originals were kept falls back
// to the cleaned page the machine read.
func (s *Server) handleOriginal(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	s.access.look(sessionOf(r).User.Name, id, "trang sổ gốc")
	if os, ok := s.cfg.Records.(registry.OriginalStore); ok {
		o, err := os.PageOriginal(r.Context(), id)
		if err == nil {
			w.Header().Set("Content-Type", "image/jpeg")
			w.Header().Set("Cache-Control", "private, max-age=600")
			w.Write(o.JPEG)
			return
		}
		if registry.ErrorCode(err) != registry.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
	}
	s.handlePage(w, r)
}
