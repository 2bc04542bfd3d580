package normalize_test

import (
	"math/rand"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/normalize"
	"golang.org/x/text/unicode/norm"
)

func TestDate(t *testing.T) {
	for _, tt := range []struct {
		raw, want string
		ok        bool
	}{
		{"26/6/1948", "1948-06-26", true},
		{"27.9.2003", "2003-09-27", true},
		{"05/03/2012", "2012-03-05", true},
		{"5-3-2012", "2012-03-05", true},
		{" 26 / 6 / 1948 ", "1948-06-26", true},
		{"6/1948", "1948-06", true},
		{"06/1948", "1948-06", true},
		{"1944", "1944", true},
		{"28 tháng 4 năm 2009", "2009-04-28", true},
		{"ngày 28 tháng 4 năm 2009", "2009-04-28", true},
		{"Ngày 28 tháng 04 năm 2009", "2009-04-28", true},
		{"NGÀY 28 THÁNG 4 NĂM 2009", "2009-04-28", true},
		{"Đăng ký ngày 28 tháng 4 năm 2009", "2009-04-28", true},
		{"ngày ... tháng 4 năm 2009", "2009-04", true},
		{"tháng 4 năm 2009", "2009-04", true},
		{"năm 1948", "1948", true},
		{"ngày28 tháng4 năm2009", "2009-04-28", true},
		{"mùng 5 tháng 6 năm 1990", "1990-06-05", true},
		{"1948-06-26", "1948-06-26", true},
		{"1948-06", "1948-06", true},
		// Year first is ISO only: a register writes the year last, and a
		// stray mark after a year is not a month (heavy wear read "1995 1").
		{"1995 1", "", false},
		{"1995.1", "", false},
		{"1995/01/05", "", false},
		{"29/2/2000", "2000-02-29", true},
		{"...26/6/1948.....", "1948-06-26", true},
		{"26/6/1948\u00a0", "1948-06-26", true},
		{"2O/1O/2OO9", "2009-10-20", true}, // O for 0
		{"l2/3/1999", "1999-03-12", true},  // l for 1
		{"12/I2/1999", "1999-12-12", true}, // I for 1
		{"ngày hai mươi tám tháng tư năm hai nghìn không trăm linh chín", "2009-04-28", true},
		// rejected
		{"", "", false},
		{"……", "", false},
		{"31/2/2001", "", false},
		{"29/2/1900", "", false},
		{"31/4/2001", "", false},
		{"0/4/2001", "", false},
		{"13/13/2001", "", false},
		{"26/6/48", "", false},
		{"1849", "", false},
		{"2101", "", false},
		{"26/6/19488", "", false},
		{"O", "", false},
		{"l/l/l", "", false},
		{"26/6/1948/5", "", false},
		{"abc", "", false},
		{"26/6 1948 x", "", false},
		{"ngày 28 tháng năm 2009", "", false},
		{"ngày 28", "", false},
		{"\xff\xfe26/6/1948", "1948-06-26", true},
	} {
		got, err := normalize.Date(tt.raw)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Date(%q) = %q, %v; want %q, ok=%v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestYear(t *testing.T) {
	for _, tt := range []struct {
		raw, want string
		ok        bool
	}{
		{"1948", "1948", true},
		{"năm 1948", "1948", true},
		{"Sinh năm 1948", "1948", true},
		{"26/6/1948", "1948", true},
		{"l948", "1948", true},
		{"48", "", false},
		{"", "", false},
		{"....", "", false},
	} {
		got, err := normalize.Year(tt.raw)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Year(%q) = %q, %v; want %q, ok=%v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestDeathTime(t *testing.T) {
	for _, tt := range []struct {
		raw, want string
		ok        bool
	}{
		{"0h20' ngày 25/9/2010", "2010-09-25T00:20", true},
		{"08 giờ 20 phút, ngày 25/09/2020", "2020-09-25T08:20", true},
		{"8 GIỜ 20 PHÚT NGÀY 25/09/2020", "2020-09-25T08:20", true},
		{"14h30 ngày 1/1/2015", "2015-01-01T14:30", true},
		{"14g30, 1/1/2015", "2015-01-01T14:30", true},
		{"14:30 ngày 01/01/2015", "2015-01-01T14:30", true},
		{"lúc 7 giờ ngày 3 tháng 2 năm 2011", "2011-02-03T07:00", true},
		{"25/9/2010 lúc 0h20", "2010-09-25T00:20", true},
		// As the English model reads the Vietnamese words.
		{"16 gid’ 15 phiit ngary 09/03/1985", "1985-03-09T16:15", true},
		{"2 gio’ 00 phiit, ngay 11 thang 4 ndm 1985", "1985-04-11T02:00", true},
		{"21 gio’ 53 phiit, ngay 12/03/1985", "1985-03-12T21:53", true},
		{"00 gid 55 phtt, ngay 17/6/1985", "1985-06-17T00:55", true},
		{"Đã chết vào lúc: 10 giờ 05 phút, ngày 12/12/2019", "2019-12-12T10:05", true},
		{".. giờ .. phút, ngày 25/9/2010", "2010-09-25", true},
		{"25/9/2010", "2010-09-25", true},
		{"2010", "2010", true},
		{"25h20 ngày 25/9/2010", "", false},
		{"10h75 ngày 25/9/2010", "", false},
		{"10h20 năm 2010", "", false},
		{"", "", false},
		{"10h20", "", false},
	} {
		got, err := normalize.DeathTime(tt.raw)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("DeathTime(%q) = %q, %v; want %q, ok=%v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestDateInWords(t *testing.T) {
	nfd := norm.NFD.String
	for _, tt := range []struct {
		raw, want string
		ok        bool
	}{
		{"Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám", "1948-06-26", true},
		{"Ngày Hai Mươi Bảy Tháng Tám Năm Hai Nghìn Không Trăm Linh Tám", "2008-08-27", true},
		{"NGÀY HAI MƯƠI BẢY THÁNG TÁM NĂM HAI NGHÌN KHÔNG TRĂM LINH TÁM", "2008-08-27", true},
		{nfd("ngày hai mươi bảy tháng tám năm hai nghìn không trăm lẻ tám"), "2008-08-27", true},
		{"ngày mười lăm tháng năm năm hai nghìn mười lăm", "2015-05-15", true},
		{"ngày hai mươi lăm tháng năm năm hai nghìn không trăm hai mươi năm", "2025-05-25", true},
		{"ngày mùng một tháng giêng năm một nghìn chín trăm năm mươi", "1950-01-01", true},
		{"mồng mười tháng chạp năm một nghìn chín trăm chín mươi chín", "1999-12-10", true},
		{"ngày ba mươi mốt tháng mười hai năm hai nghìn", "2000-12-31", true},
		{"ngày hai mươi tư tháng tư năm hai nghìn lẻ bốn", "2004-04-24", true},
		{"ngày mười bốn, tháng mười một, năm một nghìn chín trăm bốn tám", "1948-11-14", true},
		{"ngay hai muoi sau thang sau nam mot nghin chin tram bon muoi tam", "1948-06-26", true},
		{"ngày 26 tháng sáu năm 1948", "1948-06-26", true},
		{"tháng sáu năm một nghìn chín trăm bốn mươi tám", "1948-06", true},
		{"năm một nghìn chín trăm bốn mươi tám", "1948", true},
		{"ngày một tháng một năm một chín năm mươi", "", false},
		{"ngày ba mươi tháng hai năm hai nghìn", "", false},
		{"ngày ba mươi hai tháng một năm hai nghìn", "", false},
		{"ngày hai tháng mười ba năm hai nghìn", "", false},
		{"ngày hai tháng ba năm hai nghìn tám", "", false}, // 2800? 2008? ambiguous
		{"ngày hai tháng ba", "", false},
		{"hai mươi sáu sáu bốn tám", "", false},
		{"", "", false},
		{"……", "", false},
		{"ngày xyz tháng sáu năm 1948", "", false},
	} {
		got, err := normalize.DateInWords(tt.raw)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("DateInWords(%q) = %q, %v; want %q, ok=%v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

// TestDateInWordsRoundTrip checks DateInWords(FormatDateInWords(d)) == d for
// a few thousand dates 1900..2030 in every writing style.
func TestDateInWordsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	var styles []normalize.WordsStyle
	for _, th := range []string{"nghìn", "ngàn"} {
		for _, z := range []string{"linh", "lẻ"} {
			for c := 0; c < 4; c++ {
				for _, four := range []bool{false, true} {
					for _, mung := range []string{"", "mùng", "mồng"} {
						styles = append(styles, normalize.WordsStyle{Thousand: th, Zero: z, Commas: c%2 == 0, Case: c, Four: four,
							Mung: mung, MonthNames: mung != "", FiveNam: four && c == 1})
					}
				}
			}
		}
	}
	n := 0
	for i := 0; i < 4000; i++ {
		d := start.AddDate(0, 0, rng.Intn(span+1))
		st := styles[i%len(styles)]
		s := normalize.FormatDateInWords(d, st)
		if i%3 == 0 {
			s = norm.NFD.String(s)
		}
		want := d.Format("2006-01-02")
		if got, err := normalize.DateInWords(s); got != want {
			t.Errorf("DateInWords(%q) = %q, %v; want %s", s, got, err, want)
			if n++; n > 10 {
				t.FailNow()
			}
		}
	}
	// Every day 2000..2030 in the default style, to cover every month and day.
	for d := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 2030; d = d.AddDate(0, 0, 7) {
		s := normalize.FormatDateInWords(d, normalize.WordsStyle{})
		if got, _ := normalize.DateInWords(s); got != d.Format("2006-01-02") {
			t.Fatalf("DateInWords(%q) = %q", s, got)
		}
	}
}
