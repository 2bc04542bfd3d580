package storetest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

// dupStore returns a fresh store with one batch, and a function that saves
// a record of the given kind with the given field values under a tag.
func dupStore(t *testing.T) (registry.Store, func(tag string, kind registry.Kind, kv ...string) string) {
	t.Helper()
	db := openAt(t, func() time.Time { return time.Date(2025, 7, 1, 8, 30, 0, 0, time.UTC) })
	ctx := context.Background()
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "01/2009"}
	if err := db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	n := 0
	save := func(tag string, kind registry.Kind, kv ...string) string {
		t.Helper()
		n++
		sha := fmt.Sprintf("%x", sha256.Sum256([]byte("dup-"+tag)))
		fields := map[string]*registry.Field{}
		for i := 0; i+1 < len(kv); i += 2 {
			fields[kv[i]] = &registry.Field{Value: kv[i+1], Raw: kv[i+1], Confidence: 0.9, Status: registry.FieldAuto}
		}
		r := &registry.PageResult{
			Page:   registry.Page{BatchID: b.ID, SHA256: sha, File: tag + ".png", Width: 10, Height: 10},
			Record: &registry.Record{Kind: kind, Era: registry.EraB, Office: b.Office, Book: b.Book, Page: n, Fields: fields},
		}
		if err := db.SavePage(ctx, r); err != nil {
			t.Fatal(err)
		}
		return r.Record.ID
	}
	return db, save
}

// pairsOf returns the pairs as "a+b" of tags, sorted, using names to map
// record ids back to tags.
func pairsOf(ds []registry.Duplicate, names map[string]string) []string {
	var out []string
	for _, d := range ds {
		a, b := names[d.RecordA], names[d.RecordB]
		if b < a {
			a, b = b, a
		}
		out = append(out, a+"+"+b)
	}
	sort.Strings(out)
	return out
}

func testFindDuplicates(t *testing.T) {
	ctx := context.Background()
	db, save := dupStore(t)
	names := map[string]string{}
	add := func(tag string, kind registry.Kind, kv ...string) string {
		id := save(tag, kind, kv...)
		names[id] = tag
		return id
	}
	a := add("A", registry.Birth, "nksHoTen", "Nguyễn Văn An", "nksNgaySinh", "2001-02-03")
	b := add("B", registry.Birth, "nksHoTen", "NGUYỄN VĂN AN", "nksNgaySinh", "2001-02-03", "ghiChu", "ĐĂNG KÝ LẠI")
	add("C", registry.Birth, "nksHoTen", "Nguyễn Văn An", "nksNgaySinh", "2001-02-04")      // another day
	add("D", registry.Death, "nktHoTen", "Nguyễn Văn An", "nktNgaySinh", "2001-02-03")      // another kind
	add("E", registry.Birth, "nksHoTen", "Trần Thị Bé", "nksSoDinhDanh", "079301000001")    // same ID as F
	add("F", registry.Birth, "nksHoTen", "Trần Thị Bê", "nksSoDinhDanh", "079 301 000 001") // misread name
	g := add("G", registry.Birth, "nksHoTen", "Nguyen van an", "nksNgaySinh", "2001-02-03") // no accents
	add("H", registry.Marriage, "chongHoTen", "Lê Văn Hùng", "voHoTen", "Phạm Thị Lan", "chongNgaySinh", "1980")
	add("I", registry.Marriage, "chongHoTen", "Lê Văn Hùng", "voHoTen", "Phạm Thị Lan", "chongNgaySinh", "1980",
		"chongGiayToTuyThan", "CMND số 023456789 cấp ngày 1/1/2000", "voGiayToTuyThan", "024456789")
	add("J", registry.Marriage, "chongHoTen", "Lê Văn Hùng", "voHoTen", "Phạm Thị Lan", // a wife with
		"chongNgaySinh", "1980", "chongGiayToTuyThan", "023456789", "voGiayToTuyThan", "999456789") // another ID
	add("K", registry.Marriage, "chongHoTen", "Lê Văn Hùng", "voHoTen", "Phạm Thị Lan") // no date, no IDs

	s, err := db.FindDuplicates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Records != 11 {
		t.Errorf("keyed %d records, want 11", s.Records)
	}
	all, err := db.Duplicates(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"A+B", "A+G", "B+G", "E+F", "H+I", "H+J", "I+J"}
	if got := pairsOf(all, names); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pairs = %v, want %v", got, want)
	}
	if s.Flagged != len(want) || s.Open != len(want) {
		t.Errorf("scan = %+v, want %d flagged and open", s, len(want))
	}
	byPair := map[string]registry.Duplicate{}
	for i, p := range pairsOf(all, names) {
		_ = i
		for _, d := range all {
			if pairsOf([]registry.Duplicate{d}, names)[0] == p {
				byPair[p] = d
			}
		}
	}
	for _, tc := range []struct {
		pair      string
		why       string
		min, max  float64
		wantOrder bool
	}{
		{"A+B", "cùng họ tên và ngày sinh 2001-02-03; một bản ghi là đăng ký lại", 0.89, 0.91, true},
		{"A+G", "cùng họ tên và ngày sinh 2001-02-03", 0.79, 0.81, true},
		{"E+F", "cùng số định danh 079301000001", 0.89, 0.91, true},
		{"H+J", "cùng họ tên chồng và vợ và ngày sinh của chồng (chỉ có năm hoặc tháng) 1980", 0.49, 0.51, true},
		{"I+J", "cùng họ tên chồng và vợ và ngày sinh của chồng (chỉ có năm hoặc tháng) 1980", 0.49, 0.51, true},
		{"H+I", "cùng họ tên chồng và vợ và ngày sinh của chồng (chỉ có năm hoặc tháng) 1980", 0.49, 0.51, true},
	} {
		d, ok := byPair[tc.pair]
		if !ok {
			continue // reported above
		}
		if d.Why != tc.why || d.Score < tc.min || d.Score > tc.max {
			t.Errorf("%s: score %.3f why %q; want %.2f..%.2f and %q", tc.pair, d.Score, d.Why, tc.min, tc.max, tc.why)
		}
		if d.Status != registry.DuplicateOpen || d.RecordA >= d.RecordB {
			t.Errorf("%s: status %s, records %s, %s; want open, ordered", tc.pair, d.Status, d.RecordA, d.RecordB)
		}
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Errorf("list not by score: %.3f after %.3f", all[i].Score, all[i-1].Score)
		}
	}

	// A second run has nothing to do.
	if s, err := db.FindDuplicates(ctx); err != nil || s.Records != 0 || s.Flagged != 0 || s.Open != len(want) {
		t.Errorf("second run = %+v, %v; want nothing keyed, %d open", s, err, len(want))
	}

	// Link A+B, dismiss E+F.
	ab := byPair["A+B"]
	got, err := db.Decide(ctx, ab.ID, "lan", true, "cùng một người, đăng ký lại năm 2010")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != registry.DuplicateLinked || got.DecidedBy != "lan" || got.DecidedAt.IsZero() {
		t.Errorf("decided = %+v, want linked by lan", got)
	}
	if _, err := db.Decide(ctx, byPair["E+F"].ID, "minh", false, ""); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{a, b} {
		evs, err := db.Events(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		last := evs[len(evs)-1]
		if last.Action != "duplicate.linked" || last.Actor != "lan" || last.New != "linked" || !strings.Contains(last.Note, "đăng ký lại năm 2010") {
			t.Errorf("record %s: last event %+v, want duplicate.linked by lan with the note", names[id], last)
		}
	}
	for _, tc := range []struct {
		name string
		id   int64
		user string
		code string
	}{
		{"again", ab.ID, "minh", registry.ECONFLICT},
		{"unknown", 99999, "minh", registry.ENOTFOUND},
		{"no user", byPair["A+G"].ID, " ", registry.EINVALID},
	} {
		if _, err := db.Decide(ctx, tc.id, tc.user, false, ""); registry.ErrorCode(err) != tc.code {
			t.Errorf("decide %s: %v, want %s", tc.name, err, tc.code)
		}
	}
	for _, tc := range []struct {
		status registry.DuplicateStatus
		want   []string
	}{
		{registry.DuplicateLinked, []string{"A+B"}},
		{registry.DuplicateDismissed, []string{"E+F"}},
		{registry.DuplicateOpen, []string{"A+G", "B+G", "H+I", "H+J", "I+J"}},
	} {
		ds, err := db.Duplicates(ctx, tc.status)
		if err != nil {
			t.Fatal(err)
		}
		if got := pairsOf(ds, names); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s: %v, want %v", tc.status, got, tc.want)
		}
	}
	if _, err := db.Duplicates(ctx, "maybe"); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("unknown status: %v, want EINVALID", err)
	}

	// A reviewer corrects G's name and A's: G's open pairs are withdrawn;
	// the decided A+B stays as decided.
	r := raw(t, db)
	for _, c := range []struct{ id, name string }{{g, "Nguyễn Văn Bình"}, {a, "Nguyễn Văn Anh"}} {
		if _, err := r.Exec(`UPDATE fields SET value = ? WHERE record_id = ? AND key = 'nksHoTen'`, c.name, c.id); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Exec(`UPDATE records SET version = version + 1 WHERE id = ?`, c.id); err != nil {
			t.Fatal(err)
		}
	}
	s, err = db.FindDuplicates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Records != 2 || s.Flagged != 0 {
		t.Errorf("after corrections: %+v, want 2 keyed, none flagged", s)
	}
	all, _ = db.Duplicates(ctx, "")
	want = []string{"A+B", "E+F", "H+I", "H+J", "I+J"}
	if got := pairsOf(all, names); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after corrections: %v, want %v", got, want)
	}
}

// testDuplicateCommonKeyIsNoEvidence checks that a key shared by many
// records (a misread name, a common name with a year) flags nothing,
// rather than every pair among them.
func testDuplicateCommonKeyIsNoEvidence(t *testing.T) {
	ctx := context.Background()
	db, save := dupStore(t)
	for i := 0; i < 25; i++ {
		save(fmt.Sprint("n", i), registry.Death, "nktHoTen", "Nguyễn Văn Hùng", "nktNgaySinh", "1950")
	}
	save("x", registry.Birth, "nksHoTen", "Võ Thị Sáu", "nksNgaySinh", "1933-01-01")
	save("y", registry.Birth, "nksHoTen", "Võ Thị Sáu", "nksNgaySinh", "1933-01-01")
	s, err := db.FindDuplicates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Records != 27 || s.Flagged != 1 || s.Open != 1 {
		t.Errorf("scan = %+v, want 27 keyed and only the Võ Thị Sáu pair flagged", s)
	}
}
