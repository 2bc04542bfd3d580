package review

import (
	"image"
	"testing"

	"github.com/civreg/civreg/registry"
)

func TestMarks(t *testing.T) {
	tests := []struct {
		typ  registry.ValueType
		in   string
		want string // the unsure runs, joined by |
	}{
		{registry.TypeName, "Nguy3n Văn A", "3"},
		{registry.TypeDate, "12/O3/2O19", "O|O"},
		{registry.TypeDate, "ngày 12 tháng 3 năm 2019", ""},
		{registry.TypePersonalID, "0792l4171451", "l"},
		{registry.TypePlace, "Phường 1, Quận 3", ""},
		{registry.TypeText, "a ~ b", "~"},
	}
	for _, tt := range tests {
		got := ""
		for _, m := range marks(tt.typ, tt.in) {
			if m.Unsure {
				if got != "" {
					got += "|"
				}
				got += m.Text
			}
		}
		if got != tt.want {
			t.Errorf("marks(%s, %q) unsure = %q, want %q", tt.typ, tt.in, got, tt.want)
		}
	}
}

func TestReasonText(t *testing.T) {
	for _, r := range []registry.Reason{registry.ReasonLowConfidence, registry.ReasonMissing, registry.ReasonNotLocated, registry.ReasonInvalid, registry.ReasonAudit, "rule:id_matches_birth", "rule:new_rule"} {
		if got := reasonText(r); got == string(r) || got == "" {
			t.Errorf("reasonText(%q) = %q, want Vietnamese words", r, got)
		}
	}
	// The rule's name is the key to its words, which normalize keeps.
	if got, want := reasonText("rule:book_year"), "Mâu thuẫn với trường khác: ngày đăng ký không khớp với năm của sổ"; got != want {
		t.Errorf("reasonText(rule:book_year) = %q, want %q", got, want)
	}
}

func TestCropRect(t *testing.T) {
	page := image.Rect(0, 0, 1000, 1000)
	tests := []struct {
		box  registry.Box
		want image.Rectangle
	}{
		{registry.Box{100, 100, 400, 160}, image.Rect(76, 76, 424, 184)},
		{registry.Box{0, 950, 990, 1000}, image.Rect(0, 926, 1000, 1000)},
		{registry.Box{400, 160, 100, 100}, image.Rect(76, 76, 424, 184)},
		{registry.Box{2000, 2000, 2100, 2100}, image.Rectangle{}},
		{registry.Box{600, 100, 900, 700}, image.Rect(540, 40, 960, 760)}, // a tall blank: 60, not a third of 600
	}
	for _, tt := range tests {
		if got := cropRect(tt.box, page); got != tt.want && !(got.Empty() && tt.want.Empty()) {
			t.Errorf("cropRect(%v) = %v, want %v", tt.box, got, tt.want)
		}
	}
}
