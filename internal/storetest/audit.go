package storetest

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/registry"
)

// verify recomputes db's chain.
func verify(t *testing.T, db registry.Store) *audit.Report {
	t.Helper()
	r, err := audit.Verify(context.Background(), db, db)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// logEvents adds n events by actor.
func logEvents(t *testing.T, db registry.Store, actor string, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := 0; i < n; i++ {
		e := &registry.Event{Actor: actor, Action: "record.viewed", RecordID: fmt.Sprintf("rec-%d", i), Note: "từ 127.0.0.1"}
		if err := db.LogEvent(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		if e.ID == 0 || !e.At.Equal(epoch) {
			t.Fatalf("LogEvent set id %d, at %v; want an id and now", e.ID, e.At)
		}
		ids = append(ids, e.ID)
	}
	return ids
}

// testAuditChain: every event and issuance a store writes is chained in
// its order, and the chain verifies.
func testAuditChain(t *testing.T) {
	ctx := context.Background()
	db := issueSetup(t)
	issue(t, db, "UBND phường Sài Gòn", 2026, "key0")
	logEvents(t, db, "lan", 3)
	sh, err := db.Shape(ctx, 5, false)
	if err != nil {
		t.Fatal(err)
	}
	nEvents := sh.Rows[registry.LinkEvent]
	r := verify(t, db)
	if r.Broken != nil || nEvents < 4 || r.Links != nEvents+1 || r.Checked != r.Links {
		t.Fatalf("verify = %+v, broken %v; want %d links, all checked", r, r.Broken, nEvents+1)
	}
	var sources []string
	var seqs []int64
	if err := db.EachLink(ctx, 1, func(l *registry.Link) error {
		sources, seqs = append(sources, l.Source), append(seqs, l.Seq)
		if len(l.Hash) != 32 || (l.Event == nil) == (l.Issuance == nil) {
			t.Errorf("link %d = %+v: want a hash and its row", l.Seq, l)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("link seqs = %v, want 1… without gaps", seqs)
		}
	}
	// The issuance comes before the event that logs it.
	if i := strings.Index(strings.Join(sources, " "), "issuance event"); i < 0 {
		t.Errorf("link sources = %v: want the issuance, then its event", sources)
	}
	if sh.Links != sh.Head || len(sh.Dangling)+len(sh.Unchained) != 0 ||
		sh.Rows[registry.LinkIssuance] != 1 || sh.RowLinks[registry.LinkEvent] != nEvents {
		t.Errorf("Shape = %+v, %v", sh, err)
	}
}

// testAuditChainsExistingRows: a store made before the chain gets its
// events and issuances chained by the migration that makes the chain, and
// the chain then holds.
func testAuditChainsExistingRows(t *testing.T) {
	ctx := context.Background()
	db := issueSetup(t)
	issue(t, db, "UBND phường Sài Gòn", 2026, "key0")
	for i := 0; i < 3; i++ {
		if err := db.SaveFailure(ctx, &registry.Page{File: "a.png", Status: registry.PageFailed, Error: "unreadable"}); err != nil {
			t.Fatal(err)
		}
	}
	sh, err := db.Shape(ctx, 5, false)
	if err != nil {
		t.Fatal(err)
	}
	n := sh.Rows[registry.LinkEvent] + sh.Rows[registry.LinkIssuance]
	db = opened[db].Unchain(t)
	if r := verify(t, db); r.Broken != nil || r.Checked != n {
		t.Errorf("after the migration: %d links checked, broken %v; want %d, nil", r.Checked, r.Broken, n)
	}
	if err := db.SaveFailure(ctx, &registry.Page{File: "b.png", Status: registry.PageFailed, Error: "unreadable"}); err != nil {
		t.Fatal(err)
	}
	if r := verify(t, db); r.Broken != nil || r.Checked != n+1 {
		t.Errorf("after one more event: %+v; want %d links checked", r, n+1)
	}
}

// testAuditTamper: a past row edited, or an issuance deleted with its
// event, straight in the database with the append-only triggers out of
// the way, is found by verification, at the link where it happened.
func testAuditTamper(t *testing.T) {
	ctx := context.Background()
	db := issueSetup(t)
	ids := logEvents(t, db, "lan", 3)
	tamper(t, db, "events", `UPDATE events SET note = 'sửa' WHERE id = ?`, ids[1])
	r := verify(t, db)
	if r.Broken == nil || r.Broken.Source != registry.LinkEvent || r.Broken.RowID != ids[1] || !strings.Contains(r.Broken.Reason, "does not match") {
		t.Errorf("after an edit: broken = %v, want event %d changed", r.Broken, ids[1])
	}

	db = issueSetup(t)
	issue(t, db, "UBND phường Sài Gòn", 2026, "key0")
	logEvents(t, db, "lan", 2)
	iss, err := db.FindIssuance(ctx, "1/2026/TLKS-BS")
	if err != nil {
		t.Fatal(err)
	}
	tamper(t, db, "issuances", `DELETE FROM issuances WHERE id = ?`, iss.ID)
	tamper(t, db, "events", `DELETE FROM events WHERE action = 'extract.issued'`)
	r = verify(t, db)
	if r.Broken == nil || r.Broken.Source != registry.LinkIssuance || r.Broken.RowID != iss.ID || !strings.Contains(r.Broken.Reason, "gone") {
		t.Errorf("after a deletion: broken = %v, want issuance %d gone", r.Broken, iss.ID)
	}
	if r, err := audit.Check(ctx, db, db); err != nil || r.Broken == nil {
		t.Errorf("quick check after a deletion = %+v, %v; want it broken", r, err)
	}
	// The next issuance does not take the deleted one's id.
	issue(t, db, "UBND phường Sài Gòn", 2026, "key0")
	list, err := db.Issuances(ctx, "rec-1")
	if err != nil || len(list) != 1 || list[0].ID == iss.ID {
		t.Errorf("issuances after the deletion = %+v, %v; want a new id", list, err)
	}
}

// tamper runs q on table as an attacker with write access would.
func tamper(t *testing.T, db registry.Store, table, q string, args ...any) {
	t.Helper()
	if err := opened[db].Tamper(context.Background(), table, q, args...); err != nil {
		t.Fatalf("tamper %s: %v", table, err)
	}
}

// officeKey makes an ed25519 key for office, its id made from it as keys
// init makes it, and returns it with its private half.
func officeKey(t *testing.T, office string, seed byte) (*registry.OfficeKey, ed25519.PrivateKey) {
	t.Helper()
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	priv := ed25519.NewKeyFromSeed(s)
	pub := priv.Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	k := &registry.OfficeKey{ID: hex.EncodeToString(sum[:8]), Office: office, Public: pub}
	return k, priv
}

// testAuditCheckpoints: a checkpoint signs the head; the newest is found
// without reading the others, and a chain rewritten under it is caught.
func testAuditCheckpoints(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	k, priv := officeKey(t, "UBND phường Bến Nghé", 7)
	if err := db.AddKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	seal := func(head *registry.Link) (*registry.Checkpoint, error) { return audit.Seal(head, k.ID, priv, epoch) }
	if cp, err := db.LastCheckpoint(ctx); err != nil || cp != nil {
		t.Errorf("LastCheckpoint of none = %+v, %v", cp, err)
	}
	ids := logEvents(t, db, "lan", 2)
	if err := db.AddCheckpoint(ctx, seal); err != nil {
		t.Fatal(err)
	}
	logEvents(t, db, "lan", 2)
	if err := db.AddCheckpoint(ctx, seal); err != nil {
		t.Fatal(err)
	}
	cps, err := db.Checkpoints(ctx)
	if err != nil || len(cps) != 2 || cps[0].Seq != 3 || cps[1].Seq != 5 || !cps[1].At.Equal(epoch) || cps[1].KeyID != k.ID {
		t.Fatalf("Checkpoints = %+v, %v; want links 3 and 5 (the key's event is link 1)", cps, err)
	}
	last, err := db.LastCheckpoint(ctx)
	if err != nil || last == nil || last.ID != cps[1].ID || !audit.CheckSignature(last, k) {
		t.Errorf("LastCheckpoint = %+v, %v", last, err)
	}
	if r := verify(t, db); r.Broken != nil || r.Checkpoints != 2 {
		t.Errorf("verify = %+v, broken %v; want 2 checkpoints held", r, r.Broken)
	}
	bad := func(*registry.Link) (*registry.Checkpoint, error) {
		return &registry.Checkpoint{Seq: 5, Hash: make([]byte, 32), At: epoch, KeyID: "nokey", Signature: []byte("x")}, nil
	}
	wantCode(t, "checkpoint by an unknown key", db.AddCheckpoint(ctx, bad), registry.ECONFLICT)
	if _, err := raw(t, db).Exec(`DELETE FROM audit_checkpoints`); err == nil {
		t.Errorf("checkpoints deleted: want them append-only")
	}
	// An edited row whose chain is recomputed from there still fails the
	// checkpoints signed over it.
	tamper(t, db, "events", `UPDATE events SET actor = 'minh' WHERE id = ?`, ids[0])
	if r := verify(t, db); r.Broken == nil {
		t.Errorf("verify after an edit under a checkpoint: not broken")
	}
}

// testAuditConcurrent: writers at once still make one chain without gaps.
func testAuditConcurrent(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if i%2 == 0 {
					errs <- db.LogEvent(ctx, &registry.Event{Actor: fmt.Sprintf("u%d", w), Action: "search", Note: "x"})
				} else {
					errs <- db.LogEvents(ctx, []registry.Event{{Actor: "a", Action: "record.viewed"}, {Actor: "b", Action: "record.viewed"}})
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if r := verify(t, db); r.Broken != nil || r.Links != 8*(3+2*2) {
		t.Errorf("verify = %+v, broken %v; want %d links", r, r.Broken, 8*(3+2*2))
	}
}

// testLogEvents: a batch of events is stored and chained all or none.
func testLogEvents(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	es := []registry.Event{{Actor: "lan", Action: "record.viewed", RecordID: "rec-1"}, {Actor: "lan", Action: "search", Note: "họ tên: An"}}
	if err := db.LogEvents(ctx, es); err != nil {
		t.Fatal(err)
	}
	if es[0].ID == 0 || es[1].ID <= es[0].ID || !es[1].At.Equal(epoch) {
		t.Errorf("LogEvents set %+v", es)
	}
	bad := []registry.Event{{Actor: "lan", Action: "search"}, {Actor: "", Action: "search"}}
	wantCode(t, "a batch with an event without actor", db.LogEvents(ctx, bad), registry.EINVALID)
	wantCode(t, "an event without action", db.LogEvent(ctx, &registry.Event{Actor: "lan"}), registry.EINVALID)
	var notes []string
	if err := db.EachLink(ctx, 1, func(l *registry.Link) error {
		notes = append(notes, l.Event.Action+": "+l.Event.Note)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || notes[1] != "search: họ tên: An" {
		t.Errorf("chained events = %q, want the first batch only", notes)
	}
	if r := verify(t, db); r.Broken != nil || r.Links != 2 {
		t.Errorf("verify = %+v, broken %v", r, r.Broken)
	}
}
