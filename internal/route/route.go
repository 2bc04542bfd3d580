package route

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/civreg/civreg/registry"
)

// Evidence is what is known about one field's reading.
type Evidence struct {
	Type     registry.ValueType
	Field    string       // the field's key, "" when not known
	Era      registry.Era // the form's era
	Located  bool         // its label was found on the page
	Blank    bool         // nothing was read
	Valid    bool         // the reading parses as its type
	MeanConf float64      // mean OCR word confidence, 0–100
	MinConf  float64      // lowest OCR word confidence, 0–100
	Agree    bool         // two independent readings gave the same value
	// Disputed says a third reading, by the policy's ConfirmModel, gave
	// another value than the one kept. It is no calibration level: it
	// sends the field to a person whatever its confidence (see
	// ConfirmModel).
	Disputed bool
	// Mended says the value needed a part replaced or characters
	// substituted to be read at all (a year taken from the book, a letter
	// among digits, printed words of the form cut off). Like Disputed it is
	// no calibration level: the misreading that needed the mend is evidence
	// against the rest of the crop that no calibration page can weigh
	// (issue 19: "Z012" for 2013 came with 05/07 for 03/01).
	Mended bool
	// Stray says words no field took lie beside the field's region: a
	// blank read there may be a value an edition moved, so an optional
	// field read blank is not taken as missing without a person.
	Stray bool
	// Cut says a word follows the value closely past its region's edge:
	// the value may be cut short (locate.Region.Cut). Like Mended it is no
	// calibration level, which never saw a page where regions end
	// elsewhere than the value: the confidence is held at one half.
	Cut      bool
	Noted    bool // the normaliser had something to say: a repair, a part missing, an old unit
	RuleOK   int  // cross-field rules involving the field that hold
	RuleFail []string
	// Batch says the batch is read, so that Seen is known: how many other
	// pages of the batch read the same value for the same field. A book's
	// signer, its title and its streets come back page after page, and a
	// reading that comes back word for word is seldom a misreading.
	Batch bool
	Seen  int
}

// Bucket names the calibration cell the evidence falls in.
func (e Evidence) Bucket() string {
	rules := "none"
	switch {
	case len(e.RuleFail) > 0:
		rules = "fail"
	case e.RuleOK > 0:
		rules = "ok"
	}
	return fmt.Sprintf("%s|valid=%t|agree=%t|conf=%d|rules=%s", group(e.Type), e.Valid, e.Agree, confBand(e.MinConf), rules)
}

// NoBook ends the field key of a registration date read in a batch that
// does not name its book: there the book's year cannot mend a misread
// year, so such readings are calibrated apart.
const NoBook = "~nobook"

// noted is the bucket split by whether the normaliser noted something: a
// reading it had to mend ("Thi" → "Thị", a comma put back) is wrong more
// often than one it took as it was.
func (e Evidence) noted() string {
	return fmt.Sprintf("%s|noted=%t", e.Bucket(), e.Noted)
}

// fine is the bucket of one field of one era: fields of one type differ
// (an entry number is printed bigger than a decision's date), and so do
// the eras. It says nothing when the field is not known.
func (e Evidence) fine() string {
	if e.Field == "" {
		return ""
	}
	return e.Field + "|" + string(e.Era) + "|" + e.noted()
}

// levels are the buckets of the evidence, coarsest first; those of Seen
// follow once the batch is read.
func (e Evidence) levels() []string {
	out := []string{e.coarse(), e.Bucket(), e.noted(), e.fine()}
	if e.Batch {
		seen := "seen=" + seenBand(e.Seen)
		out = append(out, fmt.Sprintf("%s|valid=%t|%s", group(e.Type), e.Valid, seen))
		if e.Field != "" {
			out = append(out, e.Field+"|"+seen, e.fine()+"|"+seen)
		}
	}
	return out
}

// Repeats counts the values a batch read per field, for Evidence.Seen: the
// scan and its calibration count alike through it.
type Repeats map[[2]string]int

// Add counts one reading of a field; a blank one counts for nothing.
func (r Repeats) Add(key, value string) {
	if value != "" {
		r[[2]string{key, value}]++
	}
}

// Seen returns how many other readings of the field gave the same value.
func (r Repeats) Seen(key, value string) int {
	return max(0, r[[2]string{key, value}]-1)
}

// seenBand puts how many other pages of the batch read the same value in
// bands.
func seenBand(n int) string {
	switch {
	case n <= 0:
		return "0"
	case n == 1:
		return "1"
	}
	return "2+"
}

// coarse is the fallback cell when a bucket has too few samples.
func (e Evidence) coarse() string {
	return fmt.Sprintf("%s|valid=%t|conf=%d", group(e.Type), e.Valid, confBand(e.MinConf))
}

// group puts value types with similar OCR behaviour together.
func group(t registry.ValueType) string {
	switch t {
	case registry.TypeDate, registry.TypeYear, registry.TypeNumber, registry.TypeDecision, registry.TypeDocNumber, registry.TypePersonalID, registry.TypeIDDocument, registry.TypeDeathTime:
		return "digits" // an ID document's value is its number
	case registry.TypeSex, registry.TypeEthnicity, registry.TypeNationality, registry.TypeRelation, registry.TypeTick, registry.TypeTitle:
		return "vocab" // a title is matched against data/titles.txt
	case registry.TypeName, registry.TypeSigner:
		return "name"
	}
	return "text"
}

// confBand splits the lowest word confidence into bands.
func confBand(c float64) int {
	for i, edge := range []float64{40, 60, 75, 85, 90, 95} {
		if c < edge {
			return i
		}
	}
	return 6
}

// Cell is one calibration bucket: how many readings fell in it and how
// many of those were right.
type Cell struct {
	N       int `json:"n"`
	Correct int `json:"correct"`
}

// Calibration maps evidence buckets to measured accuracy.
type Calibration struct {
	Source string `json:"source"` // how it was made
	// Prior is how many readings' worth of weight a parent bucket's
	// accuracy carries in a finer bucket (0: DefaultPrior). Chosen by
	// cross-validation on the calibration's readings.
	Prior float64         `json:"prior,omitempty"`
	Cells map[string]Cell `json:"cells"`
}

// DefaultPrior is the prior of a calibration that names none.
const DefaultPrior = 20

//go:embed calibration.json
var calibrationJSON []byte

// DefaultCalibration returns the calibration shipped with civreg.
func DefaultCalibration() (*Calibration, error) {
	var c Calibration
	if err := json.Unmarshal(calibrationJSON, &c); err != nil {
		return nil, fmt.Errorf("calibration.json: %w", err)
	}
	if c.Cells == nil {
		c.Cells = map[string]Cell{}
	}
	return &c, nil
}

// Add counts one reading with known truth.
func (c *Calibration) Add(e Evidence, correct bool) {
	for _, k := range e.levels() {
		if k == "" {
			continue
		}
		cell := c.Cells[k]
		cell.N++
		if correct {
			cell.Correct++
		}
		c.Cells[k] = cell
	}
}

// Confidence returns the calibrated probability that a reading with this
// evidence is right. The field's own bucket's measured accuracy is shrunk
// towards its type's bucket's split by Noted, that towards its type's
// bucket's, that towards its coarse bucket's, and that
// towards a cautious prior from the OCR confidence alone (posterior means
// with the parent as prior): a bucket with few readings says little, and
// says it near its parent. Once the batch is read, that is shrunk in turn
// towards the accuracy of readings that came back as often in their batch
// (Seen): of the type, of the field, of the field's own bucket. Of readings
// with confidence c, about a share 1 − c is wrong, as export.md asks.
func (c *Calibration) Confidence(e Evidence) float64 {
	if e.Blank || !e.Located {
		return 0
	}
	p := e.MinConf / 100 * 0.8
	if !e.Valid {
		p *= 0.5
	}
	if len(e.RuleFail) > 0 {
		p *= 0.5
	}
	prior := c.Prior
	if prior <= 0 {
		prior = DefaultPrior
	}
	for _, k := range e.levels() {
		if k == "" {
			continue
		}
		cell := c.Cells[k]
		p = (float64(cell.Correct) + prior*p) / (float64(cell.N) + prior)
	}
	if e.Cut {
		p = min(p, 0.5)
	}
	return p
}

// Policy says when a field goes to a person.
type Policy struct {
	// Threshold is the lowest calibrated confidence accepted without a
	// person, per value type group ("digits", "vocab", "name", "text") with
	// "default" for the rest.
	Threshold map[string]float64 `json:"threshold"`
	// AuditRate is the share of otherwise accepted fields drawn at random
	// for a person to check, so that silent errors are measured.
	AuditRate float64 `json:"audit_rate"`
	// DoubleEntry lists the value types whose fields, when the machine did
	// not accept its own reading, are keyed blind by two reviewers. An
	// audit draw was read by the machine and is checked once.
	DoubleEntry []registry.ValueType `json:"double_entry"`
	// Reread is, per value type group as Threshold, the lowest word
	// confidence of the page pass (0–100) at which a valid reading is kept
	// as it is. Below it the field's crop is read again on its own, and two
	// readings that agree are evidence the calibration weighs.
	Reread map[string]float64 `json:"reread_below"`
	// RereadModel names, per value type group as Threshold, the Tesseract
	// model a field's crop is read again with, when not the page's: a
	// second model errs differently, so that two readings that agree are
	// stronger evidence, and one that reads what the page's model cannot
	// is there to be weighed.
	RereadModel map[string]string `json:"reread_model"`
	// RereadWins lists the value type groups where a second reading that
	// parses but differs from the page's replaces it: on 800 calibration
	// pages, of the numbers and dates where the English model's crop
	// reading and the page's both parsed and differed, the crop was right
	// 129 times and the page 12. The readings still count as disagreeing:
	// whether the field is accepted is the calibration's to say.
	RereadWins []string `json:"reread_wins"`
	// ConfirmModel names, per value type group as Threshold, a model that
	// reads the crop a third time once a valid value is kept from the
	// crop's second reading (agreeing with the page's or replacing it);
	// another value from it disputes the field, which then goes to a
	// person whatever its confidence. Where the page's reading and the
	// English model's differ the English one wins (RereadWins), right 129
	// times in 141 on the tuned typefaces; on typefaces kept out of tuning
	// it read a Didot 5 as 3 (once where the page had it right) and an
	// italic 1 as 7, and won. All four wrong readings accepted on 48 such
	// pages were disputed by the Vietnamese model reading the crop. It is
	// a rule, not a calibration level, because the calibration's own
	// typefaces cannot measure it: on its pages the 43 disputed readings
	// were all right.
	ConfirmModel map[string]string `json:"confirm_model"`
	// Unconfirmed is, per value type group as Threshold, the page pass's
	// lowest word confidence under which a valid reading that neither the
	// second reading nor the confirming one bore out (both read nothing
	// that parses) goes to a person whatever its calibrated confidence.
	// The calibration cannot weigh it: on 4,725 readings of 216 dev pages
	// the English model read nothing on a number or date 12 times, all
	// right; on a fresh tuned page it read nothing on a clean italic
	// "23/09/2020" and "079220847667", whose page readings, "23/02/2020"
	// at 57 and "079220647667" at 11, were accepted at 0.998 and 0.966.
	Unconfirmed map[string]float64 `json:"unconfirmed_below"`
}

// UnconfirmedBelow returns the page-pass confidence under which a reading
// of type t that no other reading bore out goes to a person, 0 for none.
func (p Policy) UnconfirmedBelow(t registry.ValueType) float64 {
	return p.Unconfirmed[group(t)]
}

// ConfirmModelFor returns the model that reads a crop of a value of type t
// a third time, or "" for none.
func (p Policy) ConfirmModelFor(t registry.ValueType) string {
	return p.ConfirmModel[group(t)]
}

// RereadWinsFor reports whether a valid second reading of a value of type t
// that differs from the page's replaces it.
func (p Policy) RereadWinsFor(t registry.ValueType) bool {
	return slices.Contains(p.RereadWins, group(t))
}

//go:embed policy.json
var policyJSON []byte

// DefaultPolicy returns the policy shipped with civreg.
func DefaultPolicy() (Policy, error) {
	var p Policy
	if err := json.Unmarshal(policyJSON, &p); err != nil {
		return p, fmt.Errorf("policy.json: %w", err)
	}
	return p, nil
}

// Decision is where a field goes.
type Decision struct {
	Status registry.FieldStatus
	Reason registry.Reason
	Stage  registry.TaskStage // for a field sent to a person
}

// Decide routes one field. Optional fields that are blank are accepted as
// missing; required ones go to a person. The audit draw is a hash of the
// record and field, so a rerun draws the same fields.
func (p Policy) Decide(recordID, key string, e Evidence, optional bool, conf float64) Decision {
	d := p.decide(recordID, key, e, optional, conf)
	if d.Status == registry.FieldNeedsReview {
		d.Stage = registry.StageReview
		if d.Reason != registry.ReasonAudit && slices.Contains(p.DoubleEntry, e.Type) {
			d.Stage = registry.StageEntry1
		}
	}
	return d
}

func (p Policy) decide(recordID, key string, e Evidence, optional bool, conf float64) Decision {
	switch {
	case !e.Located:
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonNotLocated}
	case e.Blank && optional && !e.Stray:
		return Decision{Status: registry.FieldMissing}
	case e.Blank:
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonMissing}
	case !e.Valid:
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonInvalid}
	case len(e.RuleFail) > 0:
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonRulePrefix + registry.Reason(e.RuleFail[0])}
	case e.Disputed:
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonDisputed}
	case e.Mended:
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonMended}
	case conf < p.threshold(e.Type):
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonLowConfidence}
	case p.audit(recordID, key):
		return Decision{Status: registry.FieldNeedsReview, Reason: registry.ReasonAudit}
	}
	return Decision{Status: registry.FieldAuto}
}

// RereadBelow returns the page-pass confidence under which a valid reading
// of type t is read again from its crop (90 when the policy says nothing).
func (p Policy) RereadBelow(t registry.ValueType) float64 {
	if v, ok := p.Reread[group(t)]; ok {
		return v
	}
	if v, ok := p.Reread["default"]; ok {
		return v
	}
	return 90
}

// ModelFor returns the model a crop of a value of type t is read again
// with, or "" for the page's own.
func (p Policy) ModelFor(t registry.ValueType) string {
	if v, ok := p.RereadModel[group(t)]; ok {
		return v
	}
	return p.RereadModel["default"]
}

// Models returns every model the policy reads crops with, sorted.
func (p Policy) Models() []string {
	var out []string
	for _, models := range []map[string]string{p.RereadModel, p.ConfirmModel} {
		for _, m := range models {
			if m != "" && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (p Policy) threshold(t registry.ValueType) float64 {
	if v, ok := p.Threshold[group(t)]; ok {
		return v
	}
	return p.Threshold["default"]
}

func (p Policy) audit(recordID, key string) bool {
	if p.AuditRate <= 0 {
		return false
	}
	h := fnv.New64a()
	h.Write([]byte(recordID + "\x00" + key))
	return float64(h.Sum64()%1_000_000)/1_000_000 < p.AuditRate
}
