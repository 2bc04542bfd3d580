package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/civreg/civreg/registry"
)

// A field the batch bore out is accepted once: auto, its task done, its
// record verified when nothing else waits, an event logged. A field a
// reviewer holds or has keyed stays theirs.
func testAcceptFields(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview, "nguoiKy")
	saveReview(t, db, bid, "r2", registry.StageReview, "nguoiKy", "chucVuNguoiKy")
	saveReview(t, db, bid, "r3", registry.StageEntry1, "nguoiKy")
	saveReview(t, db, bid, "r4", registry.StageReview, "nguoiKy")

	held := next(t, db, alice) // r1's task, the oldest
	if held.RecordID != "r1" {
		t.Fatalf("alice holds %s, want r1", held.RecordID)
	}
	keyed, err := db.LeaseTask(ctx, bob, taskID(t, db, "r3", "nguoiKy"), time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	submit(t, db, keyed, bob, registry.ActReplace, "Lê Văn Tám")
	db.ReleaseLeases(ctx, "bob")

	accept := func(id, key string) registry.Acceptance {
		return registry.Acceptance{RecordID: id, Key: key, Confidence: 0.995, Note: "đọc giống 3 trang khác trong lô"}
	}
	all := []registry.Acceptance{accept("r1", "nguoiKy"), accept("r2", "nguoiKy"), accept("r3", "nguoiKy"), accept("r4", "nguoiKy"), accept("r9", "nguoiKy")}
	n, err := db.AcceptFields(ctx, all)
	if err != nil || n != 2 {
		t.Fatalf("AcceptFields: %d, %v; want 2 (r2 and r4)", n, err)
	}
	if n, err := db.AcceptFields(ctx, all); err != nil || n != 0 {
		t.Errorf("AcceptFields again: %d, %v; want 0", n, err)
	}

	for id, want := range map[string]registry.RecordStatus{"r1": registry.RecordNeedsReview, "r2": registry.RecordNeedsReview, "r3": registry.RecordNeedsReview, "r4": registry.RecordVerified} {
		r, err := db.FindRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		f := r.Fields["nguoiKy"]
		accepted := id == "r2" || id == "r4"
		if r.Status != want || (f.Status == registry.FieldAuto) != accepted {
			t.Errorf("%s: record %s, field %s (%v); want record %s, accepted %v", id, r.Status, f.Status, f.Confidence, want, accepted)
		}
		if accepted && (f.Confidence != 0.995 || f.Reason != "" || f.Note != "đọc giống 3 trang khác trong lô") {
			t.Errorf("%s: accepted field %+v", id, f)
		}
	}
	if got, want := events(t, db, "r4"), []string{"civreg field.accepted nguoiKy needs_review→auto"}; !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	// Only r2's title and the held and keyed tasks are left.
	v := next(t, db, carol)
	if v.RecordID != "r2" || v.FieldKey != "chucVuNguoiKy" {
		t.Errorf("carol's next task: %s %s, want r2 chucVuNguoiKy", v.RecordID, v.FieldKey)
	}
	if _, err := db.AcceptFields(ctx, []registry.Acceptance{{RecordID: "r2", Key: "chucVuNguoiKy", Confidence: 2}}); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("confidence 2: %v, want EINVALID", err)
	}
}

// An accepted field the batch contradicts goes to a person once, with an
// open task, its record back to needs_review and an event; a field a
// person settled stays settled.
func testFlagFields(t *testing.T) {
	ctx := context.Background()
	db, _, bid := reviewStore(t)
	saveReview(t, db, bid, "r1", registry.StageReview) // every field accepted: the record is verified
	saveReview(t, db, bid, "r2", registry.StageReview, "nksHoTen")
	v := next(t, db, alice)
	submit(t, db, v, alice, registry.ActReplace, "Lê Văn Tám")

	flag := func(id string) registry.Flag {
		return registry.Flag{RecordID: id, Key: "nksHoTen", Reason: registry.ReasonRulePrefix + "sequence", Note: "số 5 không liền với trang trước (57) và trang sau (59)"}
	}
	r1, err := db.FindRecord(ctx, "r1")
	if err != nil || r1.Status != registry.RecordVerified || r1.Fields["nksHoTen"] == nil || r1.Fields["nksHoTen"].Status != registry.FieldAuto {
		t.Fatalf("r1 before: %+v, %v", r1, err)
	}
	all := []registry.Flag{flag("r1"), flag("r2"), flag("r9")}
	if n, err := db.FlagFields(ctx, all); err != nil || n != 1 {
		t.Fatalf("FlagFields: %d, %v; want 1 (r1)", n, err)
	}
	if n, err := db.FlagFields(ctx, all); err != nil || n != 0 {
		t.Errorf("FlagFields again: %d, %v; want 0", n, err)
	}
	r1, _ = db.FindRecord(ctx, "r1")
	f := r1.Fields["nksHoTen"]
	if r1.Status != registry.RecordNeedsReview || f.Status != registry.FieldNeedsReview || f.Reason != "rule:sequence" || f.Note != flag("r1").Note {
		t.Errorf("r1 after: record %s, field %+v", r1.Status, f)
	}
	if r2, _ := db.FindRecord(ctx, "r2"); r2.Fields["nksHoTen"].Status != registry.FieldCorrected {
		t.Errorf("r2's corrected field became %s", r2.Fields["nksHoTen"].Status)
	}
	w := next(t, db, bob)
	if w.RecordID != "r1" || w.FieldKey != "nksHoTen" || w.Reason != "rule:sequence" {
		t.Errorf("bob's next task: %s %s %s, want r1 nksHoTen rule:sequence", w.RecordID, w.FieldKey, w.Reason)
	}
	if got, want := events(t, db, "r1"), []string{"civreg field.flagged nksHoTen auto→needs_review"}; !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	if _, err := db.FlagFields(ctx, []registry.Flag{{RecordID: "r1", Key: "nksHoTen"}}); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("a flag without a reason: %v, want EINVALID", err)
	}
}
