package scan

import (
	"context"
	"fmt"
	"testing"

	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/registry"
)

// acceptStore records what corroborate accepts.
type acceptStore struct {
	registry.ScanStore
	got []registry.Acceptance
}

func (s *acceptStore) AcceptFields(_ context.Context, fs []registry.Acceptance) (int, error) {
	s.got = append(s.got, fs...)
	return len(fs), nil
}

// A signer sent to a person for low confidence is accepted once other pages
// of the batch read the same name, where the calibration says such
// readings are right; a name read once, a field routed for another reason
// and one the calibration has no such cells for stay with a person.
func TestCorroborate(t *testing.T) {
	ev := route.Evidence{Type: registry.TypeSigner, Field: "nguoiKy", Era: registry.EraB, Located: true, Valid: true, MinConf: 80, MeanConf: 85}
	cal := &route.Calibration{Cells: map[string]route.Cell{}}
	for i := range 400 {
		page := ev
		cal.Add(page, i%10 != 0) // 90 % right on its own
		page.Batch, page.Seen = true, 2+i%5
		cal.Add(page, true) // every one of them read again elsewhere was right
	}
	policy, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	policy.AuditRate = 0
	if c := cal.Confidence(ev); c >= 0.99 {
		t.Fatalf("page confidence %.3f: the test needs it under the threshold", c)
	}
	low := func(rec, value string) routed {
		return routed{recordID: rec, key: "nguoiKy", value: value, ev: ev, status: registry.FieldNeedsReview, reason: registry.ReasonLowConfidence}
	}
	fields := []routed{low("r1", "Lê Văn Tám"), low("r2", "Lê Văn Tám"), low("r3", "Lê Văn Tám"), low("r4", "Lê Văn Tầm")}
	rule := low("r5", "Lê Văn Tám")
	rule.reason = registry.ReasonRulePrefix + "x"
	other := low("r6", "Lê Văn Tám")
	other.key, other.ev.Field, other.ev.Type = "nycHoTen", "nycHoTen", registry.TypeName
	fields = append(fields, rule, other, low("r7", "Lê Văn Tám"))
	fields[len(fields)-1].key = "nycHoTen"

	store := &acceptStore{}
	n, err := corroborate(context.Background(), &Options{Store: store, Calib: cal, Policy: &policy}, fields)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(store.got)
	want := fmt.Sprint([]registry.Acceptance{
		{RecordID: "r1", Key: "nguoiKy", Confidence: store.got[0].Confidence, Note: "đọc giống 3 trang khác trong lô"},
		{RecordID: "r2", Key: "nguoiKy", Confidence: store.got[0].Confidence, Note: "đọc giống 3 trang khác trong lô"},
		{RecordID: "r3", Key: "nguoiKy", Confidence: store.got[0].Confidence, Note: "đọc giống 3 trang khác trong lô"},
	})
	if n != 3 || got != want || store.got[0].Confidence < 0.99 {
		t.Errorf("accepted %d: %s\nwant %s", n, got, want)
	}
}

// An entry number accepted on its page that breaks the count of the pages
// around it (in file and page order, whatever order the workers stored
// them in) goes to a person; a number already with a person is not
// flagged again, and is not accepted by corroborate either.
func TestSequence(t *testing.T) {
	num := func(file string, page int, rec, key, value string, status registry.FieldStatus) routed {
		return routed{file: file, page: page, recordID: rec, key: key, value: value, status: status, reason: registry.ReasonLowConfidence}
	}
	auto, review := registry.FieldAuto, registry.FieldNeedsReview
	stored := []routed{
		num("b.pdf", 1, "r4", "so", "60", auto),
		num("a.pdf", 0, "r1", "so", "57", auto),
		num("b.pdf", 0, "r3", "so", "59", auto),
		num("a.pdf", 1, "r2", "so", "5", auto), // 58 with its 8 lost
		num("a.pdf", 0, "r1", "trangSo", "12", auto),
		num("a.pdf", 1, "r2", "trangSo", "14", review), // 13 misread, already with a person
		num("b.pdf", 0, "r3", "trangSo", "14", auto),
	}
	flags := sequence(stored)
	if len(flags) != 1 || flags[0].RecordID != "r2" || flags[0].Key != "so" || flags[0].Reason != "rule:sequence" ||
		flags[0].Note != "số 5 không liền với trang trước (57) và trang sau (59)" {
		t.Errorf("flags %+v, want r2's so alone", flags)
	}
	for _, f := range stored {
		if f.outOfSequence != (f.recordID == "r2") {
			t.Errorf("%s %s marked out of sequence: %v", f.recordID, f.key, f.outOfSequence)
		}
	}
}

// A registration date outside its neighbouring pages' is flagged, within
// the pages of one form only: a batch mixing two kinds holds two orders.
func TestDateOrder(t *testing.T) {
	var stored []routed
	add := func(file, form, date string) {
		stored = append(stored, routed{file: file, form: form, recordID: "r" + file, key: "ngayDangKy", value: date, status: registry.FieldAuto})
	}
	add("a1", "KS-A", "2011-01-02")
	add("a2", "KT-A", "2011-09-01") // another kind between: no part of KS-A's order
	add("a3", "KS-A", "2011-07-03") // out of KS-A's order
	add("a4", "KT-A", "2011-09-02")
	add("a5", "KS-A", "2011-01-04")
	add("a6", "KT-A", "2011-09-03")
	flags := dateOrder(stored)
	if len(flags) != 1 || flags[0].RecordID != "ra3" {
		t.Errorf("flags %+v, want only ra3", flags)
	}
}
