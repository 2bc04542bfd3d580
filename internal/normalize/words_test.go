package normalize

import (
	"testing"
	"time"
)

func TestWords(t *testing.T) {
	for n, want := range map[int]string{
		0: "không", 5: "năm", 10: "mười", 15: "mười lăm", 21: "hai mươi mốt", 25: "hai mươi lăm",
		26: "hai mươi sáu", 1948: "một nghìn chín trăm bốn mươi tám", 2008: "hai nghìn không trăm linh tám",
		2015: "hai nghìn không trăm mười lăm", 2000: "hai nghìn", 1905: "một nghìn chín trăm linh năm",
		2020: "hai nghìn không trăm hai mươi",
	} {
		if got := Words(n, WordsStyle{}); got != want {
			t.Errorf("Words(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatDateInWords(t *testing.T) {
	d := time.Date(1948, 6, 26, 0, 0, 0, 0, time.UTC)
	got := FormatDateInWords(d, WordsStyle{Commas: true, Thousand: "ngàn"})
	want := "Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	d = time.Date(2008, 8, 27, 0, 0, 0, 0, time.UTC)
	got = FormatDateInWords(d, WordsStyle{Case: 1})
	want = "Ngày Hai Mươi Bảy Tháng Tám Năm Hai Nghìn Không Trăm Linh Tám"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if n := len(Units()); n != 493 {
		t.Errorf("Units() has %d rows, want 493", n)
	}
}
