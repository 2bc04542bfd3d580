package scan

import (
	"cmp"
	"fmt"
	"image"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/locate"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/internal/preprocess"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/ocr"
	"github.com/civreg/civreg/registry"
)

// Observation is one routed field with its evidence, for calibration.
type Observation struct {
	Source   registry.Source
	Form     registry.FormID
	Key      string
	Raw      string
	Value    string
	Evidence route.Evidence
	Field    *registry.Field
	// PageConf is the page pass's lowest word confidence, before any
	// re-read; Again is the re-read's text ("" when the field was not read
	// again or the crop read nothing).
	PageConf float64
	Again    string
	Reread   bool
	// Page is the page pass's text of the region, and Third the
	// confirming model's reading ("" when there was none).
	Page, Third string
}

// worker processes pages with its own OCR engines: the page's, and one
// per other model the policy reads crops with.
type worker struct {
	o      *Options
	engine Engine
	models map[string]Engine
	forms  []*form.Form
	batch  registry.Batch
	// straightened says the last page read had its curled lines
	// straightened, for the run's report.
	straightened bool
}

// crops returns the engine a crop of a value of type t is read with.
func (w *worker) crops(t registry.ValueType) Engine {
	return w.model(w.o.Policy.ModelFor(t))
}

// model returns the worker's engine for a model: the page's for its own
// model or "".
func (w *worker) model(name string) Engine {
	if e := w.models[name]; e != nil {
		return e
	}
	return w.engine
}

func (w *worker) close() {
	if w.engine != nil {
		w.engine.Close()
	}
	for _, e := range w.models {
		e.Close()
	}
	w.engine, w.models = nil, map[string]Engine{}
}

// reading is one field as read, before routing.
type reading struct {
	spec form.FieldSpec
	reg  *locate.Region
	raw  string
	norm normalize.Result
	ev   route.Evidence
	pass passes
	// bookYear says the date's year was taken from the batch's book, so
	// that the book's year is no evidence for it.
	bookYear bool
	// box is where the field's own words are, when it shares its region
	// with another field (the signer's name and title); empty: the region.
	box image.Rectangle
}

// routed is one field as routed on its page, kept until the batch is read
// for corroborate.
type routed struct {
	file                 string // where the page was read from, for the pages' order
	form                 string // the page's form, "KS-A": a book holds one kind
	page                 int
	recordID, key, value string
	ev                   route.Evidence
	optional             bool
	status               registry.FieldStatus
	reason               registry.Reason
	outOfSequence        bool // a number that breaks its neighbours' count
}

// page turns one decoded page into a record ready to store, and its fields
// as routed.
func (w *worker) page(j job) (*registry.PageResult, []routed, error) {
	clean, plain, res, turned, err := locateUpright(w.engine, j.page.Image, j.page.Gray, pageOptions(w.o.Preprocess, j.page), w.forms)
	if err != nil {
		return nil, nil, err // the report names the file and page
	}
	g := clean.Image
	w.straightened = clean.Straightened
	if j.page.Unsplit != "" && turned%180 == 0 && res.Found >= minFound {
		// Its labels read across a wide image: two pages side by side,
		// not a page scanned sideways. For a person, never one entry.
		return nil, nil, registry.Errorf(registry.EINVALID, "%s", j.page.Unsplit)
	}
	if b := g.Bounds(); turned%180 != 0 && res.Found >= minFound && b.Dx()*20 > b.Dy()*23 {
		// Upright, it is wider than tall: a book scanned open and laid
		// sideways whose gutter was not found. Never one entry.
		return nil, nil, registry.Errorf(registry.EINVALID, "a %d×%d image taller than wide whose lines run up and down, like a book scanned open and laid sideways, but no gutter between its pages was found", b.Dy(), b.Dx())
	}
	if res.Found < minFound {
		return nil, nil, registry.Errorf(registry.EINVALID, "not a register page of a known form (%.0f%% of the labels of %s found)", res.Found*100, res.Form.ID())
	}
	side := j.page.Side
	if j.page.Turned != 0 && turned == 180 {
		// A sideways spread turned the wrong way round: its halves came
		// upside down, each in the other's place.
		side = map[string]string{ingest.SideLeft: ingest.SideRight, ingest.SideRight: ingest.SideLeft}[side]
	}
	f := res.Form
	id := "r" + j.page.SHA256[:20]
	rec := &registry.Record{
		ID: id, Kind: f.Kind, Era: f.Era, Office: w.batch.Office, Book: w.batch.Book,
		Source:  registry.Source{File: j.display, PageIndex: j.page.Index, SHA256: j.page.SHA256, Side: side},
		BatchID: w.batch.ID, Fields: map[string]*registry.Field{}, Created: w.o.Now(),
	}

	readings := w.read(plain, res)
	pageStyle(readings)
	values := map[string]string{}
	for _, r := range readings {
		if r.norm.OK {
			values[r.spec.Key] = r.norm.Value
		}
	}
	rules := normalize.CheckRecord(f.Kind, values, w.batch.Book, w.o.Now())
	var tasks []registry.Task
	var out []routed
	for _, r := range readings {
		var notes []string
		if r.norm.Note != "" {
			notes = append(notes, r.norm.Note)
		}
		switch {
		case r.pass.overruled != "":
			notes = append(notes, fmt.Sprintf("hai lần đọc khác nhau: %q và %q", r.pass.overruled, r.raw))
		case r.pass.doubt != "":
			notes = append(notes, r.pass.doubt)
		case r.pass.disputed:
			notes = append(notes, fmt.Sprintf("lần đọc thứ ba ra %q", r.pass.third))
		}
		for _, rule := range rules {
			if !contains(rule.Keys, r.spec.Key) || r.bookYear && rule.Name == normalize.RuleBookYear {
				continue
			}
			if rule.OK {
				r.ev.RuleOK++
			} else {
				r.ev.RuleFail = append(r.ev.RuleFail, rule.Name)
				notes = append(notes, rule.Note)
			}
		}
		r.ev.Field, r.ev.Era = r.spec.Key, f.Era
		if w.batch.Book == "" && slices.Contains(normalize.RegistrationDateKeys, r.spec.Key) {
			// Without its book a misread year stands: measured apart.
			r.ev.Field += route.NoBook
		}
		conf := w.o.Calib.Confidence(r.ev)
		d := w.o.Policy.Decide(id, r.spec.Key, r.ev, r.spec.Optional, conf)
		fld := &registry.Field{
			Key: r.spec.Key, Value: r.norm.Value, Raw: r.raw, Confidence: round3(conf),
			Status: d.Status, Reason: d.Reason, Note: strings.Join(notes, "; "),
		}
		if r.reg != nil {
			b := r.reg.Box()
			if !r.box.Empty() {
				b = r.box // the signer's name or title: its own words
			}
			if !b.Empty() {
				fld.Box = &registry.Box{b.Min.X, b.Min.Y, b.Max.X, b.Max.Y}
			}
		}
		rec.Fields[r.spec.Key] = fld
		out = append(out, routed{recordID: id, key: r.spec.Key, value: fld.Value, ev: r.ev, optional: r.spec.Optional, status: d.Status, reason: d.Reason})
		if d.Status == registry.FieldNeedsReview {
			tasks = append(tasks, registry.Task{RecordID: id, FieldKey: r.spec.Key, Reason: d.Reason, Stage: d.Stage, Status: registry.TaskOpen, Created: w.o.Now()})
		}
		if w.o.Observe != nil {
			w.o.Observe(Observation{Source: rec.Source, Form: f.ID(), Key: r.spec.Key, Raw: r.raw, Value: r.norm.Value, Evidence: r.ev, Field: fld,
				PageConf: r.pass.pageLow, Again: r.pass.again, Reread: r.pass.reread, Page: r.pass.page, Third: r.pass.third})
		}
	}
	if p := rec.Fields["trangSo"]; p != nil {
		rec.Page, _ = strconv.Atoi(p.Value)
	}
	rec.RecomputeStatus()
	img, err := w.o.EncodeJPEG(g, imageQuality)
	if err != nil {
		return nil, nil, err
	}
	orig, err := w.o.original(j.page.Image)
	if err != nil {
		return nil, nil, err
	}
	return &registry.PageResult{
		Page: registry.Page{
			BatchID: w.batch.ID, SHA256: j.page.SHA256, File: j.display, PageIndex: j.page.Index,
			Angle: clean.Angle, Width: g.Bounds().Dx(), Height: g.Bounds().Dy(), Status: registry.PageDone,
			DPI: j.page.DPI, Turn: (turned + j.page.Turned) % 360, Side: side,
		},
		Image: img, Original: orig, Record: rec, Tasks: tasks,
	}, out, nil
}

// LocatePage is the page pass: it cleans the page, reads it once with
// Tesseract (leaders and rules erased, so that they are not read as
// letters), again where that left out lines of print (rereadHoles), and
// finds the best-fitting form's fields on it. It returns the clean page
// (as stored), the same page with leaders and rules erased (as OCR reads
// it, again for a field's crop) and the located form.
func LocatePage(e Engine, img image.Image, o preprocess.Options, forms []*form.Form) (*preprocess.Result, *image.Gray, *locate.Result, error) {
	clean, err := preprocess.Clean(img, o)
	if err != nil {
		return nil, nil, nil, registry.Errorf(registry.EINVALID, "%v", err)
	}
	plain := preprocess.EraseLeaders(clean.Image)
	words, err := e.Words(plain, ocr.Block)
	if err == nil {
		words, err = rereadHoles(e, plain, words)
	}
	if err != nil {
		return nil, nil, nil, registry.Errorf(registry.EINTERNAL, "ocr: %v", err)
	}
	lp := locate.Page{Image: clean.Image, Plain: plain, Bounds: clean.Image.Bounds(), Words: toWords(words)}
	return clean, plain, locate.Detect(lp, forms), nil
}

// read reads every field of the located form, reading again on its own the
// values the page pass was unsure of. g is the page with leaders erased: a
// crop with its dotted leader reads as nothing (measured on old-book dates:
// "" with the dots, "1" at 97 without).
func (w *worker) read(g *image.Gray, res *locate.Result) []reading {
	var out []reading
	byKey := map[string]form.FieldSpec{}
	for _, fs := range res.Form.Fields() {
		byKey[fs.Key] = fs
	}
	for _, s := range res.Form.Slots() {
		reg := res.Region(s.FieldKeys()[0])
		specs := make([]form.FieldSpec, 0, 2)
		for _, k := range s.FieldKeys() {
			specs = append(specs, byKey[k])
		}
		switch {
		case s.Type == registry.TypeTick:
			out = append(out, tick(specs[0], reg))
		case len(specs) == 2: // the signer's line: name and title on one blank
			v := w.value(g, reg, registry.TypeText)
			cut := cutPrinted(&v, registry.TypeSigner, s.Label)
			name, title := normalize.Signer(v.raw)
			for i, part := range []string{name, title} {
				r := reading{spec: specs[i], reg: reg, raw: v.raw, pass: v}
				src := part
				if i == 1 && title != "" {
					// The title's checks weigh the whole line: a caption
					// that is also a title ("CÁN BỘ HỘ TỊCH") beside the
					// signer's own makes it doubtful.
					src = v.raw
				}
				r.norm = unread(cut.apply(normalize.Normalize(specs[i].Type, src)), reg)
				if i == 1 {
					r.norm = unitLost(titleBeside(out[len(out)-1].norm, r.norm), reg)
				}
				pm, pl := partConf(reg, part, v.mean, v.low)
				r.box = partBox(reg, part)
				r.ev = evidence(specs[i].Type, reg, r.norm, pm, pl, v.agree)
				r.ev.Cut = r.ev.Cut || i == 0 && nameGoesOn(name, v.again)
				out = append(out, r)
			}
		default:
			v := w.value(g, reg, s.Type)
			if s.Type == registry.TypePlace {
				inkStop(&v, g, reg)
			}
			cut := cutPrinted(&v, s.Type, s.Label)
			r := reading{spec: specs[0], reg: reg, raw: v.raw, pass: v}
			r.norm = unread(cut.apply(normalize.Normalize(s.Type, v.raw)), reg)
			if s.Type == registry.TypeDate && slices.Contains(normalize.RegistrationDateKeys, specs[0].Key) {
				r.norm, r.bookYear = w.bookYear(v.raw, r.norm)
			}
			r.ev = evidence(s.Type, reg, r.norm, v.mean, v.low, v.agree)
			r.ev.Disputed = v.disputed
			if slices.Contains(normalize.RegistrationDateKeys, specs[0].Key) && len(r.norm.Value) == 4 {
				// A registration is dated to the day: its year alone is
				// what is left of a date whose day and month were lost
				// (held-out "2021" for 02/01/2021, accepted).
				r.ev.Cut = true
			}
			if hourLost(s.Type, r.norm, r.ev) {
				r.ev.Cut = true
			}
			out = append(out, r)
		}
	}
	return out
}

// titleBeside holds back a title read on a signer's line whose name did
// not read as a name: the line is a scrawl, or ran into the signature
// block's captions. On an illegible held-out page at heavy wear, "Ñw@#xg@
// Người di khai CÁN BỘ HỘ TỊCH" gave the caption as the title, accepted at
// 0.999. The record goes to a person for the name anyway, so the title
// costs one more field there: on this session's runs, about 10 right
// titles in 216 pages.
func titleBeside(name, title normalize.Result) normalize.Result {
	if title.OK && !name.OK && !name.Blank {
		title.OK = false
		title.Note = "tên người ký không đọc được: xem cả chức vụ"
	}
	return title
}

// pageStyle disputes a place that lacks punctuation the page's other
// places have (normalize.PageStyle): "Tp Hồ Chí Minh" where another field
// reads "Tp. Hồ Chí Minh". Both readings of a crop lose a full stop
// together, so that they agree on it and no rule of one value can tell it
// from a page that prints none.
func pageStyle(rs []reading) {
	var at []int
	var texts []string
	for i, r := range rs {
		if r.spec.Type != registry.TypePlace || r.raw == "" {
			continue
		}
		at, texts = append(at, i), append(texts, cmp.Or(r.norm.Value, r.raw))
	}
	for k, d := range normalize.PageStyle(texts) {
		if r := &rs[at[k]]; d != "" && r.norm.OK {
			r.ev.Disputed = true
			r.norm.Note = joinNote(r.norm.Note, d)
		}
	}
}

// unitLost holds back a title whose office ends at "UBND" while words no
// field took stand on its line or the line under it: the unit ("xã",
// "phường") the office goes on with, which the region left out ("Chủ tịch
// UBND" accepted for "Chủ tịch UBND xã").
func unitLost(title normalize.Result, reg *locate.Region) normalize.Result {
	if title.OK && reg != nil && reg.Stray > 0 && normalize.OfficeWithoutUnit(title.Value) {
		title.OK = false
		title.Note = joinNote(title.Note, "chức vụ có thể thiếu tên đơn vị ở cuối dòng hoặc dòng dưới")
	}
	return title
}

// hourLost reports a time of death read as its date alone with words no
// field took beside it: a death is registered with its hour, and those
// words may be it (held-out "29.12.2007" for 13h39 that day, accepted).
func hourLost(t registry.ValueType, n normalize.Result, ev route.Evidence) bool {
	return t == registry.TypeDeathTime && n.OK && !strings.Contains(n.Value, "T") && ev.Stray
}

// nameGoesOn reports whether the crop's second reading of a signer's
// line has the signer's name as the page pass read it with more of a name
// after it, written as the name is (capitals, or all capitals): the page
// pass lost the name's end ("(NGUYỄN HỒNG" where the crop read "(NGUYÊN
// HỒNG MỸ)", accepted at 0.997 as "Nguyễn Hồng"). A title after the name
// ("NGUYỄN HỒNG MỸ - Cán bộ Tư pháp") is no more of it, nor a caption's
// words ("LÊ VĂN DUY ký Giấy khai sinh").
func nameGoesOn(name, again string) bool {
	a := strings.Fields(normalize.FoldWords(name))
	var b, raw []string // again's folded words, and the token each is of
	for _, tok := range strings.Fields(again) {
		for _, w := range strings.Fields(normalize.FoldWords(tok)) {
			b, raw = append(b, w), append(raw, tok)
		}
	}
	if len(a) == 0 {
		return false
	}
	for j := 0; j+len(a) < len(b); j++ {
		if !slices.Equal(b[j:j+len(a)], a) {
			continue
		}
		next := j + len(a)
		if !sameCase(raw[j], raw[next]) {
			return false
		}
		rest, _ := normalize.Signer(strings.Join(b[next:], " "))
		more := strings.Fields(normalize.FoldWords(rest))
		return len(more) > 0 && more[0] == b[next]
	}
	return false
}

// sameCase reports whether word b is written as word a: both in capitals,
// or both starting with one and not all in capitals.
func sameCase(a, b string) bool {
	upper := func(s string) bool { return s == strings.ToUpper(s) && s != strings.ToLower(s) }
	initial := func(s string) bool {
		for _, r := range s {
			if unicode.IsLetter(r) {
				return unicode.IsUpper(r)
			}
		}
		return false
	}
	if upper(a) {
		return upper(b)
	}
	return initial(a) && initial(b) && !upper(b)
}

// printedText is the printed text of every known form and edition that
// is never part of a value (labels, headings, signature captions).
var printedText = sync.OnceValue(func() *normalize.Printed {
	return normalize.NewPrinted(form.Printed())
})

// printedCut is what cutPrinted took out of a region's text.
type printedCut struct{ cut, kept string }

// cutPrinted takes the form's printed text out of a region's text (a
// blank column read as its heading, a caption after a title): the value
// ends where printed text starts. The region ran into printed text, so the
// page is unlike those the calibration saw.
func cutPrinted(v *passes, t registry.ValueType, label string) printedCut {
	kept, cut := v.raw, ""
	switch t {
	case registry.TypeText, registry.TypeRemark, registry.TypeCause:
		// Free text may begin with its label's words: "Giấy báo tử số
		// 499" under "Phần ghi về … Giấy báo tử".
	default:
		kept, cut = normalize.LabelTail(v.raw, label)
	}
	switch t {
	case registry.TypeName, registry.TypePlace, registry.TypeEthnicity, registry.TypeNationality:
		if more, c := normalize.ColonLead(kept); c != "" {
			kept, cut = more, strings.TrimSpace(cut+" "+c)
		}
	case registry.TypeText:
		// Free text may name its label's words, but not with the
		// label's colon after them: "báo tử: Giấy số 550 …" under "…
		// Giấy báo tử" (outside, accepted).
		if more, c := normalize.ColonLead(kept); c != "" && normalize.LabelWords(c, label) {
			kept, cut = more, strings.TrimSpace(cut+" "+c)
		}
	}
	if t == registry.TypeName || t == registry.TypePlace {
		if more, c := normalize.LabelEnd(kept, label); c != "" {
			kept, cut = more, strings.TrimSpace(cut+" "+c)
		}
	}
	if more, c := printedText().CutFor(t, kept); c != "" {
		kept, cut = more, strings.TrimSpace(cut+" "+c)
	}
	if t == registry.TypeRemark && normalize.LabelHeading(kept, label) {
		// A blank column read as its heading, in an edition's words.
		kept, cut = "", strings.TrimSpace(cut+" "+kept)
	}
	if cut == "" {
		return printedCut{}
	}
	v.raw = kept
	return printedCut{cut: cut, kept: kept}
}

// apply notes the cut on a normalised reading; a value left after a cut
// is a mend a person confirms, nothing left is a blank.
func (c printedCut) apply(n normalize.Result) normalize.Result {
	if c.cut == "" {
		return n
	}
	note := fmt.Sprintf("bỏ chữ in sẵn của mẫu: %q", c.cut)
	n.Note = joinNote(n.Note, note)
	if c.kept != "" && n.OK {
		n.Mended = joinNote(n.Mended, note)
	}
	return n
}

// bookYear mends a registration date whose year was misread with the year
// of the batch's book (a book holds one year's entries), when the batch
// names its book: "26 tháng 2 năm 1965" in book 01/1985 is 1985-02-26.
// Day and month stay as read.
func (w *worker) bookYear(raw string, n normalize.Result) (normalize.Result, bool) {
	book := w.batch.Book
	i := strings.LastIndexByte(book, '/')
	if i < 0 {
		return n, false
	}
	year, err := strconv.Atoi(book[i+1:])
	if err != nil {
		return n, false
	}
	mended, read := normalize.BookYear(raw, year)
	if read == "" {
		return n, false
	}
	m := normalize.Normalize(registry.TypeDate, mended)
	if !m.OK {
		return n, false
	}
	m.Note = strings.TrimPrefix(m.Note+"; ", "; ") + fmt.Sprintf("năm theo quyển %s (đọc %q)", book, read)
	m.Mended = "năm theo quyển"
	return m, true
}

// partConf returns the mean and lowest confidence of the region's words
// that make up part (one of the two fields on the signer's line), so that a
// badly read name does not drag down a well read title; the line's own
// figures when no word can be told apart.
func partConf(reg *locate.Region, part string, mean, low float64) (float64, float64) {
	if reg == nil || part == "" {
		return mean, low
	}
	in := map[string]bool{}
	for _, w := range strings.Fields(normalize.FoldKey(part)) {
		in[w] = true
	}
	sum, n, lo := 0.0, 0, 100.0
	for _, w := range reg.Words {
		if in[strings.Trim(normalize.FoldKey(w.Text), ".,;:-()")] {
			sum += w.Conf
			n++
			lo = min(lo, w.Conf)
		}
	}
	if n == 0 {
		return mean, low
	}
	return sum / float64(n), lo
}

// partBox is where the words of part stand in the region, the union of
// their boxes, or empty when none is found: each of the two fields of the
// signer's line gets a crop of its own.
func partBox(reg *locate.Region, part string) image.Rectangle {
	var u image.Rectangle
	if reg == nil || part == "" {
		return u
	}
	in := map[string]bool{}
	for _, w := range strings.Fields(normalize.FoldKey(part)) {
		in[w] = true
	}
	for _, w := range reg.Words {
		if in[strings.Trim(normalize.FoldKey(w.Text), ".,;:-()")] {
			u = u.Union(w.Box)
		}
	}
	return u
}

// passes is what the readings of one region gave: the text kept, its
// mean and lowest word confidence, whether a second reading of the crop
// agreed, and (for calibration) the page pass's own lowest confidence and
// the second reading's text.
type passes struct {
	raw       string
	mean, low float64
	agree     bool
	pageLow   float64
	page      string // the page pass's text, before any re-read
	again     string
	reread    bool
	// third is the confirming model's reading of a value kept from the
	// second reading, and disputed says it gave another valid value.
	third    string
	disputed bool
	// overruled is the page pass's valid reading a re-read replaced
	// with no third reading to side with it.
	overruled string
	// doubt says why two readings dispute the value kept, for the
	// reviewer: they differ in a place's full stop (stops), or a re-read
	// that does not parse has other digits (otherDigits).
	doubt string
}

// value returns the text of a region: the page pass's words, or a second
// reading of the region's crop when the first is doubtful.
func (w *worker) value(g *image.Gray, reg *locate.Region, t registry.ValueType) passes {
	if reg == nil {
		return passes{}
	}
	v := passes{raw: reg.Text()}
	v.page = v.raw
	v.mean, v.low = reg.Conf()
	v.pageLow = v.low
	if !reg.Found || len(reg.Boxes) == 0 {
		return v
	}
	first := normalize.Normalize(t, v.raw)
	if first.OK && v.low >= w.o.Policy.RereadBelow(t) || first.Blank && len(reg.Words) == 0 {
		return v
	}
	var confs []float64
	v.again, confs = readCrop(w.crops(t), g, reg, t)
	v.reread = true
	second := normalize.Normalize(t, v.again)
	switch {
	case v.again == "":
		w.unconfirmed(&v, g, reg, t, first)
	case first.OK && (second.OK || t == registry.TypePlace) && sameLetters(second.Value, first.Value):
		// A place re-read without its commas and dashes (the second
		// model drops them) is doubted for them, but bears out the
		// letters all the same.
		//
		// Only a reading borne out to the last mark takes the crop's
		// confidence: raising those that differ in their punctuation too
		// put wrong ones among the surest (text at the top band went
		// from 99.1 to 98.2 % right on the calibration pages).
		if second.Value == first.Value {
			v.low = max(v.low, minOf(confs))
		}
		v.agree = true
		if second.OK {
			// One doubted for its separators says nothing of its stops.
			stops(&v, t, v.again)
		}
		w.confirm(&v, g, reg, t, second.Value)
	case first.OK && !second.OK:
		otherDigits(&v, t)
	case first.OK && second.OK && t == registry.TypeDate && len(second.Value) < len(first.Value):
		// A date re-read with less of it (its year alone) does not win
		// over a whole one, and the two disagree: "19/10/1966" read again as "1955"
		// (outside table page, the page said 19/10/1955; the year alone
		// was accepted, confirmed by the third reading).
		v.disputed = true
		v.doubt = fmt.Sprintf("lần đọc lại chỉ ra %q", v.again)
	case second.OK && (!first.OK || w.o.Policy.RereadWinsFor(t)):
		if t == registry.TypePlace && normalize.Separators(v.again) < normalize.Separators(v.raw) {
			// The second model drops an address's dashes and commas: a
			// reading with fewer of them does not win over one doubted
			// for its punctuation ("Ấp 4 - Xã Bình Hưng - TP.HCM" read
			// again as "Ấp 4 Xã Bình Hưng TP.HCM").
			break
		}
		v.raw, v.mean, v.low = v.again, meanOf(confs), minOf(confs)
		stops(&v, t, v.page)
		w.confirm(&v, g, reg, t, second.Value)
		if first.OK && !normalize.Normalize(t, v.third).OK {
			// Two valid readings that differ, and no third to side with
			// the one kept: on held-out italic type the English model
			// read "03/01/2017" as "29/01/2017" where the page had it
			// right, and the confirming model read nothing.
			v.disputed, v.overruled = true, v.page
		}
		if t == registry.TypeDate && outvoted(v.page, v.third, v.again) {
			v.disputed = true
			v.doubt = fmt.Sprintf("lần đọc đầu và lần thứ ba cùng ra ngày %s", firstNumber(v.page))
		}
	}
	return v
}

// outvoted says the page pass and the third reading agree on a date's
// first number (its day) against the second reading that won (a valid
// third reading that differs disputes it already, in confirm): "2 tháng năm 2002" and "2 tháng 1 năm 2902" against
// "5 tháng 1 năm 2002" (a tuned page, accepted as the 5th).
func outvoted(page, third, kept string) bool {
	d := firstNumber(page)
	return d != "" && d == firstNumber(third) && d != firstNumber(kept)
}

// firstNumber returns the first run of digits in s, without leading
// zeros, or "".
func firstNumber(s string) string {
	i := strings.IndexFunc(s, unicode.IsDigit)
	if i < 0 {
		return ""
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if n := strings.TrimLeft(s[i:j], "0"); n != "" {
		return n
	}
	return "0"
}

// confirm reads the crop a third time with the policy's confirming model
// for t, if it names one, and marks the value kept disputed when that
// reading gives another valid value. It returns that reading normalised. One that does not parse disputes
// nothing: the Vietnamese model drops a date's separators ("6/71973") far
// more often than it reads a digit the other two missed: 9 of 31 disputes
// on the bench's pages were such, and none was a wrong value.
func (w *worker) confirm(v *passes, g *image.Gray, reg *locate.Region, t registry.ValueType, kept string) normalize.Result {
	m := w.o.Policy.ConfirmModelFor(t)
	if m == "" {
		return normalize.Result{}
	}
	v.third, _ = readCrop(w.model(m), g, reg, t)
	third := normalize.Normalize(t, v.third)
	v.disputed = third.OK && third.Value != kept
	return third
}

// unconfirmed handles a valid page reading whose second reading read
// nothing: the confirming model reads the crop instead, and another valid
// value from it disputes the field; when it bears out nothing either and
// the page pass was unsure (Policy.UnconfirmedBelow), a person looks.
func (w *worker) unconfirmed(v *passes, g *image.Gray, reg *locate.Region, t registry.ValueType, first normalize.Result) {
	if !first.OK {
		return
	}
	third := w.confirm(v, g, reg, t, first.Value)
	if v.disputed || third.OK || v.low >= w.o.Policy.UnconfirmedBelow(t) {
		return
	}
	v.disputed = true
	v.doubt = "lần đọc lại không ra giá trị nào"
}

// stops disputes a place whose two readings differ in an abbreviation's
// full stop ("TP." against "TP"): registers print both, and no reading
// settles it. The crop's readings drop a printed stop far more often than
// the page pass reads one that is not there (on dev pages 19 to 0), but on
// held-out pages the page pass read a stop that was not printed, and the
// crop's reading agreed with it letter for letter: three wrong addresses
// accepted at 0.96–0.998. A third reading of the crop, by the page's own
// model, was tried as the judge: it dropped the printed stops as the
// second reading did (on 192 tuned, held-out and outside pages, 19 wrong
// addresses accepted instead of 4), so a person looks. On those pages
// this sends 13 right readings to a person and takes 4 wrong ones out of
// the accepted.
func stops(v *passes, t registry.ValueType, other string) {
	if t == registry.TypePlace && other != "" && normalize.AbbrevStops(v.raw) != normalize.AbbrevStops(other) {
		v.disputed = true
		v.doubt = fmt.Sprintf("hai lần đọc khác nhau ở dấu chấm: %q và %q", v.raw, other)
	}
}

// inkStop disputes a place in which the page pass read "TP", "TX" or
// "TT" without a full stop while a small blot of ink stands low in the
// gap before the next word: a stop OCR dropped (or read as a speck, which
// the locator drops as a leader's dot). Registers print both "TP Hồ Chí
// Minh" and "TP. Hồ Chí Minh", so only the ink tells them apart, and both
// readings of a crop lose a stop together.
func inkStop(v *passes, g *image.Gray, reg *locate.Region) {
	if v.doubt != "" || !strings.Contains(normalize.AbbrevStops(v.raw), "_") {
		return
	}
	for i, wd := range reg.Words[:max(0, len(reg.Words)-1)] {
		b, next := wd.Box, reg.Words[i+1].Box
		if !normalize.BareAbbrev(wd.Text) || next.Min.X <= b.Max.X || next.Min.Y >= b.Max.Y || next.Max.Y <= b.Min.Y {
			continue
		}
		if dotIn(g, image.Rect(b.Max.X, b.Min.Y, next.Min.X, b.Max.Y)) {
			v.disputed = true
			v.doubt = fmt.Sprintf("có dấu chấm sau %q trên ảnh mà không đọc ra", wd.Text)
			return
		}
	}
}

// dotIn reports whether the ink in gap (a word's height, between two
// words) is one full stop: some dark pixels, in a blot no wider or taller
// than a quarter of the gap's height, in its lower half. An empty gap, a
// speck and a stroke (a comma's tail, a dash at mid-height) are not.
func dotIn(g *image.Gray, gap image.Rectangle) bool {
	gap = gap.Intersect(g.Bounds())
	h := gap.Dy()
	var ink image.Rectangle
	n := 0
	for y := gap.Min.Y; y < gap.Max.Y; y++ {
		for x := gap.Min.X; x < gap.Max.X; x++ {
			if g.Pix[g.PixOffset(x, y)] < 128 {
				ink = ink.Union(image.Rect(x, y, x+1, y+1))
				n++
			}
		}
	}
	return n >= 4 && ink.Dx()*4 <= h && ink.Dy()*4 <= h && ink.Min.Y >= gap.Min.Y+h/2
}

// otherDigits disputes a number or date kept from the page pass when the
// crop's reading, which did not parse, has as many digits and not the
// same ones: "27 03 1981" read again as "27031984" (held-out, the page
// said 1984, accepted at 0.993).
func otherDigits(v *passes, t registry.ValueType) {
	if normalize.OtherDigits(t, v.raw, v.again) {
		v.disputed = true
		v.doubt = fmt.Sprintf("lần đọc lại ra %q", v.again)
	}
}

// sameLetters reports whether two readings have the same letters and
// digits, marks included, in the same order. Punctuation and spaces do not
// count: a second model reading a crop line by line drops the " - " and
// the full stops between an address's parts far more often than it
// misreads a letter, so that an address's two readings seldom agreed to
// the last mark; what the agreement bears out is the letters, and the
// calibration measures how often readings that agree so are right.
func sameLetters(a, b string) bool {
	keep := func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			return r
		}
		return -1
	}
	return strings.Map(keep, a) == strings.Map(keep, b)
}

// readCrop reads a region's crop on its own with engine e: by its parts
// when the blank is printed in parts, else line by line.
func readCrop(e Engine, g *image.Gray, reg *locate.Region, t registry.ValueType) (string, []float64) {
	if len(reg.Slot.Parts) > 0 {
		text, confs, _ := readParts(e, g, reg)
		return text, confs
	}
	return readBoxes(e, g, reg, t)
}

// readBoxes reads each line of a region's crop on its own, as one line of
// text, with the characters the value's type allows.
func readBoxes(e Engine, g *image.Gray, reg *locate.Region, t registry.ValueType) (string, []float64) {
	var parts []string
	var confs []float64
	for _, b := range reg.Boxes {
		crop := preprocess.Crop(g, pad(b, g.Bounds()))
		text, conf, err := e.Text(crop, ocr.SingleLine, whitelist(t, reg.Slot))
		if err != nil || strings.TrimSpace(text) == "" {
			continue
		}
		parts = append(parts, strings.TrimSpace(text))
		confs = append(confs, conf)
	}
	return locateClean(strings.Join(parts, " ")), confs
}

// readParts reads a blank printed in parts, "Đăng ký ngày .. tháng ..
// năm ..": each number between the part labels on its own, digits only.
func readParts(e Engine, g *image.Gray, reg *locate.Region) (string, []float64, bool) {
	if len(reg.Boxes) == 0 {
		return "", nil, false
	}
	line := reg.Boxes[0]
	// The part labels, in order, among the value's words.
	var cuts []image.Rectangle
	next := 0
	for _, wd := range reg.Words {
		if next < len(reg.Slot.Parts) && normalize.FoldKey(wd.Text) == normalize.FoldKey(reg.Slot.Parts[next]) {
			cuts = append(cuts, wd.Box)
			next++
		}
	}
	if next != len(reg.Slot.Parts) {
		return "", nil, false
	}
	xs := []int{line.Min.X}
	for _, c := range cuts {
		xs = append(xs, c.Min.X, c.Max.X)
	}
	xs = append(xs, line.Max.X)
	var nums []string
	var confs []float64
	for i := 0; i+1 < len(xs); i += 2 {
		// Clear of the part labels on either side: pad widens a crop to
		// the right, and the first stroke of "tháng" reads as a 1 or a 4.
		x0, x1 := xs[i], xs[i+1]
		if i > 0 {
			x0 += 2
		}
		if i+2 < len(xs) {
			x1 -= 8
		}
		seg := image.Rect(x0, line.Min.Y, x1, line.Max.Y)
		if seg.Dx() < 8 {
			return "", nil, false
		}
		text, conf, err := e.Text(preprocess.Crop(g, pad(seg, g.Bounds())), ocr.SingleLine, "0123456789")
		text = strings.Join(strings.Fields(text), "")
		if err != nil || text == "" {
			return "", nil, false
		}
		nums = append(nums, text)
		confs = append(confs, conf)
	}
	out := nums[0]
	for i, p := range reg.Slot.Parts {
		out += " " + p + " " + nums[i+1]
	}
	return out, confs, true
}

// locateClean strips leader dots from a crop's text as the locator does
// for the page pass.
func locateClean(s string) string {
	var out []string
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, ".…_·")
		if f != "" && strings.Trim(f, ".…_·-") != "" {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

// whitelist limits what Tesseract may read in a crop of a value of type t.
func whitelist(t registry.ValueType, s form.Slot) string {
	switch t {
	case registry.TypePersonalID, registry.TypeNumber:
		return "0123456789"
	case registry.TypeDate, registry.TypeYear:
		if len(s.Parts) == 0 {
			return "0123456789/.-"
		}
	}
	return ""
}

// pad grows a value box a little vertically, inside the page.
func pad(b, page image.Rectangle) image.Rectangle {
	dy := b.Dy() / 8
	return image.Rect(b.Min.X, b.Min.Y-dy, b.Max.X+4, b.Max.Y+dy).Intersect(page)
}

// tick reads a tick-box group: the option whose box holds clearly more ink
// than the others.
func tick(spec form.FieldSpec, reg *locate.Region) reading {
	r := reading{spec: spec, reg: reg}
	if reg == nil || len(reg.Marks) == 0 {
		r.norm = normalize.Result{Blank: true}
		r.ev = route.Evidence{Type: spec.Type, Blank: true}
		return r
	}
	best, second := -1, 0.0
	found := 0
	for i, m := range reg.Marks {
		if m.Found {
			found++
		}
		if best < 0 || m.Ink > reg.Marks[best].Ink {
			if best >= 0 {
				second = max(second, reg.Marks[best].Ink)
			}
			best = i
		} else {
			second = max(second, m.Ink)
		}
	}
	margin := reg.Marks[best].Ink - second
	conf := min(99, margin*400)
	r.ev = route.Evidence{Type: spec.Type, Located: found > 0, MeanConf: conf, MinConf: conf}
	if reg.Marks[best].Ink < 0.08 || margin < 0.04 {
		r.norm = normalize.Result{Blank: true}
		r.ev.Blank = true
		return r
	}
	r.raw = reg.Marks[best].Option
	r.norm = normalize.Result{Value: r.raw, OK: true}
	r.ev.Valid = true
	r.ev.Agree = found == len(reg.Marks)
	return r
}

func evidence(t registry.ValueType, reg *locate.Region, n normalize.Result, mean, low float64, agree bool) route.Evidence {
	return route.Evidence{
		Type: t, Located: reg != nil && reg.Found, Blank: n.Blank, Valid: n.OK,
		MeanConf: mean, MinConf: low, Agree: agree, Noted: n.Note != "", Mended: n.OK && n.Mended != "",
		Stray: reg != nil && (reg.Stray > 0 || reg.Scrawl > 0),
		Cut:   reg != nil && reg.Cut || partialDate(t, n),
	}
}

// partialDate says a date was read with its month and year but no day
// ("1996-01" from "03/01/1996" whose day was lost): books seldom write
// such dates and a misreading makes them, so a person looks, as at a value
// cut short. A year alone is left to the calibration: old people's dates
// of birth are often written so.
func partialDate(t registry.ValueType, n normalize.Result) bool {
	return t == registry.TypeDate && n.OK && len(n.Value) == 7
}

// unread notes, on a blank reading, the ink in its region no word read
// explains (locate.Region.Scrawl): a hand OCR could not read, which a
// person reads; the blank is then no proof of an empty field.
func unread(n normalize.Result, reg *locate.Region) normalize.Result {
	if n.Blank && reg != nil && reg.Scrawl > 0 {
		n.Note = "có nét chữ máy không đọc được"
	}
	return n
}

// joinNote adds b to note a, "; " between.
func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func toWords(ws []ocr.Word) []locate.Word {
	out := make([]locate.Word, len(ws))
	for i, w := range ws {
		out[i] = locate.Word{Text: w.Text, Conf: w.Conf, Box: w.Box}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func minOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func round3(x float64) float64 {
	v, _ := strconv.ParseFloat(fmt.Sprintf("%.3f", x), 64)
	return v
}
