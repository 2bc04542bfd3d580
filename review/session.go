package review

import (
	"context"
	"crypto/subtle"
	"net/http"

	"github.com/civreg/civreg/registry"
)

// cookieName is the session cookie. It cannot take the __Host- prefix,
// which demands Secure, because the station is mostly served over plain
// HTTP on loopback.
const cookieName = "civreg_session"

type ctxKey struct{}

// sessionOf returns the signed-in session of a request that went through
// signedIn.
func sessionOf(r *http.Request) *registry.Session {
	s, _ := r.Context().Value(ctxKey{}).(*registry.Session)
	return s
}

// signedIn lets through a request from a signed-in user whose role may do
// what the handler does: others go to the sign-in page (GET) or get 401,
// and the wrong role gets 403. A POST must carry the session's CSRF token.
func (s *Server) signedIn(may func(registry.Role) bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := s.session(r)
		if sess == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			s.fail(w, r, registry.Errorf(registry.EUNAUTHORIZED, "not signed in"))
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess))
		if !may(sess.User.Role) {
			s.failStatus(w, r, http.StatusForbidden, "Vai trò của bạn không được mở trang này.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
			got := r.PostFormValue("csrf")
			if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
				s.failStatus(w, r, http.StatusForbidden, "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang.")
				return
			}
		}
		h(w, r)
	})
}

// session returns the request's unexpired session, or nil.
func (s *Server) session(r *http.Request) *registry.Session {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return nil
	}
	sess, err := s.cfg.Users.FindSession(r.Context(), c.Value)
	if err != nil {
		return nil
	}
	if !sess.Expires.IsZero() && !sess.Expires.After(s.cfg.Now()) {
		return nil
	}
	return sess
}

// setCookie sends the session cookie: HttpOnly, SameSite=Strict, and
// Secure when the request came over TLS.
func setCookie(w http.ResponseWriter, r *http.Request, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
}
