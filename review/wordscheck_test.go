package review_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// TestKeyDateWordsAgainstDate: a date in words keyed that is another day
// than the page's date in figures is refused once, both dates said in
// Vietnamese as dd/mm/yyyy, and saved when sent again unchanged.
func TestKeyDateWordsAgainstDate(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	srv := start(t, db, review.Config{})
	b := newBatch(t, db)
	p := seedPage(t, db, b, registry.Birth, registry.EraA, 0,
		taskSpec{Key: "nksNgaySinhBangChu", Reason: registry.ReasonMissing, Clear: true})
	date, err := time.Parse("2006-01-02", p.Truth.Fields["nksNgaySinh"].Value)
	if err != nil {
		t.Fatalf("the page's birth date %q: %v", p.Truth.Fields["nksNgaySinh"].Value, err)
	}
	other := date.AddDate(0, 0, 1)
	words := normalize.FormatDateInWords(other, normalize.WordsStyle{Thousand: "nghìn", Zero: "linh"})
	c := signIn(t, srv, "lan")
	ids := regexpAll(body2ids(t, c, p.ID))
	if len(ids) != 1 {
		t.Fatalf("fields to key: %+v", ids)
	}
	form := url.Values{"csrf": {c.csrf}, "t": {ids[0].task}, "v-" + ids[0].task: {ids[0].version}, "val-" + ids[0].task: {words}}
	res, body := c.post(t, "/key/"+p.ID, form)
	want := "Ngày ghi bằng chữ (" + other.Format("02/01/2006") + ") không khớp với ngày ghi bằng số (" + date.Format("02/01/2006") + ")"
	if res.StatusCode != 422 || !strings.Contains(body, want) {
		t.Fatalf("a date in words of another day: %d, want the message %q in %s", res.StatusCode, want, body)
	}
	if f := field(t, db, p.ID, "nksNgaySinhBangChu"); f.Status != registry.FieldNeedsReview {
		t.Fatalf("stored after the warning: %+v", f)
	}
	form.Set("force-"+ids[0].task, words)
	if res, body := c.post(t, "/key/"+p.ID, form); res.StatusCode != 303 {
		t.Fatalf("sent again: %d %s", res.StatusCode, body)
	}
	if f := field(t, db, p.ID, "nksNgaySinhBangChu"); f.Status == registry.FieldNeedsReview {
		t.Errorf("not stored when sent again: %+v", f)
	}

	// The same day in words is taken at once.
	p2 := seedPage(t, db, b, registry.Birth, registry.EraA, 1,
		taskSpec{Key: "nksNgaySinhBangChu", Reason: registry.ReasonMissing, Clear: true})
	d2, _ := time.Parse("2006-01-02", p2.Truth.Fields["nksNgaySinh"].Value)
	ids = regexpAll(body2ids(t, c, p2.ID))
	form = url.Values{"csrf": {c.csrf}, "t": {ids[0].task}, "v-" + ids[0].task: {ids[0].version},
		"val-" + ids[0].task: {normalize.FormatDateInWords(d2, normalize.WordsStyle{Thousand: "nghìn", Zero: "linh"})}}
	if res, body := c.post(t, "/key/"+p2.ID, form); res.StatusCode != 303 {
		t.Fatalf("the right day in words: %d %s", res.StatusCode, body)
	}
}

// TestTaskDateWordsAgainstDate: the queue's one-task screen checks a date
// in words the same way.
func TestTaskDateWordsAgainstDate(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	p := seedPage(t, db, newBatch(t, db), registry.Birth, registry.EraA, 0,
		taskSpec{Key: "nksNgaySinhBangChu", Reason: registry.ReasonMissing, Clear: true})
	date, _ := time.Parse("2006-01-02", p.Truth.Fields["nksNgaySinh"].Value)
	words := normalize.FormatDateInWords(date.AddDate(0, 1, 0), normalize.WordsStyle{Thousand: "nghìn", Zero: "linh"})
	c := signIn(t, start(t, db, review.Config{}), "lan")
	id, version := openFirst(t, c)
	form := url.Values{"csrf": {c.csrf}, "version": {version}, "action": {"save"}, "value": {words}}
	res, body := c.post(t, "/task/"+id, form)
	if res.StatusCode != 422 || !strings.Contains(body, "không khớp với ngày ghi bằng số ("+date.Format("02/01/2006")+")") || !strings.Contains(body, `name="force"`) {
		t.Fatalf("a date in words of another month = %d, want 422 asking to confirm: %s", res.StatusCode, body)
	}
	form.Set("force", words)
	if res, body := c.post(t, "/task/"+id, form); res.StatusCode != 303 {
		t.Fatalf("confirmed: %d %s", res.StatusCode, body)
	}
	if f := field(t, db, p.ID, "nksNgaySinhBangChu"); f.Status == registry.FieldNeedsReview {
		t.Errorf("not stored when confirmed: %+v", f)
	}
}
