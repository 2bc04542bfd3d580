package suggest

import (
	"slices"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
)

func values(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Value)
	}
	return out
}

func TestNameComposesAccentInsensitively(t *testing.T) {
	got := values(For(registry.TypeName, "nguyen thi ng", nil, 50))
	for _, want := range []string{"Nguyễn Thị Nga", "Nguyễn Thị Ngọc"} {
		if !slices.Contains(got, want) {
			t.Errorf("nguyen thi ng: %q lacks %q", got, want)
		}
	}
	for _, v := range got {
		if !strings.HasPrefix(v, "Nguyễn Thị Ng") {
			t.Errorf("nguyen thi ng offers %q", v)
		}
	}
	if got := values(For(registry.TypeName, "ngu", nil, 3)); len(got) == 0 || got[0] != "Nguyễn" {
		t.Errorf("ngu: %q, want Nguyễn first", got)
	}
	if got := values(For(registry.TypeName, "nguyen th", nil, 5)); len(got) == 0 || got[0] != "Nguyễn Thị" {
		t.Errorf("nguyen th: %q, want the middle name Thị first", got)
	}
}

func TestBookValuesComeFirst(t *testing.T) {
	book := []string{"Nguyễn Thị Ngân Hà", "Trần Văn Ba"}
	got := values(For(registry.TypeName, "NGUYEN THI NG", book, 5))
	if len(got) == 0 || got[0] != "Nguyễn Thị Ngân Hà" {
		t.Errorf("book name not first: %q", got)
	}
	if got := values(For(registry.TypeSigner, "tran v", book, 5)); len(got) == 0 || got[0] != "Trần Văn Ba" {
		t.Errorf("signer from the book: %q", got)
	}
}

func TestVocabularies(t *testing.T) {
	cases := []struct {
		typ  registry.ValueType
		q    string
		want string
	}{
		{registry.TypeEthnicity, "kho m", "Khơ-me"},
		{registry.TypeEthnicity, "kin", "Kinh"},
		{registry.TypeNationality, "viet", "Việt Nam"},
		{registry.TypeRelation, "cha", "Cha"},
		{registry.TypeTitle, "pho chu", "Phó Chủ tịch"},
		{registry.TypePlace, "ben nghe", "Phường Bến Nghé, Quận 1"},
		{registry.TypePlace, "phuong sai g", "Phường Sài Gòn"},
		{registry.TypePlace, "12 Lê Lợi, sai g", "12 Lê Lợi, Phường Sài Gòn"},
		{registry.TypePlace, "12 le lo", "12 Lê Lợi"},
	}
	for _, c := range cases {
		got := For(c.typ, c.q, nil, 10)
		if !slices.Contains(values(got), c.want) {
			t.Errorf("%s %q: %q lacks %q", c.typ, c.q, values(got), c.want)
		}
	}
}

func TestOldUnitLabelNamesTheNewOne(t *testing.T) {
	for _, it := range For(registry.TypePlace, "ben nghe", nil, 10) {
		if it.Value == "Phường Bến Nghé, Quận 1" && it.Label != "Phường Bến Nghé, Quận 1 (nay là Phường Sài Gòn)" {
			t.Errorf("label %q", it.Label)
		}
	}
}

func TestNothingForNothing(t *testing.T) {
	if got := For(registry.TypeName, "  ", nil, 5); got != nil {
		t.Errorf("blank query: %v", got)
	}
	if got := For(registry.TypeEthnicity, "zzzq", nil, 5); len(got) != 0 {
		t.Errorf("zzzq: %v", got)
	}
}

func TestAddressParts(t *testing.T) {
	cases := []struct{ q, want string }{
		{"Số 269 đường phan d", "Số 269 đường Phan Đăng Lưu"},
		{"22 Bạch Đằng, Phường 8, Quận 4, tp", "22 Bạch Đằng, Phường 8, Quận 4, TP. Hồ Chí Minh"},
		{"22 Bạch Đằng - phuong 8", "22 Bạch Đằng - Phường 8, Quận 4"},
		{"tinh tra", "Tỉnh Trà Vinh"},
	}
	for _, c := range cases {
		if got := values(For(registry.TypePlace, c.q, nil, 8)); !slices.Contains(got, c.want) {
			t.Errorf("%q: %q lacks %q", c.q, got, c.want)
		}
	}
}

// A word typed in full comes before the longer words it begins, so that
// the value typed is offered even when many names start with it.
func TestWholeWordFirst(t *testing.T) {
	got := values(For(registry.TypeName, "Nguyễn Văn Hoa", nil, 8))
	if len(got) == 0 || fold(got[0]) != "nguyen van hoa" {
		t.Errorf("Nguyễn Văn Hoa: %q, want the name typed first", got)
	}
	if got := values(For(registry.TypeEthnicity, "kinh", nil, 3)); len(got) == 0 || got[0] != "Kinh" {
		t.Errorf("kinh: %q", got)
	}
}

// An address being typed takes the ward, district and city of the book's
// other addresses from any comma or dash on.
func TestPlaceTailsFromTheBook(t *testing.T) {
	book := []string{"390 Bạch Đằng, Phường 15, Quận 4, TP. Hồ Chí Minh", "Ấp 7 - Xã Bình Chánh - Huyện Bình Chánh - Thành phố Hồ Chí Minh"}
	got := values(For(registry.TypePlace, "22 Bến Vân Đồn, phuong 15", book, 8))
	if len(got) == 0 || got[0] != "22 Bến Vân Đồn, Phường 15, Quận 4, TP. Hồ Chí Minh" {
		t.Errorf("tail of a book address: %q", got)
	}
	got = values(For(registry.TypePlace, "Tổ 3, Ấp 7 - Huyen", book, 8))
	if !slices.Contains(got, "Tổ 3, Ấp 7 - Huyện Bình Chánh - Thành phố Hồ Chí Minh") {
		t.Errorf("tail after a dash: %q", got)
	}
	if got := values(For(registry.TypePlace, "12 Lê Lợi", book, 8)); slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, "Bạch Đằng") }) {
		t.Errorf("a part with no comma before it took a book address: %q", got)
	}
}

func TestIDDocumentsAndTicks(t *testing.T) {
	if got := values(For(registry.TypeIDDocument, "c", nil, 3)); len(got) == 0 || got[0] != "CMND số" {
		t.Errorf("c: %q, want CMND số first", got)
	}
	if got := values(For(registry.TypeIDDocument, "ho", nil, 3)); len(got) == 0 || got[0] != "Hộ chiếu số" {
		t.Errorf("ho: %q", got)
	}
	opts := []string{"Đúng hạn", "Quá hạn", "Đăng ký lại"}
	if got := values(For(registry.TypeTick, "q", opts, 3)); len(got) != 1 || got[0] != "Quá hạn" {
		t.Errorf("q: %q", got)
	}
	if got := values(For(registry.TypeTick, "lai", opts, 3)); len(got) != 1 || got[0] != "Đăng ký lại" {
		t.Errorf("lai: %q", got)
	}
}
