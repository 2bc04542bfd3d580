package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

// person is a record to store for the search tests.
type searchRec struct {
	id, book, office string
	kind             registry.Kind
	values           map[string]string
}

func saveRecords(t *testing.T, db *sqlite.DB, recs []searchRec) {
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
			Page:   registry.Page{SHA256: hash(r.id), File: "quyen.pdf", PageIndex: i},
			Record: &registry.Record{ID: r.id, Kind: r.kind, Era: registry.EraB, Office: office, Book: r.book, Page: i + 1, Fields: fields},
		}
		if err := db.SavePage(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
}

// searchFixture stores a few records whose names are close to each other.
func searchFixture(t *testing.T, db *sqlite.DB) {
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

func ids(hits []registry.SearchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.RecordID)
	}
	return out
}

func search(t *testing.T, db *sqlite.DB, q registry.SearchQuery) []registry.SearchHit {
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

func TestSearch(t *testing.T) {
	db := open(t)
	searchFixture(t, db)
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
			hits := search(t, db, tt.q)
			got := ids(hits)
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

func TestSearchHit(t *testing.T) {
	db := open(t)
	searchFixture(t, db)
	hits := search(t, db, registry.SearchQuery{Name: "ngyuen van an", Limit: 1})
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
	hits = search(t, db, registry.SearchQuery{Name: "Nguyễn Thị An", Kind: registry.Marriage})
	if len(hits) != 1 || hits[0].Name != "Nguyễn Thị An" || hits[0].Born != "1988-02-02" || hits[0].Parents != "Chồng: Phạm Văn Bảo" {
		t.Errorf("wife's hit = %+v", hits)
	}
	hits = search(t, db, registry.SearchQuery{Name: "Phạm Văn Bảo", Kind: registry.Marriage})
	if len(hits) != 1 || hits[0].Name != "Phạm Văn Bảo" || hits[0].Born != "1985" || hits[0].Parents != "Vợ: Nguyễn Thị An" {
		t.Errorf("husband's hit = %+v", hits)
	}
}

func TestSearchInvalid(t *testing.T) {
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

// TestSearchFollowsCorrections changes a name the way a reviewer's
// correction does and searches for the old and the new.
func TestSearchFollowsCorrections(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	searchFixture(t, db)
	if err := db.SetFieldValue(ctx, "anh", "nksHoTen", "Hoàng Minh Tuấn"); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, db, registry.SearchQuery{Name: "hoang minh tuan"})); strings.Join(got, ",") != "anh" {
		t.Errorf("new name finds %v, want [anh]", got)
	}
	if got := ids(search(t, db, registry.SearchQuery{Name: "nguyen van anh"})); strings.Join(got, ",") != "an,hoa" {
		t.Errorf("old name finds %v, want [an hoa] (no longer anh)", got)
	}
	// A new word is in the word list at once, so its misspelling is found.
	if got := ids(search(t, db, registry.SearchQuery{Name: "hoang minh tuna"})); strings.Join(got, ",") != "anh" {
		t.Errorf("misspelled new name finds %v, want [anh]", got)
	}
	if err := db.SetFieldValue(ctx, "an", "nksSoDinhDanh", "079090009999"); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, db, registry.SearchQuery{ID: "079090001234"})); len(got) != 0 {
		t.Errorf("old ID finds %v, want nothing", got)
	}
	if got := ids(search(t, db, registry.SearchQuery{ID: "079090009999"})); strings.Join(got, ",") != "an" {
		t.Errorf("new ID finds %v, want [an]", got)
	}
	// The old words' counts went down: a word only the old name held is gone.
	r := raw(t, db)
	var n int
	if err := r.QueryRow(`SELECT n FROM search_vocab WHERE tok = 'anh'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("count of 'anh' = %d, %v; want 0", n, err)
	}
}

// TestSearchAfterReopen finds records in a store opened again, and indexes
// records stored before the index existed.
func TestSearchAfterReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	searchFixture(t, db)
	db.Close()

	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := ids(search(t, db, registry.SearchQuery{Name: "tran van tu"})); strings.Join(got, ",") != "kt" {
		t.Errorf("after reopening: %v, want [kt]", got)
	}
	// As if the records had been stored before the index came.
	r := raw(t, db)
	for _, q := range []string{`DELETE FROM search_docs`, `DELETE FROM search_names`, `DELETE FROM search_tokens`, `DELETE FROM search_ids`, `DELETE FROM search_vocab`,
		`INSERT INTO search_state (name, value) VALUES ('backfill', 'pending')`} {
		if _, err := r.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if got := ids(search(t, db, registry.SearchQuery{Name: "ngyuen van an"})); strings.Join(got, ",") != "an,hoa" {
		t.Errorf("after backfill: %v, want [an hoa]", got)
	}
	if n := count(t, r, "search_docs"); n != 5 {
		t.Errorf("backfill indexed %d records, want 5", n)
	}
}

// TestSearchRanksRolesFirst stores many records naming a woman as mother
// and one naming her as the registered person: the registered person comes
// first, also when the mothers alone would fill the hits.
func TestSearchRanksRolesFirst(t *testing.T) {
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
	hits := search(t, db, registry.SearchQuery{Name: "nguyen thi huong", Limit: 5})
	got := ids(hits)
	if len(got) != 5 || got[0] != "huong" || got[1] != "suong" || !strings.HasPrefix(got[2], "m") {
		t.Errorf("hits = %v, want huong, suong, then mothers", got)
	}
}

// TestSearchNamesGivenFirstMigration writes the name keys as stores before
// migration 0006 held them (surname first) and opens the store again: the
// migration must give back exactly the keys the index writes now, and a
// surname with a given name must find the names with middle names.
func TestSearchNamesGivenFirstMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	searchFixture(t, db)
	r := raw(t, db)
	keys := func() []string {
		rows, err := r.QueryContext(ctx, `SELECT key || '|' || year || '|' || doc || '|' || role FROM search_names ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	want := keys()
	if !strings.Contains(strings.Join(want, "\n"), "1 an nguyen van|1990|") {
		t.Fatalf("keys are not given name first: %q", want)
	}
	// Surname first, as before 0006: the first word of the name moves back
	// to the end ("1 an nguyen van" → "1 nguyen van an").
	for _, q := range []string{
		`UPDATE search_names SET key = substr(key, 1, 2) || substr(key, instr(substr(key, 3), ' ') + 3) || ' ' || substr(key, 3, instr(substr(key, 3), ' ') - 1)
			WHERE instr(substr(key, 3), ' ') > 0`,
	} {
		if _, err := r.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if old := keys(); !strings.Contains(strings.Join(old, "\n"), "1 nguyen van an|1990|") {
		t.Fatalf("keys were not put back surname first: %q", old)
	}
	db = rerunMigration(t, db, "0006")
	r = raw(t, db)
	if got := keys(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after the migration the keys are\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := ids(search(t, db, registry.SearchQuery{Name: "Nguyễn Cường"})); strings.Join(got, ",") != "anh" {
		t.Errorf("surname and given name: %v, want [anh] (its father is Nguyễn Văn Cường)", got)
	}
}

// TestSearchCardMigration drops the status and card of the search entries
// and runs migration 0008 again: it must fill them as the index does, and
// the hits must show the same.
func TestSearchCardMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	searchFixture(t, db)
	entries := func(r *sql.DB) map[string]string {
		rows, err := r.QueryContext(ctx, `SELECT record_id, status, card FROM search_docs`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var id, status, card string
			if err := rows.Scan(&id, &status, &card); err != nil {
				t.Fatal(err)
			}
			var m map[string]string
			if err := json.Unmarshal([]byte(card), &m); err != nil {
				t.Fatalf("card of %s: %v", id, err)
			}
			out[id] = status + " " + fmt.Sprint(m) // fmt prints maps sorted
		}
		return out
	}
	query := registry.SearchQuery{Name: "nguyen van an"}
	r := raw(t, db)
	want, wantHits := entries(r), search(t, db, query)
	if len(want) != 5 || !strings.Contains(want["an"], "needs_review") && !strings.Contains(want["an"], "verified") || !strings.Contains(want["an"], "nksHoTen:Nguyễn Văn An") {
		t.Fatalf("entries = %v", want)
	}
	db = rerunMigration(t, db, "0008", `ALTER TABLE search_docs DROP COLUMN status`, `ALTER TABLE search_docs DROP COLUMN card`)
	if got := entries(raw(t, db)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the migration:\n%v\nwant\n%v", got, want)
	}
	if got := search(t, db, query); fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", wantHits) {
		t.Errorf("hits after the migration:\n%+v\nwant\n%+v", got, wantHits)
	}
}
