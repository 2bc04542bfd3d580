package normalize

import "testing"

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
