package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

// person is a record to store for the search tests.
type searchRec struct {
	id, book, office string
	kind             registry.Kind
	values           map[string]string
}

func saveRecords(t *testing.T, db registry.Store, recs []searchRec) {
	t.Helper()
	ctx := context.Background()
	for i, r := range recs {
		fields := map[string]*registry.Field{}
		for k, v := range r.values {
			fields[k] = &registry.Field{Value: v, Raw: v, Confidence: 0.99, Status: registry.FieldAuto}
		}
		office := r.office
		if office == "" {
			office = "UBND phường Bến Nghé"
		}
		pr := &registry.PageResult{
			Page:   registry.Page{SHA256: Hash(r.id), File: "quyen.pdf", PageIndex: i},
			Record: &registry.Record{ID: r.id, Kind: r.kind, Era: registry.EraB, Office: office, Book: r.book, Page: i + 1, Fields: fields},
		}
		if err := db.SavePage(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
}

// SearchFixture stores a few records whose names are close to each other;
// a store's own search tests use it too.
func SearchFixture(t *testing.T, db registry.Store) {
	saveRecords(t, db, []searchRec{
		{id: "an", kind: registry.Birth, book: "01/2009", values: map[string]string{
			"so": "12", "nksHoTen": "Nguyễn Văn An", "nksNgaySinh": "1990-05-03", "nksSoDinhDanh": "079090001234",
			"chaHoTen": "Nguyễn Văn Bình", "meHoTen": "Trần Thị Cúc", "ngayDangKy": "2009-03-12"}},
		{id: "anh", kind: registry.Birth, book: "01/2009", values: map[string]string{
			"so": "13", "nksHoTen": "Nguyễn Văn Anh", "nksNgaySinh": "1991-07-20", "nksSoDinhDanh": "079091004321",
			"chaHoTen": "Nguyễn Văn Cường", "meHoTen": "Lê Thị Dung", "ngayDangKy": "2009-03-14"}},
		{id: "hoa", kind: registry.Birth, book: "02/2009", values: map[string]string{
			"so": "12", "nksHoTen": "Lê Thị Hoa", "nksNgaySinh": "1990", "chaHoTen": "Nguyễn Văn An", "meHoTen": "Phạm Thị Mai",
			"ngayDangKy": "2009-06-01"}},
		{id: "kh", kind: registry.Marriage, book: "01/2015", values: map[string]string{
			"so": "4", "chongHoTen": "Phạm Văn Bảo", "chongNgaySinh": "1985", "voHoTen": "Nguyễn Thị An", "voNgaySinh": "1988-02-02",
			"voGiayToTuyThan": "CCCD số 079188000111 do Cục Cảnh sát cấp", "ngayDangKy": "2015-08-08"}},
		{id: "kt", kind: registry.Death, book: "01/2010", office: "UBND phường Sài Gòn", values: map[string]string{
			"so": "7", "nktHoTen": "Trần Văn Tư", "nktNgaySinh": "1930-01-01", "ngayDangKy": "2010-01-05"}},
	})
}

// IDs returns the record ids of hits, in order.
func IDs(hits []registry.SearchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.RecordID)
	}
	return out
}

// Search runs q and checks that the hits come best first, each with a
// score in (0, 1] and a reason.
func Search(t *testing.T, db registry.Store, q registry.SearchQuery) []registry.SearchHit {
	t.Helper()
	hits, err := db.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("Search(%+v): hit %d scores %.3f after %.3f: not best first", q, i, hits[i].Score, hits[i-1].Score)
		}
	}
	for _, h := range hits {
		if h.Why == "" || h.Score <= 0 || h.Score > 1 {
			t.Errorf("Search(%+v): hit %s has score %.3f, why %q", q, h.RecordID, h.Score, h.Why)
		}
	}
	return hits
}

func testSearch(t *testing.T) {
	db := open(t)
	SearchFixture(t, db)
	tests := []struct {
		name  string
		q     registry.SearchQuery
		first string   // the best hit
		also  []string // other hits, in this order after the first
		why   string   // the first hit's Why contains this
	}{
		{"unaccented", registry.SearchQuery{Name: "nguyen van an"}, "an", []string{"anh", "hoa"}, "tên người được khai sinh khớp"},
		{"accents and capitals", registry.SearchQuery{Name: "NGUYỄN VĂN AN"}, "an", []string{"anh", "hoa"}, "khớp"},
		// Two slips (ngyuen, an→anh) only count when nothing closer matched.
		{"swapped letters", registry.SearchQuery{Name: "ngyuen van an"}, "an", []string{"hoa"}, "ngyuen→nguyen"},
		{"two slips", registry.SearchQuery{Name: "tarn thi cc"}, "an", nil, "tên mẹ gần đúng (tarn→tran, cc→cuc)"},
		{"letter added", registry.SearchQuery{Name: "nguyen van anh"}, "anh", []string{"an", "hoa"}, "tên người được khai sinh khớp"},
		{"part of a name", registry.SearchQuery{Name: "nguyen an", Kind: registry.Birth}, "an", []string{"hoa", "anh"}, "tên người được khai sinh khớp"},
		{"father", registry.SearchQuery{Name: "Nguyen Van Binh"}, "an", nil, "tên cha khớp"},
		{"wife", registry.SearchQuery{Name: "nguyen thi an", Kind: registry.Marriage}, "kh", nil, "tên vợ khớp"},
		// Equal scores: the later registration first.
		{"year", registry.SearchQuery{Born: "1990"}, "hoa", []string{"an"}, "năm sinh khớp"},
		{"name and date", registry.SearchQuery{Name: "nguyen van an", Born: "3/5/1990"}, "an", nil, "ngày sinh khớp"},
		{"name and year", registry.SearchQuery{Name: "nguyen van an", Born: "1991"}, "anh", nil, "năm sinh khớp"},
		{"id", registry.SearchQuery{ID: "079 090 001 234"}, "an", nil, "số định danh cá nhân của người được khai sinh khớp"},
		{"id in a document", registry.SearchQuery{ID: "079188000111"}, "kh", nil, "số giấy tờ tùy thân của vợ khớp"},
		{"book and entry", registry.SearchQuery{Book: "1/2009", Entry: "012"}, "an", nil, "quyển số 01/2009, số 12 khớp"},
		{"office", registry.SearchQuery{Office: "sai gon"}, "kt", nil, ""},
		{"office and name", registry.SearchQuery{Office: "Bến Nghé", Name: "tran van tu"}, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := Search(t, db, tt.q)
			got := IDs(hits)
			want := append([]string{tt.first}, tt.also...)
			if tt.first == "" {
				want = nil
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("hits = %v, want %v (%+v)", got, want, hits)
			}
			if len(hits) > 0 && !strings.Contains(hits[0].Why, tt.why) {
				t.Errorf("why = %q, want it to say %q", hits[0].Why, tt.why)
			}
		})
	}
}

func testSearchHit(t *testing.T) {
	db := open(t)
	SearchFixture(t, db)
	hits := Search(t, db, registry.SearchQuery{Name: "ngyuen van an", Limit: 1})
	want := registry.SearchHit{
		RecordID: "an", Kind: registry.Birth, Status: registry.RecordVerified, Office: "UBND phường Bến Nghé",
		Book: "01/2009", Entry: "12", Name: "Nguyễn Văn An", Born: "1990-05-03", Registered: "2009-03-12",
		Parents: "Cha: Nguyễn Văn Bình; Mẹ: Trần Thị Cúc",
	}
	if len(hits) != 1 {
		t.Fatalf("got %d hits, want 1 (Limit)", len(hits))
	}
	got := hits[0]
	if got.Score >= 1 {
		t.Errorf("a misspelled name scores %.3f, want under 1", got.Score)
	}
	got.Score, got.Why = 0, ""
	if got != want {
		t.Errorf("hit =\n%+v\nwant\n%+v", got, want)
	}
	// A marriage found by the wife's name shows the wife, with the
	// husband beside (before issue 22 it showed the husband's name and
	// birth date); found by the husband's, the husband.
	hits = Search(t, db, registry.SearchQuery{Name: "Nguyễn Thị An", Kind: registry.Marriage})
	if len(hits) != 1 || hits[0].Name != "Nguyễn Thị An" || hits[0].Born != "1988-02-02" || hits[0].Parents != "Chồng: Phạm Văn Bảo" {
		t.Errorf("wife's hit = %+v", hits)
	}
	hits = Search(t, db, registry.SearchQuery{Name: "Phạm Văn Bảo", Kind: registry.Marriage})
	if len(hits) != 1 || hits[0].Name != "Phạm Văn Bảo" || hits[0].Born != "1985" || hits[0].Parents != "Vợ: Nguyễn Thị An" {
		t.Errorf("husband's hit = %+v", hits)
	}
}

func testSearchInvalid(t *testing.T) {
	db := open(t)
	for _, q := range []registry.SearchQuery{
		{},
		{Name: " ,. "},
		{Entry: "12"},
		{Born: "tomorrow"},
		{ID: "12"},
		{Kind: "XX", Name: "an"},
	} {
		if _, err := db.Search(context.Background(), q); registry.ErrorCode(err) != registry.EINVALID {
			t.Errorf("Search(%+v) = %v, want EINVALID", q, err)
		}
	}
}

// testSearchFollowsCorrections changes a name the way a reviewer's
// correction does and searches for the old and the new.
func testSearchFollowsCorrections(t *testing.T) {
	db := open(t)
	SearchFixture(t, db)
	Correct(t, db, "anh", "nksHoTen", "Hoàng Minh Tuấn")
	if got := IDs(Search(t, db, registry.SearchQuery{Name: "hoang minh tuan"})); strings.Join(got, ",") != "anh" {
		t.Errorf("new name finds %v, want [anh]", got)
	}
	if got := IDs(Search(t, db, registry.SearchQuery{Name: "nguyen van anh"})); strings.Join(got, ",") != "an,hoa" {
		t.Errorf("old name finds %v, want [an hoa] (no longer anh)", got)
	}
	// A new word is in the word list at once, so its misspelling is found.
	if got := IDs(Search(t, db, registry.SearchQuery{Name: "hoang minh tuna"})); strings.Join(got, ",") != "anh" {
		t.Errorf("misspelled new name finds %v, want [anh]", got)
	}
	Correct(t, db, "an", "nksSoDinhDanh", "079090009999")
	if got := IDs(Search(t, db, registry.SearchQuery{ID: "079090001234"})); len(got) != 0 {
		t.Errorf("old ID finds %v, want nothing", got)
	}
	if got := IDs(Search(t, db, registry.SearchQuery{ID: "079090009999"})); strings.Join(got, ",") != "an" {
		t.Errorf("new ID finds %v, want [an]", got)
	}
	// The old words' counts went down: a word only the old name held is gone.
	r := raw(t, db)
	var n int
	if err := r.QueryRow(`SELECT n FROM search_vocab WHERE tok = 'anh'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("count of 'anh' = %d, %v; want 0", n, err)
	}
}

// testSearchRanksRolesFirst stores many records naming a woman as mother
// and one naming her as the registered person: the registered person comes
// first, also when the mothers alone would fill the hits.
func testSearchRanksRolesFirst(t *testing.T) {
	db := open(t)
	var recs []searchRec
	for i := range 130 {
		recs = append(recs, searchRec{id: fmt.Sprintf("m%03d", i), kind: registry.Birth, book: "01/2010", values: map[string]string{
			"nksHoTen": "Lê Văn Tùng", "meHoTen": "Nguyễn Thị Hương", "chaHoTen": "Lê Văn Hải"}})
	}
	recs = append(recs,
		searchRec{id: "suong", kind: registry.Birth, book: "01/2010", values: map[string]string{"nksHoTen": "Nguyễn Thị Sương"}},
		searchRec{id: "huong", kind: registry.Death, book: "01/2010", values: map[string]string{"nktHoTen": "Nguyễn Thị Hương"}})
	saveRecords(t, db, recs)
	hits := Search(t, db, registry.SearchQuery{Name: "nguyen thi huong", Limit: 5})
	got := IDs(hits)
	if len(got) != 5 || got[0] != "huong" || got[1] != "suong" || !strings.HasPrefix(got[2], "m") {
		t.Errorf("hits = %v, want huong, suong, then mothers", got)
	}
}

// testWarmSearch: reading the search index once, empty or not, changes
// nothing that a search finds.
func testWarmSearch(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if err := db.WarmSearch(ctx); err != nil {
		t.Fatalf("WarmSearch on an empty store: %v", err)
	}
	SearchFixture(t, db)
	if err := db.WarmSearch(ctx); err != nil {
		t.Fatalf("WarmSearch: %v", err)
	}
	if got := IDs(Search(t, db, registry.SearchQuery{Name: "tran van tu"})); strings.Join(got, ",") != "kt" {
		t.Errorf("after WarmSearch: %v, want [kt]", got)
	}
}

// Correct changes the value of a field the machine read as a reviewer
// does: the field is flagged for review, and a reviewer ("sửa") replaces
// its value; the store brings the record's search keys up to date.
func Correct(t testing.TB, db registry.Store, recordID, key, value string) {
	t.Helper()
	ctx := context.Background()
	if n, err := db.FlagFields(ctx, []registry.Flag{{RecordID: recordID, Key: key, Reason: registry.ReasonAudit, Note: "sửa"}}); err != nil || n != 1 {
		t.Fatalf("flagging %s of %s: %d, %v", key, recordID, n, err)
	}
	u, err := db.FindUser(ctx, "sửa")
	if registry.ErrorCode(err) == registry.ENOTFOUND {
		u = &registry.User{Name: "sửa", Role: registry.RoleReviewer, PasswordHash: "x"}
		err = db.CreateUser(ctx, u)
	}
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := db.RecordTasks(ctx, *u, recordID, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range tasks {
		if v.FieldKey == key {
			if _, err := db.Submit(ctx, registry.Submission{TaskID: v.ID, User: u.Name, Action: registry.ActReplace, Value: value, Raw: value, Version: v.Version}); err != nil {
				t.Fatalf("correcting %s of %s: %v", key, recordID, err)
			}
			return
		}
	}
	t.Fatalf("no task for %s of %s among %d", key, recordID, len(tasks))
}
