package review_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

var versionInPage = regexp.MustCompile(`name="version" value="(\d+)"`)

// openFirst leases the first task and returns its id and version.
func openFirst(t *testing.T, c *client) (id, version string) {
	t.Helper()
	id = firstTask(t, c)
	_, body := c.get(t, "/task/"+id)
	m := versionInPage.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version on the task page")
	}
	return id, m[1]
}

func TestStaleSubmitConflict(t *testing.T) {
	e, c := secEnv(t)
	id, version := openFirst(t, c)
	stale := "1" + version // any other version
	res, body := c.post(t, "/task/"+id, url.Values{"csrf": {c.csrf}, "version": {stale}, "action": {"save"}, "value": {"Nguyễn Văn Mới"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Trường này đã được người khác sửa") {
		t.Errorf("stale submit = %d, want 409 with the conflict message", res.StatusCode)
	}
	if !strings.Contains(body, "Nguyễn Văn Mới") {
		t.Errorf("the conflict page does not show what was typed")
	}
	if f := field(t, e.db, e.rec["p"].ID, "nksHoTen"); f.Status != registry.FieldNeedsReview || f.Value != "<script>alert(1)</script>" {
		t.Errorf("a stale submit changed the field: %+v", f)
	}
}

// TestInvalidReadingNeedsConfirmation: before issue 22 an invalid reading
// was kept with one Enter, where the same value typed needed a second.
func TestInvalidReadingNeedsConfirmation(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	reading := "Phường Bến Ngé, Quận 1"
	p := seedPage(t, db, newBatch(t, db), registry.Birth, registry.EraB, 0,
		taskSpec{Key: "nksNoiSinh", Reason: registry.ReasonInvalid, Value: reading, Raw: reading})
	srv := start(t, db, review.Config{})
	c := signIn(t, srv, "lan")
	id, version := openFirst(t, c)
	form := url.Values{"csrf": {c.csrf}, "version": {version}, "action": {"save"}, "value": {reading}}
	res, body := c.post(t, "/task/"+id, form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "nhấn Enter lần nữa") || !strings.Contains(body, `name="force"`) {
		t.Fatalf("keeping an invalid reading = %d, want 422 asking to confirm", res.StatusCode)
	}
	if f := field(t, db, p.ID, "nksNoiSinh"); f.Status != registry.FieldNeedsReview {
		t.Errorf("the invalid reading was kept without confirmation: %s", f.Status)
	}
	form.Set("force", reading)
	if res, _ := c.post(t, "/task/"+id, form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("confirmed = %d, want 303", res.StatusCode)
	}
	if f := field(t, db, p.ID, "nksNoiSinh"); f.Value != reading || f.Status == registry.FieldNeedsReview {
		t.Errorf("nksNoiSinh = %q %s, want the reading kept", f.Value, f.Status)
	}
}

// TestIssueScreenShowsPage: before issue 22 the clerk issued blind: the
// search card held the issue button, and the register page could be
// reached only by typing its URL. The issue screen now shows the stored
// page beside the lines the extract will print.
func TestIssueScreenShowsPage(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"tuan": registry.RoleIssuer})
	rec := seedPage(t, db, newBatch(t, db), registry.Birth, registry.EraB, 0)
	hits := []registry.SearchHit{{RecordID: rec.ID, Kind: registry.Birth, Status: registry.RecordVerified, Name: "Lê Thành Thái"}}
	srv := start(t, db, review.Config{Search: fakeSearch{hits}, Issue: &fakeIssue{}, Office: "UBND phường Sài Gòn"})
	c := signIn(t, srv, "tuan")
	_, body := c.get(t, "/search?name=thai")
	if !strings.Contains(body, `href="/records/`+rec.ID+`/issue"`) {
		t.Fatalf("the search card does not lead to the issue screen")
	}
	res, body := c.get(t, "/records/"+rec.ID+"/issue")
	for _, want := range []string{`<img src="/records/` + rec.ID + `/page"`, "Họ và tên: Lê Thành Thái", "Cơ quan cấp: UBND phường Sài Gòn",
		`name="requester"`, "quét từ tệp KS-B-0.png, trang 1"} {
		if res.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("issue screen = %d, lacks %q", res.StatusCode, want)
		}
	}
	if res, _ := c.get(t, "/records/"+rec.ID+"/page"); res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/") {
		t.Errorf("the page image = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// TestIssueNeedsRequester: before issue 22 an empty requester was taken.
func TestIssueNeedsRequester(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"tuan": registry.RoleIssuer})
	iss := &fakeIssue{}
	srv := start(t, db, review.Config{Search: fakeSearch{}, Issue: iss, Office: "UBND phường Sài Gòn"})
	c := signIn(t, srv, "tuan")
	res, body := c.post(t, "/records/abc123/issue", url.Values{"csrf": {c.csrf}, "requester": {"   "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "người yêu cầu") || iss.by != "" {
		t.Errorf("issue without a requester = %d, issued by %q", res.StatusCode, iss.by)
	}
}

func TestValidationKeepsTypedText(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	b := newBatch(t, db)
	p := seedPage(t, db, b, registry.Birth, registry.EraB, 0,
		taskSpec{Key: "nksDanToc", Reason: registry.ReasonInvalid, Value: "", Raw: "Kinhh"},
		taskSpec{Key: "nksNoiSinh", Reason: registry.ReasonLowConfidence})
	srv := start(t, db, review.Config{})
	c := signIn(t, srv, "lan")
	tests := []struct {
		name, value, want string
		status            int
	}{
		{"unknown ethnicity", "Tàyy Nùngg", "Gợi ý", http.StatusUnprocessableEntity},
		{"empty", "  ", "F2", http.StatusUnprocessableEntity},
		{"canonical", "tày", "", http.StatusSeeOther},
	}
	id, version := openFirst(t, c)
	for _, tt := range tests {
		res, body := c.post(t, "/task/"+id, url.Values{"csrf": {c.csrf}, "version": {version}, "action": {"save"}, "value": {tt.value}, "batch": {"1"}})
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.status)
			continue
		}
		if tt.status != http.StatusSeeOther {
			if !strings.Contains(body, tt.want) || !strings.Contains(body, `value="`+tt.value+`"`) {
				t.Errorf("%s: page lacks %q or the typed text", tt.name, tt.want)
			}
			continue
		}
		// The next task keeps the filter.
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/task/") || !strings.Contains(loc, "batch=1") {
			t.Errorf("after a good value Location = %q, want the next task with the filter", loc)
		}
	}
	if f := field(t, db, p.ID, "nksDanToc"); f.Value != "Tày" || f.Status != registry.FieldCorrected {
		t.Errorf("nksDanToc = %q %s, want Tày corrected", f.Value, f.Status)
	}
	// A place whose unit is in no list gets the nearest 2025 units and is
	// kept as typed when sent again.
	id, version = openFirst(t, c)
	typed := "Phường Bến Ngé, Quận 1"
	form := url.Values{"csrf": {c.csrf}, "version": {version}, "action": {"save"}, "value": {typed}}
	res, body := c.post(t, "/task/"+id, form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Phường Bến Nghé") || !strings.Contains(body, `name="force"`) {
		t.Fatalf("unknown unit = %d, want 422 suggesting Phường Bến Nghé", res.StatusCode)
	}
	form.Set("force", typed)
	if res, _ := c.post(t, "/task/"+id, form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sent again = %d, want 303", res.StatusCode)
	}
	if f := field(t, db, p.ID, "nksNoiSinh"); f.Value != typed || f.Status != registry.FieldCorrected {
		t.Errorf("nksNoiSinh = %q %s, want %q corrected", f.Value, f.Status, typed)
	}
}

// fakeSearch and fakeIssue stand in for the searcher and the issuer, which
// other packages build.
type fakeSearch struct{ hits []registry.SearchHit }

func (f fakeSearch) Search(_ context.Context, q registry.SearchQuery) ([]registry.SearchHit, error) {
	if q == (registry.SearchQuery{}) {
		return nil, registry.Errorf(registry.EINVALID, "empty query")
	}
	return f.hits, nil
}

type fakeIssue struct{ by, requester string }

func (f *fakeIssue) Issue(_ context.Context, recordID, office, by, requester string) (*registry.Issuance, []byte, error) {
	f.by, f.requester = by, requester
	return &registry.Issuance{CopyNo: "1/2026/TLKS-BS", Year: 2026, Seq: 1, RecordID: recordID, Office: office}, []byte("%PDF-1.7 fake"), nil
}

func (f *fakeIssue) Preview(_ context.Context, recordID, office string) ([]string, error) {
	return []string{"Cơ quan cấp: " + office, "TRÍCH LỤC KHAI SINH (BẢN SAO)", "  Họ và tên: Lê Thành Thái"}, nil
}

func (f *fakeIssue) Reprint(context.Context, string, string, string) (*registry.Issuance, []byte, error) {
	return nil, nil, registry.Errorf(registry.ENOTFOUND, "none")
}

func TestSearchAndIssue(t *testing.T) {
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"tuan": registry.RoleIssuer})
	iss := &fakeIssue{}
	hits := []registry.SearchHit{{RecordID: "abc123", Kind: registry.Birth, Status: registry.RecordVerified, Name: "<i>Lê Thành Thái</i>", Book: "01/2019", Entry: "332", Score: 0.97, Why: "tên khớp"}}
	srv := start(t, db, review.Config{Search: fakeSearch{hits}, Issue: iss, Office: "UBND phường Sài Gòn"})
	c := signIn(t, srv, "tuan")
	res, body := c.get(t, "/search?name=le+thanh+thai")
	if res.StatusCode != 200 || !strings.Contains(body, "&lt;i&gt;Lê Thành Thái&lt;/i&gt;") || !strings.Contains(body, "/records/abc123/issue") {
		t.Fatalf("search = %d, want the hit escaped with an issue form", res.StatusCode)
	}
	res, body = c.post(t, "/records/abc123/issue", url.Values{"csrf": {c.csrf}, "requester": {"Lê Văn Tâm"}})
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
		t.Errorf("issue = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if iss.by != "tuan" || iss.requester != "Lê Văn Tâm" {
		t.Errorf("issued by %q for %q", iss.by, iss.requester)
	}
}
