package review_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"image/png"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// password is every test user's password.
const password = "mật-khẩu-thử-1"

// env is a running station on a real store.
type env struct {
	db  *sqlite.DB
	srv *httptest.Server
	// records by name, as seeded
	rec map[string]*seeded
}

// seeded is one stored page and its truth.
type seeded struct {
	ID    string
	Batch int64
	Truth synth.Truth
}

// openStore opens a fresh store in a temporary directory.
func openStore(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "civreg.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// start builds the station on db and serves it.
func start(t testing.TB, db *sqlite.DB, cfg review.Config) *httptest.Server {
	t.Helper()
	cfg.Users, cfg.Signin, cfg.Log, cfg.Review, cfg.Records = db, db, db, db, db
	s, err := review.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

var hashOnce = sync.OnceValues(func() (string, error) { return auth.HashPassword(password) })

// addUsers creates the test accounts.
func addUsers(t testing.TB, db *sqlite.DB, users map[string]registry.Role) {
	t.Helper()
	h, err := hashOnce()
	if err != nil {
		t.Fatal(err)
	}
	for name, role := range users {
		if err := db.CreateUser(context.Background(), &registry.User{Name: name, Role: role, PasswordHash: h}); err != nil {
			t.Fatal(err)
		}
	}
}

// pageCache keeps rendered pages across tests: drawing one takes a while.
var pageCache sync.Map

// render draws one synthetic page without wear and encodes it as PNG.
func render(t testing.TB, kind registry.Kind, era registry.Era, index int) ([]byte, synth.Truth) {
	t.Helper()
	key := fmt.Sprintf("%s-%s-%d", kind, era, index)
	type page struct {
		png   []byte
		truth synth.Truth
	}
	if p, ok := pageCache.Load(key); ok {
		return p.(page).png, p.(page).truth
	}
	img, tr, err := synth.RenderPage(synth.PageOptions{Seed: 7, Kind: kind, Era: era, Index: index, Office: "UBND phường Bến Nghé", Book: "01/2019"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	pageCache.Store(key, page{b.Bytes(), tr})
	return b.Bytes(), tr
}

// taskSpec routes one field of a seeded page to review.
type taskSpec struct {
	Key    string
	Reason registry.Reason
	Stage  registry.TaskStage
	// Value and Raw replace the reading when set (a misread).
	Value, Raw string
	Note       string
	// Clear empties the reading (nothing was read).
	Clear bool
}

// seedPage stores one rendered page with its fields taken from the truth
// (no OCR) and the given fields routed to review.
func seedPage(t testing.TB, db *sqlite.DB, batch int64, kind registry.Kind, era registry.Era, index int, tasks ...taskSpec) *seeded {
	t.Helper()
	img, tr := render(t, kind, era, index)
	rec := &registry.Record{Kind: kind, Era: era, Office: tr.Office, Book: tr.Book, Page: tr.Page, Fields: map[string]*registry.Field{}}
	for k, tf := range tr.Fields {
		box := registry.Box(tf.Box)
		f := &registry.Field{Value: tf.Value, Raw: tf.Printed, Confidence: 0.995, Status: registry.FieldAuto, Box: &box}
		if tf.State != "typed" {
			f.Value, f.Raw, f.Status, f.Confidence = "", "", registry.FieldMissing, 0.9
		}
		rec.Fields[k] = f
	}
	var ts []registry.Task
	for _, sp := range tasks {
		f := rec.Fields[sp.Key]
		if f == nil {
			t.Fatalf("%s-%s has no field %s", kind, era, sp.Key)
		}
		if sp.Value != "" || sp.Raw != "" || sp.Clear {
			f.Value, f.Raw = sp.Value, sp.Raw
		}
		f.Status, f.Reason, f.Note, f.Confidence = registry.FieldNeedsReview, sp.Reason, sp.Note, 0.4
		ts = append(ts, registry.Task{FieldKey: sp.Key, Reason: sp.Reason, Stage: sp.Stage})
	}
	sum := sha256.Sum256(append([]byte(fmt.Sprintf("%d-%d-", batch, index)), img...))
	pr := &registry.PageResult{
		Page:   registry.Page{BatchID: batch, SHA256: fmt.Sprintf("%x", sum), File: fmt.Sprintf("%s-%s-%d.png", kind, era, index), Width: tr.Width, Height: tr.Height, Status: registry.PageDone},
		Image:  img,
		Record: rec,
		Tasks:  ts,
	}
	if err := db.SavePage(context.Background(), pr); err != nil {
		t.Fatal(err)
	}
	return &seeded{ID: rec.ID, Batch: batch, Truth: tr}
}

// newBatch creates a scan batch.
func newBatch(t testing.TB, db *sqlite.DB) int64 {
	t.Helper()
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "01/2019"}
	if err := db.CreateBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return b.ID
}

// field returns a stored field.
func field(t testing.TB, db *sqlite.DB, recordID, key string) *registry.Field {
	t.Helper()
	r, err := db.FindRecord(context.Background(), recordID)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Fields[key]
	if f == nil {
		t.Fatalf("record %s has no field %s", recordID, key)
	}
	return f
}

// client is a signed-in plain HTTP client.
type client struct {
	*http.Client
	base string
	csrf string
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs a plain HTTP client in and reads its CSRF token.
func signIn(t testing.TB, srv *httptest.Server, name string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: srv.URL}
	res, body := c.post(t, "/login", url.Values{"name": {name}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d %s", name, res.StatusCode, body)
	}
	res, body = c.get(t, "/")
	if loc := res.Header.Get("Location"); res.StatusCode == http.StatusSeeOther {
		_, body = c.get(t, loc)
	}
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf token after sign-in: %s", body)
	}
	c.csrf = m[1]
	return c
}

func (c *client) get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(t, req)
}

// post sends a form as the browser would: same origin.
func (c *client) post(t testing.TB, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(t, req)
}

func (c *client) do(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res, b.String()
}
