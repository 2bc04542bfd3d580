package normalize_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/civreg/civreg/internal/normalize"
)

// foldWordsLong is what FoldWords must return: FoldKey's runs of letters
// and digits, joined by single spaces.
func foldWordsLong(s string) string {
	return strings.Join(strings.FieldsFunc(normalize.FoldKey(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

func TestFoldWords(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Nguyễn Thị Nhàn", "nguyen thi nhan"},
		{"ĐẶNG VĂN ĐỨC", "dang van duc"},
		{"Nguyễn  Thị-Nhàn", "nguyen thi nhan"},
		{" Lê Văn Tám.", "le van tam"},
		{"Nguye\u0303n Văn An", "nguyen van an"}, // NFD
		{"H'Hen Niê", "h hen nie"},
		{"Trần Văn B2", "tran van b2"},
		{"", ""},
		{"…", ""},
	} {
		if got := normalize.FoldWords(tt.in); got != tt.want {
			t.Errorf("FoldWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFoldWordsPairs checks FoldWords against FoldKey on every letter and
// digit its one-pass folding takes, alone and next to each other: two
// neighbours could compose in NFC, or fold to something else than each
// alone.
func TestFoldWordsPairs(t *testing.T) {
	var runes []rune
	for r := rune(0); r < 0x1F00; r++ {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r >= 0xC0 && r < 0x250 || r >= 0x1E00 {
			runes = append(runes, r)
		}
	}
	for _, a := range runes {
		for _, s := range []string{string(a), string(a) + " " + string(a)} {
			if got, want := normalize.FoldWords(s), foldWordsLong(s); got != want {
				t.Fatalf("FoldWords(%q) = %q, want %q", s, got, want)
			}
		}
		for _, b := range runes {
			s := string(a) + string(b)
			if got, want := normalize.FoldWords(s), foldWordsLong(s); got != want {
				t.Fatalf("FoldWords(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

func FuzzFoldWords(f *testing.F) {
	for _, s := range []string{"Nguyễn Thị Nhàn", "ĐẶNG  VĂN", " a", "a ", "Nguye\u0303n", "\xff", "Ⅻ", "ǅ", "K\u212b", "ﬁ", "a\u00adb", "1.2", "Ắ Ặ ẞ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalize.FoldWords(s), foldWordsLong(s); got != want {
			t.Fatalf("FoldWords(%q) = %q, want %q", s, got, want)
		}
	})
}
