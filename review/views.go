package review

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"

	"github.com/civreg/civreg/registry"
)

//go:embed templates/*.html static
var embedded embed.FS

// views holds every page's template, each parsed once with the layout.
type views struct {
	pages map[string]*template.Template
}

// parseViews parses templates/layout.html with each other template file.
func parseViews() (*views, error) {
	names, err := fs.Glob(embedded, "templates/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "parts.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(embedded, "templates/layout.html", "templates/parts.html", n)
		if err != nil {
			return nil, err
		}
		v.pages[base[:len(base)-len(".html")]] = t
	}
	return v, nil
}

var funcs = template.FuncMap{
	"inc":      func(i int) int { return i + 1 },
	"roleText": roleText,
}

// Layout is what every page shows around its content.
type Layout struct {
	Title string
	User  *registry.User
	CSRF  string
	// Nav names the menu item to highlight.
	Nav string
	// Script is the page's own JavaScript file under /static, if any.
	Script string
}

// layout fills the Layout of a signed-in page.
func layout(r *http.Request, title, nav string) Layout {
	l := Layout{Title: title, Nav: nav}
	if s := sessionOf(r); s != nil {
		u := s.User
		l.User, l.CSRF = &u, s.CSRF
	}
	return l
}

// render executes a page into a buffer first, so that a template error
// gives a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := s.views.pages[page]
	if !ok {
		s.cfg.Logger.Error("no such template", "page", page)
		http.Error(w, "500 lỗi máy chủ", http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", data); err != nil {
		s.cfg.Logger.Error("template", "page", page, "err", err)
		http.Error(w, "500 lỗi máy chủ", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// errorPage is a page that says what went wrong.
type errorPage struct {
	Layout
	Status  int
	Message string
}

// fail answers with the HTTP status of err's code and a page in plain
// Vietnamese; internal errors are logged and not shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "Máy chủ gặp lỗi. Hãy thử lại; nếu còn lỗi, báo cho người quản lý."
	switch registry.ErrorCode(err) {
	case registry.ENOTFOUND:
		status, msg = http.StatusNotFound, "Không tìm thấy trang hoặc dữ liệu này."
	case registry.EINVALID, registry.ETOOLARGE, registry.EUNSUPPORTED:
		status, msg = http.StatusBadRequest, "Yêu cầu không hợp lệ."
	case registry.ECONFLICT:
		status, msg = http.StatusConflict, "Dữ liệu đã được người khác thay đổi. Hãy tải lại trang."
	case registry.EUNAUTHORIZED:
		status, msg = http.StatusForbidden, "Bạn không có quyền làm việc này, hoặc phiên đăng nhập đã hết. Hãy đăng nhập lại."
	default:
		s.cfg.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.failStatus(w, r, status, msg)
}

// failStatus renders the error page with a given status and message.
func (s *Server) failStatus(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", errorPage{Layout: layout(r, "Lỗi", ""), Status: status, Message: msg})
}
