package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"maps"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/ocr"
	"github.com/civreg/civreg/registry"
)

// Engine is one OCR engine; a worker owns one. *tesseract.Engine is
// civreg's; ocrtest.Engine is a fake for tests.
type Engine = ocr.Engine

// Options configure a scan run.
type Options struct {
	Batch registry.Batch
	Store registry.ScanStore
	// NewEngine starts an engine with a Tesseract model: Language for the
	// page, and those the policy reads crops with (RereadModel).
	NewEngine func(lang string) (Engine, error)
	Language  string // the page's model; default "vie"
	Workers   int    // default: the number of cores
	Ingest    ingest.Options
	// Preprocess configures page cleaning; zero means
	// preprocess.DefaultOptions.
	Preprocess preprocess.Options
	Policy     *route.Policy      // default: route.DefaultPolicy
	Calib      *route.Calibration // default: route.DefaultCalibration
	// EncodeJPEG encodes the page image kept in the store for the review
	// crops, at a quality of 1..100 on the IJG scale; default: image/jpeg.
	// The binaries set tesseract.EncodeJPEG, which does it with
	// Leptonica's libjpeg-turbo in a third of the time, with the same
	// quality scale and tables.
	EncodeJPEG func(g *image.Gray, quality int) ([]byte, error)
	// EncodeColourJPEG and FitJPEG keep the page as scanned, in colour,
	// with a small copy of at most registry.SmallMaxBytes for the national
	// export (tesseract.EncodeColourJPEG, tesseract.FitJPEG: libjpeg-turbo
	// through Leptonica). Without both no original is kept.
	EncodeColourJPEG func(img image.Image, quality int) ([]byte, error)
	FitJPEG          func(data []byte, dpi, minDPI, maxBytes int) ([]byte, int, error)
	// Progress, if set, is called once per page done, skipped or failed,
	// from one goroutine at a time.
	Progress func(Event)
	Now      func() time.Time
	// Observe, if set, receives every field's evidence as it is routed: the
	// calibration tool uses it to compare with truth.
	Observe func(Observation)
}

// EventType says what happened to a page.
type EventType int

// Event types.
const (
	PageStored EventType = iota
	PageSkipped
	PageFailed
	PageQueued // decoded and waiting for a worker: the total grows
)

// Event is one page's outcome, for progress display.
type Event struct {
	Type      EventType
	File      string
	PageIndex int
	Err       error
	Record    *registry.Record
	// Straightened says the stored page's lines curled towards a book's
	// gutter and were straightened before its fields were found.
	Straightened bool
}

// Failure is one input that could not be read.
type Failure struct {
	File      string `json:"file"`
	PageIndex int    `json:"page_index"`
	Reason    string `json:"reason"`
}

// Report sums up a run.
type Report struct {
	BatchID  int64                   `json:"batch_id"`
	Pages    int                     `json:"pages_stored"`
	Skipped  int                     `json:"pages_skipped_duplicate"`
	Failed   int                     `json:"pages_failed"`
	Failures []Failure               `json:"failures"`
	Records  int                     `json:"records"`
	Fields   int                     `json:"fields"`
	Auto     int                     `json:"fields_auto"`
	Missing  int                     `json:"fields_missing"`
	Routed   map[registry.Reason]int `json:"fields_routed"`
	// Corroborated counts the fields accepted once the batch was read,
	// because other pages read the same value (counted in Auto too).
	Corroborated int `json:"fields_accepted_by_batch"`
	// Flagged counts the fields accepted on their page and sent to a
	// person once the batch was read, because their neighbours' numbers
	// contradict them (counted in Routed, not in Auto).
	Flagged int            `json:"fields_flagged_by_batch"`
	Forms   map[string]int `json:"forms"`
	// Straightened counts the stored pages whose lines curled towards a
	// book's gutter and were straightened before their fields were found.
	Straightened int           `json:"pages_straightened"`
	Duration     time.Duration `json:"-"`
	Seconds      float64       `json:"seconds"`
}

// job is one decoded page waiting for a worker.
type job struct {
	display string
	page    ingest.Page
}

// Run scans the files and directories in paths into o.Store.
func Run(ctx context.Context, paths []string, o Options) (*Report, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	forms := candidates(o.Batch)
	if len(forms) == 0 {
		return nil, registry.Errorf(registry.EINVALID, "no form for kind %q era %q", o.Batch.Kind, o.Batch.Era)
	}
	start := o.Now()
	b := o.Batch
	b.Started = start
	if err := o.Store.CreateBatch(ctx, &b); err != nil {
		return nil, err
	}
	workers, err := startWorkers(&o, forms, b)
	if err != nil {
		return nil, err
	}
	r := newRun(ctx, &o, b)
	defer r.cancel()
	var wg sync.WaitGroup
	// A worker is set to work when a page is queued and those at work
	// all have one: a batch of one page keeps to one worker, whose
	// engines started already.
	r.spawn = func() bool {
		if r.spawned == len(workers) {
			return false
		}
		w := workers[r.spawned]
		r.spawned++
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(w)
		}()
		return true
	}
	walkErr := ingest.Walk(paths, r.input)
	close(r.jobs)
	wg.Wait()
	for _, w := range workers {
		w.close()
	}
	return r.finish(start, walkErr)
}

// defaults fills in the options left zero.
func (o *Options) defaults() error {
	if o.Store == nil || o.NewEngine == nil {
		return registry.Errorf(registry.EINTERNAL, "scan: store and engine are required")
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.EncodeJPEG == nil {
		o.EncodeJPEG = encodeJPEG
	}
	if o.Language == "" {
		o.Language = "vie"
	}
	if o.Preprocess == (preprocess.Options{}) {
		o.Preprocess = preprocess.DefaultOptions()
	}
	if o.Policy == nil {
		p, err := route.DefaultPolicy()
		if err != nil {
			return err
		}
		o.Policy = &p
	}
	if o.Calib == nil {
		c, err := route.DefaultCalibration()
		if err != nil {
			return err
		}
		o.Calib = c
	}
	return nil
}

// startWorkers makes the workers and their engines. Engines are made up
// front so that a missing Tesseract fails the run at once rather than as
// a failure on every page.
func startWorkers(o *Options, forms []*form.Form, b registry.Batch) ([]*worker, error) {
	workers := make([]*worker, o.Workers)
	for i := range workers {
		workers[i] = &worker{o: o, forms: forms, batch: b, models: map[string]Engine{}}
	}
	// The first worker's engines start now, so that a model missing fails
	// the run before any page is read; the others' with their first page:
	// a worker with no page to read loads no model (about 70 ms of CPU and
	// 40 MB each, three to a worker; a batch of one page left the second
	// worker's idle).
	if err := workers[0].start(); err != nil {
		return nil, err
	}
	return workers, nil
}

// start starts the worker's engines, the page's and one per other model
// the policy reads crops with, unless they run already.
func (w *worker) start() error {
	if w.engine != nil {
		return nil
	}
	// An engine is kept only once it started: a failed start may return a
	// typed nil pointer, which close must not call.
	e, err := w.o.NewEngine(w.o.Language)
	if err != nil {
		return err
	}
	w.engine = e
	for _, m := range w.o.Policy.Models() {
		if m == w.o.Language || w.models[m] != nil {
			continue
		}
		e, err := w.o.NewEngine(m)
		if err != nil {
			w.close()
			return fmt.Errorf("tesseract model %q (policy.json reread_model; .ci/install-deps installs it): %w", m, err)
		}
		w.models[m] = e
	}
	return nil
}

// run is the state one Run shares between its decoder (input) and its
// workers (work).
type run struct {
	o     *Options
	batch registry.Batch
	// ctx is Run's, cancelled too when the run stops on an error of ours.
	ctx    context.Context
	cancel context.CancelFunc
	// jobs holds one page decoded, so that a worker never waits for the
	// decoder; no more, because a decoded page can be hundreds of
	// megabytes.
	jobs chan job
	// spawn sets the next worker to work, if one is left; spawned counts
	// those set to work (the decoder's alone), idle those of them waiting
	// for a page.
	spawn   func() bool
	spawned int
	idle    atomic.Int32

	mu     sync.Mutex
	rep    *Report
	stored []routed // the fields of the pages stored by this run

	fatalOnce sync.Once
	fatal     error
}

func newRun(ctx context.Context, o *Options, b registry.Batch) *run {
	ctx, cancel := context.WithCancel(ctx)
	return &run{
		o: o, batch: b, ctx: ctx, cancel: cancel, jobs: make(chan job, 1),
		rep: &Report{BatchID: b.ID, Routed: map[registry.Reason]int{}, Forms: map[string]int{}},
	}
}

// stop ends the run on an error of ours, not of an input (the store
// failing): the first such error is Run's.
func (r *run) stop(err error) {
	r.fatalOnce.Do(func() { r.fatal = err; r.cancel() })
}

// emit counts a page's outcome in the report and hands it to Progress.
func (r *run) emit(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev.Type {
	case PageStored:
		r.rep.Pages++
		r.rep.Records++
		if ev.Straightened {
			r.rep.Straightened++
		}
		tally(r.rep, ev.Record)
	case PageSkipped:
		r.rep.Skipped++
	case PageFailed:
		r.rep.Failed++
		r.rep.Failures = append(r.rep.Failures, Failure{File: ev.File, PageIndex: ev.PageIndex, Reason: registry.ErrorMessage(ev.Err)})
	}
	if r.o.Progress != nil {
		r.o.Progress(ev)
	}
}

// fail records an input or page that could not be read, and reports it.
// Its error is the store's.
func (r *run) fail(display string, index int, sha string, err error) error {
	p := &registry.Page{BatchID: r.batch.ID, SHA256: sha, File: display, PageIndex: index, Status: registry.PageFailed, Error: registry.ErrorMessage(err)}
	// A conflict means the page is stored and done already (another run
	// got there first): nothing to record.
	if serr := r.o.Store.SaveFailure(r.ctx, p); serr != nil && registry.ErrorCode(serr) != registry.ECONFLICT {
		return serr
	}
	r.emit(Event{Type: PageFailed, File: display, PageIndex: index, Err: err})
	return nil
}

// work reads and stores the queued pages with w until the queue closes;
// once the run is cancelled it only drains the queue.
func (r *run) work(w *worker) {
	for {
		r.idle.Add(1)
		j, ok := <-r.jobs
		r.idle.Add(-1)
		if !ok {
			return
		}
		if r.ctx.Err() != nil {
			continue
		}
		if err := w.start(); err != nil {
			r.stop(err)
			continue
		}
		w.straightened = false
		res, fields, err := w.safePage(j)
		if err != nil {
			if ferr := r.fail(j.display, j.page.Index, j.page.SHA256, err); ferr != nil {
				r.stop(ferr)
			}
			continue
		}
		r.store(j, res, fields, w.straightened)
	}
}

// store saves a page read, keeping its fields for the batch's reading; a
// page another run stored meanwhile is skipped.
func (r *run) store(j job, res *registry.PageResult, fields []routed, straightened bool) {
	err := r.o.Store.SavePage(r.ctx, res)
	switch {
	case registry.ErrorCode(err) == registry.ECONFLICT:
		r.emit(Event{Type: PageSkipped, File: j.display, PageIndex: j.page.Index})
	case err != nil:
		r.stop(err)
	default:
		for i := range fields {
			fields[i].file, fields[i].page = j.display, j.page.Index
			fields[i].form = string(res.Record.Kind) + "-" + string(res.Record.Era)
		}
		r.mu.Lock()
		r.stored = append(r.stored, fields...)
		r.mu.Unlock()
		r.emit(Event{Type: PageStored, File: j.display, PageIndex: j.page.Index, Record: res.Record, Straightened: straightened})
	}
}

// input decodes one input and queues its pages not stored yet. A bad file
// is its own failure; the error returned, which ends the walk, is ours
// (the store's, or the run's cancel).
func (r *run) input(in ingest.Input) error {
	if r.ctx.Err() != nil {
		return r.ctx.Err()
	}
	if in.Err != nil {
		return r.fail(in.Display, 0, "", in.Err)
	}
	last := -1
	var stopErr error // an error of ours, not of the file
	err := ingest.Open(in.Path, r.o.Ingest, func(p ingest.Page) error {
		last = p.Index
		stopErr = r.queue(in.Display, p)
		return stopErr
	})
	switch {
	case stopErr != nil:
		return stopErr
	case err != nil:
		return r.fail(in.Display, last+1, "", err)
	}
	return nil
}

// queue hands a decoded page to the workers, unless it is stored already.
func (r *run) queue(display string, p ingest.Page) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	done, err := r.o.Store.HasPage(r.ctx, p.SHA256)
	if err != nil {
		return err
	}
	if done {
		r.emit(Event{Type: PageSkipped, File: display, PageIndex: p.Index})
		return nil
	}
	r.emit(Event{Type: PageQueued, File: display, PageIndex: p.Index})
	if r.idle.Load() == 0 {
		r.spawn() // every worker at work has a page: one more, if any
	}
	select {
	case r.jobs <- job{display: display, page: p}:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

// finish weighs the batch's pages against each other unless the run was
// stopped, completes the report and returns Run's result.
func (r *run) finish(start time.Time, walkErr error) (*Report, error) {
	rep := r.rep
	if r.fatal == nil && r.ctx.Err() == nil {
		if err := readBatch(r.ctx, r.o, r.stored, rep); err != nil {
			r.stop(err)
		}
	}
	rep.Duration = r.o.Now().Sub(start)
	rep.Seconds = rep.Duration.Seconds()
	sort.Slice(rep.Failures, func(i, j int) bool {
		a, b := rep.Failures[i], rep.Failures[j]
		return a.File < b.File || (a.File == b.File && a.PageIndex < b.PageIndex)
	})
	if r.fatal != nil {
		return rep, r.fatal
	}
	if walkErr != nil && !errors.Is(walkErr, context.Canceled) {
		return rep, walkErr
	}
	return rep, r.ctx.Err()
}

// safePage is w.page with a panic turned into the page's failure: a page
// that trips a bug in a reader costs that page, not the batch (the
// decoders are guarded so in ingest).
func (w *worker) safePage(j job) (res *registry.PageResult, fields []routed, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, fields, err = nil, nil, registry.Errorf(registry.EINTERNAL, "reader panic: %v", p)
		}
	}()
	return w.page(j)
}

// readBatch weighs the batch's pages against each other once all are read:
// numbers that break the count of their neighbours go to a person
// (sequence), and fields sent to a person that other pages bear out are
// accepted (corroborate). The report follows.
func readBatch(ctx context.Context, o *Options, stored []routed, rep *Report) error {
	for _, rule := range []struct {
		name  string
		flags func([]routed) []registry.Flag
	}{{normalize.RuleSequence, sequence}, {normalize.RuleDateOrder, dateOrder}} {
		if rule.name == normalize.RuleDateOrder && o.Batch.Book == "" {
			continue // pages of several books: their dates need not be in order
		}
		n, err := o.Store.FlagFields(ctx, rule.flags(stored))
		rep.Flagged += n
		rep.reroute(registry.ReasonRulePrefix+registry.Reason(rule.name), n)
		if err != nil {
			return err
		}
	}
	n, err := corroborate(ctx, o, stored)
	rep.Corroborated = n
	rep.reroute(registry.ReasonLowConfidence, -n)
	return err
}

// reroute counts n accepted fields as sent to a person for reason (n < 0:
// the other way).
func (r *Report) reroute(reason registry.Reason, n int) {
	r.Auto -= n
	r.Routed[reason] += n
	if r.Routed[reason] == 0 {
		delete(r.Routed, reason)
	}
}

// sequence finds the page and entry numbers the machine accepted that
// break the count their neighbouring pages agree on (the pages in the order
// they were scanned: by file, then page), and marks them in stored so that
// corroborate leaves them alone.
func sequence(stored []routed) []registry.Flag {
	var flags []registry.Flag
	for _, key := range normalize.SequenceKeys {
		idx := inScanOrder(stored, key)
		values := make([]string, len(idx))
		for i, at := range idx {
			values[i] = stored[at].value
		}
		for i, note := range normalize.OutOfSequence(values) {
			f := &stored[idx[i]]
			f.outOfSequence = true
			if f.status == registry.FieldAuto {
				flags = append(flags, registry.Flag{RecordID: f.recordID, Key: f.key, Reason: registry.ReasonRulePrefix + normalize.RuleSequence, Note: note})
			}
		}
	}
	sort.Slice(flags, func(i, j int) bool { return flags[i].RecordID < flags[j].RecordID })
	return flags
}

// dateOrder finds the registration dates the machine accepted that do not
// lie between their neighbouring pages' (a book registers in order), and
// marks them in stored so that corroborate leaves them alone.
func dateOrder(stored []routed) []registry.Flag {
	var flags []registry.Flag
	for _, key := range normalize.RegistrationDateKeys {
		// A book holds one kind; a batch that names its book may still
		// hold pages of another, and their dates are another sequence.
		byForm := map[string][]int{}
		for _, at := range inScanOrder(stored, key) {
			byForm[stored[at].form] = append(byForm[stored[at].form], at)
		}
		for _, form := range slices.Sorted(maps.Keys(byForm)) {
			flags = append(flags, outOfOrder(stored, byForm[form])...)
		}
	}
	return flags
}

// outOfOrder flags the accepted dates among stored[idx] (in scan order)
// that lie outside their neighbours'.
func outOfOrder(stored []routed, idx []int) []registry.Flag {
	var flags []registry.Flag
	values := make([]string, len(idx))
	for i, at := range idx {
		values[i] = stored[at].value
	}
	for i, note := range normalize.OutOfDateOrder(values) {
		f := &stored[idx[i]]
		f.outOfSequence = true
		if f.status == registry.FieldAuto {
			flags = append(flags, registry.Flag{RecordID: f.recordID, Key: f.key, Reason: registry.ReasonRulePrefix + normalize.RuleDateOrder, Note: note})
		}
	}
	return flags
}

// inScanOrder returns the indexes of stored's fields of key, in the order
// the pages were scanned: by file, then page.
func inScanOrder(stored []routed, key string) []int {
	var idx []int
	for i, f := range stored {
		if f.key == key {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := stored[idx[a]], stored[idx[b]]
		return x.file < y.file || x.file == y.file && x.page < y.page
	})
	return idx
}

// corroborate accepts, once the batch is read, the fields sent to a person
// for low confidence that other pages of the batch read word for word,
// where the calibration says such readings are right often enough (see
// route.Evidence.Seen). Only the pages this run stored count: a batch
// resumed after a crash accepts less, never more.
func corroborate(ctx context.Context, o *Options, fields []routed) (int, error) {
	repeats := route.Repeats{}
	for _, f := range fields {
		repeats.Add(f.key, f.value)
	}
	var accept []registry.Acceptance
	for _, f := range fields {
		if f.status != registry.FieldNeedsReview || f.reason != registry.ReasonLowConfidence || f.value == "" || f.outOfSequence {
			continue
		}
		e := f.ev
		e.Batch, e.Seen = true, repeats.Seen(f.key, f.value)
		if e.Seen < 1 {
			continue
		}
		conf := o.Calib.Confidence(e)
		if d := o.Policy.Decide(f.recordID, f.key, e, f.optional, conf); d.Status != registry.FieldAuto {
			continue
		}
		accept = append(accept, registry.Acceptance{RecordID: f.recordID, Key: f.key, Confidence: round3(conf),
			Note: fmt.Sprintf("đọc giống %d trang khác trong lô", e.Seen)})
	}
	if len(accept) == 0 {
		return 0, nil
	}
	return o.Store.AcceptFields(ctx, accept)
}

// tally adds a stored record's fields to the report.
func tally(rep *Report, r *registry.Record) {
	rep.Forms[registry.FormID{Kind: r.Kind, Era: r.Era}.String()]++
	for _, f := range r.Fields {
		rep.Fields++
		switch f.Status {
		case registry.FieldAuto:
			rep.Auto++
		case registry.FieldMissing:
			rep.Missing++
		case registry.FieldNeedsReview:
			rep.Routed[f.Reason]++
		}
	}
}

// candidates lists the forms a page of the batch may be printed on.
func candidates(b registry.Batch) []*form.Form {
	var out []*form.Form
	for _, f := range form.All() {
		if (b.Kind == "" || f.Kind == b.Kind) && (b.Era == "" || f.Era == b.Era) {
			out = append(out, f)
		}
	}
	return out
}

// imageQuality is the JPEG quality of the stored page images: small
// enough to keep every page in the store for the review crops.
const imageQuality = 80

// encodeJPEG is the default Options.EncodeJPEG.
func encodeJPEG(g *image.Gray, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
