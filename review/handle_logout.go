package review

import "net/http"

// handleLogout ends the session and gives back the user's leases, so that
// the tasks on screen go to someone else at once.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if err := s.cfg.Review.ReleaseLeases(r.Context(), sess.User.Name); err != nil {
		s.cfg.Logger.Warn("release leases", "user", sess.User.Name, "err", err)
	}
	if err := s.cfg.Users.DeleteSession(r.Context(), sess.Token); err != nil {
		s.fail(w, r, err)
		return
	}
	setCookie(w, r, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
