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
