package normalize

import (
	"strings"
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

func TestRepairMiddle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Nguyễn Thi Giang", "Nguyễn Thị Giang"}, // the dot below lost
		{"Đỗ Ngoc Vinh", "Đỗ Ngọc Vinh"},
		{"Vũ Thanh Ngoc Hòa", "Vũ Thanh Ngọc Hòa"}, // every middle word
		{"Lê Vân Anh", "Lê Vân Anh"},               // Vân and Văn fold alike: both stand
		{"Lê Thành Nam", "Lê Thành Nam"},           // listed as it is
		{"Nguyễn Anh Tuấn", "Nguyễn Anh Tuấn"},     // a name of its own, not a misread Ánh
		{"Nguyễn Lê Hoàng", "Nguyễn Lê Hoàng"},     // a mother's surname, not a misread Lệ
		{"Trần Văn Thi", "Trần Văn Thi"},           // a given name is not a middle name
		{"Nguyễn Thi", "Nguyễn Thi"},               // two words: no middle
		{"Phạm Xyz Lan", "Phạm Xyz Lan"},           // not a middle name: left alone
	} {
		if got, _ := repairMiddle(tc.in); got != tc.want {
			t.Errorf("repairMiddle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	r := Normalize(registry.TypeSigner, "Hoàng Thi Cúc - Phó Chủ tịch")
	if !r.OK || r.Value != "Hoàng Thị Cúc" || !strings.Contains(r.Note, "tên đệm") {
		t.Errorf("signer = %+v, want Hoàng Thị Cúc with a note", r)
	}
}
