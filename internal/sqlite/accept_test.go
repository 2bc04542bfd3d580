package sqlite_test

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
func TestAcceptFields(t *testing.T) {
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
