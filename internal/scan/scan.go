package scan

import (
	"context"
	"errors"
	"fmt"
	"image"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/ocr"
	"github.com/civreg/civreg/registry"
)

// Engine is one OCR engine; a worker owns one. *ocr.Engine satisfies it.
type Engine interface {
	Words(img image.Image, mode ocr.Mode) ([]ocr.Word, error)
	Text(img image.Image, mode ocr.Mode, whitelist string) (string, float64, error)
	Close() error
}

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
	Flagged  int            `json:"fields_flagged_by_batch"`
	Forms    map[string]int `json:"forms"`
	Duration time.Duration  `json:"-"`
	Seconds  float64        `json:"seconds"`
}

// job is one decoded page waiting for a worker.
type job struct {
	display string
	page    ingest.Page
}

// Run scans the files and directories in paths into o.Store.
func Run(ctx context.Context, paths []string, o Options) (*Report, error) {
	if o.Store == nil || o.NewEngine == nil {
		return nil, registry.Errorf(registry.EINTERNAL, "scan: store and engine are required")
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Now == nil {
		o.Now = time.Now
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
			return nil, err
		}
		o.Policy = &p
	}
	if o.Calib == nil {
		c, err := route.DefaultCalibration()
		if err != nil {
			return nil, err
		}
		o.Calib = c
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
	rep := &Report{BatchID: b.ID, Routed: map[registry.Reason]int{}, Forms: map[string]int{}}
	var mu sync.Mutex
	var stored []routed // the fields of the pages stored by this run
	emit := func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		switch ev.Type {
		case PageStored:
			rep.Pages++
			rep.Records++
			tally(rep, ev.Record)
		case PageSkipped:
			rep.Skipped++
		case PageFailed:
			rep.Failed++
			rep.Failures = append(rep.Failures, Failure{File: ev.File, PageIndex: ev.PageIndex, Reason: registry.ErrorMessage(ev.Err)})
		}
		if o.Progress != nil {
			o.Progress(ev)
		}
	}
	fail := func(display string, index int, sha string, err error) error {
		p := &registry.Page{BatchID: b.ID, SHA256: sha, File: display, PageIndex: index, Status: registry.PageFailed, Error: registry.ErrorMessage(err)}
		// A conflict means the page is stored and done already (another run
		// got there first): nothing to record.
		if serr := o.Store.SaveFailure(ctx, p); serr != nil && registry.ErrorCode(serr) != registry.ECONFLICT {
			return serr
		}
		emit(Event{Type: PageFailed, File: display, PageIndex: index, Err: err})
		return nil
	}

	// Engines are made up front so that a missing Tesseract fails the run
	// at once rather than as a failure on every page.
	workers := make([]*worker, o.Workers)
	closeAll := func() {
		for _, w := range workers {
			if w != nil {
				w.close()
			}
		}
	}
	for i := range workers {
		w := &worker{o: &o, forms: forms, batch: b, models: map[string]Engine{}}
		workers[i] = w
		var err error
		if w.engine, err = o.NewEngine(o.Language); err != nil {
			closeAll()
			return nil, err
		}
		for _, m := range o.Policy.Models() {
			if m == o.Language {
				continue
			}
			if w.models[m], err = o.NewEngine(m); err != nil {
				closeAll()
				return nil, fmt.Errorf("tesseract model %q (policy.json reread_model; .ci/install-deps installs it): %w", m, err)
			}
		}
	}
	// One page waits decoded, so that a worker never waits for the decoder;
	// no more, because a decoded page can be hundreds of megabytes.
	jobs := make(chan job, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var fatal error
	var fatalOnce sync.Once
	stop := func(err error) {
		fatalOnce.Do(func() { fatal = err; cancel() })
	}
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			defer w.close()
			for j := range jobs {
				if ctx.Err() != nil {
					continue
				}
				res, fields, err := w.page(j)
				if err != nil {
					if ferr := fail(j.display, j.page.Index, j.page.SHA256, err); ferr != nil {
						stop(ferr)
					}
					continue
				}
				err = o.Store.SavePage(ctx, res)
				switch {
				case registry.ErrorCode(err) == registry.ECONFLICT:
					emit(Event{Type: PageSkipped, File: j.display, PageIndex: j.page.Index})
				case err != nil:
					stop(err)
				default:
					for i := range fields {
						fields[i].file, fields[i].page = j.display, j.page.Index
					}
					mu.Lock()
					stored = append(stored, fields...)
					mu.Unlock()
					emit(Event{Type: PageStored, File: j.display, PageIndex: j.page.Index, Record: res.Record})
				}
			}
		}(w)
	}

	walkErr := ingest.Walk(paths, func(in ingest.Input) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if in.Err != nil {
			return fail(in.Display, 0, "", in.Err)
		}
		last := -1
		var stopErr error // an error of ours, not of the file
		err := ingest.Open(in.Path, o.Ingest, func(p ingest.Page) error {
			last = p.Index
			if err := ctx.Err(); err != nil {
				stopErr = err
				return err
			}
			done, err := o.Store.HasPage(ctx, p.SHA256)
			if err != nil {
				stopErr = err
				return err
			}
			if done {
				emit(Event{Type: PageSkipped, File: in.Display, PageIndex: p.Index})
				return nil
			}
			emit(Event{Type: PageQueued, File: in.Display, PageIndex: p.Index})
			select {
			case jobs <- job{display: in.Display, page: p}:
				return nil
			case <-ctx.Done():
				stopErr = ctx.Err()
				return stopErr
			}
		})
		switch {
		case stopErr != nil:
			return stopErr
		case err != nil:
			return fail(in.Display, last+1, "", err)
		}
		return nil
	})
	close(jobs)
	wg.Wait()
	if fatal == nil && ctx.Err() == nil {
		if err := readBatch(ctx, &o, stored, rep); err != nil {
			stop(err)
		}
	}
	rep.Duration = o.Now().Sub(start)
	rep.Seconds = rep.Duration.Seconds()
	sort.Slice(rep.Failures, func(i, j int) bool {
		a, b := rep.Failures[i], rep.Failures[j]
		return a.File < b.File || (a.File == b.File && a.PageIndex < b.PageIndex)
	})
	if fatal != nil {
		return rep, fatal
	}
	if walkErr != nil && !errors.Is(walkErr, context.Canceled) {
		return rep, walkErr
	}
	return rep, ctx.Err()
}

// readBatch weighs the batch's pages against each other once all are read:
// numbers that break the count of their neighbours go to a person
// (sequence), and fields sent to a person that other pages bear out are
// accepted (corroborate). The report follows.
func readBatch(ctx context.Context, o *Options, stored []routed, rep *Report) error {
	n, err := o.Store.FlagFields(ctx, sequence(stored))
	rep.Flagged = n
	rep.reroute(registry.ReasonRulePrefix+normalize.RuleSequence, n)
	if err != nil {
		return err
	}
	n, err = corroborate(ctx, o, stored)
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

// encodeImage encodes the stored page image: grey JPEG, small enough to
// keep every page in the store for the review crops. Leptonica's
// libjpeg-turbo does it in a third of image/jpeg's time, with the same
// quality scale and tables.
func encodeImage(g *image.Gray) ([]byte, error) {
	return ocr.EncodeJPEG(g, 80)
}
