package review

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/civreg/civreg/registry"
)

// routes builds the handler: the mux wrapped in the cross-origin check, the
// path check and the security headers, outermost last.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(embedded, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))

	mux.HandleFunc("GET /login", s.handleLoginForm)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.Handle("POST /logout", s.signedIn(anyRole, s.handleLogout))

	mux.Handle("GET /{$}", s.signedIn(anyRole, s.handleHome))
	mux.Handle("POST /next", s.signedIn(registry.Role.CanReview, s.handleNext))
	mux.Handle("GET /task/{id}", s.signedIn(registry.Role.CanReview, s.handleTask))
	mux.Handle("POST /task/{id}", s.signedIn(registry.Role.CanReview, s.handleSubmit))
	mux.Handle("GET /crop/{task}", s.signedIn(registry.Role.CanReview, s.handleTaskCrop))
	mux.Handle("GET /group", s.signedIn(registry.Role.CanReview, s.handleGroup))
	mux.Handle("POST /group", s.signedIn(registry.Role.CanReview, s.handleGroupSubmit))
	mux.Handle("GET /entry", s.signedIn(registry.Role.CanReview, s.handleEntryStart))
	mux.Handle("GET /entry/{record}", s.signedIn(registry.Role.CanReview, s.handleEntry))
	mux.Handle("POST /entry/{record}", s.signedIn(registry.Role.CanReview, s.handleEntrySubmit))

	mux.Handle("GET /key", s.signedIn(registry.Role.CanReview, s.handleKeyList))
	mux.Handle("GET /key/{record}", s.signedIn(registry.Role.CanReview, s.handleKey))
	mux.Handle("POST /key/{record}", s.signedIn(registry.Role.CanReview, s.handleKeySubmit))
	mux.Handle("POST /key-release", s.signedIn(registry.Role.CanReview, s.handleKeyRelease))
	mux.Handle("GET /suggest", s.signedIn(registry.Role.CanReview, s.handleSuggest))
	mux.Handle("GET /key-check", s.signedIn(registry.Role.CanReview, s.handleWordsCheck))
	mux.Handle("GET /records/{id}/original", s.signedIn(canSeeRecords, s.handleOriginal))

	mux.Handle("GET /records/{id}/crop/{key}", s.signedIn(canSeeRecords, s.handleRecordCrop))
	mux.Handle("GET /records/{id}/page", s.signedIn(canSeeRecords, s.handlePage))
	mux.Handle("GET /records/{id}/history", s.signedIn(canSeeRecords, s.handleHistory))

	mux.Handle("GET /progress", s.signedIn(registry.Role.CanArbitrate, s.handleProgress))
	mux.Handle("GET /search", s.signedIn(registry.Role.CanIssue, s.handleSearch))
	mux.Handle("GET /records/{id}/issue", s.signedIn(registry.Role.CanIssue, s.handleIssueForm))
	mux.Handle("POST /records/{id}/issue", s.signedIn(registry.Role.CanIssue, s.handleIssue))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, registry.Errorf(registry.EUNAUTHORIZED, "cross-origin request refused"))
	}))
	return secure(cleanPaths(cop.Handler(mux)))
}

func anyRole(registry.Role) bool { return true }

func canSeeRecords(r registry.Role) bool { return r.CanReview() || r.CanIssue() }

// csp allows nothing but this origin's own files: no inline script or
// style, no frames, no plugins, forms only back to the station.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure sets the security headers on every response, errors included.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// cleanPaths refuses a path with dot segments or encoded slashes, dots or
// backslashes outright, rather than letting the mux redirect it: no URL of
// the station names a file, and such a path is always a probe.
func cleanPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := strings.ToLower(r.URL.EscapedPath())
		bad := strings.Contains(raw, "%2e") || strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") ||
			strings.Contains(raw, "\\") || strings.Contains(raw, "%00")
		for _, seg := range strings.Split(r.URL.Path, "/") {
			if seg == "." || seg == ".." {
				bad = true
			}
		}
		if bad {
			http.Error(w, "400 yêu cầu không hợp lệ", http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}
