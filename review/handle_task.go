package review

import (
	"net/http"
)

// handleTask shows one task, leasing it to the user (or renewing the
// lease they hold).
func (s *Server) handleTask(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tv, err := s.cfg.Review.LeaseTask(r.Context(), sessionOf(r).User, id, s.cfg.Lease)
	if err != nil {
		s.lost(w, r, err, filterFrom(r.URL.Query()))
		return
	}
	s.render(w, r, http.StatusOK, "task", s.newTaskPage(r, tv, filterFrom(r.URL.Query())))
}
