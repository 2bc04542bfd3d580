package review

import (
	"testing"

	"github.com/civreg/civreg/registry"
)

// The boxes and readings are those the reader gave generated pages
// (civreg samples generate; civreg scan).
func boxed(raw string, b registry.Box) *registry.Field {
	return &registry.Field{Raw: raw, Box: &b}
}

func TestViewBoxSignerAndTitleApart(t *testing.T) {
	line := "Trưởng phòng Tư pháp (Đỗ Ngọc Duyên)"
	b := registry.Box{222, 2436, 1546, 2608}
	rec := &registry.Record{Kind: registry.Birth, Era: registry.EraB, Fields: map[string]*registry.Field{
		"nguoiKy": boxed(line, b), "chucVuNguoiKy": boxed(line, b),
		"nksNgaySinh": boxed("24.10.1990", registry.Box{687, 524, 1020, 596}),
		"nksHoTen":    boxed("x", registry.Box{600, 400, 1500, 472}),
	}}
	name, title := viewBox(rec, "nguoiKy"), viewBox(rec, "chucVuNguoiKy")
	if *name == *title {
		t.Fatalf("the signer's name and title have one crop: %v", *name)
	}
	// On the page the title stands at x 415–942, the name at 973–1324.
	if title[0] > 415 || title[2] < 942 || name[0] > 973 || name[2] < 1324 || title[0] >= name[0] {
		t.Errorf("title %v, name %v: each should hold its words, the title left of the name", *title, *name)
	}
}

func TestViewBoxSignerOnTwoLines(t *testing.T) {
	// On the page the name stands at x 259–1564 on the upper line, the
	// title at 489–966 on the lower.
	line := "NGUYỄN THANH PHƯƠNG Cán bộ Tư pháp hộ tịch"
	b := registry.Box{229, 2419, 1648, 2631}
	rec := &registry.Record{Kind: registry.Death, Era: registry.EraA, Fields: map[string]*registry.Field{
		"nguoiKy": boxed(line, b), "chucVuNguoiKy": boxed(line, b),
	}}
	name, title := viewBox(rec, "nguoiKy"), viewBox(rec, "chucVuNguoiKy")
	if *name == *title || title[0] > 489 || name[0] > 259 {
		t.Errorf("name %v, title %v: each should hold the start of its words", *name, *title)
	}
}

func TestViewBoxOwnBoxesKept(t *testing.T) {
	line := "Trưởng phòng Tư pháp (Đỗ Ngọc Duyên)"
	rec := &registry.Record{Kind: registry.Birth, Era: registry.EraB, Fields: map[string]*registry.Field{
		"nguoiKy": boxed(line, registry.Box{959, 2451, 1340, 2506}), "chucVuNguoiKy": boxed(line, registry.Box{415, 2454, 942, 2506}),
	}}
	if b := viewBox(rec, "nguoiKy"); *b != (registry.Box{959, 2451, 1340, 2506}) {
		t.Errorf("the name's own box became %v", *b)
	}
}

func TestViewBoxRemarkIsItsBlank(t *testing.T) {
	rec := &registry.Record{Kind: registry.Birth, Era: registry.EraA, Fields: map[string]*registry.Field{
		"ghiChu":      boxed("", registry.Box{1685, 354, 2298, 3249}),
		"nksNgaySinh": boxed("x", registry.Box{743, 527, 1032, 638}),
		"nksHoTen":    boxed("x", registry.Box{600, 400, 1500, 500}),
	}}
	b := viewBox(rec, "ghiChu")
	if b[3]-b[1] > 1500 || b[0] != 1685 || b[1] != 354 {
		t.Errorf("the remark's crop is %v: the column down to the page's foot", *b)
	}
}

func TestViewBoxDateInWordsRunsOn(t *testing.T) {
	rec := &registry.Record{Kind: registry.Birth, Era: registry.EraA, Fields: map[string]*registry.Field{
		"nksNgaySinhBangChu": boxed("x", registry.Box{190, 525, 1677, 600}),
		"nksNgaySinh":        boxed("x", registry.Box{743, 527, 1032, 600}),
		"nksHoTen":           boxed("x", registry.Box{600, 400, 1500, 473}),
	}}
	if b := viewBox(rec, "nksNgaySinhBangChu"); b[3] < 600+70 {
		t.Errorf("the date in words' crop %v stops at its first line", *b)
	}
}
