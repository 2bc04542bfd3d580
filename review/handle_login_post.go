package review

import (
	"net/http"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/registry"
)

// handleLogin checks a name and password and starts a session. A wrong
// name and a wrong password get the same answer, after the same work.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	name, pw := r.PostFormValue("name"), r.PostFormValue("password")
	hash := ""
	u, err := s.cfg.Users.FindUser(r.Context(), name)
	if err == nil {
		hash = u.PasswordHash
	} else if registry.ErrorCode(err) != registry.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if !auth.VerifyPassword(hash, pw) || u == nil {
		page := loginPage{Layout: Layout{Title: "Đăng nhập"}, Name: name, Error: "Sai tên đăng nhập hoặc mật khẩu."}
		s.render(w, r, http.StatusUnauthorized, "login", page)
		return
	}
	tok, err1 := auth.NewToken()
	csrf, err2 := auth.NewToken()
	if err1 != nil || err2 != nil {
		s.fail(w, r, registry.Errorf(registry.EINTERNAL, "no randomness"))
		return
	}
	sess := &registry.Session{Token: tok, CSRF: csrf, Expires: s.cfg.Now().Add(sessionLife), User: registry.User{Name: u.Name}}
	if err := s.cfg.Users.CreateSession(r.Context(), sess); err != nil {
		s.fail(w, r, err)
		return
	}
	setCookie(w, r, tok, int(sessionLife.Seconds()))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
