package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/registry"
)

// keyingMode measures the keying of handwritten pages through the station.
var keyingMode = flag.Bool("keying", false, "measure keying handwritten pages through the review station in Chromium (-bin, -dir, -pages)")

const (
	keyerName     = "keyer"
	keyerPassword = "bench-keyer-password-1"
	chromiumPath  = "/usr/bin/chromium"
)

// taskKeys maps a task id to its record and field key: the baseline's
// screen does not name the field.
var taskKeys = map[int64][2]string{}

// keyCount is what the keyer pressed.
type keyCount struct {
	pages, fields, valueChars, keys, valueKeys, refused int
	pageTime                                            time.Duration
}

// runKeying stores pages whose every written field waits for a person, as
// handwriting does (the machine's reading garbled, its confidence low),
// serves them with bin's station and keys them from their truth in
// Chromium, keyboard only, the way a keyer would: a value offered or read
// right is taken with Tab, a value from the book's previous page with the
// ditto key, a suggestion as soon as it shows, else the value typed out.
func runKeying(bin, dir string, pages int, seed uint64) error {
	if pages < 1 {
		return fmt.Errorf("-pages must be at least 1")
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	dbPath := filepath.Join(dir, "keying.db")
	truths, err := seedKeying(dbPath, pages, seed)
	if err != nil {
		return err
	}
	add := exec.Command(bin, "--db", dbPath, "-q", "user", "add", keyerName, "--role", "reviewer", "--password-stdin")
	add.Stdin = strings.NewReader(keyerPassword + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		return fmt.Errorf("user add: %v: %s", err, out)
	}
	base, stop, err := serveStation(bin, dbPath)
	if err != nil {
		return err
	}
	defer stop()
	c, err := keyAll(base, dir, truths)
	if err != nil {
		return err
	}
	nonValue := float64(c.keys-c.valueKeys) / float64(max(c.fields, 1))
	fmt.Printf("KEYING pages=%d fields=%d value_chars=%d keys=%d nonvalue_keys_per_field=%.2f ms_per_page=%d\n",
		c.pages, c.fields, c.valueChars, c.keys, nonValue, c.pageTime.Milliseconds()/int64(max(c.pages, 1)))
	if c.refused > 0 {
		fmt.Fprintf(os.Stderr, "civreg-bench: %d pages were refused and left\n", c.refused)
	}
	return checkKeyed(dbPath, truths)
}

// checkKeyed compares what the station stored with the pages' truth: a
// key saved by taking a wrong suggestion or a wrong shorthand is no
// saving. It names each field that differs and fails when any does.
func checkKeyed(dbPath string, truths map[string]synth.Truth) error {
	db, err := sqlite.Open(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	wrong := 0
	for id, tr := range truths {
		rec, err := db.FindRecord(context.Background(), id)
		if err != nil {
			return err
		}
		for key, tf := range tr.Fields {
			f := rec.Fields[key]
			if tf.State != "typed" || f == nil || f.Status == registry.FieldNeedsReview || f.Value == tf.Value {
				continue
			}
			if n := normalize.Normalize(fieldType(tr.Kind, tr.Era, key), f.Value); n.OK && n.Value == tf.Value {
				continue
			}
			wrong++
			fmt.Fprintf(os.Stderr, "civreg-bench: %s %s stored %q, the page says %q\n", id, key, f.Value, tf.Value)
		}
	}
	if wrong > 0 {
		return fmt.Errorf("%d keyed fields differ from their pages", wrong)
	}
	return nil
}

// benchForms are the forms the pages cycle through: every kind, both eras.
var benchForms = []registry.FormID{
	{Kind: registry.Birth, Era: registry.EraA}, {Kind: registry.Birth, Era: registry.EraB},
	{Kind: registry.Marriage, Era: registry.EraA}, {Kind: registry.Marriage, Era: registry.EraB},
	{Kind: registry.Death, Era: registry.EraA}, {Kind: registry.Death, Era: registry.EraB},
	{Kind: registry.Recognition, Era: registry.EraA}, {Kind: registry.Recognition, Era: registry.EraB},
}

// seedKeying stores the generated pages, one book per form, every written
// field sent to a person with a garbled reading, and returns the truths in
// the order the keyer meets them (book by book, page by page).
func seedKeying(dbPath string, pages int, seed uint64) (map[string]synth.Truth, error) {
	db, err := sqlite.Open(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx := context.Background()
	truths := map[string]synth.Truth{}
	var nextTask int64
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "bench"}
	if err := db.CreateBatch(ctx, b); err != nil {
		return nil, err
	}
	for i := 0; i < pages; i++ {
		fm := benchForms[i%len(benchForms)]
		book := fmt.Sprintf("%02d/2019", i%len(benchForms)+1)
		img, tr, err := synth.RenderPage(synth.PageOptions{Seed: seed, Kind: fm.Kind, Era: fm.Era, Index: i / len(benchForms), Office: b.Office, Book: book})
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			return nil, err
		}
		rec, tasks := handwritten(tr, i)
		for _, t := range tasks { // the store numbers tasks in the order they are saved
			nextTask++
			taskKeys[nextTask] = [2]string{"", t.FieldKey}
			defer func(id int64) { taskKeys[id] = [2]string{rec.ID, taskKeys[id][1]} }(nextTask)
		}
		sum := sha256.Sum256(append([]byte(fmt.Sprint(seed, i)), buf.Bytes()...))
		pr := &registry.PageResult{
			Page:  registry.Page{BatchID: b.ID, SHA256: fmt.Sprintf("%x", sum), File: fmt.Sprintf("page-%03d.png", i), Width: tr.Width, Height: tr.Height, Status: registry.PageDone},
			Image: buf.Bytes(), Record: rec, Tasks: tasks,
		}
		if err := db.SavePage(ctx, pr); err != nil {
			return nil, err
		}
		truths[rec.ID] = tr
	}
	return truths, nil
}

// handwritten is the record the reader makes of a handwritten page: every
// written field read wrong and unsure, so routed to a person.
func handwritten(tr synth.Truth, salt int) (*registry.Record, []registry.Task) {
	rec := &registry.Record{Kind: tr.Kind, Era: tr.Era, Office: tr.Office, Book: tr.Book, Page: tr.Page, Fields: map[string]*registry.Field{}}
	var tasks []registry.Task
	for k, tf := range tr.Fields {
		box := registry.Box(tf.Box)
		f := &registry.Field{Box: &box, Status: registry.FieldMissing, Confidence: 0.9}
		if tf.State == "typed" {
			g := garble(tf.Printed, salt+len(k))
			f.Value, f.Raw, f.Status, f.Confidence, f.Reason = g, g, registry.FieldNeedsReview, 0.2, registry.ReasonLowConfidence
			tasks = append(tasks, registry.Task{FieldKey: k, Reason: registry.ReasonLowConfidence, Stage: registry.StageReview})
		}
		rec.Fields[k] = f
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].FieldKey < tasks[j].FieldKey })
	return rec, tasks
}

// garble reads a value as an OCR engine reads handwriting: a third of its
// letters wrong.
func garble(s string, salt int) string {
	rs := []rune(s)
	swap := []rune("0l1I|rnmc7?~")
	for i := range rs {
		if (i+salt)%3 == 0 && rs[i] != ' ' {
			rs[i] = swap[(i+salt)%len(swap)]
		}
	}
	return string(rs)
}

// serveStation starts bin's review station on a free loopback port.
func serveStation(bin, dbPath string) (string, func(), error) {
	cmd := exec.Command(bin, "--db", dbPath, "review", "serve", "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if i := strings.Index(sc.Text(), "http://"); i >= 0 {
			base := strings.TrimSuffix(strings.Fields(sc.Text()[i:])[0], "/")
			go func() {
				for sc.Scan() {
				}
			}()
			return base, stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("the station did not say where it listens")
}

// target is what the keyer types for a field: the value as printed, or the
// normalised value when the two differ only in case and accents' place.
func target(tf synth.TruthField) string {
	if strings.EqualFold(tf.Printed, tf.Value) {
		return tf.Value
	}
	return tf.Printed
}

// keyer drives one browser tab through the station, counting keys.
type keyer struct {
	ctx    context.Context
	base   string
	c      keyCount
	modern bool // the station has the keying view
	// the field being keyed
	kind registry.Kind
	era  registry.Era
	key  string
	book int // the year of the page's book
	// trace spells the keys pressed on the field, for KEYING_DEBUG
	trace strings.Builder
}

// keyNames spell the keys that are not characters in KEYING_DEBUG's trace.
var keyNames = map[string]string{kb.Tab: "⇥", kb.Enter: "⏎", kb.ArrowDown: "↓", kb.ArrowRight: "→", kb.Escape: "⎋", kb.F8: "‹F8›"}

// fieldType is a field's value type on its form.
func fieldType(kind registry.Kind, era registry.Era, key string) registry.ValueType {
	if f := form.Get(kind, era); f != nil {
		for _, sp := range f.Fields() {
			if sp.Key == key {
				return sp.Type
			}
		}
	}
	return registry.TypeText
}

func (k *keyer) press(s string, value bool) error {
	k.c.keys += utf8.RuneCountInString(s)
	if value {
		k.c.valueKeys += utf8.RuneCountInString(s)
	}
	if name, ok := keyNames[s]; ok {
		k.trace.WriteString(name)
	} else {
		k.trace.WriteString(s)
	}
	return chromedp.Do(k.ctx, chromedp.KeyEvent(s))
}

func (k *keyer) eval(expr string, v any) error {
	s, err := chromedp.Run(k.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// wait waits until a JavaScript expression is true.
func (k *keyer) wait(expr string) error {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(k.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("waited in vain for %s", expr)
}

// keyAll signs in and keys every page, in the order the station offers
// them.
func keyAll(base, dir string, truths map[string]synth.Truth) (keyCount, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(filepath.Join(dir, "chromium")), chromedp.WindowSize(1366, 768),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	k := &keyer{ctx: bctx, base: base}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/login")); err != nil {
		return k.c, err
	}
	if err := k.wait("document.activeElement && document.activeElement.id === 'name'"); err != nil {
		return k.c, err
	}
	chromedp.Do(bctx, chromedp.KeyEvent(keyerName+kb.Tab+keyerPassword+kb.Enter))
	if err := k.wait("location.pathname === '/'"); err != nil {
		return k.c, err
	}
	modern := true
	var status int
	k.eval(`(function () { var x = new XMLHttpRequest(); x.open("GET", "/key", false); x.send(); return String(x.status); })()`, &status)
	if status == 404 {
		modern = false
	}
	start := "/key"
	if !modern {
		start = "/entry"
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+start)); err != nil {
		return k.c, err
	}
	if modern { // the book list: the first book is focused; Enter opens its pages, Enter again the first page
		for _, expect := range []string{"/key", "/key/"} {
			if err := k.wait("document.readyState === 'complete' && document.activeElement && document.activeElement.tagName === 'A'"); err != nil {
				return k.c, err
			}
			k.eval("(window.__old = 1) && ''", nil)
			k.press(kb.Enter, false)
			if err := k.wait("!window.__old && document.readyState === 'complete' && location.pathname.indexOf('" + expect + "') === 0"); err != nil {
				return k.c, err
			}
		}
	}
	k.modern = modern
	return k.c, k.pages(truths, modern)
}

// fieldState is the focused field as the keyer sees it.
type fieldState struct {
	Task  int64    `json:"task"`
	Key   string   `json:"key"`
	Val   string   `json:"val"`
	Prev  string   `json:"prev"`
	Items []string `json:"items"`
	On    int      `json:"on"`
	Last  bool     `json:"last"`
}

const stateJS = `(function () {
  var a = document.activeElement;
  var r = a && a.closest && (a.closest(".krow") || a.closest(".cell"));
  if (!r || !a.classList.contains("val")) { return "null"; }
  var all = Array.prototype.slice.call(document.querySelectorAll("input.val"));
  var lis = Array.prototype.slice.call(r.querySelectorAll("ul.sugg li"));
  var on = -1;
  lis.forEach(function (li, j) { if (li.classList.contains("on")) { on = j; } });
  return JSON.stringify({ task: +r.getAttribute("data-task"), key: r.getAttribute("data-key") || "", val: a.value,
    prev: r.getAttribute("data-prev") || "", items: lis.map(function (li) { return li.getAttribute("data-v"); }),
    on: on, last: all.indexOf(a) === all.length - 1 });
})()`

// pages keys page after page until the station has none left.
func (k *keyer) pages(truths map[string]synth.Truth, modern bool) error {
	for books := 0; books < 100; {
		var where struct{ Path, Record string }
		if err := k.eval(`JSON.stringify({path: location.pathname, record: (document.getElementById("keyview") || {}).dataset ? document.getElementById("keyview").dataset.record :
			((document.getElementById("multiform") || {}).getAttribute ? document.getElementById("multiform").getAttribute("action").replace("/entry/", "") : "")})`, &where); err != nil {
			return err
		}
		if where.Record == "" || truths[where.Record].Kind == "" {
			if !modern {
				return nil
			}
			books++
			if err := chromedp.Do(k.ctx, chromedp.Navigate(strings.TrimSuffix(k.base, "/")+"/key")); err != nil {
				return err
			}
			var n int
			k.eval(`String(document.querySelectorAll("#picklist a").length)`, &n)
			if n == 0 {
				return nil
			}
			for _, expect := range []string{"/key", "/key/"} {
				k.eval("(window.__old = 1) && ''", nil)
				k.press(kb.Enter, false)
				if err := k.wait("!window.__old && document.readyState === 'complete' && location.pathname.indexOf('" + expect + "') === 0"); err != nil {
					return err
				}
			}
			continue
		}
		if err := k.page(truths[where.Record], where.Record); err != nil {
			return err
		}
	}
	return nil
}

// page keys one page's fields, then saves it and times the way to the
// next page.
func (k *keyer) page(tr synth.Truth, record string) error {
	if err := k.wait("document.readyState === 'complete' && document.activeElement && document.activeElement.classList.contains('val') && (window.keyPending || 0) === 0"); err != nil {
		return err
	}
	k.c.pages++
	for n := 0; n < 200; n++ {
		var st *fieldState
		if err := k.eval(stateJS, &st); err != nil {
			return err
		}
		if st == nil {
			return fmt.Errorf("page %s: no field has the focus", record)
		}
		key := st.Key
		if key == "" {
			key = taskKeys[st.Task][1]
		} else if taskKeys[st.Task][1] != key {
			return fmt.Errorf("task %d is %s on the screen, %s in the bench", st.Task, key, taskKeys[st.Task][1])
		}
		tf := tr.Fields[key]
		k.kind, k.era, k.key = tr.Kind, tr.Era, key
		k.book, _ = strconv.Atoi(tr.Book[strings.LastIndexByte(tr.Book, '/')+1:])
		if err := k.field(st, tf); err != nil {
			return err
		}
		if st.Last {
			return k.save(record)
		}
		if err := k.wait("(window.keyPending || 0) === 0"); err != nil {
			return err
		}
	}
	return fmt.Errorf("page %s: too many fields", record)
}

// field keys one field and leaves it with Tab, or Enter when it is the
// page's last.
func (k *keyer) field(st *fieldState, tf synth.TruthField) error {
	k.c.fields++
	t := target(tf)
	k.c.valueChars += utf8.RuneCountInString(t)
	typ := fieldType(k.kind, k.era, k.key)
	good := func(v string) bool {
		if v == "" {
			return false
		}
		if v == t || v == tf.Value {
			return true
		}
		res := normalize.Normalize(typ, v)
		return res.OK && res.Value == tf.Value
	}
	keys0 := k.c.keys
	k.trace.Reset()
	defer func() {
		if os.Getenv("KEYING_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "%s\t%s\t%d\t%d\t%q\t%q\n", typ, k.key, utf8.RuneCountInString(t), k.c.keys-keys0, t, k.trace.String())
		}
	}()
	leave := kb.Tab
	if st.Last {
		leave = kb.Enter
	}
	k.eval("(window.__old = 1) && ''", nil)
	if good(st.Val) {
		return k.press(leave, false)
	}
	if good(st.Prev) {
		k.press(kb.F8, false) // the keying view goes on to the next field
		if st.Last || !k.modern {
			return k.press(leave, false)
		}
		return nil
	}
	if d := k.digits(typ, tf.Value); d != "" && k.modern {
		// The keying view takes dates, years and times of death as digits.
		k.press(d, true)
		return k.press(leave, false)
	}
	for typed := 0; typed < len(t); {
		r, size := utf8.DecodeRuneInString(t[typed:])
		k.press(string(r), true)
		typed += size
		if err := k.wait("(window.keyPending || 0) === 0"); err != nil {
			return err
		}
		if err := k.eval(stateJS, &st); err != nil || st == nil {
			return fmt.Errorf("lost the focus while typing: %v", err)
		}
		if k.takeWhole(st, good, leave, utf8.RuneCountInString(t[typed:])) {
			return nil
		}
		if n := k.takePart(st, t, typed); n > typed {
			typed = n
			continue
		}
		if n := k.finishWord(st, t, typed); n > typed {
			typed = n
			if err := k.wait("(window.keyPending || 0) === 0"); err != nil {
				return err
			}
		}
	}
	if err := k.wait("(window.keyPending || 0) === 0"); err != nil {
		return err
	}
	if err := k.eval(stateJS, &st); err != nil || st == nil {
		return fmt.Errorf("lost the focus: %v", err)
	}
	if st.On >= 0 && st.On < len(st.Items) && !good(st.Items[st.On]) {
		k.press(kb.Escape, false)
	}
	return k.press(leave, false)
}

// digits is how a keyer types a date, a year or a time of death in the
// keying view, from its value as stored: ddmm for a registration date in
// the book's year, ddmmyy when the latest such year not after the book's
// is the right one, else ddmmyyyy; a year as yy or yyyy; a time of death
// as hhmm and the date. It returns "" for anything else.
func (k *keyer) digits(typ registry.ValueType, v string) string {
	year := k.book
	short := func(y string) string {
		n, _ := strconv.Atoi(y)
		yy := n % 100
		c := 2000 + yy
		if c > year {
			c -= 100
		}
		if c == n {
			return y[2:]
		}
		return y
	}
	date := func(iso string) string {
		if len(iso) != 10 || iso[4] != '-' || iso[7] != '-' {
			return ""
		}
		dm := iso[8:10] + iso[5:7]
		if slices.Contains(normalize.RegistrationDateKeys, k.key) && iso[:4] == strconv.Itoa(year) {
			return dm
		}
		return dm + short(iso[:4])
	}
	switch {
	case typ == registry.TypeDate && len(v) == 4 || typ == registry.TypeYear:
		if len(v) == 4 {
			return short(v)
		}
	case typ == registry.TypeDate:
		return date(v)
	case typ == registry.TypeDeathTime && len(v) == 16 && v[10] == 'T':
		if d := date(v[:10]); d != "" && len(d) >= 6 {
			return strings.TrimPrefix(v[11:13], "0") + v[14:16] + " " + d
		}
	}
	return ""
}

// save waits for the next page after the page's last Enter, pressing Enter
// once more when the station asks to confirm a warned value.
func (k *keyer) save(record string) error {
	t0 := time.Now()
	for try := 0; try < 2; try++ {
		if err := k.wait("!window.__old && document.readyState === 'complete'"); err != nil {
			return err
		}
		var bad int
		k.eval(`String(document.querySelectorAll(".krow.bad, .cell.bad").length)`, &bad)
		if bad == 0 {
			k.c.pageTime += time.Since(t0)
			return nil
		}
		if try == 1 {
			break
		}
		k.eval("(window.__old = 1) && ''", nil)
		k.press(kb.Enter, false)
		t0 = time.Now()
	}
	k.c.refused++
	var why string
	k.eval(`JSON.stringify(Array.prototype.map.call(document.querySelectorAll(".krow.bad, .cell.bad"), function (r) {
		return (r.querySelector("label, strong") || {}).textContent + ": " + r.querySelector("input.val").value + " — " + (r.querySelector(".cell-error") || {}).textContent;
	}).join("; "))`, &why)
	return fmt.Errorf("page %s refused: %s", record, why)
}

// finishWord presses Space (or a comma) when the highlighted suggestion
// spells the rest of the word being typed as the value does, and returns
// how much of t is then typed; else typed.
func (k *keyer) finishWord(st *fieldState, t string, typed int) int {
	if st.On < 0 || st.On >= len(st.Items) || typed == 0 || strings.ContainsRune(" ,", rune(t[typed-1])) {
		return typed
	}
	end := typed
	for end < len(t) && t[end] != ' ' && t[end] != ',' {
		end++
	}
	if end >= len(t) || end == typed {
		return typed
	}
	v := st.Items[st.On]
	if len(v) < end || v[:end] != t[:end] {
		return typed
	}
	if len(v) > end && v[end] != ' ' && v[end] != ',' {
		return typed
	}
	k.press(string(t[end]), true)
	return end + 1
}

// takeWhole takes a suggestion that is the whole value, when the keys it
// costs (↓ to it, at most twice, then leaving) are fewer than the
// characters left.
func (k *keyer) takeWhole(st *fieldState, good func(string) bool, leave string, left int) bool {
	for j, v := range st.Items {
		if j < st.On || st.On < 0 && j > 0 || !good(v) {
			continue
		}
		downs := j - max(st.On, 0)
		if st.On < 0 {
			downs = j + 1
		}
		if downs > 0 && downs+1 >= left || downs > 2 {
			return false // typing on is as quick, or a keyer would type a letter more than look down a list
		}
		for ; downs > 0; downs-- {
			k.press(kb.ArrowDown, false)
		}
		k.press(leave, false)
		return true
	}
	return false
}

// takePart takes, with →, the highlighted suggestion when it is the value
// up to a word's end and saves at least six characters; it returns how much
// of t is then typed.
func (k *keyer) takePart(st *fieldState, t string, typed int) int {
	if st.On < 0 || st.On >= len(st.Items) {
		return typed
	}
	v := st.Items[st.On]
	if len(v) >= len(t) || len(v) <= typed || !strings.HasPrefix(t, v) || !strings.ContainsRune(" ,-", rune(t[len(v)])) ||
		utf8.RuneCountInString(t[typed:len(v)]) < 6 {
		return typed
	}
	k.press(kb.ArrowRight, false)
	return len(v)
}
