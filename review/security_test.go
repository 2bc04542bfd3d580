package review_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// secEnv seeds one page whose name field reads as a script.
func secEnv(t *testing.T) (*env, *client) {
	t.Helper()
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer, "hoa": registry.RoleSupervisor, "tuan": registry.RoleIssuer})
	b := newBatch(t, db)
	rec := seedPage(t, db, b, registry.Birth, registry.EraB, 0,
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence, Value: "<script>alert(1)</script>", Raw: `<script>alert(1)</script>"><img src=x onerror=alert(2)>`, Note: "<b>note</b>"},
		taskSpec{Key: "nksDanToc", Reason: registry.ReasonInvalid})
	e := &env{db: db, srv: start(t, db, review.Config{}), rec: map[string]*seeded{"p": rec}}
	return e, signIn(t, e.srv, "lan")
}

func firstTask(t *testing.T, c *client) string {
	t.Helper()
	res, _ := c.post(t, "/next", url.Values{"csrf": {c.csrf}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/task/") {
		t.Fatalf("POST /next = %d, Location %q; want 303 to a task", res.StatusCode, loc)
	}
	return strings.TrimPrefix(loc, "/task/")
}

func TestScriptRendersAsText(t *testing.T) {
	e, c := secEnv(t)
	id := firstTask(t, c)
	res, body := c.get(t, "/task/"+id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET task = %d", res.StatusCode)
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>note"} {
		if strings.Contains(body, bad) {
			t.Errorf("task page contains %q unescaped", bad)
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("task page does not show the reading as text")
	}
	// The only script elements are the station's own files.
	if n, m := strings.Count(body, "<script"), strings.Count(body, `<script src="/static/`); n != m {
		t.Errorf("%d script elements, %d of them the station's own", n, m)
	}
	// History of the record shows it as text too.
	_, body = c.get(t, "/records/"+e.rec["p"].ID+"/history")
	if strings.Contains(body, "<script>alert") {
		t.Errorf("history contains the script unescaped")
	}
}

func TestCrossSiteAndCSRF(t *testing.T) {
	e, c := secEnv(t)
	id := firstTask(t, c)
	f := url.Values{"csrf": {c.csrf}, "version": {"1"}, "action": {"blank"}}
	tests := []struct {
		name   string
		header map[string]string
		form   url.Values
	}{
		{"cross-site fetch metadata", map[string]string{"Sec-Fetch-Site": "cross-site"}, f},
		{"foreign origin", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": ""}, f},
		{"no csrf token", nil, url.Values{"version": {"1"}, "action": {"blank"}}},
		{"wrong csrf token", nil, url.Values{"csrf": {"x" + c.csrf}, "version": {"1"}, "action": {"blank"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", c.base+"/task/"+id, strings.NewReader(tt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", c.base)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			for k, v := range tt.header {
				if v == "" {
					req.Header.Del(k)
				} else {
					req.Header.Set(k, v)
				}
			}
			res, _ := c.do(t, req)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("status = %d, want 403", res.StatusCode)
			}
		})
	}
	if f := field(t, e.db, e.rec["p"].ID, "nksHoTen"); f.Status != registry.FieldNeedsReview {
		t.Errorf("a refused POST changed the field: %+v", f)
	}
	// The same form, same-origin and with the token, goes through.
	res, _ := c.post(t, "/task/"+id, f)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin POST with token = %d, want 303", res.StatusCode)
	}
	if f := field(t, e.db, e.rec["p"].ID, "nksHoTen"); f.Status != registry.FieldMissing {
		t.Errorf("after blank: %+v, want missing", f)
	}
}

func TestPathTricks(t *testing.T) {
	_, c := secEnv(t)
	for _, p := range []string{
		"/crop/../../etc/passwd", "/crop/%2e%2e/%2e%2e/etc/passwd", "/crop/..%2f..%2fetc%2fpasswd",
		"/crop/abc", "/crop/-1", "/crop/0", "/crop/99999999999999999999", "/task/abc", "/task/1e3",
		"/records/..%2f..%2fetc/page", "/records/a.b/page", "/records/x/crop/..%2fkey", "/records/nope/page",
		"/records/nope/crop/nksHoTen", "/static/../review.go", "/static/%2e%2e/server.go", "/etc/passwd",
	} {
		req, _ := http.NewRequest("GET", c.base+"/", nil)
		req.URL.Opaque = p // sent exactly as written
		res, body := c.do(t, req)
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 400 or 404", p, res.StatusCode)
		}
		if strings.Contains(body, "root:") || strings.Contains(body, "package review") {
			t.Errorf("GET %s leaked a file", p)
		}
	}
}

func TestRolesEnforced(t *testing.T) {
	e, c := secEnv(t)
	for _, p := range []string{"/search", "/progress"} {
		if res, _ := c.get(t, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("reviewer GET %s = %d, want 403", p, res.StatusCode)
		}
	}
	if res, _ := c.post(t, "/records/"+e.rec["p"].ID+"/issue", url.Values{"csrf": {c.csrf}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("reviewer POST issue = %d, want 403", res.StatusCode)
	}
	issuer := signIn(t, e.srv, "tuan")
	for _, p := range []string{"/task/1", "/group", "/entry", "/progress"} {
		if res, _ := issuer.get(t, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("issuer GET %s = %d, want 403", p, res.StatusCode)
		}
	}
	res, body := issuer.get(t, "/search")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "chưa được cấu hình") {
		t.Errorf("issuer /search without a searcher = %d, want 200 saying it is not configured", res.StatusCode)
	}
	sup := signIn(t, e.srv, "hoa")
	if res, _ := sup.get(t, "/progress"); res.StatusCode != http.StatusOK {
		t.Errorf("supervisor /progress = %d", res.StatusCode)
	}
	anon := &client{Client: &http.Client{CheckRedirect: c.CheckRedirect}, base: c.base}
	if res, _ := anon.get(t, "/progress"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("anonymous /progress = %d %q, want 303 to /login", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestHeadersOnEveryResponse(t *testing.T) {
	e, c := secEnv(t)
	id := firstTask(t, c)
	for _, p := range []string{"/login", "/", "/task/" + id, "/crop/" + id, "/records/" + e.rec["p"].ID + "/page", "/static/app.css", "/static/task.js", "/nope", "/crop/..%2f", "/progress"} {
		res, _ := c.get(t, p)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s (%d): CSP %q", p, res.StatusCode, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", p)
		}
	}
	res, _ := c.get(t, "/crop/"+id)
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "image/png" {
		t.Errorf("crop = %d %s", res.StatusCode, ct)
	}
	// Another reviewer cannot fetch a crop of a task not shown to them.
	addUsers(t, e.db, map[string]registry.Role{"minh": registry.RoleReviewer})
	other := signIn(t, e.srv, "minh")
	if res, _ := other.get(t, "/crop/"+id); res.StatusCode != http.StatusNotFound {
		t.Errorf("someone else's crop = %d, want 404", res.StatusCode)
	}
}

func TestSessionCookie(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	srv := start(t, db, review.Config{})
	c := &client{Client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
	res, _ := c.post(t, "/login", url.Values{"name": {"lan"}, "password": {"sai mật khẩu"}})
	if res.StatusCode != http.StatusUnauthorized || len(res.Cookies()) != 0 {
		t.Errorf("wrong password = %d with %d cookies, want 401 and none", res.StatusCode, len(res.Cookies()))
	}
	res, _ = c.post(t, "/login", url.Values{"name": {"lan"}, "password": {password}})
	ck := res.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteStrictMode || ck[0].Secure {
		t.Fatalf("cookie = %+v, want one HttpOnly SameSite=Strict cookie (not Secure over plain HTTP)", ck)
	}
	tls := httptest.NewTLSServer(srv.Config.Handler)
	defer tls.Close()
	tc := tls.Client()
	tc.CheckRedirect = c.CheckRedirect
	req, _ := http.NewRequest("POST", tls.URL+"/login", strings.NewReader(url.Values{"name": {"lan"}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", tls.URL)
	res, err := tc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ck := res.Cookies(); len(ck) != 1 || !ck[0].Secure {
		t.Errorf("over TLS cookie = %+v, want Secure", ck)
	}
}
