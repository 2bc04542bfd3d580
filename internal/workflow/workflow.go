// Package workflow is the review station's rules, whatever store keeps the
// tasks: which stages a role may take, when a submission is refused (a lost
// lease, a stale version, a second keying by the first keyer), what each
// action does at each stage of single and double entry, and the messages a
// reviewer reads, in Vietnamese. A store reads the task, the field and the
// first keying inside its transaction, asks Admit and Decide, and carries
// out the Plan in the same transaction.
package workflow

import (
	"slices"
	"strings"
	"time"

	"github.com/civreg/civreg/registry"
)

const (
	// DefaultLease is how long a task stays with the person who took it
	// when the caller asks for no particular duration.
	DefaultLease = 15 * time.Minute
	// SkipHold is how long a skipped task is not offered again to the
	// person who skipped it; others get it at once.
	SkipHold = 30 * time.Minute
	// NoteIllegible marks a task a reviewer could not read, sent on to a
	// supervisor.
	NoteIllegible = "không đọc được"
	// NoteAgreed marks a field set by two agreeing keyings.
	NoteAgreed = "nhập hai lần khớp"
	// DefaultGroup is the group size when the caller asks for none, and
	// MaxGroup the largest group one request may lease.
	DefaultGroup = 20
	MaxGroup     = 200
)

// WorkActions are the events that each stand for one task step done by a
// person: one per submission other than a skip.
var WorkActions = []string{
	"field.confirmed", "field.corrected", "field.blank",
	"task.keyed", "task.disagreed", "task.arbitrated", "task.illegible",
}

// Messages a reviewer sees.
var (
	ErrLeaseLost = registry.Errorf(registry.ECONFLICT, "bạn không còn giữ việc này: đã hết hạn hoặc người khác đã nhận")
	ErrStale     = registry.Errorf(registry.ECONFLICT, "trường này đã được người khác sửa từ lúc bạn mở; hãy mở lại")
	ErrHeld      = registry.Errorf(registry.ECONFLICT, "người khác đang làm việc này")
	ErrEmpty     = registry.Errorf(registry.ENOTFOUND, "không còn việc nào cho bạn trong hàng đợi")
	ErrOwnEntry  = registry.Errorf(registry.EUNAUTHORIZED, "bạn đã nhập lần một trường này; lần hai phải do người khác nhập")
	ErrArbitrate = registry.Errorf(registry.EUNAUTHORIZED, "chỉ giám sát viên mới được quyết định khi hai lần nhập khác nhau")
	ErrNoReview  = registry.Errorf(registry.EUNAUTHORIZED, "tài khoản này không được duyệt dữ liệu")
)

// Stages returns the stages a role may take, or EUNAUTHORIZED.
func Stages(role registry.Role) ([]registry.TaskStage, error) {
	switch {
	case role.CanArbitrate():
		return []registry.TaskStage{registry.StageReview, registry.StageEntry1, registry.StageEntry2, registry.StageArbitrate}, nil
	case role.CanReview():
		return []registry.TaskStage{registry.StageReview, registry.StageEntry1, registry.StageEntry2}, nil
	}
	return nil, ErrNoReview
}

// MayTake checks that a user of this role may take a task at this stage.
func MayTake(role registry.Role, stage registry.TaskStage) error {
	ss, err := Stages(role)
	if err != nil {
		return err
	}
	if !slices.Contains(ss, stage) {
		return ErrArbitrate
	}
	return nil
}

// Lease returns lease, or DefaultLease when it is not positive.
func Lease(lease time.Duration) time.Duration {
	if lease <= 0 {
		return DefaultLease
	}
	return lease
}

// GroupLimit returns how many tasks a group request for limit leases.
func GroupLimit(limit int) int {
	if limit <= 0 {
		return DefaultGroup
	}
	return min(limit, MaxGroup)
}

// Task is a task as stored, with its lease.
type Task struct {
	registry.Task
	LeasedBy   string
	LeaseUntil time.Time
	Note       string
}

// HeldBy reports whether user holds the task's lease at now.
func (t *Task) HeldBy(user string, now time.Time) bool {
	return t.LeasedBy == user && t.LeaseUntil.After(now)
}

// HeldByOther reports whether someone other than user holds the lease.
func (t *Task) HeldByOther(user string, now time.Time) bool {
	return t.LeasedBy != "" && t.LeasedBy != user && t.LeaseUntil.After(now)
}

// CheckLease refuses to lease t to user (of role) at now: ENOTFOUND when
// it is done, ECONFLICT when someone else holds it, EUNAUTHORIZED when the
// stage is not the role's or the user keyed it first (keyedFirst).
func CheckLease(t *Task, user string, role registry.Role, keyedFirst bool, now time.Time) error {
	if t.Status != registry.TaskOpen {
		return registry.Errorf(registry.ENOTFOUND, "việc %d đã xong", t.ID)
	}
	if t.HeldByOther(user, now) {
		return ErrHeld
	}
	if err := MayTake(role, t.Stage); err != nil {
		return err
	}
	if t.Stage == registry.StageEntry2 && keyedFirst {
		return ErrOwnEntry
	}
	return nil
}

// CheckAction refuses an unknown action with EINVALID.
func CheckAction(a registry.Action) error {
	switch a {
	case registry.ActAccept, registry.ActReplace, registry.ActBlank, registry.ActIllegible, registry.ActSkip:
		return nil
	}
	return registry.Errorf(registry.EINVALID, "unknown action %q", a)
}

// Admit checks a submission against the task as stored, in order: the
// user holds the lease (ECONFLICT), is known (role "" is not:
// EUNAUTHORIZED) and may take the stage (EUNAUTHORIZED), is not the first
// keyer of a second keying (EUNAUTHORIZED), and read the field's current
// version (ECONFLICT, except for a skip). A refused submission changes
// nothing.
func Admit(s registry.Submission, t *Task, role registry.Role, keyedFirst bool, version int64, now time.Time) error {
	if t.Status != registry.TaskOpen || !t.HeldBy(s.User, now) {
		return ErrLeaseLost
	}
	if role == "" {
		return registry.Errorf(registry.EUNAUTHORIZED, "không có tài khoản %s", s.User)
	}
	if err := MayTake(role, t.Stage); err != nil {
		return err
	}
	if t.Stage == registry.StageEntry2 && keyedFirst {
		return ErrOwnEntry
	}
	if s.Action != registry.ActSkip && s.Version != version {
		return ErrStale
	}
	return nil
}

// Plan is what a submission does, for the store to carry out in its
// transaction in this order: store the keying, move or skip the task,
// append the events, settle the field.
type Plan struct {
	// Skip gives the lease back and hides the task from its user until
	// SkipUntil.
	Skip      bool
	SkipUntil time.Time
	// Keying, when set, is a keying of the field to store, by the user.
	Keying *string
	// Move, when set, puts the task at that stage with MoveNote, free for
	// whoever may take it.
	Move     registry.TaskStage
	MoveNote string
	// Events to append, complete.
	Events []registry.Event
	// Settle sets the field to Value with Status and closes the task; the
	// store then brings the record up to date and, if it became verified,
	// appends a "record.verified" event.
	Settle bool
	Value  string
	Status registry.FieldStatus
	// Stage is the task's stage afterwards, "" when it is done.
	Stage registry.TaskStage
}

// Decide says what submission s does to task t, whose field is f; first
// is the first keying's value of a task at its second keying (nil if
// there is none). See registry.ReviewStore.Submit for the rules.
func Decide(s registry.Submission, t *Task, f registry.Field, first *string, now time.Time) (*Plan, error) {
	d := &decision{s: s, t: t, f: f, now: now, p: &Plan{Stage: t.Stage}}
	if err := d.apply(first); err != nil {
		return nil, err
	}
	return d.p, nil
}

type decision struct {
	s   registry.Submission
	t   *Task
	f   registry.Field
	now time.Time
	p   *Plan
}

func (d *decision) apply(first *string) error {
	s, t, value := d.s, d.t, d.s.Value
	if s.Action == registry.ActSkip {
		d.p.Skip, d.p.SkipUntil = true, d.now.Add(SkipHold)
		d.event("task.skipped", "", "", string(t.Reason))
		return nil
	}
	switch s.Action {
	case registry.ActAccept:
		value = d.f.Value
	case registry.ActBlank:
		value = ""
	}
	illegible := s.Action == registry.ActIllegible
	switch t.Stage {
	case registry.StageReview:
		if illegible {
			return d.illegible()
		}
		d.settle("", value, "")
	case registry.StageEntry1:
		if illegible {
			return d.illegible()
		}
		d.key(value)
		d.move(registry.StageEntry2, "")
		d.event("task.keyed", "", value, d.note(""))
	case registry.StageEntry2:
		return d.secondKeying(value, first)
	case registry.StageArbitrate:
		if illegible {
			d.settle("task.arbitrated", "", NoteIllegible)
		} else {
			d.settle("task.arbitrated", value, "")
		}
	default:
		return registry.Errorf(registry.EINTERNAL, "task %d has unknown stage %q", t.ID, t.Stage)
	}
	return nil
}

func (d *decision) secondKeying(value string, first *string) error {
	switch d.s.Action {
	case registry.ActAccept:
		return registry.Errorf(registry.EINVALID, "lần nhập thứ hai không thấy kết quả đọc: hãy gõ giá trị")
	case registry.ActIllegible:
		return d.illegible()
	}
	if first == nil {
		return registry.Errorf(registry.EINTERNAL, "task %d is at its second keying without a first", d.t.ID)
	}
	d.key(value)
	if value == *first {
		d.settle("", value, NoteAgreed)
		return nil
	}
	d.move(registry.StageArbitrate, "")
	d.event("task.disagreed", *first, value, d.note(""))
	return nil
}

// illegible sends the task to a supervisor, the field unchanged.
func (d *decision) illegible() error {
	d.move(registry.StageArbitrate, NoteIllegible)
	d.event("task.illegible", d.f.Value, "", d.note(NoteIllegible))
	return nil
}

// settle sets the field to value and closes the task, with an event named
// action, or by what became of the field when action is "".
func (d *decision) settle(action, value, extra string) {
	status, byValue := d.statusFor(value)
	if action == "" {
		action = byValue
	}
	d.event(action, d.f.Value, value, d.note(extra))
	d.p.Settle, d.p.Value, d.p.Status, d.p.Stage = true, value, status, ""
}

func (d *decision) key(value string) { d.p.Keying = &value }

func (d *decision) move(stage registry.TaskStage, note string) {
	d.p.Move, d.p.MoveNote, d.p.Stage = stage, note, stage
}

// statusFor is the status a field gets when a person settles it on value.
func (d *decision) statusFor(value string) (registry.FieldStatus, string) {
	switch {
	case value == "":
		return registry.FieldMissing, "field.blank"
	case value == d.f.Value:
		return registry.FieldConfirmed, "field.confirmed"
	}
	return registry.FieldCorrected, "field.corrected"
}

// OriginNotes are the words a settling event's note gets when the value
// was offered rather than typed (Submission.Origin).
var OriginNotes = map[string]string{
	"derived": "giá trị suy ra từ trường khác, người nhập xác nhận",
	"default": "giá trị mặc định, người nhập xác nhận",
	"copied":  "chép từ trang trước của quyển, người nhập xác nhận",
}

// note is what a settling event says: the task's reason, and what the
// person typed when it differs from the value stored.
func (d *decision) note(extra string) string {
	parts := []string{string(d.t.Reason)}
	if extra != "" {
		parts = append(parts, extra)
	}
	if d.s.Raw != "" && d.s.Raw != d.s.Value {
		parts = append(parts, "gõ: "+d.s.Raw)
	}
	if t, ok := OriginNotes[d.s.Origin]; ok {
		parts = append(parts, t)
	}
	return strings.Join(parts, "; ")
}

func (d *decision) event(action, old, new, note string) {
	d.p.Events = append(d.p.Events, registry.Event{
		At: d.now, Actor: d.s.User, Action: action, RecordID: d.t.RecordID, FieldKey: d.t.FieldKey,
		Old: old, New: new, Note: note,
	})
}
