package normalize

import (
	"testing"

	"github.com/civreg/civreg/registry"
)

func TestRepairSurname(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Nguyên Thị Uyên", "Nguyễn Thị Uyên"}, // stacked accents lost on capitals
		{"Nguyễn Văn An", "Nguyễn Văn An"},
		{"Tran Van Hai", "Trần Van Hai"}, // only the surname is mended
		{"Xyz Văn An", "Xyz Văn An"},     // not a surname: left alone
		{"Nguyên", "Nguyên"},             // one word: not a full name
	} {
		if got, _ := repairSurname(tc.in); got != tc.want {
			t.Errorf("repairSurname(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if r := Normalize("name", "NGUYÊN THỊ UYÊN"); r.Value != "Nguyễn Thị Uyên" || r.Note == "" {
		t.Errorf("Normalize(name) = %+v, want the surname mended with a note", r)
	}
}

// The signer's name is a full name too: its surname is mended the same way.
func TestSignerSurnameRepaired(t *testing.T) {
	r := Normalize(registry.TypeSigner, "ĐỊNH VĂN DŨNG - Công chức Tư pháp - Hộ tịch")
	if !r.OK || r.Value != "Đinh Văn Dũng" || r.Note == "" {
		t.Errorf("signer = %+v, want Đinh Văn Dũng with a note", r)
	}
}
