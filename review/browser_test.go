package review_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

const chromium = "/usr/bin/chromium"

// browser starts headless Chromium for the test and returns its root
// context; tabs get their own browser contexts (separate cookie jars).
func browser(t *testing.T) context.Context {
	t.Helper()
	testenv.Need(t, "chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 1000),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// tab is one person's browser window, with its own cookies.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newTab(t *testing.T, bctx context.Context, base string) *tab {
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return &tab{t: t, ctx: ctx, base: base}
}

// do runs actions, failing the test with a screenshot on error.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.fatal("%s: %v", what, err)
	}
}

func (b *tab) fatal(format string, args ...any) {
	b.t.Helper()
	if png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(b.t.ArtifactDir(), "failure.png"), png, 0o644)
	}
	html, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.documentElement.outerHTML"))
	b.t.Fatalf(format+"\npage: %.3000s", append(args, html)...)
}

// open loads a page of the station.
func (b *tab) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
	b.waitJS("document.readyState === 'complete'")
}

// waitJS waits until a JavaScript expression is true in the current page,
// across navigations.
func (b *tab) waitJS(expr string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		time.Sleep(40 * time.Millisecond)
	}
	b.fatal("waited in vain for %s", expr)
}

// keys types into whatever has the focus, as a person would.
func (b *tab) keys(s string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	b.do("keys "+s, chromedp.KeyEvent(s, opts...))
}

// submitKeys presses keys that leave the page and waits for the next page.
func (b *tab) submitKeys(s string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	b.eval("(window.__old = true) && ''")
	b.keys(s, opts...)
	b.waitJS("!window.__old && document.readyState === 'complete'")
}

// eval returns the value of a JavaScript expression.
func (b *tab) eval(expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.fatal("eval %s: %v", expr, err)
	}
	return s
}

func (b *tab) path() string { return b.eval("location.pathname + location.search") }

// shot saves a screenshot of the whole page as an artifact, and under
// testdata/screenshots when CIVREG_SCREENSHOTS=1.
func (b *tab) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.fatal("screenshot %s: %v", name, err)
	}
	dirs := []string{b.t.ArtifactDir()}
	if os.Getenv("CIVREG_SCREENSHOTS") == "1" {
		dirs = append(dirs, filepath.Join("testdata", "screenshots"))
	}
	for _, d := range dirs {
		os.MkdirAll(d, 0o755)
		if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
}

// signIn signs in with the keyboard.
func (b *tab) signIn(name string) {
	b.t.Helper()
	b.open("/login")
	b.waitJS("document.activeElement && document.activeElement.id === 'name'")
	b.keys(name + kb.Tab + password)
	b.submitKeys(kb.Enter)
	if p := b.path(); p != "/" {
		b.fatal("after sign-in at %s, want /", p)
	}
}

// isoToDMY writes an ISO date as a clerk types it.
func isoToDMY(iso string) string {
	p := strings.Split(iso, "-")
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
	return strings.Join(p, "/")
}

func TestBrowserReview(t *testing.T) {
	bctx := browser(t)
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer, "minh": registry.RoleReviewer, "hoa": registry.RoleSupervisor})
	ctx := context.Background()

	// Batch 1: one printed birth page with six fields to settle one by one.
	b1 := newBatch(t, db)
	_, tr1 := render(t, registry.Birth, registry.EraB, 0)
	name1 := tr1.Fields["nksHoTen"].Value
	p1 := seedPage(t, db, b1, registry.Birth, registry.EraB, 0,
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence, Value: "Xguyen Sai", Raw: "X9uyen Sai", Note: "chữ đầu mờ"},
		taskSpec{Key: "ngayDangKy", Reason: registry.ReasonInvalid, Value: "", Raw: "3l/O2/2O19"},
		taskSpec{Key: "nksQueQuan", Reason: registry.ReasonAudit},
		taskSpec{Key: "nycGiayToTuyThan", Reason: registry.ReasonMissing, Clear: true},
		taskSpec{Key: "nksSoDinhDanh", Reason: "rule:id_matches_birth"},
		taskSpec{Key: "chaNoiCuTru", Reason: registry.ReasonLowConfidence},
	)
	// Batch 2: the same field on three pages, for group mode; the second
	// page's reading is wrong.
	b2 := newBatch(t, db)
	var group []*seeded
	for i := 1; i <= 3; i++ {
		spec := taskSpec{Key: "nksDanToc", Reason: registry.ReasonLowConfidence}
		if i == 2 {
			spec.Value, spec.Raw = "Chăm", "Chăm"
		}
		group = append(group, seedPage(t, db, b2, registry.Birth, registry.EraB, i, spec))
	}
	if group[1].Truth.Fields["nksDanToc"].Value == "Chăm" {
		t.Fatal("seed: the odd one out must differ from the truth")
	}
	// Batch 3: a handwritten page keyed field by field, its name keyed twice.
	b3 := newBatch(t, db)
	p4 := seedPage(t, db, b3, registry.Birth, registry.EraA, 0,
		taskSpec{Key: "so", Reason: registry.ReasonMissing, Clear: true},
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence, Stage: registry.StageEntry1, Value: "Ngyn Vn", Raw: "Ngyn Vn"},
		taskSpec{Key: "nksNgaySinh", Reason: registry.ReasonMissing, Clear: true},
		taskSpec{Key: "nksNoiSinh", Reason: registry.ReasonMissing, Clear: true},
	)
	srv := start(t, db, review.Config{})

	lan := newTab(t, bctx, srv.URL)
	lan.open("/login")
	lan.shot("1-sign-in")
	lan.signIn("lan")

	t.Run("queue", func(t *testing.T) {
		lan.t = t
		lan.open("/?batch=" + itoa64(b1))
		lan.waitJS("document.activeElement && document.activeElement.id === 'start'")
		lan.submitKeys(kb.Enter)
		// 1. The name: the reading is wrong; typing replaces it.
		lan.waitJS("document.activeElement && document.activeElement.id === 'value'")
		if got := lan.eval("document.querySelector('.raw mark') ? document.querySelector('.raw mark').textContent : ''"); got != "9" {
			t.Errorf("uncertain character marked = %q, want the 9", got)
		}
		if got := lan.eval("document.querySelector('.reason').textContent"); !strings.Contains(got, "Máy đọc không chắc chắn") || !strings.Contains(got, "chữ đầu mờ") {
			t.Errorf("reason shown = %q", got)
		}
		lan.shot("2-task")
		// F6 shows the whole page; Esc closes it and does not skip.
		here := lan.path()
		lan.keys(kb.F6)
		lan.waitJS("!document.getElementById('pageview').hidden && document.querySelector('#pageview img').naturalWidth > 1000")
		lan.keys(kb.Escape)
		lan.waitJS("document.getElementById('pageview').hidden && document.activeElement.id === 'value'")
		if p := lan.path(); p != here {
			t.Fatalf("Esc on the whole page went to %s, want to stay at %s", p, here)
		}
		lan.keys(name1)
		lan.submitKeys(kb.Enter)
		// 2. The registration date: an impossible date is refused, the typed
		// text kept; then the right one.
		lan.waitJS("document.activeElement && document.activeElement.id === 'value'")
		lan.keys("31/02/2019")
		lan.submitKeys(kb.Enter)
		if got := lan.eval("document.getElementById('error') ? document.getElementById('error').textContent : ''"); !strings.Contains(got, "không hợp lệ") {
			t.Errorf("error after an impossible date = %q", got)
		}
		if got := lan.eval("document.getElementById('value').value"); got != "31/02/2019" {
			t.Errorf("typed text after the error = %q, want it kept", got)
		}
		lan.shot("3-task-error")
		lan.keys(isoToDMY(tr1.Fields["ngayDangKy"].Value))
		lan.submitKeys(kb.Enter)
		// 3. Home town, drawn for audit: Enter accepts.
		lan.waitJS("document.activeElement && document.activeElement.id === 'value'")
		lan.submitKeys(kb.Enter)
		// 4. F2 marks blank, 5. F3 illegible, 6. Esc skips.
		lan.waitJS("document.activeElement && document.activeElement.id === 'value'")
		lan.submitKeys(kb.F2)
		lan.waitJS("document.activeElement && document.activeElement.id === 'value'")
		lan.submitKeys(kb.F3)
		lan.waitJS("document.activeElement && document.activeElement.id === 'value'")
		lan.submitKeys(kb.Escape)
		if p := lan.path(); !strings.HasPrefix(p, "/?") || !strings.Contains(lan.eval("document.body.textContent"), "Không còn việc nào") {
			t.Errorf("after the last task at %s, want the start page saying the queue is empty", p)
		}

		want := map[string]struct {
			value  string
			status registry.FieldStatus
		}{
			"nksHoTen":         {name1, registry.FieldCorrected},
			"ngayDangKy":       {tr1.Fields["ngayDangKy"].Value, registry.FieldCorrected},
			"nksQueQuan":       {tr1.Fields["nksQueQuan"].Value, registry.FieldConfirmed},
			"nycGiayToTuyThan": {"", registry.FieldMissing},
			"nksSoDinhDanh":    {tr1.Fields["nksSoDinhDanh"].Value, registry.FieldNeedsReview},
			"chaNoiCuTru":      {tr1.Fields["chaNoiCuTru"].Value, registry.FieldNeedsReview},
		}
		for k, w := range want {
			if f := field(t, db, p1.ID, k); f.Value != w.value || f.Status != w.status {
				t.Errorf("%s = %q %s, want %q %s", k, f.Value, f.Status, w.value, w.status)
			}
		}
		evs, err := db.RecordEvents(ctx, p1.ID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range evs {
			if e.Actor == "lan" {
				seen[e.Action+" "+e.FieldKey] = true
			}
		}
		for _, w := range []string{"field.corrected nksHoTen", "field.corrected ngayDangKy", "field.confirmed nksQueQuan", "field.blank nycGiayToTuyThan", "task.illegible nksSoDinhDanh", "task.skipped chaNoiCuTru"} {
			if !seen[w] {
				t.Errorf("no event %q by lan; events: %+v", w, evs)
			}
		}
	})

	t.Run("group", func(t *testing.T) {
		lan.t = t
		lan.open("/group?field=nksDanToc&batch=" + itoa64(b2))
		lan.waitJS("document.querySelectorAll('.cell').length === 3 && document.activeElement && document.activeElement.classList.contains('val')")
		lan.keys(kb.Tab) // to the odd one
		lan.keys(group[1].Truth.Fields["nksDanToc"].Value)
		if cls := lan.eval("document.querySelectorAll('.cell')[1].className"); !strings.Contains(cls, "edited") {
			t.Errorf("corrected cell class = %q, want it shown as edited", cls)
		}
		lan.shot("4-group")
		lan.submitKeys(kb.Enter)
		if !strings.Contains(lan.eval("document.body.textContent"), "Không còn trường nào") {
			t.Errorf("after the group: %s", lan.path())
		}
		for i, g := range group {
			wantStatus := registry.FieldConfirmed
			if i == 1 {
				wantStatus = registry.FieldCorrected
			}
			if f := field(t, db, g.ID, "nksDanToc"); f.Value != g.Truth.Fields["nksDanToc"].Value || f.Status != wantStatus {
				t.Errorf("page %d nksDanToc = %q %s, want %q %s", i+1, f.Value, f.Status, g.Truth.Fields["nksDanToc"].Value, wantStatus)
			}
		}
	})

	wrongName := "Trần Văn Bình"
	if p4.Truth.Fields["nksHoTen"].Value == wrongName {
		wrongName = "Lê Thị Hoa"
	}
	t.Run("record entry", func(t *testing.T) {
		lan.t = t
		lan.open("/entry/" + p4.ID)
		lan.waitJS("document.querySelectorAll('.cell').length === 4 && document.activeElement && document.activeElement.classList.contains('val')")
		lan.shot("5-record-entry")
		tf := p4.Truth.Fields
		lan.keys(tf["so"].Value + kb.Tab + wrongName + kb.Tab + isoToDMY(tf["nksNgaySinh"].Value) + kb.Tab + tf["nksNoiSinh"].Printed)
		lan.submitKeys(kb.Enter)
		for _, k := range []string{"so", "nksNgaySinh", "nksNoiSinh"} {
			if f := field(t, db, p4.ID, k); f.Status != registry.FieldCorrected || f.Value != tf[k].Value {
				t.Errorf("%s = %q %s, want %q corrected", k, f.Value, f.Status, tf[k].Value)
			}
		}
		if f := field(t, db, p4.ID, "nksHoTen"); f.Status != registry.FieldNeedsReview {
			t.Errorf("after the first keying nksHoTen = %+v, want still needs_review", f)
		}
	})

	truthName := p4.Truth.Fields["nksHoTen"].Value
	t.Run("double entry", func(t *testing.T) {
		minh := newTab(t, bctx, srv.URL)
		minh.signIn("minh")
		minh.open("/?batch=" + itoa64(b3))
		minh.waitJS("document.activeElement && document.activeElement.id === 'start'")
		minh.submitKeys(kb.Enter)
		minh.waitJS("document.activeElement && document.activeElement.id === 'value'")
		if v := minh.eval("document.getElementById('value').value"); v != "" {
			t.Errorf("blind input holds %q, want empty", v)
		}
		body := minh.eval("document.body.textContent")
		if strings.Contains(body, wrongName) || strings.Contains(body, "Ngyn") || minh.eval("document.querySelector('.blind') ? 'y' : ''") != "y" {
			t.Errorf("the blind screen shows the first keying or the reading")
		}
		minh.shot("6-blind-entry")
		minh.keys(truthName)
		minh.submitKeys(kb.Enter)

		hoa := newTab(t, bctx, srv.URL)
		hoa.signIn("hoa")
		hoa.open("/?field=nksHoTen&batch=" + itoa64(b3))
		hoa.waitJS("document.activeElement && document.activeElement.id === 'start'")
		hoa.submitKeys(kb.Enter)
		hoa.waitJS("document.querySelectorAll('.keyings .pick').length === 2")
		pick := hoa.eval(`(function(){var bs=document.querySelectorAll('.keyings .pick');for(var i=0;i<bs.length;i++){if(bs[i].value===` + jsString(truthName) + `)return bs[i].getAttribute('data-pick');}return '';})()`)
		if pick == "" || !strings.Contains(hoa.eval("document.querySelector('.keyings').textContent"), wrongName) {
			t.Fatalf("the supervisor does not see both keyings")
		}
		hoa.shot("7-arbitrate")
		hoa.submitKeys(pick, chromedp.KeyModifiers(chromedp.ModifierAlt))
		if f := field(t, db, p4.ID, "nksHoTen"); f.Value != truthName || f.Status != registry.FieldCorrected {
			t.Errorf("after arbitration nksHoTen = %q %s, want %q corrected", f.Value, f.Status, truthName)
		}
		evs, err := db.RecordEvents(ctx, p4.ID)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range evs {
			if e.FieldKey == "nksHoTen" {
				acts = append(acts, e.Actor+":"+e.Action)
			}
		}
		if got, want := strings.Join(acts, " "), "lan:task.keyed minh:task.disagreed hoa:task.arbitrated"; got != want {
			t.Errorf("nksHoTen events = %s, want %s", got, want)
		}
		if r, _ := db.FindRecord(ctx, p4.ID); r.Status != registry.RecordVerified {
			t.Errorf("record after the last field = %s, want verified", r.Status)
		}

		hoa.open("/records/" + p4.ID + "/history")
		if body := hoa.eval("document.body.textContent"); !strings.Contains(body, "Giám sát viên quyết định") || !strings.Contains(body, "Hai lần nhập khác nhau") {
			t.Errorf("history page does not list the arbitration")
		}
		hoa.open("/progress")
		body = hoa.eval("document.body.textContent")
		if !strings.Contains(body, "lan") || !strings.Contains(body, "minh") {
			t.Errorf("progress page does not list the reviewers")
		}
		hoa.shot("8-progress")
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
