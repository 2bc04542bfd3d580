package review_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// benchStore loads a store with many records and four open tasks each
// (CIVREG_BENCH_RECORDS, default 25000: 100k tasks) without page images:
// the task page does not read the image, its crop is a request of its own.
func benchStore(b *testing.B) *sqlite.DB {
	b.Helper()
	n := 25000
	if v, err := strconv.Atoi(os.Getenv("CIVREG_BENCH_RECORDS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "civreg.db")
	l, err := sqlite.NewLoader(ctx, path, 0)
	if err != nil {
		b.Fatal(err)
	}
	keys := form.Get(registry.Birth, registry.EraB).Keys()
	for i := range n {
		rec := &registry.Record{ID: fmt.Sprintf("r%08d", i), Kind: registry.Birth, Era: registry.EraB, Office: "UBND phường Bến Nghé", Book: "01/2019", Page: i + 1, Status: registry.RecordNeedsReview, Fields: map[string]*registry.Field{}}
		for j, k := range keys {
			f := &registry.Field{Value: fmt.Sprintf("giá trị %d", j), Raw: fmt.Sprintf("giá trị %d", j), Confidence: 0.99, Status: registry.FieldAuto, Box: &registry.Box{100, 100 + 60*j, 900, 150 + 60*j}}
			rec.Fields[k] = f
		}
		var tasks []registry.Task
		for _, k := range []string{"nksHoTen", "nksDanToc", "nksNoiSinh", "ngayDangKy"} {
			rec.Fields[k].Status, rec.Fields[k].Reason = registry.FieldNeedsReview, registry.ReasonLowConfidence
			tasks = append(tasks, registry.Task{RecordID: rec.ID, FieldKey: k, Reason: registry.ReasonLowConfidence, Status: registry.TaskOpen})
		}
		pr := &registry.PageResult{Page: registry.Page{SHA256: fmt.Sprintf("%064x", i), File: "bench.pdf", PageIndex: i, Status: registry.PageDone}, Record: rec, Tasks: tasks}
		if err := l.Add(pr); err != nil {
			b.Fatal(err)
		}
	}
	if err := l.Close(ctx); err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	addUsers(b, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	return db
}

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// BenchmarkTaskPage measures the server's own time, without a network: a
// task page rendered (lease renewed), and a whole submit cycle (submit and
// lease the next: the 303) followed by rendering the next task.
func BenchmarkTaskPage(b *testing.B) {
	db := benchStore(b)
	s, err := review.New(review.Config{Users: db, Signin: db, Log: db, Review: db, Records: db})
	if err != nil {
		b.Fatal(err)
	}
	do := func(method, path string, form url.Values, cookie *http.Cookie) *httptest.ResponseRecorder {
		var req *http.Request
		if form != nil {
			req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req = httptest.NewRequest(method, path, nil)
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w
	}
	w := do("POST", "/login", url.Values{"name": {"lan"}, "password": {password}}, nil)
	cookie := w.Result().Cookies()[0]
	body := do("GET", "/group", nil, cookie).Body.String()
	csrf := csrfRE.FindStringSubmatch(body)[1]
	next := do("POST", "/next", url.Values{"csrf": {csrf}}, cookie).Header().Get("Location")
	if !strings.HasPrefix(next, "/task/") {
		b.Fatalf("POST /next → %q", next)
	}

	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			if w := do("GET", next, nil, cookie); w.Code != 200 {
				b.Fatalf("GET %s = %d", next, w.Code)
			}
		}
	})
	b.Run("submit-next-render", func(b *testing.B) {
		for b.Loop() {
			w := do("GET", next, nil, cookie)
			m := versionRE.FindStringSubmatch(w.Body.String())
			if w.Code != 200 || m == nil {
				b.Fatalf("GET %s = %d", next, w.Code)
			}
			w = do("POST", next, url.Values{"csrf": {csrf}, "version": {m[1]}, "action": {"blank"}}, cookie)
			if w.Code != http.StatusSeeOther {
				b.Fatalf("POST %s = %d: %.500s", next, w.Code, w.Body.String())
			}
			next = w.Header().Get("Location")
		}
	})
}
