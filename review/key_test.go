package review_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// TestKeyView walks the page keying view over HTTP: the book's page list,
// a page with its original and its fields, implausible readings left
// empty, offered values, the type-ahead, and the save that opens the
// book's next page and records where an offered value came from.
func TestKeyView(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	srv := start(t, db, review.Config{})
	b := newBatch(t, db)
	p1 := seedPage(t, db, b, registry.Birth, registry.EraA, 0,
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence, Value: "N9uy#n 7h1", Raw: "N9uy#n 7h1"},
		taskSpec{Key: "nksQuocTich", Reason: registry.ReasonMissing, Clear: true})
	p2 := seedPage(t, db, b, registry.Birth, registry.EraA, 1,
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence})
	c := signIn(t, srv, "lan")

	_, body := c.get(t, "/key")
	if !strings.Contains(body, "Quyển 01/2019") {
		t.Fatalf("book list lacks the book: %s", body)
	}
	rec, _ := db.FindRecord(t.Context(), p1.ID)
	_, body = c.get(t, "/key?"+url.Values{"office": {rec.Office}, "book": {rec.Book}}.Encode())
	if !strings.Contains(body, "/key/"+p1.ID) || !strings.Contains(body, "/key/"+p2.ID) {
		t.Fatalf("page list lacks the pages: %s", body)
	}
	res, body := c.get(t, "/key/"+p1.ID)
	if res.StatusCode != 200 {
		t.Fatalf("key view: %d %s", res.StatusCode, body)
	}
	for _, want := range []string{"/records/" + p1.ID + "/original", `data-box="`, "máy đọc: N9uy#n 7h1", `value="Việt Nam"`, "giá trị mặc định"} {
		if !strings.Contains(body, want) {
			t.Errorf("key view lacks %q", want)
		}
	}
	if strings.Contains(body, `value="N9uy#n 7h1"`) {
		t.Errorf("an implausible reading starts the input")
	}
	if res, _ := c.get(t, "/records/"+p1.ID+"/original"); res.StatusCode != 200 {
		t.Errorf("original: %d", res.StatusCode)
	}

	res, body = c.get(t, "/suggest?r="+p1.ID+"&key=nksHoTen&q="+url.QueryEscape("nguyen thi ng"))
	var items []struct{ V, L string }
	if err := json.Unmarshal([]byte(body), &items); err != nil || res.StatusCode != 200 || len(items) == 0 || !strings.HasPrefix(items[0].V, "Nguyễn Thị Ng") {
		t.Fatalf("suggest: %d %s", res.StatusCode, body)
	}

	ids := regexpAll(body2ids(t, c, p1.ID))
	form := url.Values{"csrf": {c.csrf}}
	for _, id := range ids {
		form.Add("t", id.task)
		form.Set("v-"+id.task, id.version)
		form.Set("val-"+id.task, map[string]string{"nksHoTen": p1.Truth.Fields["nksHoTen"].Value, "nksQuocTich": "Việt Nam"}[id.key])
		if id.key == "nksQuocTich" {
			form.Set("origin-"+id.task, "default")
		}
	}
	res, body = c.post(t, "/key/"+p1.ID, form)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/key/"+p2.ID+"?saved=1" {
		t.Fatalf("save: %d %s %s", res.StatusCode, res.Header.Get("Location"), body)
	}
	evs, err := db.RecordEvents(t.Context(), p1.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range evs {
		if e.FieldKey == "nksQuocTich" && strings.Contains(e.Note, "giá trị mặc định") {
			found = true
		}
	}
	if !found {
		t.Errorf("no event says the nationality was a default: %+v", evs)
	}
}

type taskIDs struct{ task, version, key string }

// body2ids reads the task ids, versions and field keys of a keying form.
func body2ids(t *testing.T, c *client, id string) string {
	_, body := c.get(t, "/key/"+id)
	return body
}

func regexpAll(body string) []taskIDs {
	var out []taskIDs
	for _, part := range strings.Split(body, `class="krow`)[1:] {
		get := func(attr string) string {
			i := strings.Index(part, attr+`="`)
			if i < 0 {
				return ""
			}
			rest := part[i+len(attr)+2:]
			return rest[:strings.Index(rest, `"`)]
		}
		task := get("data-task")
		v := ""
		if i := strings.Index(part, `name="v-`+task+`" value="`); i >= 0 {
			rest := part[i+len(`name="v-`+task+`" value="`):]
			v = rest[:strings.Index(rest, `"`)]
		}
		if _, err := strconv.Atoi(task); err == nil {
			out = append(out, taskIDs{task, v, get("data-key")})
		}
	}
	return out
}

// TestKeyLeaseReleased: opening a page leases its fields to the keyer
// only; leaving it (the page's beacon) gives them back at once.
func TestKeyLeaseReleased(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer, "minh": registry.RoleReviewer})
	srv := start(t, db, review.Config{})
	b := newBatch(t, db)
	p1 := seedPage(t, db, b, registry.Birth, registry.EraA, 0, taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence})
	p2 := seedPage(t, db, b, registry.Birth, registry.EraA, 1, taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence})
	lan, minh := signIn(t, srv, "lan"), signIn(t, srv, "minh")
	if res, _ := lan.get(t, "/key/"+p1.ID); res.StatusCode != 200 {
		t.Fatalf("lan opens p1: %d", res.StatusCode)
	}
	if res, _ := minh.get(t, "/key/"+p1.ID); res.StatusCode != 303 {
		t.Fatalf("minh opens the page lan is keying: %d", res.StatusCode)
	}
	if res, _ := minh.get(t, "/key/"+p2.ID); res.StatusCode != 200 {
		t.Fatalf("the book's other page is leased too: %d", res.StatusCode)
	}
	if res, body := lan.post(t, "/key-release", url.Values{"csrf": {lan.csrf}}); res.StatusCode != 204 {
		t.Fatalf("release: %d %s", res.StatusCode, body)
	}
	if res, _ := minh.get(t, "/key/"+p1.ID); res.StatusCode != 200 {
		t.Fatalf("after lan left, minh cannot open p1: %d", res.StatusCode)
	}
	if res, _ := lan.post(t, "/key-release", url.Values{}); res.StatusCode == 204 {
		t.Fatalf("release without the CSRF token accepted")
	}
}
