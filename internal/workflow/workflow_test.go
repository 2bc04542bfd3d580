package workflow_test

import (
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/workflow"
	"github.com/civreg/civreg/registry"
)

var now = time.Date(2025, 7, 1, 8, 30, 0, 0, time.UTC)

func task(stage registry.TaskStage) *workflow.Task {
	return &workflow.Task{
		Task:     registry.Task{ID: 7, RecordID: "r1", FieldKey: "nksHoTen", Reason: registry.ReasonLowConfidence, Stage: stage, Status: registry.TaskOpen},
		LeasedBy: "alice", LeaseUntil: now.Add(time.Minute),
	}
}

// TestDecide checks what each action does at each stage, with no store.
func TestDecide(t *testing.T) {
	field := registry.Field{Key: "nksHoTen", Value: "Nguyễn Văn An"}
	first := "Nguyễn Văn An"
	other := "Nguyễn Văn Ân"
	for _, tt := range []struct {
		stage  registry.TaskStage
		act    registry.Action
		value  string
		first  *string
		events string // actions, in order
		settle bool
		status registry.FieldStatus
		next   registry.TaskStage
		code   string
	}{
		{registry.StageReview, registry.ActAccept, "", nil, "field.confirmed", true, registry.FieldConfirmed, "", ""},
		{registry.StageReview, registry.ActReplace, "Nguyễn Văn Anh", nil, "field.corrected", true, registry.FieldCorrected, "", ""},
		{registry.StageReview, registry.ActBlank, "", nil, "field.blank", true, registry.FieldMissing, "", ""},
		{registry.StageReview, registry.ActIllegible, "", nil, "task.illegible", false, "", registry.StageArbitrate, ""},
		{registry.StageReview, registry.ActSkip, "", nil, "task.skipped", false, "", registry.StageReview, ""},
		{registry.StageEntry1, registry.ActReplace, other, nil, "task.keyed", false, "", registry.StageEntry2, ""},
		{registry.StageEntry2, registry.ActReplace, first, &first, "field.confirmed", true, registry.FieldConfirmed, "", ""},
		{registry.StageEntry2, registry.ActReplace, other, &first, "task.disagreed", false, "", registry.StageArbitrate, ""},
		{registry.StageEntry2, registry.ActAccept, "", &first, "", false, "", "", registry.EINVALID},
		{registry.StageEntry2, registry.ActReplace, other, nil, "", false, "", "", registry.EINTERNAL},
		{registry.StageArbitrate, registry.ActReplace, other, nil, "task.arbitrated", true, registry.FieldCorrected, "", ""},
		{registry.StageArbitrate, registry.ActIllegible, "", nil, "task.arbitrated", true, registry.FieldMissing, "", ""},
	} {
		name := string(tt.stage) + "/" + string(tt.act)
		s := registry.Submission{TaskID: 7, User: "alice", Action: tt.act, Value: tt.value, Raw: tt.value}
		p, err := workflow.Decide(s, task(tt.stage), field, tt.first, now)
		if got := registry.ErrorCode(err); got != tt.code {
			t.Errorf("%s: error %v, want code %q", name, err, tt.code)
			continue
		} else if err != nil {
			continue
		}
		var acts []string
		for _, e := range p.Events {
			acts = append(acts, e.Action)
		}
		if got := strings.Join(acts, ","); got != tt.events || p.Settle != tt.settle || p.Status != tt.status || p.Stage != tt.next {
			t.Errorf("%s: events %s settle %v status %q stage %q; want %s %v %q %q", name, got, p.Settle, p.Status, p.Stage, tt.events, tt.settle, tt.status, tt.next)
		}
	}
}

// TestAdmit checks the refusals of a submission, in their order.
func TestAdmit(t *testing.T) {
	s := registry.Submission{TaskID: 7, User: "alice", Action: registry.ActAccept, Version: 3}
	for _, tt := range []struct {
		what    string
		user    string
		role    registry.Role
		stage   registry.TaskStage
		keyed   bool
		version int64
		code    string
	}{
		{"fine", "alice", registry.RoleReviewer, registry.StageReview, false, 3, ""},
		{"lease held by another", "bob", registry.RoleReviewer, registry.StageReview, false, 3, registry.ECONFLICT},
		{"unknown user", "alice", "", registry.StageReview, false, 3, registry.EUNAUTHORIZED},
		{"issuer", "alice", registry.RoleIssuer, registry.StageReview, false, 3, registry.EUNAUTHORIZED},
		{"reviewer arbitrates", "alice", registry.RoleReviewer, registry.StageArbitrate, false, 3, registry.EUNAUTHORIZED},
		{"second keying by the first keyer", "alice", registry.RoleReviewer, registry.StageEntry2, true, 3, registry.EUNAUTHORIZED},
		{"stale version", "alice", registry.RoleReviewer, registry.StageReview, false, 4, registry.ECONFLICT},
	} {
		sub := s
		sub.User = tt.user
		if got := registry.ErrorCode(workflow.Admit(sub, task(tt.stage), tt.role, tt.keyed, tt.version, now)); got != tt.code {
			t.Errorf("%s: code %q, want %q", tt.what, got, tt.code)
		}
	}
}
