package review

import "net/http"

// loginPage is the sign-in form.
type loginPage struct {
	Layout
	Name  string
	Error string
}

// handleLoginForm shows the sign-in form, or the home page to someone
// signed in already.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if s.session(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", loginPage{Layout: Layout{Title: "Đăng nhập"}})
}
