package review

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/registry"
)

// handleLogin checks a name and password and starts a session. A wrong
// name and a wrong password get the same answer, after the same work.
// Guesses are throttled per account and per client address before any
// password is hashed, so that a flood of them neither gets through nor
// keeps the key-derivation slots from other people's sign-ins.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	name, pw := r.PostFormValue("name"), r.PostFormValue("password")
	a, ok := s.beginSignin(w, r, name)
	if !ok {
		return
	}
	hash := ""
	u, err := s.cfg.Users.FindUser(r.Context(), name)
	if err == nil {
		hash = u.PasswordHash
	} else if registry.ErrorCode(err) != registry.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	good := auth.VerifyPassword(hash, pw) && u != nil
	note := "từ " + a.Addr
	if good && u.Disabled {
		good, note = false, note+"; tài khoản đã bị tắt"
	}
	if err := s.cfg.Signin.EndSignin(r.Context(), a, good, note); err != nil {
		s.fail(w, r, err)
		return
	}
	if !good {
		page := loginPage{Layout: Layout{Title: "Đăng nhập"}, Name: name, Error: "Sai tên đăng nhập hoặc mật khẩu."}
		s.render(w, r, http.StatusUnauthorized, "login", page)
		return
	}
	s.startSession(w, r, u)
}

// beginSignin records the attempt, or answers 429 when the account or the
// address has failed too often lately.
func (s *Server) beginSignin(w http.ResponseWriter, r *http.Request, name string) (*registry.SigninAttempt, bool) {
	now := s.cfg.Now()
	if len(name) > 64 {
		name = name[:64]
	}
	a := &registry.SigninAttempt{Name: name, Addr: clientAddr(r), At: now}
	since := auth.AccountLimit.Since(now)
	if t := auth.AddressLimit.Since(now); t.Before(since) {
		since = t
	}
	err := s.cfg.Signin.BeginSignin(r.Context(), a, since, func(byName, byAddr []time.Time) error {
		if ref := auth.AccountLimit.Allow(byName, now); ref != nil {
			return ref
		}
		if ref := auth.AddressLimit.Allow(byAddr, now); ref != nil {
			ref.Address = true
			return ref
		}
		return nil
	})
	var ref *auth.Refusal
	if errors.As(err, &ref) {
		secs := int(math.Ceil(ref.Wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		page := loginPage{Layout: Layout{Title: "Đăng nhập"}, Name: name, Error: refusalText(ref, secs)}
		s.render(w, r, http.StatusTooManyRequests, "login", page)
		return nil, false
	} else if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return a, true
}

// refusalText says in Vietnamese why a sign-in is not tried, and when it
// may be.
func refusalText(ref *auth.Refusal, secs int) string {
	wait := fmt.Sprintf("%d giây", secs)
	if secs >= 120 {
		wait = fmt.Sprintf("%d phút", (secs+59)/60)
	}
	switch {
	case ref.Locked:
		return "Tài khoản tạm khoá vì đăng nhập sai quá nhiều lần. Hãy nhờ giám sát viên mở khoá, hoặc thử lại sau " + wait + "."
	case ref.Address:
		return "Máy này đã đăng nhập sai quá nhiều lần. Vui lòng chờ " + wait + " rồi thử lại."
	}
	return "Đăng nhập sai quá nhiều lần. Vui lòng chờ " + wait + " rồi thử lại."
}

// clientAddr is the address the request came from. The station listens on
// loopback with no proxy in front: no forwarding header is believed.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// startSession signs u in.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *registry.User) {
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
