package review_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// tinyTask is one seeded single-entry task and the reading it started from.
type tinyTask struct {
	ID       int64
	RecordID string
	Key      string
	Orig     string
}

var tinyPNG = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	return b.Bytes()
})

// seedTiny stores n records on 1×1 pages, each with perRecord free-text
// fields routed to single-entry review, and returns the tasks by id.
// Rendering real pages for thousands of tasks would take minutes.
func seedTiny(t testing.TB, db *sqlite.DB, n, perRecord int) map[int64]tinyTask {
	t.Helper()
	ctx := context.Background()
	batch := newBatch(t, db)
	tasks := make(map[int64]tinyTask, n*perRecord)
	for i := range n {
		rec := &registry.Record{Kind: registry.Birth, Era: registry.EraB, Office: "UBND phường Bến Nghé", Book: "01/2019", Page: i + 1, Fields: map[string]*registry.Field{}}
		var ts []registry.Task
		for k := range perRecord {
			key := fmt.Sprintf("ghiChu%02d", k)
			v := fmt.Sprintf("máy đọc trang %d ô %d", i, k)
			rec.Fields[key] = &registry.Field{Value: v, Raw: v, Confidence: 0.4, Status: registry.FieldNeedsReview, Reason: registry.ReasonLowConfidence}
			ts = append(ts, registry.Task{FieldKey: key, Reason: registry.ReasonLowConfidence})
		}
		sum := sha256.Sum256(fmt.Appendf(nil, "tiny-%d-%d", batch, i))
		pr := &registry.PageResult{
			Page:   registry.Page{BatchID: batch, SHA256: fmt.Sprintf("%x", sum), File: fmt.Sprintf("tiny-%d.png", i), Width: 1, Height: 1, Status: registry.PageDone},
			Image:  tinyPNG(),
			Record: rec,
			Tasks:  ts,
		}
		if err := db.SavePage(ctx, pr); err != nil {
			t.Fatal(err)
		}
		for _, tk := range pr.Tasks {
			tasks[tk.ID] = tinyTask{ID: tk.ID, RecordID: rec.ID, Key: tk.FieldKey, Orig: rec.Fields[tk.FieldKey].Value}
		}
	}
	return tasks
}

var (
	formTaskRE = regexp.MustCompile(`action="/task/(\d+)"`)
	taskLocRE  = regexp.MustCompile(`^/task/(\d+)$`)
)

// worker is one reviewer's browser, used from its own goroutine: its
// requests return errors instead of failing the test.
type worker struct {
	c    *client
	name string
}

func (w *worker) send(method, path string, form url.Values) (int, string, string, error) {
	var req *http.Request
	if form == nil {
		req, _ = http.NewRequest(method, w.c.base+path, nil)
	} else {
		req, _ = http.NewRequest(method, w.c.base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", w.c.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	res, err := w.c.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, res.Header.Get("Location"), b.String(), nil
}

// taskForm is what a task page's form carries.
type taskForm struct {
	ID      int64
	Version string
	CSRF    string
}

// open GETs a task page and reads its form's hidden fields.
func (w *worker) open(path string) (taskForm, error) {
	code, _, body, err := w.send("GET", path, nil)
	if err != nil {
		return taskForm{}, err
	}
	if code != http.StatusOK {
		return taskForm{}, fmt.Errorf("GET %s = %d", path, code)
	}
	id, v, c := formTaskRE.FindStringSubmatch(body), versionInPage.FindStringSubmatch(body), csrfRE.FindStringSubmatch(body)
	if id == nil || v == nil || c == nil {
		return taskForm{}, fmt.Errorf("GET %s: no task form on the page", path)
	}
	n, _ := strconv.ParseInt(id[1], 10, 64)
	return taskForm{ID: n, Version: v[1], CSRF: c[1]}, nil
}

// handout is one task handed to a reviewer by a 303 to /task/ID.
type handout struct {
	Reviewer string
	Task     int64
}

// ack is a submit the station answered with 303.
type ack struct {
	Reviewer string
	Task     int64
	Value    string
}

// TestConcurrentReviewers has 20 reviewers submit 500 tasks each over HTTP
// at the same time, each signed in through the login form with its own
// cookie jar. No task may be handed to two of them, every acknowledged
// submit must be the field's value with exactly one event by its author,
// and nothing unacknowledged may change.
func TestConcurrentReviewers(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 submits over HTTP")
	}
	const (
		reviewers   = 20
		perReviewer = 500
		perRecord   = 20
	)
	ctx := context.Background()
	db := openStore(t)
	t0 := time.Now()
	// A few tasks more than will be done: the queue never runs dry.
	tasks := seedTiny(t, db, reviewers*perReviewer/perRecord+5, perRecord)
	t.Logf("seeded %d tasks in %v", len(tasks), time.Since(t0).Round(time.Millisecond))

	users := map[string]registry.Role{}
	names := make([]string, reviewers)
	for i := range names {
		names[i] = fmt.Sprintf("nguoi%02d", i)
		users[names[i]] = registry.RoleReviewer
	}
	addUsers(t, db, users)
	srv := start(t, db, review.Config{})
	t0 = time.Now()
	workers := make([]*worker, reviewers)
	for i, n := range names {
		c := signIn(t, srv, n)
		// One connection per reviewer, kept alive: the shared default
		// transport would open and drop tens of thousands.
		c.Client.Transport = &http.Transport{MaxIdleConnsPerHost: 2}
		workers[i] = &worker{c: c, name: n}
	}
	t.Logf("20 sign-ins in %v", time.Since(t0).Round(time.Millisecond))

	var (
		mu       sync.Mutex
		handed   []handout
		acks     []ack
		problems []string
		n303     atomic.Int64
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	t0 = time.Now()
	var wg sync.WaitGroup
	for r, w := range workers {
		wg.Go(func() {
			next := func() string {
				code, loc, body, err := w.send("POST", "/next", url.Values{"csrf": {w.c.csrf}})
				if err != nil || code != http.StatusSeeOther {
					fail("%s: POST /next = %d %v %.200s", w.name, code, err, body)
					return ""
				}
				return loc
			}
			loc := next()
			for i := range perReviewer {
				m := taskLocRE.FindStringSubmatch(loc)
				if m == nil {
					fail("%s #%d: sent to %q, want a task", w.name, i, loc)
					return
				}
				id, _ := strconv.ParseInt(m[1], 10, 64)
				mu.Lock()
				handed = append(handed, handout{w.name, id})
				mu.Unlock()
				f, err := w.open(loc)
				if err != nil {
					fail("%s #%d: %v", w.name, i, err)
					loc = next()
					continue
				}
				if f.ID != id {
					fail("%s #%d: page of task %d shows the form of task %d", w.name, i, id, f.ID)
				}
				value := fmt.Sprintf("người duyệt %d lượt %d", r, i)
				code, nloc, body, err := w.send("POST", loc, url.Values{"csrf": {f.CSRF}, "version": {f.Version}, "action": {"save"}, "value": {value}, "force": {value}})
				if err != nil || code != http.StatusSeeOther {
					fail("%s #%d: submit task %d = %d %v %.300s", w.name, i, id, code, err, body)
					loc = next()
					continue
				}
				n303.Add(1)
				mu.Lock()
				acks = append(acks, ack{w.name, id, value})
				mu.Unlock()
				loc = nloc
			}
			// The last redirect leased one more task: it stays open.
			if m := taskLocRE.FindStringSubmatch(loc); m != nil {
				id, _ := strconv.ParseInt(m[1], 10, 64)
				mu.Lock()
				handed = append(handed, handout{w.name, id})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	took := time.Since(t0)
	t.Logf("%d submits acknowledged (303) in %v: %.0f/s", n303.Load(), took.Round(time.Millisecond), float64(n303.Load())/took.Seconds())
	for _, p := range problems {
		t.Error(p)
	}
	if n := n303.Load(); n != reviewers*perReviewer {
		t.Errorf("%d submits acknowledged, want %d", n, reviewers*perReviewer)
	}

	// No task was handed out twice, to the same reviewer or another.
	by := map[int64]string{}
	for _, h := range handed {
		if tasks[h.Task].ID == 0 {
			t.Errorf("%s was handed task %d, which was never seeded", h.Reviewer, h.Task)
		}
		if prev, ok := by[h.Task]; ok {
			t.Errorf("task %d handed to %s and to %s", h.Task, prev, h.Reviewer)
		}
		by[h.Task] = h.Reviewer
	}
	if want := reviewers*perReviewer + reviewers; len(handed) != want {
		t.Errorf("%d tasks handed out, want %d", len(handed), want)
	}

	// Each acknowledged submit settled its task once and is the field's
	// value; every other field is as seeded.
	acked := map[int64]ack{}
	for _, a := range acks {
		if prev, ok := acked[a.Task]; ok {
			t.Errorf("task %d settled twice: by %s and %s", a.Task, prev.Reviewer, a.Reviewer)
		}
		acked[a.Task] = a
	}
	type fk struct{ rec, key string }
	byField := map[fk]tinyTask{}
	recs := map[string]bool{}
	for _, tk := range tasks {
		byField[fk{tk.RecordID, tk.Key}] = tk
		recs[tk.RecordID] = true
	}
	events := 0
	for id := range recs {
		r, err := db.FindRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for key, f := range r.Fields {
			tk := byField[fk{id, key}]
			if a, ok := acked[tk.ID]; ok {
				done++
				if f.Value != a.Value || f.Status != registry.FieldCorrected {
					t.Errorf("task %d acknowledged to %s with %q; field is %q %s", tk.ID, a.Reviewer, a.Value, f.Value, f.Status)
				}
			} else if f.Value != tk.Orig || f.Status != registry.FieldNeedsReview {
				t.Errorf("task %d never acknowledged, yet its field is %q %s", tk.ID, f.Value, f.Status)
			}
		}
		want := registry.RecordNeedsReview
		if done == perRecord {
			want = registry.RecordVerified
		}
		if r.Status != want {
			t.Errorf("record %s: %d of %d tasks done, status %s", id, done, perRecord, r.Status)
		}
		evs, err := db.RecordEvents(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range evs {
			if !strings.HasPrefix(e.Action, "field.") {
				continue
			}
			events++
			seen[e.FieldKey]++
			tk := byField[fk{id, e.FieldKey}]
			a, ok := acked[tk.ID]
			switch {
			case !ok:
				t.Errorf("event %s on %s/%s by %s, whose task was never acknowledged", e.Action, id, e.FieldKey, e.Actor)
			case e.Action != "field.corrected" || e.Actor != a.Reviewer || e.New != a.Value || e.Old != tk.Orig:
				t.Errorf("task %d: event %s by %s %q→%q; want field.corrected by %s %q→%q", tk.ID, e.Action, e.Actor, e.Old, e.New, a.Reviewer, tk.Orig, a.Value)
			}
		}
		for key, n := range seen {
			if n > 1 {
				t.Errorf("%s/%s: %d field events, want 1", id, key, n)
			}
		}
	}
	if events != len(acked) {
		t.Errorf("%d field events, %d acknowledged submits", events, len(acked))
	}
	p, err := db.Progress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if open := p.OpenByStage[registry.StageReview]; open != len(tasks)-len(acked) {
		t.Errorf("%d tasks open, want %d", open, len(tasks)-len(acked))
	}
	if p.Leased != reviewers {
		t.Errorf("%d tasks leased at the end, want %d (the one each reviewer was last sent to)", p.Leased, reviewers)
	}
}

// TestStaleLeaseRefused lets a reviewer's lease run out while the task
// is open on their screen and another reviewer take it: the first one's
// late submit is refused with a 409 in Vietnamese and changes nothing,
// before and after the second one settles the task.
func TestStaleLeaseRefused(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	db.Now = now
	tasks := seedTiny(t, db, 1, 1)
	var tk tinyTask
	for _, v := range tasks {
		tk = v
	}
	addUsers(t, db, map[string]registry.Role{"an": registry.RoleReviewer, "binh": registry.RoleReviewer})
	srv := start(t, db, review.Config{Now: now})
	a := &worker{c: signIn(t, srv, "an"), name: "an"}
	b := &worker{c: signIn(t, srv, "binh"), name: "binh"}
	taskPath := "/task/" + strconv.FormatInt(tk.ID, 10)

	nextOf := func(w *worker) string {
		t.Helper()
		code, loc, body, err := w.send("POST", "/next", url.Values{"csrf": {w.c.csrf}})
		if err != nil || code != http.StatusSeeOther {
			t.Fatalf("%s: POST /next = %d %v %.200s", w.name, code, err, body)
		}
		return loc
	}
	openOf := func(w *worker, path string) taskForm {
		t.Helper()
		f, err := w.open(path)
		if err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		return f
	}
	submit := func(w *worker, f taskForm, value string) (int, string) {
		t.Helper()
		code, _, body, err := w.send("POST", taskPath, url.Values{"csrf": {w.c.csrf}, "version": {f.Version}, "action": {"save"}, "value": {value}, "force": {value}})
		if err != nil {
			t.Fatal(err)
		}
		return code, body
	}
	unchanged := func(when string) {
		t.Helper()
		if f := field(t, db, tk.RecordID, tk.Key); f.Value != tk.Orig || f.Status != registry.FieldNeedsReview {
			t.Errorf("%s: field is %q %s, want it untouched", when, f.Value, f.Status)
		}
	}

	if loc := nextOf(a); loc != taskPath {
		t.Fatalf("an was sent to %q, want %s", loc, taskPath)
	}
	fa := openOf(a, taskPath)
	if loc := nextOf(b); strings.HasPrefix(loc, "/task/") {
		t.Fatalf("binh was sent to %s while an holds it", loc)
	}
	if code, _ := submit(b, fa, "giá trị của bình"); code != http.StatusConflict {
		t.Errorf("binh submitting a task an holds = %d, want 409", code)
	}
	unchanged("after binh's submit of a task an holds")

	// an's lease runs out; binh takes the task.
	skew.Store(int64(review.DefaultLease + time.Minute))
	if loc := nextOf(b); loc != taskPath {
		t.Fatalf("after an's lease ran out binh was sent to %q, want %s", loc, taskPath)
	}
	fb := openOf(b, taskPath)
	code, body := submit(a, fa, "giá trị của an")
	if code != http.StatusConflict || !strings.Contains(body, "người khác") {
		t.Errorf("an's late submit = %d, want 409 saying someone else holds it:\n%.400s", code, body)
	}
	unchanged("after an's late submit")

	if code, body := submit(b, fb, "giá trị của bình"); code != http.StatusSeeOther {
		t.Fatalf("binh's submit = %d %.300s", code, body)
	}
	code, body = submit(a, fa, "giá trị của an")
	if code != http.StatusConflict || !strings.Contains(body, "Việc này đã xong") {
		t.Errorf("an's submit after binh settled it = %d, want 409 saying it is done:\n%.400s", code, body)
	}
	if f := field(t, db, tk.RecordID, tk.Key); f.Value != "giá trị của bình" || f.Status != registry.FieldCorrected {
		t.Errorf("field is %q %s, want binh's value", f.Value, f.Status)
	}
	evs, err := db.RecordEvents(ctx, tk.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	var work []string
	for _, e := range evs {
		if strings.HasPrefix(e.Action, "field.") {
			work = append(work, e.Action+" by "+e.Actor)
		}
	}
	if len(work) != 1 || work[0] != "field.corrected by binh" {
		t.Errorf("field events %v, want one field.corrected by binh", work)
	}
}
