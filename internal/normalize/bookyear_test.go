package normalize_test

import (
	"testing"

	"github.com/civreg/civreg/internal/normalize"
)

func TestBookYear(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		year int
		want string
		read string
	}{
		{"26 tháng 2 năm 1965", 1985, "26 tháng 2 năm 1985", "1965"},
		{"ÚZ tháng 07 năm Z012", 2012, "ÚZ tháng 07 năm 2012", "Z012"},
		{"/Š tháng 0 năm 20/2", 2012, "/Š tháng 0 năm 2012", "20/2"},
		{"2 tháng 01 năm 290/", 2001, "2 tháng 01 năm 2001", "290/"},
		{"4⁄1⁄2027", 2021, "4⁄1⁄2021", "2027"},
		{"04/02/2072", 2012, "04/02/2012", "2072"},
		// Right already, another year altogether, or no year.
		{"12 tháng 3 năm 2012", 2012, "12 tháng 3 năm 2012", ""},
		{"12 tháng 3 năm 1998", 2012, "12 tháng 3 năm 1998", ""},
		{"12 tháng 3 năm", 2012, "12 tháng 3 năm", ""},
		{"12 tháng 3", 2012, "12 tháng 3", ""},
		{"04/02/2012", 0, "04/02/2012", ""},
	} {
		got, read := normalize.BookYear(tc.raw, tc.year)
		if got != tc.want || read != tc.read {
			t.Errorf("BookYear(%q, %d) = %q, %q; want %q, %q", tc.raw, tc.year, got, read, tc.want, tc.read)
		}
	}
}
