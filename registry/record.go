package registry

import "time"

// FieldStatus is where one field stands on its way to verified.
type FieldStatus string

// Field statuses, as exported (see shared/spec/export.md).
const (
	FieldAuto        FieldStatus = "auto"         // accepted without a person
	FieldNeedsReview FieldStatus = "needs_review" // waiting in the review queue
	FieldCorrected   FieldStatus = "corrected"    // a reviewer typed the value
	FieldConfirmed   FieldStatus = "confirmed"    // a reviewer accepted the reading
	FieldMissing     FieldStatus = "missing"      // blank on the page, accepted as blank
)

// RecordStatus is needs_review while any field is, verified after.
type RecordStatus string

// Record statuses.
const (
	RecordNeedsReview RecordStatus = "needs_review"
	RecordVerified    RecordStatus = "verified"
)

// Reason says why a field was routed to a person. Rule reasons are written
// "rule:" followed by the rule's name, such as "rule:id_matches_birth".
type Reason string

// Routing reasons.
const (
	ReasonLowConfidence Reason = "low_confidence" // calibrated confidence under the threshold
	ReasonMissing       Reason = "missing"        // required but nothing was read
	ReasonNotLocated    Reason = "not_located"    // the label was not found on the page
	ReasonInvalid       Reason = "invalid"        // the reading does not parse as its type
	ReasonAudit         Reason = "audit"          // drawn for the random audit sample
	ReasonDisputed      Reason = "disputed"       // a third model read another value
	ReasonMended        Reason = "mended"         // a part was replaced or characters substituted to read it
	ReasonRulePrefix    Reason = "rule:"          // a cross-field rule failed
)

// Box is a rectangle [x0, y0, x1, y1] in pixels of the stored page image.
type Box [4]int

// Field is one value of a record, as read and as it stands now.
type Field struct {
	Key        string      `json:"-"`
	Value      string      `json:"value"`            // normalised value
	Raw        string      `json:"raw"`              // exactly what was read
	Confidence float64     `json:"confidence"`       // calibrated probability that Value is right
	Status     FieldStatus `json:"status"`           // see FieldStatus
	Box        *Box        `json:"box,omitempty"`    // where the value sits on the page
	Reason     Reason      `json:"reason,omitempty"` // why it went to review, if it did
	Note       string      `json:"note,omitempty"`   // evidence for or against, for the reviewer
}

// Source says where a record's page came from.
type Source struct {
	File      string `json:"file"`
	PageIndex int    `json:"page_index"`
	SHA256    string `json:"sha256"`
	// Side is the half of a two-page spread ("left", "right") the entry
	// was read from, or "" for a page scanned alone.
	Side string `json:"side,omitempty"`
}

// Record is one register entry: one page of one book.
type Record struct {
	ID      string            `json:"id"`
	Kind    Kind              `json:"kind"`
	Era     Era               `json:"era"`
	Office  string            `json:"office"`
	Book    string            `json:"book"`
	Page    int               `json:"page"`
	Status  RecordStatus      `json:"status"`
	Source  Source            `json:"source"`
	BatchID int64             `json:"batch_id,omitempty"`
	Fields  map[string]*Field `json:"fields"`
	Created time.Time         `json:"created,omitempty"`
}

// RecomputeStatus sets r.Status from its fields: verified when none of them
// needs review.
func (r *Record) RecomputeStatus() {
	r.Status = RecordVerified
	for _, f := range r.Fields {
		if f.Status == FieldNeedsReview {
			r.Status = RecordNeedsReview
			return
		}
	}
}
