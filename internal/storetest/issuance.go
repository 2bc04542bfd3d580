package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

// issueSetup stores a verified record "rec-1", an issuer "lan" and a
// reviewer "minh", and a key for each of two offices.
func issueSetup(t *testing.T) registry.Store {
	t.Helper()
	ctx := context.Background()
	db := open(t)
	pr := Page(batch(t, db), Hash("iss"), "UBND phường Bến Nghé", "01/2009", 64, "2009-03-12")
	pr.Record.ID = "rec-1"
	if err := db.SavePage(ctx, pr); err != nil {
		t.Fatal(err)
	}
	for _, u := range []registry.User{{Name: "lan", Role: registry.RoleIssuer}, {Name: "minh", Role: registry.RoleReviewer}} {
		u.PasswordHash = "x"
		if err := db.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	for i, office := range []string{"UBND phường Sài Gòn", "UBND xã Bình Chánh"} {
		k := &registry.OfficeKey{ID: fmt.Sprintf("key%d", i), Office: office, Public: make([]byte, 32)}
		k.Public[0] = byte(i + 1)
		if err := db.AddKey(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// issue logs an issuance of rec-1 and returns its copy number.
func issue(t *testing.T, db registry.Store, office string, year int, key string) string {
	t.Helper()
	iss := &registry.Issuance{Office: office, Year: year, RecordID: "rec-1", IssuedBy: "lan", Requester: "Nguyễn Thị Nhàn",
		At: time.Date(year, 3, 5, 2, 0, 0, 0, time.UTC)}
	err := db.NextCopy(context.Background(), iss, "TLKS-BS", func(iss *registry.Issuance) error {
		iss.Content, iss.Signature, iss.KeyID = []byte(`{"copyNo":"`+iss.CopyNo+`"}`), []byte("sig"), key
		return nil
	})
	if err != nil {
		t.Fatalf("NextCopy(%s, %d): %v", office, year, err)
	}
	if iss.ID == 0 {
		t.Errorf("NextCopy set no id")
	}
	return iss.CopyNo
}

func testNextCopyNumbers(t *testing.T) {
	ctx := context.Background()
	db := issueSetup(t)
	sg, bc := "UBND phường Sài Gòn", "UBND xã Bình Chánh"
	var got []string
	got = append(got, issue(t, db, sg, 2026, "key0"), issue(t, db, sg, 2026, "key0"))

	// A failed build uses no number.
	boom := errors.New("render failed")
	iss := &registry.Issuance{Office: sg, Year: 2026, RecordID: "rec-1", IssuedBy: "lan"}
	if err := db.NextCopy(ctx, iss, "TLKS-BS", func(*registry.Issuance) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("failed build: %v, want the build's error", err)
	}
	got = append(got,
		issue(t, db, sg, 2026, "key0"),
		issue(t, db, bc, 2026, "key1"), // another office starts at 1
		issue(t, db, sg, 2027, "key0"), // a new year starts at 1
		issue(t, db, sg, 2026, "key0"),
	)
	want := []string{"1/2026/TLKS-BS", "2/2026/TLKS-BS", "3/2026/TLKS-BS", "1/2026/TLKS-BS", "1/2027/TLKS-BS", "4/2026/TLKS-BS"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("copy numbers = %v, want %v", got, want)
	}

	// The same number from two offices: FindIssuance cannot choose.
	if _, err := db.FindIssuance(ctx, "1/2026/TLKS-BS"); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("FindIssuance(shared number) = %v, want ECONFLICT", err)
	}
	f, err := db.FindOfficeIssuance(ctx, bc, "1/2026/TLKS-BS")
	if err != nil || f.Office != bc || f.Seq != 1 || f.Year != 2026 || f.KeyID != "key1" || f.Requester != "Nguyễn Thị Nhàn" ||
		string(f.Content) != `{"copyNo":"1/2026/TLKS-BS"}` || !f.At.Equal(time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("FindOfficeIssuance = %+v, %v", f, err)
	}
	if f, err := db.FindIssuance(ctx, "3/2026/TLKS-BS"); err != nil || f.Office != sg || f.Seq != 3 {
		t.Errorf("FindIssuance(3/2026) = %+v, %v", f, err)
	}
	if _, err := db.FindIssuance(ctx, "9/2026/TLKS-BS"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("FindIssuance(unknown) = %v, want ENOTFOUND", err)
	}

	list, err := db.Issuances(ctx, "rec-1")
	if err != nil || len(list) != 6 {
		t.Fatalf("Issuances = %d, %v; want 6", len(list), err)
	}
	for i, iss := range list {
		if iss.CopyNo != want[i] {
			t.Errorf("Issuances[%d] = %s, want %s (oldest first)", i, iss.CopyNo, want[i])
		}
	}
	ev, err := db.Events(ctx, "rec-1")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ev {
		if e.Action == "extract.issued" {
			if e.Actor != "lan" || e.New != want[n] {
				t.Errorf("event %d = %+v", n, e)
			}
			n++
		}
	}
	if n != 6 {
		t.Errorf("%d extract.issued events, want 6", n)
	}
}

func testNextCopyRefuses(t *testing.T) {
	ctx := context.Background()
	db := issueSetup(t)
	build := func(key string) func(*registry.Issuance) error {
		return func(iss *registry.Issuance) error {
			iss.Content, iss.Signature, iss.KeyID = []byte("{}"), []byte("sig"), key
			return nil
		}
	}
	for _, tc := range []struct {
		name, record, by, key, code string
	}{
		{"unknown record", "rec-x", "lan", "key0", registry.ENOTFOUND},
		{"unknown user", "rec-1", "ai", "key0", registry.ENOTFOUND},
		{"a reviewer", "rec-1", "minh", "key0", registry.EUNAUTHORIZED},
		{"unknown key", "rec-1", "lan", "nokey", registry.ENOTFOUND},
	} {
		iss := &registry.Issuance{Office: "UBND phường Sài Gòn", Year: 2026, RecordID: tc.record, IssuedBy: tc.by}
		if err := db.NextCopy(ctx, iss, "TLKS-BS", build(tc.key)); registry.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	// None of them used a number.
	if got := issue(t, db, "UBND phường Sài Gòn", 2026, "key0"); got != "1/2026/TLKS-BS" {
		t.Errorf("after refusals: %s, want 1/2026/TLKS-BS", got)
	}
}

func testIssuancesAppendOnly(t *testing.T) {
	db := issueSetup(t)
	issue(t, db, "UBND phường Sài Gòn", 2026, "key0")
	r := raw(t, db)
	for _, q := range []string{
		`UPDATE issuances SET requester = 'x'`,
		`DELETE FROM issuances`,
		`DELETE FROM office_keys`,
		`UPDATE office_keys SET office = 'x'`,
	} {
		if _, err := r.Exec(q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
	if n := Count(t, r, "issuances"); n != 1 {
		t.Errorf("%d issuances, want 1", n)
	}
}

func testKeys(t *testing.T) {
	ctx := context.Background()
	db := issueSetup(t)
	k, err := db.FindKey(ctx, "key1")
	if err != nil || k.Office != "UBND xã Bình Chánh" || k.Public[0] != 2 || !k.Created.Equal(epoch) {
		t.Errorf("FindKey = %+v, %v", k, err)
	}
	if _, err := db.FindKey(ctx, "nokey"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("FindKey(unknown) = %v, want ENOTFOUND", err)
	}
	dup := &registry.OfficeKey{ID: "key0", Office: "x", Public: make([]byte, 32)}
	if err := db.AddKey(ctx, dup); registry.ErrorCode(err) != registry.ECONFLICT {
		t.Errorf("AddKey(same id) = %v, want ECONFLICT", err)
	}
	if err := db.AddKey(ctx, &registry.OfficeKey{ID: "k", Office: "x", Public: []byte("short")}); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("AddKey(short key) = %v, want EINVALID", err)
	}
	all, err := db.Keys(ctx, "")
	if err != nil || len(all) != 2 {
		t.Errorf("Keys() = %v, %v; want 2", all, err)
	}
	one, err := db.Keys(ctx, "UBND phường Sài Gòn")
	if err != nil || len(one) != 1 || one[0].ID != "key0" {
		t.Errorf("Keys(Sài Gòn) = %v, %v", one, err)
	}
}

// testNextCopyConcurrent has 10 issuers at one office take copy numbers at
// once, some of them failing to build their extract: the numbers issued
// are 1…n, none reused, none skipped.
func testNextCopyConcurrent(t *testing.T) {
	db := issueSetup(t)
	const issuers, each = 10, 6
	var wg sync.WaitGroup
	seqs := make(chan int, issuers*each)
	errs := make(chan error, issuers*each)
	for i := range issuers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				iss := &registry.Issuance{Office: "UBND phường Sài Gòn", Year: 2026, RecordID: "rec-1", IssuedBy: "lan"}
				fail := (i+j)%5 == 0 // a build that fails gives its number back
				err := db.NextCopy(context.Background(), iss, "TLKS-BS", func(iss *registry.Issuance) error {
					if fail {
						return registry.Errorf(registry.EINVALID, "no")
					}
					iss.Content, iss.Signature, iss.KeyID = []byte(iss.CopyNo), []byte("sig"), "key0"
					return nil
				})
				switch {
				case fail && registry.ErrorCode(err) != registry.EINVALID:
					errs <- fmt.Errorf("failing build: %v", err)
				case !fail && err != nil:
					errs <- err
				case !fail:
					seqs <- iss.Seq
				}
			}
		}()
	}
	wg.Wait()
	close(seqs)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var got []int
	for s := range seqs {
		got = append(got, s)
	}
	slices.Sort(got)
	for i, s := range got {
		if s != i+1 {
			t.Fatalf("copy numbers %v: want 1…%d, none reused or skipped", got, len(got))
		}
	}
	if len(got) != issuers*each-issuers*each/5 {
		t.Errorf("%d extracts issued, want %d", len(got), issuers*each-issuers*each/5)
	}
	// The issuers' links make one chain, in the order they committed.
	if r := verify(t, db); r.Broken != nil || r.Checked != r.Links {
		t.Errorf("chain after concurrent issues: %+v, broken %v", r, r.Broken)
	}
}
