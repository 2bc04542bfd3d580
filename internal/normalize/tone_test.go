package normalize

import (
	"slices"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
)

// A syllable closed by a stop takes the sắc or nặng tone: a reading
// without one lost a mark, and is not taken as a valid value.
func TestStopSyllableTone(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{
		{"Kiệt", true}, {"Tuyết", true}, {"Bạch", true}, {"Ấp", true}, {"Lộc", true},
		{"Kiêt", false}, {"Tuyet", false}, {"Bach", false}, {"Lôc", false},
		{"Anh", true}, {"Hâu", true}, // not closed by a stop
	} {
		if got := vietWord(tc.w); got != tc.want {
			t.Errorf("vietWord(%q) = %t, want %t", tc.w, got, tc.want)
		}
	}
	if r := Normalize(registry.TypeName, "Nguyễn Thị Nguyêt"); r.OK {
		t.Errorf("name with Nguyêt = %+v, want it invalid", r)
	}
	if r := Normalize(registry.TypeName, "Nguyễn Thị Nguyệt"); !r.OK {
		t.Errorf("name with Nguyệt = %+v, want it valid", r)
	}
}

func TestMisToned(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Số 304 đường Bach Đằng, Khu phố 2, P.15, Q.4", []string{"Bach"}},
		{"Số 93/52 đường Lý Thường Kiêt, Phường Bến Nghé", []string{"Kiêt"}},
		{"Số 93/52 đường Lý Thường Kiệt, Ấp 7, TP.HCM", nil},
		{"So 12 duong Ly Thuong Kiet, Quan 1", nil}, // written without marks
		{"12 Bis Pasteur, Phường 6", nil},           // no syllable of that shape
	} {
		if got := misToned(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("misToned(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	for _, typ := range []registry.ValueType{registry.TypePlace, registry.TypeText} {
		if r := Normalize(typ, "Số 304 đường Bach Vân, Phường 15, Quận 4"); r.OK || r.Note != "chữ sai dấu: Bach" {
			t.Errorf("%s: %+v, want invalid with the word named", typ, r)
		}
	}
}

// A given name with the letters of a common one but accents none of them
// has is kept as read but not taken as valid, with a note; a listed or
// unknown given name is valid.
func TestRareGiven(t *testing.T) {
	for _, tc := range []struct {
		name string
		note bool
	}{
		{"Nguyễn Thùy Chỉ", true}, {"Lê Gia Hầu", true}, {"Nguyễn Văn Manh", true},
		{"Nguyễn Thùy Chi", false}, {"Lê Gia Hậu", false}, {"Nguyễn Văn Mạnh", false},
		{"Trần Thị Mỹ", false}, {"Trần Thị My", false}, // both are names
		{"Trần Văn Khuyến", false}, // not listed, nor a look-alike: not doubted
	} {
		r := Normalize(registry.TypeName, tc.name)
		if r.OK == tc.note || r.Value != tc.name || strings.Contains(r.Note, "ít gặp") != tc.note {
			t.Errorf("Normalize(name, %q) = %+v, want it kept, doubted %t", tc.name, r, tc.note)
		}
	}
	if r := Normalize(registry.TypeSigner, "LÊ GIA HẦU - Phó Chủ tịch"); r.OK || r.Value != "Lê Gia Hầu" || !strings.Contains(r.Note, "ít gặp") {
		t.Errorf("signer = %+v, want Hầu kept and doubted", r)
	}
}

// A given name no list holds whose "o", "ô" or "ơ" read as the "a" or "â"
// of the same tone makes a listed one is doubted: faces that read every
// "a" of a page so ("Tợi nhờ" for "Tại nhà") gave "Lê Đức Đợt" for Đạt.
func TestOForA(t *testing.T) {
	for _, tc := range []struct {
		name string
		note bool
	}{
		{"Lê Đức Đợt", true}, {"Trần Thị Nhờn", true}, {"NGUYỄN VĂN THỚI", true},
		{"Lê Đức Đạt", false}, {"Nguyễn Văn Long", false}, {"Trần Văn Sơn", false},
		{"Nguyễn Thị Hồng", false}, {"Trần Văn Khuyến", false},
	} {
		r := Normalize(registry.TypeName, tc.name)
		if r.OK == tc.note || strings.Contains(r.Note, "chữ a có thể đọc thành o") != tc.note {
			t.Errorf("Normalize(name, %q) = %+v, want doubted %t", tc.name, r, tc.note)
		}
	}
}

func TestDocNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"117/GBT", "117/GBT"}, {"340/2018/GBT", "340/2018/GBT"}, {"475", "475"},
		{"Số 12 / BV", "12/BV"}, {"85⁄UBND-TP", "85/UBND-TP"},
		{"12Z7/BV", ""}, {"GBT", ""}, {"117/gbt", ""}, {"1234567", ""},
	} {
		got, err := DocNumber(tc.in)
		if (err != nil) != (tc.want == "") || got != tc.want {
			t.Errorf("DocNumber(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// Free text naming a place misread as a place's checks would doubt it is
// doubted: a body that issued a paper, "Bệnh viên Quận Tận Phú".
func TestTextPlaceSlip(t *testing.T) {
	for s, ok := range map[string]bool{
		"Bệnh viên Quận Tận Phú":                                        false,
		"Bệnh viện Quộn Tôn Phú":                                        false,
		"Bệnh viện Quận Tân Phú":                                        true,
		"Cải chính họ tên theo Quyết định số 14/QĐ-UBND":                true,
		"Giấy báo tử số 160/GBT ngày 5/7/1955 của UBND Thị trấn Củ Chi": true,
	} {
		if r := Normalize(registry.TypeText, s); r.OK != ok {
			t.Errorf("Normalize(text, %q) = %+v, want ok %v", s, r, ok)
		}
	}
}
