package review

import (
	"net/http"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// handleNext leases the next task matching the filter and opens it.
func (s *Server) handleNext(w http.ResponseWriter, r *http.Request) {
	s.redirectNext(w, r, filterFrom(r.PostForm))
}

// redirectNext leases the next task and answers 303 to it, or to the start
// page when the queue is empty.
func (s *Server) redirectNext(w http.ResponseWriter, r *http.Request, f Filter) {
	tv, err := s.cfg.Review.NextTask(r.Context(), sessionOf(r).User, f.Task(), s.cfg.Lease)
	if registry.ErrorCode(err) == registry.ENOTFOUND {
		q := f.Query()
		if q == "" {
			q = "?msg=empty"
		} else {
			q += "&msg=empty"
		}
		http.Redirect(w, r, "/"+q, http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/task/"+strconv.FormatInt(tv.ID, 10)+f.Query(), http.StatusSeeOther)
}
