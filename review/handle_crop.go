package review

import (
	"net/http"

	"github.com/civreg/civreg/registry"
)

// handleTaskCrop serves the crop of a task shown to this user: the field's
// box with a margin, cut from the cleaned page.
func (s *Server) handleTaskCrop(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "task")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ref, ok := s.refs.get(sessionOf(r).User.Name, id)
	if !ok {
		s.fail(w, r, registry.Errorf(registry.ENOTFOUND, "task %d not shown to this user", id))
		return
	}
	s.serveCrop(w, r, ref.recordID, ref.box)
}

// serveCrop writes the crop of box from the record's page as PNG.
func (s *Server) serveCrop(w http.ResponseWriter, r *http.Request, recordID string, box registry.Box) {
	img, err := s.pages.get(r.Context(), s.cfg.Records, recordID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := crop(img, box)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=600")
	w.Write(b)
}
