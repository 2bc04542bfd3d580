package issuance_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/issuance"
	"github.com/civreg/civreg/registry"
)

// mem is an in-memory record, issuance and key store.
type mem struct {
	records map[string]*registry.Record
	log     []registry.Issuance
	keys    map[string]registry.OfficeKey
	cps     []registry.Checkpoint
	events  []registry.Event
}

func (m *mem) LogEvent(_ context.Context, e *registry.Event) error {
	m.events = append(m.events, *e)
	return nil
}

// The audit log of mem has no links: the chain itself is tested on the
// real store (internal/sqlite, cmd/civreg); here only the checkpoints.
func (m *mem) EachLink(context.Context, int64, func(*registry.Link) error) error { return nil }
func (m *mem) Shape(context.Context, int, bool) (*registry.ChainShape, error) {
	return &registry.ChainShape{}, nil
}
func (m *mem) Checkpoints(context.Context) ([]registry.Checkpoint, error) { return m.cps, nil }
func (m *mem) LastCheckpoint(context.Context) (*registry.Checkpoint, error) {
	if len(m.cps) == 0 {
		return nil, nil
	}
	return &m.cps[len(m.cps)-1], nil
}
func (m *mem) AddCheckpoint(_ context.Context, sign func(*registry.Link) (*registry.Checkpoint, error)) error {
	cp, err := sign(&registry.Link{Seq: int64(len(m.log)), Hash: make([]byte, 32)})
	if err == nil {
		m.cps = append(m.cps, *cp)
	}
	return err
}

func (m *mem) FindRecord(_ context.Context, id string) (*registry.Record, error) {
	if r := m.records[id]; r != nil {
		return r, nil
	}
	return nil, registry.Errorf(registry.ENOTFOUND, "record %s not found", id)
}
func (m *mem) EachRecord(context.Context, registry.RecordFilter, func(*registry.Record) error) error {
	return nil
}
func (m *mem) PageImage(context.Context, string) ([]byte, error) { return nil, nil }

func (m *mem) NextCopy(_ context.Context, iss *registry.Issuance, code string, build func(*registry.Issuance) error) error {
	seq := 1
	for _, l := range m.log {
		if l.Office == iss.Office && l.Year == iss.Year {
			seq = l.Seq + 1
		}
	}
	iss.Seq, iss.CopyNo = seq, fmt.Sprintf("%d/%d/%s", seq, iss.Year, code)
	if err := build(iss); err != nil {
		return err
	}
	iss.ID = int64(len(m.log) + 1)
	m.log = append(m.log, *iss)
	return nil
}
func (m *mem) FindIssuance(_ context.Context, copyNo string) (*registry.Issuance, error) {
	for _, l := range m.log {
		if l.CopyNo == copyNo {
			return &l, nil
		}
	}
	return nil, registry.Errorf(registry.ENOTFOUND, "no copy %s", copyNo)
}
func (m *mem) Issuances(context.Context, string) ([]registry.Issuance, error) { return m.log, nil }

func (m *mem) AddKey(_ context.Context, k *registry.OfficeKey) error {
	m.keys[k.ID] = *k
	return nil
}
func (m *mem) FindKey(_ context.Context, id string) (*registry.OfficeKey, error) {
	if k, ok := m.keys[id]; ok {
		return &k, nil
	}
	return nil, registry.Errorf(registry.ENOTFOUND, "no key %s", id)
}
func (m *mem) Keys(context.Context, string) ([]registry.OfficeKey, error) { return nil, nil }
func (m *mem) ReplaceKey(ctx context.Context, k *registry.OfficeKey, _ string) error {
	return m.AddKey(ctx, k)
}
func (m *mem) RevokeKey(_ context.Context, id, _, _ string) error {
	k := m.keys[id]
	k.Ended, k.How = time.Now(), registry.KeyRevoked
	m.keys[id] = k
	return nil
}

const office = "UBND phường Sài Gòn"

func setup(t *testing.T) (*mem, *issuance.Service) {
	t.Helper()
	m := &mem{records: map[string]*registry.Record{}, keys: map[string]registry.OfficeKey{}}
	for _, era := range []registry.Era{registry.EraA, registry.EraB} {
		r := &registry.Record{ID: "kt-" + string(era), Kind: registry.Death, Era: era, Office: "UBND phường Bến Nghé", Book: "02/2010",
			Status: registry.RecordVerified, Fields: map[string]*registry.Field{}}
		for _, k := range form.Get(r.Kind, r.Era).Keys() {
			r.Fields[k] = &registry.Field{Key: k, Value: "", Status: registry.FieldMissing}
		}
		r.Fields["nktHoTen"] = &registry.Field{Key: "nktHoTen", Value: "Hồ Văn Lượng", Status: registry.FieldConfirmed}
		r.Fields["nktNgayChet"] = &registry.Field{Key: "nktNgayChet", Value: "2010-09-25T00:20", Status: registry.FieldCorrected}
		m.records[r.ID] = r
	}
	key, err := extract.NewKey(office)
	if err != nil {
		t.Fatal(err)
	}
	m.AddKey(context.Background(), key.Public())
	now := time.Date(2026, 1, 2, 17, 30, 0, 0, time.UTC) // 3 January in Vietnam
	return m, &issuance.Service{Records: m, Issues: m, Keys: m, Audit: m, Log: m, Key: key, Now: func() time.Time { return now }}
}

func TestIssueAndVerify(t *testing.T) {
	ctx := context.Background()
	m, s := setup(t)
	iss, doc, err := s.Issue(ctx, "kt-B", "", "lan", "Hồ Thị Mai")
	if err != nil {
		t.Fatal(err)
	}
	if iss.CopyNo != "1/2026/TLKT-BS" || iss.Office != office || iss.Year != 2026 || iss.KeyID != s.Key.ID {
		t.Errorf("issuance = %+v", iss)
	}
	c, err := extract.Parse(iss.Content)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(c.Text(), "\n")
	for _, want := range []string{"Sài Gòn, ngày 03 tháng 01 năm 2026", "TRÍCH LỤC KHAI TỬ (BẢN SAO)", "Hồ Văn Lượng",
		"Đã chết vào lúc: 00 giờ 20 phút, ngày 25/09/2010", "Đăng ký khai tử tại: UBND phường Bến Nghé"} {
		if !strings.Contains(text, want) {
			t.Errorf("content lacks %q:\n%s", want, text)
		}
	}

	v, err := s.Verify(ctx, doc, nil)
	if err != nil || !v.Valid || v.Content == nil || v.Content.CopyNo != iss.CopyNo {
		t.Fatalf("Verify(fresh) = %+v, %v", v, err)
	}
	_, again, err := s.Reprint(ctx, iss.CopyNo, "lan", "Hồ Thị Mai")
	if err != nil || !bytes.Equal(again, doc) {
		t.Errorf("Reprint: %v, same bytes %v", err, bytes.Equal(again, doc))
	}
	// A reprint is logged like an issue: before issue 22 it was not.
	if n := len(m.events); n != 1 || m.events[0].Action != "extract.reprinted" || m.events[0].Actor != "lan" || m.events[0].New != iss.CopyNo {
		t.Errorf("reprint log: %+v", m.events)
	}
	if _, _, err := s.Reprint(ctx, iss.CopyNo, "", "Hồ Thị Mai"); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("Reprint by nobody = %v, want EINVALID", err)
	}

	// Any one byte changed, anywhere, or bytes added at the end.
	for i := 0; i < 40; i++ {
		at := i * (len(doc) - 1) / 39
		bad := bytes.Clone(doc)
		bad[at] ^= 0x20
		if v, err := s.Verify(ctx, bad, nil); err != nil || v.Valid || v.Reason == "" {
			t.Errorf("Verify with byte %d of %d changed = %+v, %v", at, len(doc), v, err)
		}
	}
	if v, _ := s.Verify(ctx, append(bytes.Clone(doc), "\n% appended\n"...), nil); v.Valid {
		t.Errorf("Verify with bytes appended = %+v", v)
	}

	// The key registered for another office: the content's office is not
	// the key's.
	k := m.keys[s.Key.ID]
	k.Office = "UBND xã Bình Chánh"
	m.keys[s.Key.ID] = k
	if v, _ := s.Verify(ctx, doc, nil); v.Valid || !strings.Contains(v.Reason, "Bình Chánh") {
		t.Errorf("Verify with another office's key = %+v", v)
	}
	// An unknown key.
	delete(m.keys, s.Key.ID)
	if v, _ := s.Verify(ctx, doc, nil); v.Valid || !strings.Contains(v.Reason, "does not know") {
		t.Errorf("Verify with unknown key = %+v", v)
	}
	// Another public key given.
	other, _ := extract.NewKey(office)
	if v, _ := s.Verify(ctx, doc, other.Public()); v.Valid {
		t.Errorf("Verify with a wrong public key = %+v", v)
	}
	// Not a PDF, a PDF without content.
	if v, _ := s.Verify(ctx, []byte("%PDF-1.4 junk"), nil); v.Valid || v.Reason == "" {
		t.Errorf("Verify(junk) = %+v", v)
	}
}

func TestIssueRefuses(t *testing.T) {
	ctx := context.Background()
	m, s := setup(t)
	m.records["kt-A"].Fields["nktNoiChet"].Status = registry.FieldNeedsReview
	m.records["kt-A"].Fields["nktHoTen"].Status = registry.FieldNeedsReview
	m.records["kt-A"].RecomputeStatus()
	_, _, err := s.Issue(ctx, "kt-A", office, "lan", "Hồ Thị Mai")
	if registry.ErrorCode(err) != registry.EINVALID || !strings.Contains(err.Error(), "nktHoTen (Họ và tên), nktNoiChet (Nơi chết)") {
		t.Errorf("Issue(unverified) = %v; want EINVALID naming nktHoTen then nktNoiChet", err)
	}
	if _, _, err := s.Issue(ctx, "kt-B", "UBND xã Bình Chánh", "lan", "Hồ Thị Mai"); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("Issue for another office = %v, want EINVALID", err)
	}
	if _, _, err := s.Issue(ctx, "nope", office, "lan", "Hồ Thị Mai"); registry.ErrorCode(err) != registry.ENOTFOUND {
		t.Errorf("Issue(unknown record) = %v, want ENOTFOUND", err)
	}
	// No requester: issue 22 found an empty one accepted.
	if _, _, err := s.Issue(ctx, "kt-B", office, "lan", "  "); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("Issue without a requester = %v, want EINVALID", err)
	}
	if len(m.log) != 0 {
		t.Errorf("refusals logged %d issuances", len(m.log))
	}
}
