package review

import (
	"sort"
	"strings"
	"unicode"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// fieldSpecs indexes the printed forms: each field's label, section and
// value type, and the order of a form's fields.
type fieldSpecs struct {
	byForm map[registry.FormID]map[string]form.FieldSpec
	order  map[registry.FormID][]string
	// anyLabel is some form's label for a key, for pages that show a key
	// without a record (the group chooser).
	anyLabel map[string]string
}

func loadFieldSpecs() *fieldSpecs {
	fs := &fieldSpecs{byForm: map[registry.FormID]map[string]form.FieldSpec{}, order: map[registry.FormID][]string{}, anyLabel: map[string]string{}}
	for _, f := range form.All() {
		m := map[string]form.FieldSpec{}
		for _, spec := range f.Fields() {
			m[spec.Key] = spec
			fs.order[f.ID()] = append(fs.order[f.ID()], spec.Key)
			if _, ok := fs.anyLabel[spec.Key]; !ok && spec.Label != "" {
				fs.anyLabel[spec.Key] = cleanLabel(spec.Label)
			}
		}
		fs.byForm[f.ID()] = m
	}
	return fs
}

// spec returns the field's label (the printed one, or the key) and type.
func (fs *fieldSpecs) spec(kind registry.Kind, era registry.Era, key string) (label, section string, typ registry.ValueType) {
	sp, ok := fs.byForm[registry.FormID{Kind: kind, Era: era}][key]
	if !ok {
		return fs.label(key), "", registry.TypeText
	}
	label = keyLabel(sp.Type, cleanLabel(sp.Label))
	if label == "" {
		label = fs.label(key)
	}
	return label, strings.TrimSuffix(sp.Section, ":"), sp.Type
}

// label returns a label for a key without knowing the form.
func (fs *fieldSpecs) label(key string) string {
	if l, ok := fs.anyLabel[key]; ok {
		return l
	}
	if l, ok := extraLabels[key]; ok {
		return l
	}
	return key
}

// extraLabels name the keys whose printed slot has no label of its own.
var extraLabels = map[string]string{"loaiDangKy": "Loại đăng ký (ô đánh dấu)"}

// keys returns the record's field keys in the form's order, then any other.
func (fs *fieldSpecs) keys(rec *registry.Record) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range fs.order[registry.FormID{Kind: rec.Kind, Era: rec.Era}] {
		if _, ok := rec.Fields[k]; ok {
			out = append(out, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range rec.Fields {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func cleanLabel(l string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), ":"))
}

// reasonText says in plain Vietnamese why a field was routed to a person.
func reasonText(r registry.Reason) string {
	switch r {
	case registry.ReasonLowConfidence:
		return "Máy đọc không chắc chắn"
	case registry.ReasonMissing:
		return "Máy không đọc được gì ở trường bắt buộc này"
	case registry.ReasonNotLocated:
		return "Không tìm thấy vị trí của trường trên trang"
	case registry.ReasonInvalid:
		return "Giá trị máy đọc được không hợp lệ"
	case registry.ReasonAudit:
		return "Kiểm tra ngẫu nhiên để đối chiếu chất lượng"
	case registry.ReasonDisputed:
		return "Các lần máy đọc cho kết quả khác nhau"
	case registry.ReasonMended:
		return "Máy phải sửa một phần chữ đọc được mới ra giá trị"
	case "":
		return "Cần người xem lại"
	}
	if name, ok := strings.CutPrefix(string(r), string(registry.ReasonRulePrefix)); ok {
		if t := normalize.RuleText(name); t != "" {
			return "Mâu thuẫn với trường khác: " + t
		}
		return "Mâu thuẫn với trường khác (quy tắc " + name + ")"
	}
	return string(r)
}

// stageText names a task's stage.
func stageText(st registry.TaskStage) string {
	switch st {
	case registry.StageEntry1:
		return "Nhập lần 1 (nhập hai lần)"
	case registry.StageEntry2:
		return "Nhập lần 2, nhập độc lập (nhập hai lần)"
	case registry.StageArbitrate:
		return "Hai lần nhập khác nhau: giám sát viên quyết định"
	}
	return "Xem lại một lần"
}

// statusText names a field's status.
func statusText(st registry.FieldStatus) string {
	switch st {
	case registry.FieldAuto:
		return "máy đọc"
	case registry.FieldNeedsReview:
		return "chờ xem"
	case registry.FieldCorrected:
		return "đã sửa"
	case registry.FieldConfirmed:
		return "đã xác nhận"
	case registry.FieldMissing:
		return "để trống"
	}
	return string(st)
}

// Mark is one run of a reading, uncertain or not.
type Mark struct {
	Text   string
	Unsure bool
}

// marks splits a reading into runs, marking the characters an OCR slip
// most likely produced for a value of this type: digits in a name, letters
// that look like digits in a number or a date, stray symbols anywhere.
func marks(typ registry.ValueType, s string) []Mark {
	rs := []rune(s)
	var out []Mark
	for i, r := range rs {
		u := unsure(typ, rs, i)
		if n := len(out); n > 0 && out[n-1].Unsure == u {
			out[n-1].Text += string(r)
			continue
		}
		out = append(out, Mark{Text: string(r), Unsure: u})
	}
	return out
}

// unsure reports whether rs[i] is likely a misread.
func unsure(typ registry.ValueType, rs []rune, i int) bool {
	r := rs[i]
	if strings.ContainsRune("?|~_^*#@$%{}[]<>=\\", r) || r == unicode.ReplacementChar {
		return true
	}
	switch typ {
	case registry.TypeDate, registry.TypeYear, registry.TypePersonalID, registry.TypeNumber, registry.TypeDecision, registry.TypeDocNumber, registry.TypeIDDocument:
		// A letter that looks like a digit, touching a digit: "2O09", "l2".
		near := (i > 0 && unicode.IsDigit(rs[i-1])) || (i+1 < len(rs) && unicode.IsDigit(rs[i+1]))
		return near && strings.ContainsRune("OoDQIlLiSsBZzGgT", r)
	case registry.TypeName, registry.TypeEthnicity, registry.TypeSex, registry.TypeNationality, registry.TypeSigner:
		return unicode.IsDigit(r)
	}
	return false
}
