package searchkey_test

import (
	"testing"

	"github.com/civreg/civreg/internal/searchkey"
	"github.com/civreg/civreg/registry"
)

// TestNameMatch scores typed names against stored ones, with no store.
func TestNameMatch(t *testing.T) {
	for _, tt := range []struct {
		typed, stored string
		match         bool
		fuzzy         int
	}{
		{"nguyen van an", "nguyen van an", true, 0},
		{"ngyuen van an", "nguyen van an", true, 1},
		{"nguyen an", "nguyen van an", true, 0},
		{"tran van an", "nguyen van an", false, 0},
		{"nguyen van an binh", "nguyen van an", false, 0},
	} {
		score, fuzzy := searchkey.NameMatch(searchkey.Tokens(tt.typed), tt.stored)
		if (score > 0) != tt.match || len(fuzzy) != tt.fuzzy {
			t.Errorf("NameMatch(%q, %q) = %v, %v; want match %v with %d misspelled", tt.typed, tt.stored, score, fuzzy, tt.match, tt.fuzzy)
		}
	}
	if d := searchkey.Distance("nguyen", "ngyuen", 2); d != 1 {
		t.Errorf("a swap of neighbours is %d edits, want 1", d)
	}
}

// TestQueryMatch checks a query against an entry as any store keeps it.
func TestQueryMatch(t *testing.T) {
	e := searchkey.BuildEntry(registry.Birth, "UBND phường Bến Nghé", "01/2009", registry.RecordVerified, map[string]string{
		"so": "013", "nksHoTen": "Nguyễn Văn An", "nksNgaySinh": "1990-05-03", "meHoTen": "Lê Thị Hoa", "nksSoDinhDanh": "079090001234",
	})
	doc := searchkey.Doc{RecordID: "r1", Kind: e.Kind, Office: e.Office, Book: e.Book, Entry: e.Entry, Born: e.Born,
		People: searchkey.PeopleText(e.People), IDs: "nksSoDinhDanh\t079090001234", Status: e.Status, Card: e.Card}
	for _, tt := range []struct {
		q    registry.SearchQuery
		want bool
	}{
		{registry.SearchQuery{Name: "nguyen van an", Born: "1990"}, true},
		{registry.SearchQuery{Name: "le thi hoa"}, true},
		{registry.SearchQuery{Name: "nguyen van an", Born: "1991"}, false},
		{registry.SearchQuery{Book: "1/2009", Entry: "13"}, true},
		{registry.SearchQuery{ID: "0790 9000 1234"}, true},
		{registry.SearchQuery{Name: "nguyen van an", Kind: registry.Death}, false},
	} {
		q, err := searchkey.ParseQuery(tt.q)
		if err != nil {
			t.Fatalf("ParseQuery(%+v): %v", tt.q, err)
		}
		if got := q.Match(doc) != nil; got != tt.want {
			t.Errorf("Match(%+v) = %v, want %v", tt.q, got, tt.want)
		}
	}
	if _, err := searchkey.ParseQuery(registry.SearchQuery{}); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("an empty query: %v, want EINVALID", err)
	}
}
