package review_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// TestBlindSecondKeying keys a double-entry field first as one reviewer,
// then walks every path of the station as the second keyer and checks that
// the first keying's value appears in no response body until both are in.
func TestBlindSecondKeying(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer, "minh": registry.RoleReviewer, "sup": registry.RoleSupervisor})
	srv := start(t, db, review.Config{})
	b := newBatch(t, db)
	p := seedPage(t, db, b, registry.Birth, registry.EraA, 0,
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonMissing, Stage: registry.StageEntry1, Clear: true},
		taskSpec{Key: "chaHoTen", Reason: registry.ReasonMissing, Stage: registry.StageEntry1, Clear: true})
	const secret, secret2 = "Trần Văn Khoát", "Lê Văn Xoàng"
	lan, minh := signIn(t, srv, "lan"), signIn(t, srv, "minh")
	keyPage(t, lan, p.ID, map[string]string{"nksHoTen": secret, "chaHoTen": secret2})

	rec, _ := db.FindRecord(t.Context(), p.ID)
	book := url.Values{"office": {rec.Office}, "book": {rec.Book}}.Encode()
	paths := []string{"/", "/key", "/key?" + book, "/key/" + p.ID, "/entry", "/entry/" + p.ID, "/group",
		"/records/" + p.ID + "/history", "/progress", "/search?q=" + url.QueryEscape("Khoát"),
		"/suggest?r=" + p.ID + "&key=nksHoTen&q=" + url.QueryEscape("tran van q"),
		"/suggest?r=" + p.ID + "&key=chaHoTen&q=" + url.QueryEscape("le van x"),
		"/suggest?r=" + p.ID + "&key=nycHoTen&q=" + url.QueryEscape("tran"),
	}
	check := func(who string, c *client) {
		t.Helper()
		for _, path := range paths {
			res, body := c.get(t, path)
			for loc, hops := res.Header.Get("Location"), 0; loc != "" && hops < 3; hops++ {
				res, body = c.get(t, loc)
				loc = res.Header.Get("Location")
			}
			for _, s := range []string{secret, secret2, "Khoát", "Xoàng"} {
				if strings.Contains(body, s) || strings.Contains(body, url.QueryEscape(s)) {
					t.Errorf("%s: %s shows the first keying %q", who, path, s)
				}
			}
		}
		// The task screens the queue opens.
		res, body := c.post(t, "/next", url.Values{"csrf": {c.csrf}})
		if loc := res.Header.Get("Location"); loc != "" {
			_, body = c.get(t, loc)
		}
		if strings.Contains(body, "Khoát") || strings.Contains(body, "Xoàng") {
			t.Errorf("%s: the queue's task shows the first keying", who)
		}
	}
	// The walk reaches the page as the second keyer, and the history does
	// hold the value (its first keyer sees it): the check can fail.
	if _, body := minh.get(t, "/key/"+p.ID); !strings.Contains(body, "nhập độc lập") {
		t.Fatalf("the second keyer does not get the page to key: %s", body)
	}
	if _, body := lan.get(t, "/records/"+p.ID+"/history"); !strings.Contains(body, secret) {
		t.Fatalf("the first keyer's history lacks the keying")
	}
	check("minh", minh)

	// The second keying: the same name for one field, another for the other.
	keyPage(t, minh, p.ID, map[string]string{"nksHoTen": secret, "chaHoTen": "Lê Văn Xoan"})
	if f := field(t, db, p.ID, "nksHoTen"); f.Value != secret {
		t.Errorf("agreed keying not stored: %+v", f)
	}
	// The supervisor sees the two keyings with the characters that differ
	// marked.
	sup := signIn(t, srv, "sup")
	res, _ := sup.post(t, "/next", url.Values{"csrf": {sup.csrf}})
	_, body := sup.get(t, res.Header.Get("Location"))
	if !strings.Contains(body, `Lê Văn Xo<mark title="khác với lần nhập kia">`) {
		t.Errorf("arbitration does not mark the differing characters: %s", body)
	}
	_, body = minh.get(t, "/records/"+p.ID+"/history")
	if !strings.Contains(body, secret) {
		t.Errorf("once both are in, the history shows the keyings: %s", body)
	}
}

// keyPage keys a page's open fields through the keying view's form.
func keyPage(t *testing.T, c *client, id string, values map[string]string) {
	t.Helper()
	_, body := c.get(t, "/key/"+id)
	form := url.Values{"csrf": {c.csrf}}
	for _, f := range regexpAll(body) {
		form.Add("t", f.task)
		form.Set("v-"+f.task, f.version)
		if v, ok := values[f.key]; ok {
			form.Set("val-"+f.task, v)
		} else {
			form.Set("act-"+f.task, "skip")
		}
	}
	res, body := c.post(t, "/key/"+id, form)
	if res.StatusCode != 303 {
		t.Fatalf("keying %s: %d %s", id, res.StatusCode, body)
	}
}
