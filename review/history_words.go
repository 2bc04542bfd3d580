package review

import (
	"regexp"
	"strings"

	"github.com/civreg/civreg/registry"
)

// blindEvent reports whether an event must be hidden from the viewer: the
// first keying of a double entry still waiting for its second, to anyone
// but its keyer and the supervisors, so that the second keying stays blind.
func blindEvent(e registry.Event, rec *registry.Record, viewer registry.User) bool {
	if e.Action != "task.keyed" || viewer.Role.CanArbitrate() || e.Actor == viewer.Name {
		return false
	}
	f := rec.Fields[e.FieldKey]
	return f == nil || f.Status == registry.FieldNeedsReview
}

// hiddenKeying is what the history shows instead of a blind first keying.
const hiddenKeying = "(ẩn cho đến khi có lần nhập thứ hai)"

var isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// valueText shows a stored value for people: dates dd/mm/yyyy.
func valueText(v string) string {
	if m := isoDate.FindStringSubmatch(v); m != nil {
		return m[3] + "/" + m[2] + "/" + m[1]
	}
	return v
}

// noteText puts an event's note in words: its leading routing reason
// ("invalid", "not_located", "rule:…") named in Vietnamese.
func noteText(note string) string {
	parts := strings.Split(note, "; ")
	if len(parts) > 0 && isReasonCode(parts[0]) {
		parts[0] = reasonText(registry.Reason(parts[0]))
	}
	return strings.Join(parts, "; ")
}

func isReasonCode(s string) bool {
	switch registry.Reason(s) {
	case registry.ReasonLowConfidence, registry.ReasonMissing, registry.ReasonNotLocated, registry.ReasonInvalid,
		registry.ReasonAudit, registry.ReasonDisputed, registry.ReasonMended:
		return true
	}
	return strings.HasPrefix(s, string(registry.ReasonRulePrefix))
}
