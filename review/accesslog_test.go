package review_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// TestLooksAreLogged: before issue 22 nobody knew who viewed a record's
// page, crops or history, nor what was searched. Now each look is an
// event, once per person and record in ten minutes, written in the
// background.
func TestLooksAreLogged(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"tuan": registry.RoleIssuer, "lan": registry.RoleReviewer})
	rec := seedPage(t, db, newBatch(t, db), registry.Birth, registry.EraB, 0)
	hits := []registry.SearchHit{{RecordID: rec.ID, Kind: registry.Birth, Status: registry.RecordVerified, Name: "Lê Thành Thái", Book: "01/2019", Entry: "332", Score: 0.97}}
	s, err := review.New(review.Config{Users: db, Signin: db, Log: db, Review: db, Records: db, Search: fakeSearch{hits}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	tuan, lan := signIn(t, srv, "tuan"), signIn(t, srv, "lan")
	if res, _ := tuan.get(t, "/search?name="+url.QueryEscape("lê thành thái")+"&born=2019"); res.StatusCode != 200 {
		t.Fatalf("search: %d", res.StatusCode)
	}
	var key string
	for k, f := range mustRecord(t, db, rec.ID).Fields {
		if f.Box != nil {
			key = k
			break
		}
	}
	for _, c := range []*client{tuan, tuan, lan} {
		for _, path := range []string{"/records/" + rec.ID + "/page", "/records/" + rec.ID + "/history", "/records/" + rec.ID + "/crop/" + key} {
			if res, _ := c.get(t, path); res.StatusCode != 200 {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
		}
	}
	srv.Close()
	s.Close()

	evs, err := db.Events(context.Background(), rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range evs {
		if e.Action == "record.viewed" {
			n[e.Actor+" "+e.Note]++
		}
	}
	want := map[string]int{"tuan trang sổ": 1, "tuan lịch sử": 1, "tuan ô chữ": 1, "lan trang sổ": 1, "lan lịch sử": 1, "lan ô chữ": 1}
	for k, v := range want {
		if n[k] != v {
			t.Errorf("%q logged %d times, want %d (all: %v)", k, n[k], v, n)
		}
	}
	evs, err = db.Events(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range evs {
		if e.Action == "search" && e.Actor == "tuan" && strings.Contains(e.Note, "họ tên: lê thành thái") && strings.Contains(e.Note, "sinh: 2019") && e.New == "1" {
			found = true
		}
	}
	if !found {
		t.Errorf("the search is not logged: %+v", evs)
	}

	// The record's history names the looks in words.
	s2, err := review.New(review.Config{Users: db, Signin: db, Log: db, Review: db, Records: db})
	if err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(s2)
	defer srv2.Close()
	if _, body := signIn(t, srv2, "lan").get(t, "/records/"+rec.ID+"/history"); !strings.Contains(body, "Xem bản ghi") || strings.Contains(body, "record.viewed") {
		t.Errorf("the history does not name the looks in Vietnamese")
	}
}

func mustRecord(t *testing.T, db interface {
	FindRecord(context.Context, string) (*registry.Record, error)
}, id string) *registry.Record {
	t.Helper()
	r, err := db.FindRecord(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
