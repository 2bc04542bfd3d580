package normalize

import (
	"strings"
	"time"
)

// WordsStyle chooses among the ways register books write a date in words.
type WordsStyle struct {
	Thousand string // "nghìn" or "ngàn"
	Zero     string // "linh" or "lẻ": 2008 is "hai nghìn không trăm linh tám"
	Commas   bool   // "Ngày hai mươi sáu, tháng sáu, năm ..." with commas
	Case     int    // 0 sentence case, 1 Title Case, 2 lower case, 3 UPPER CASE
	Four     bool   // "tư" rather than "bốn" for a final 4 after "mươi" and for April
	// Mung is written before a day from 1 to 10: "mùng" or "mồng" ("ngày
	// mùng năm"); empty for none.
	Mung string
	// MonthNames writes January as "giêng" and December as "chạp".
	MonthNames bool
	// FiveNam writes a final 5 after "mươi" or "mười" as "năm" rather than
	// "lăm" ("hai mươi năm").
	FiveNam bool
}

var units = []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// Words writes n (0 ≤ n < 10000) in Vietnamese words, lower case.
func Words(n int, st WordsStyle) string {
	th, zero := st.Thousand, st.Zero
	if th == "" {
		th = "nghìn"
	}
	if zero == "" {
		zero = "linh"
	}
	var out []string
	if n >= 1000 {
		out = append(out, units[n/1000], th)
		n %= 1000
		if n == 0 {
			return strings.Join(out, " ")
		}
		out = append(out, units[n/100], "trăm")
	} else if n >= 100 {
		out = append(out, units[n/100], "trăm")
	}
	hadHundreds := len(out) > 0
	n %= 100
	tens, ones := n/10, n%10
	switch {
	case n == 0:
		if !hadHundreds {
			out = append(out, "không")
		}
	case tens == 0:
		if hadHundreds {
			out = append(out, zero)
		}
		out = append(out, units[ones])
	case tens == 1:
		out = append(out, "mười")
		if ones == 5 && st.FiveNam {
			out = append(out, "năm")
		} else if ones == 5 {
			out = append(out, "lăm")
		} else if ones > 0 {
			out = append(out, units[ones])
		}
	default:
		out = append(out, units[tens], "mươi")
		switch ones {
		case 0:
		case 1:
			out = append(out, "mốt")
		case 4:
			if st.Four {
				out = append(out, "tư")
			} else {
				out = append(out, "bốn")
			}
		case 5:
			if st.FiveNam {
				out = append(out, "năm")
			} else {
				out = append(out, "lăm")
			}
		default:
			out = append(out, units[ones])
		}
	}
	return strings.Join(out, " ")
}

// FormatDateInWords writes a date as register books do, for example "Ngày
// hai mươi sáu, tháng sáu, năm một nghìn chín trăm bốn mươi tám".
func FormatDateInWords(t time.Time, st WordsStyle) string {
	month := Words(int(t.Month()), st)
	switch {
	case t.Month() == 4 && st.Four:
		month = "tư"
	case t.Month() == 1 && st.MonthNames:
		month = "giêng"
	case t.Month() == 12 && st.MonthNames:
		month = "chạp"
	}
	day := Words(t.Day(), st)
	if st.Mung != "" && t.Day() <= 10 {
		day = st.Mung + " " + day
	}
	sep := " "
	if st.Commas {
		sep = ", "
	}
	s := "ngày " + day + sep + "tháng " + month + sep + "năm " + Words(t.Year(), st)
	switch st.Case {
	case 1:
		ws := strings.Fields(s)
		for i, w := range ws {
			ws[i] = capitalize(w)
		}
		s = strings.Join(ws, " ")
	case 2:
	case 3:
		s = strings.ToUpper(s)
	default:
		s = capitalize(s)
	}
	return s
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
