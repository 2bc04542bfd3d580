package route_test

import (
	"slices"
	"testing"

	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/registry"
)

func TestConfidenceIsCalibrated(t *testing.T) {
	c := &route.Calibration{Cells: map[string]route.Cell{}}
	good := route.Evidence{Type: registry.TypeDate, Located: true, Valid: true, MinConf: 96, MeanConf: 97, RuleOK: 1}
	bad := route.Evidence{Type: registry.TypeName, Located: true, Valid: true, MinConf: 50, MeanConf: 60}
	for i := 0; i < 1000; i++ {
		c.Add(good, i%500 != 0) // 99.8 % right
		c.Add(bad, i%2 == 0)    // 50 % right
	}
	if got := c.Confidence(good); got < 0.99 || got > 0.998 {
		t.Errorf("good bucket: confidence %.4f, want close to its measured 0.998", got)
	}
	if got := c.Confidence(bad); got < 0.45 || got > 0.52 {
		t.Errorf("bad bucket: confidence %.4f, want close to its measured 0.5", got)
	}
	// A bucket with few readings stays near its parent, not at 100 %.
	thin := route.Evidence{Type: registry.TypeDate, Located: true, Valid: true, MinConf: 96, MeanConf: 97, Agree: true}
	for i := 0; i < 5; i++ {
		c.Add(thin, true)
	}
	if got := c.Confidence(thin); got >= 0.999 {
		t.Errorf("5 right readings: confidence %.4f, want it held back by the prior", got)
	}
	// Evidence in a bucket nobody measured gets a cautious prior, never
	// enough to be accepted.
	unseen := route.Evidence{Type: registry.TypeText, Located: true, Valid: true, MinConf: 99}
	if got := c.Confidence(unseen); got >= 0.99 {
		t.Errorf("unmeasured bucket: confidence %.3f, want < 0.99", got)
	}
}

// A field read worse than others of its type gets a lower confidence for
// the same evidence; a field nobody measured gets its type's.
func TestConfidenceByField(t *testing.T) {
	c := &route.Calibration{Cells: map[string]route.Cell{}}
	ev := func(key string) route.Evidence {
		return route.Evidence{Type: registry.TypeDate, Field: key, Era: registry.EraA, Located: true, Valid: true, MinConf: 96, Agree: true}
	}
	for i := 0; i < 1000; i++ {
		c.Add(ev("nksNgaySinh"), true)
	}
	for i := 0; i < 200; i++ {
		c.Add(ev("ngayDangKy"), i%10 != 0) // 90 % right
	}
	good, weak, other := c.Confidence(ev("nksNgaySinh")), c.Confidence(ev("ngayDangKy")), c.Confidence(ev("quyetDinhNgay"))
	if !(good > other && other > weak) || weak > 0.93 {
		t.Errorf("confidence: well read field %.4f, weak field %.4f, unmeasured field %.4f", good, weak, other)
	}
}

func TestDecide(t *testing.T) {
	p := route.Policy{Threshold: map[string]float64{"default": 0.99}}
	ok := route.Evidence{Type: registry.TypeDate, Located: true, Valid: true, MinConf: 95}
	for _, tc := range []struct {
		name     string
		e        route.Evidence
		optional bool
		conf     float64
		want     registry.FieldStatus
		reason   registry.Reason
	}{
		{"confident", ok, false, 0.995, registry.FieldAuto, ""},
		{"unsure", ok, false, 0.9, registry.FieldNeedsReview, registry.ReasonLowConfidence},
		{"blank optional", route.Evidence{Located: true, Blank: true}, true, 0, registry.FieldMissing, ""},
		{"blank required", route.Evidence{Located: true, Blank: true}, false, 0, registry.FieldNeedsReview, registry.ReasonMissing},
		{"not located", route.Evidence{}, false, 0, registry.FieldNeedsReview, registry.ReasonNotLocated},
		{"rule", route.Evidence{Located: true, Valid: true, RuleFail: []string{"words_match_date"}}, false, 0.999, registry.FieldNeedsReview, "rule:words_match_date"},
		{"invalid", route.Evidence{Located: true}, false, 0.999, registry.FieldNeedsReview, registry.ReasonInvalid},
		{"disputed", route.Evidence{Type: registry.TypeDate, Located: true, Valid: true, MinConf: 95, Disputed: true}, false, 0.999, registry.FieldNeedsReview, registry.ReasonDisputed},
		{"blank optional beside stray words", route.Evidence{Type: registry.TypeIDDocument, Located: true, Blank: true, Stray: true}, true, 0, registry.FieldNeedsReview, registry.ReasonMissing},
		{"mended", route.Evidence{Type: registry.TypeDate, Located: true, Valid: true, MinConf: 99, Agree: true, Mended: true}, false, 0.9999, registry.FieldNeedsReview, registry.ReasonMended},
	} {
		d := p.Decide("r1", "k", tc.e, tc.optional, tc.conf)
		if d.Status != tc.want || d.Reason != tc.reason {
			t.Errorf("%s: got %s/%s, want %s/%s", tc.name, d.Status, d.Reason, tc.want, tc.reason)
		}
	}
}

func TestAuditRate(t *testing.T) {
	p := route.Policy{Threshold: map[string]float64{"default": 0.5}, AuditRate: 0.05}
	e := route.Evidence{Located: true, Valid: true, MinConf: 99}
	n := 0
	for i := 0; i < 20000; i++ {
		if p.Decide(string(rune('a'+i%26))+string(rune(i)), "k", e, false, 0.99).Reason == registry.ReasonAudit {
			n++
		}
	}
	if n < 800 || n > 1200 {
		t.Errorf("audited %d of 20000 at rate 0.05, want about 1000", n)
	}
	if a, b := p.Decide("r", "k", e, false, 0.99), p.Decide("r", "k", e, false, 0.99); a != b {
		t.Error("the audit draw is not repeatable")
	}
}

func TestDoubleEntryStage(t *testing.T) {
	p := route.Policy{Threshold: map[string]float64{"default": 0.99}, DoubleEntry: []registry.ValueType{registry.TypeName, registry.TypeDate}}
	for _, tc := range []struct {
		name string
		typ  registry.ValueType
		conf float64
		want registry.TaskStage
	}{
		{"unsure name", registry.TypeName, 0.5, registry.StageEntry1},
		{"unsure date", registry.TypeDate, 0.5, registry.StageEntry1},
		{"unsure ethnicity", registry.TypeEthnicity, 0.5, registry.StageReview},
		{"accepted name", registry.TypeName, 0.999, ""},
	} {
		e := route.Evidence{Type: tc.typ, Located: true, Valid: true, MinConf: 90}
		if got := p.Decide("r1", "k", e, false, tc.conf).Stage; got != tc.want {
			t.Errorf("%s: stage %q, want %q", tc.name, got, tc.want)
		}
	}
	// An audit draw checks a reading the machine accepted: one person.
	p.AuditRate = 1
	e := route.Evidence{Type: registry.TypeName, Located: true, Valid: true, MinConf: 99}
	if d := p.Decide("r1", "k", e, false, 0.999); d.Reason != registry.ReasonAudit || d.Stage != registry.StageReview {
		t.Errorf("audit: %s/%s, want audit/review", d.Reason, d.Stage)
	}
	// The shipped policy keys names, dates and ID numbers twice.
	def, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []registry.ValueType{registry.TypeName, registry.TypeDate, registry.TypePersonalID} {
		if !slices.Contains(def.DoubleEntry, typ) {
			t.Errorf("shipped policy: %s not double-entered", typ)
		}
	}
}

// The shipped policy reads the crops of numbers and dates with the English
// model, names and places with the second Vietnamese model (script/
// Vietnamese), vocabularies with the page's own; the Vietnamese model
// reads numbers and dates a third time.
func TestRereadModel(t *testing.T) {
	p, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[registry.ValueType]string{
		registry.TypeDate: "eng", registry.TypePersonalID: "eng", registry.TypeDecision: "eng",
		registry.TypeName: "Vietnamese", registry.TypeSigner: "Vietnamese", registry.TypePlace: "Vietnamese", registry.TypeEthnicity: "",
	} {
		if got := p.ModelFor(typ); got != want {
			t.Errorf("ModelFor(%s) = %q, want %q", typ, got, want)
		}
	}
	if got := p.Models(); !slices.Equal(got, []string{"Vietnamese", "eng", "vie"}) {
		t.Errorf("Models() = %q, want [Vietnamese eng vie]", got)
	}
	if got := p.ConfirmModelFor(registry.TypeDate); got != "vie" {
		t.Errorf("ConfirmModelFor(date) = %q, want the page's model vie", got)
	}
	if got := p.ConfirmModelFor(registry.TypeName); got != "" {
		t.Errorf("ConfirmModelFor(name) = %q, want none", got)
	}
	if !p.RereadWinsFor(registry.TypeDate) || p.RereadWinsFor(registry.TypeName) || p.RereadWinsFor(registry.TypePlace) {
		t.Errorf("a second reading replaces a differing first for numbers and dates only")
	}
}

// A reading the normaliser had to mend is weighed apart from one it took
// as it was: with the same OCR evidence, its own accuracy decides.
func TestConfidenceNoted(t *testing.T) {
	c := &route.Calibration{Prior: 10, Cells: map[string]route.Cell{}}
	plain := route.Evidence{Type: registry.TypeName, Field: "nksHoTen", Era: registry.EraB, Located: true, Valid: true, MinConf: 96, Agree: true}
	noted := plain
	noted.Noted = true
	for i := 0; i < 1000; i++ {
		c.Add(plain, true)
		c.Add(noted, i%10 != 0) // 90 % right
	}
	if p, n := c.Confidence(plain), c.Confidence(noted); p < 0.99 || n > 0.92 {
		t.Errorf("confidence: taken as read %.4f, mended %.4f", p, n)
	}
}

// Once the batch is read, a reading that other pages read word for word
// takes the accuracy measured for such readings; before, or read once, it
// keeps its page's.
func TestConfidenceSeen(t *testing.T) {
	c := &route.Calibration{Cells: map[string]route.Cell{}}
	ev := route.Evidence{Type: registry.TypeSigner, Field: "nguoiKy", Era: registry.EraB, Located: true, Valid: true, MinConf: 80}
	for i := range 1000 {
		c.Add(ev, i%10 != 0) // 90 % right on the page alone
		again := ev
		again.Batch, again.Seen = true, 1+i%3
		c.Add(again, i%500 != 0) // 99.8 % right when read again elsewhere
		once := ev
		once.Batch = true
		c.Add(once, i%5 != 0) // 80 % right when read nowhere else
	}
	page := c.Confidence(ev)
	seen := ev
	seen.Batch, seen.Seen = true, 3
	once := ev
	once.Batch = true
	if got := c.Confidence(seen); got < 0.99 || page > 0.91 {
		t.Errorf("read on 3 other pages: %.4f, on the page alone %.4f", got, page)
	}
	if got := c.Confidence(once); got > 0.85 {
		t.Errorf("read nowhere else: %.4f, want near 0.8", got)
	}
}
