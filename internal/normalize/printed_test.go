package normalize_test

import (
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// Printed text of a form is never part of a value (issue 19): a blank
// column read as its own heading is blank, captions of the signature block
// end the title before them, a label with its colon ends the value before
// it; words a value shares with a label, without the colon, stay.
func TestPrintedCut(t *testing.T) {
	p := normalize.NewPrinted(form.Printed())
	for _, tc := range []struct{ raw, kept, cut string }{
		{"Ghi chú", "", "Ghi chú"},
		{"Ghi chú:", "", "Ghi chú"},
		{"GHI CHÚ", "", "GHI CHÚ"},
		{"Phó Chủ tịch UBND phường Người đi khai sinh Người thực hiện", "Phó Chủ tịch UBND phường", "Người đi khai sinh Người thực hiện"},
		{"Chủ tịch UBND (Ký, ghi rõ họ tên)", "Chủ tịch UBND", "(Ký, ghi rõ họ tên)"},
		{"Quốc tịch: Việt Nam", "Việt Nam", "Quốc tịch:"},
		{"Bệnh viện Từ Dũ Dân tộc: Kinh", "Bệnh viện Từ Dũ", "Dân tộc: Kinh"},
		{"Ghi chú việc xác định lại dân tộc ngày 04-04-2018", "Ghi chú việc xác định lại dân tộc ngày 04-04-2018", ""},
		{"Cải chính ngày, tháng, năm sinh theo Quyết định số 12/QĐ-UBND", "Cải chính ngày, tháng, năm sinh theo Quyết định số 12/QĐ-UBND", ""},
		{"Cán bộ Tư pháp hộ tịch", "Cán bộ Tư pháp hộ tịch", ""}, // a title, not a caption
		{"Nguyễn Văn An", "Nguyễn Văn An", ""},
	} {
		kept, cut := p.Cut(tc.raw)
		if kept != tc.kept || cut != tc.cut {
			t.Errorf("Cut(%q) = %q, %q; want %q, %q", tc.raw, kept, cut, tc.kept, tc.cut)
		}
	}
	// A name, place or date ends at a label even printed without its
	// colon; free text keeps the words.
	for _, tc := range []struct {
		t         registry.ValueType
		raw, kept string
	}{
		{registry.TypeName, "Nguyễn Thanh Thành Giới Tính Nam", "Nguyễn Thanh Thành"},
		{registry.TypePlace, "Bệnh viện Hùng Vương Quốc tịch Việt Nam", "Bệnh viện Hùng Vương"},
		{registry.TypeRemark, "Ghi chú việc xác định lại dân tộc ngày 04-04-2018", "Ghi chú việc xác định lại dân tộc ngày 04-04-2018"},
		{registry.TypeName, "Nguyễn Văn Nam", "Nguyễn Văn Nam"},
		{registry.TypeIDDocument, "CCCD số 094068121291 cấp ngày 9/3/2021", "CCCD số 094068121291 cấp ngày 9/3/2021"},
	} {
		if kept, _ := p.CutFor(tc.t, tc.raw); kept != tc.kept {
			t.Errorf("CutFor(%s, %q) = %q, want %q", tc.t, tc.raw, kept, tc.kept)
		}
	}
}

// A title that ran into a name in capitals, and a decision's number cut
// inside its issuing body, are not valid values (issue 19: "Chủ tịch UBND
// xã NGUYÊN THỊ GIANG", "233/QĐ-UBN").
func TestRunOnAndCutShort(t *testing.T) {
	for _, tc := range []struct {
		t   registry.ValueType
		raw string
		ok  bool
	}{
		{registry.TypeTitle, "Chủ tịch UBND xã NGUYÊN THỊ GIANG", false},
		{registry.TypeTitle, "PHÓ CHỦ TỊCH UBND PHƯỜNG", true},
		{registry.TypeTitle, "Phó Chủ tịch UBND phường", true},
		{registry.TypeDecision, "233/QĐ-UBN", false},
		{registry.TypeDecision, "233/QĐ-UBND", true},
		{registry.TypeDecision, "45/QĐ-TTg", true},
		{registry.TypeDecision, "12/QĐ", true},
	} {
		if r := normalize.Normalize(tc.t, tc.raw); r.OK != tc.ok {
			t.Errorf("%s %q: ok %v (%q), want %v", tc.t, tc.raw, r.OK, r.Note, tc.ok)
		}
	}
}

// A cause of death one letter from a listed cause, and none itself, is a
// misreading of it ("Đội quy" for Đột quỵ, accepted on an outside page).
func TestNearCause(t *testing.T) {
	for raw, ok := range map[string]bool{"Đội quy": false, "Đột quỵ": true, "Dột quy": true, "Tai nạn giao thông": true} {
		if r := normalize.Normalize(registry.TypeCause, raw); r.OK != ok {
			t.Errorf("%q: ok %v (%q), want %v", raw, r.OK, r.Note, ok)
		}
	}
}

// The end of a value's own label, left by a label found short of its last
// words, is no part of the value.
func TestLabelTail(t *testing.T) {
	label := "Họ, chữ đệm, tên, chức vụ của người ký Giấy chứng nhận kết hôn:"
	for _, tc := range []struct{ raw, kept string }{
		{"Nhận Kết Hôn Nguyễn Văn Danh", "Nguyễn Văn Danh"},
		{"kết hôn: Nguyễn Văn Danh", "Nguyễn Văn Danh"},
		{"Hôn Nguyễn Văn Danh", "Hôn Nguyễn Văn Danh"}, // one word says nothing
		{"Nguyễn Văn Danh", "Nguyễn Văn Danh"},
	} {
		if kept, _ := normalize.LabelTail(tc.raw, label); kept != tc.kept {
			t.Errorf("LabelTail(%q) = %q, want %q", tc.raw, kept, tc.kept)
		}
	}
}

func TestColonLead(t *testing.T) {
	for _, tc := range []struct{ raw, kept string }{
		{"tên: NGUYỄN THỊ BÍCH", "NGUYỄN THỊ BÍCH"},
		{"Nam Họtên: LỄ HỮU LÂM", "LỄ HỮU LÂM"},
		{"Nữ Họ, chữ đệm, tên: HOÀNG THỊ ÁNH", "HOÀNG THỊ ÁNH"},
		{"trú : Số 5 đường Lê Lợi", "Số 5 đường Lê Lợi"},
		{"Số 5: đường Lê Lợi", "Số 5: đường Lê Lợi"}, // a digit before it
		{"Nguyễn Văn An", "Nguyễn Văn An"},
		{"tên:", "tên:"},
		{"Họ, chữ đệm, tên người chồng: LÊ VĂN AN", "LÊ VĂN AN"},
		{"Số nhà 5 đường Lê Lợi, Khu phố 3: Phường 2", "Số nhà 5 đường Lê Lợi, Khu phố 3: Phường 2"},
	} {
		if kept, _ := normalize.ColonLead(tc.raw); kept != tc.kept {
			t.Errorf("ColonLead(%q) = %q, want %q", tc.raw, kept, tc.kept)
		}
	}
}

func TestLabelWords(t *testing.T) {
	label := "Phần ghi về Giấy báo tử/Giấy tờ thay cho Giấy báo tử:"
	for s, want := range map[string]bool{"báo tử:": true, "Giấy Báo Tử": true, "Giấy số:": false, "": false} {
		if got := normalize.LabelWords(s, label); got != want {
			t.Errorf("LabelWords(%q) = %v, want %v", s, got, want)
		}
	}
}

// One title on a signer's line is the signer's; two (a caption that is
// also a title read into the line) leave the title to a person.
func TestTwoTitles(t *testing.T) {
	for raw, ok := range map[string]bool{
		"Trưởng phòng Tư pháp Cán bộ hộ tịch":      false,
		"Phó Chủ tịch UBND phường":                 true,
		"KT. Chủ tịch - Phó Chủ tịch":              true,
		"Chủ tịch UBND xã":                         true,
		"Công chức Tư pháp - Hộ tịch":              true,
		"Cán bộ Tư pháp hộ tịch":                   true,
		"Nguyễn Văn An - Phó Chủ tịch UBND phường": true,
		"Trưởng phòng Tư pháp":                     true,
		// A caption that is no title is no second title, but its words
		// after the office are not the office's: a person looks (scan
		// cuts the captions it knows before).
		"Phó Chủ tịch UBND phường Người đi khai sinh": false,
		"NGUYỄN VĂN LONG Phó Chủ tịch UBND khaisinh":  false,
		"Phó Chủ tịch UBND thị trấn Củ Chi":           true,
		// Noise after the title kept "KT. Chủ tịch - Phó Chủ tịch" from
		// matching whole, and "Phó Chủ tịch" alone was taken (held-out).
		"II hôn: Nguyễn Hữu Toàn KT. Chủ tịch - Phó Chủ tịch II l II l": false,
		"PCT UBND": true,
	} {
		if r := normalize.Normalize(registry.TypeTitle, raw); r.OK != ok {
			t.Errorf("title %q: ok %v (%q), want %v", raw, r.OK, r.Note, ok)
		}
	}
}

func TestLabelEnd(t *testing.T) {
	for _, tc := range []struct{ raw, label, kept, cut string }{
		{"Văn Phát Chồng", "Họ, chữ đệm, tên người chồng:", "Văn Phát", "Chồng"},
		{"Ấp 5, xã Nhị Bình, Huyện Hóc Môn, Thành phố Hồ Chí Minh trú", "Nơi cư trú:", "Ấp 5, xã Nhị Bình, Huyện Hóc Môn, Thành phố Hồ Chí Minh", "trú"},
		{"Nguyễn Văn An", "Họ và tên cha:", "Nguyễn Văn An", ""},
		{"Chồng", "Họ, chữ đệm, tên người chồng:", "Chồng", ""},
	} {
		kept, cut := normalize.LabelEnd(tc.raw, tc.label)
		if kept != tc.kept || cut != tc.cut {
			t.Errorf("normalize.LabelEnd(%q, %q) = %q, %q; want %q, %q", tc.raw, tc.label, kept, cut, tc.kept, tc.cut)
		}
	}
}

// A blank remark column read as its own heading, in an edition's words,
// is no remark; a remark that names the column's words in its course is.
func TestLabelHeading(t *testing.T) {
	for _, tc := range []struct {
		raw, label string
		want       bool
	}{
		{"Phần ghi chú", "Ghi chú", true},
		{"GHI CHÚ:", "Ghi chú", true},
		{"Cột ghi chu", "Ghi chú:", true},
		{"Ghi chú theo Quyết định 233/QĐ-UBND", "Ghi chú", false},
		{"Đã cấp bản sao, xem ghi chú", "Ghi chú", false},
		{"", "Ghi chú", false},
	} {
		if got := normalize.LabelHeading(tc.raw, tc.label); got != tc.want {
			t.Errorf("normalize.LabelHeading(%q, %q) = %t, want %t", tc.raw, tc.label, got, tc.want)
		}
	}
}

// A name of two words that begins with a middle name has lost its surname
// ("Văn Long" from a cell whose "Nguyễn" was cut), and a place with one
// word in capitals among small letters was misread ("Tp. HỒ Chí Minh");
// both are kept as read but a person looks. Names printed in capitals,
// places whose unit is in capitals, and abbreviations stand.
func TestLostSurnameAndOddCapitals(t *testing.T) {
	for _, tc := range []struct {
		typ registry.ValueType
		raw string
		ok  bool
	}{
		{registry.TypeName, "Văn Long", false},
		{registry.TypeName, "THỊ HOA", false},
		{registry.TypeName, "Nguyễn Văn Long", true},
		// The given name lost: "PHAN VĂN" with "HUY" wrapped onto the
		// next line; a longer name may end in Văn.
		{registry.TypeName, "Phan Văn", false},
		{registry.TypeName, "PHAN THỊ", false},
		{registry.TypeSigner, "Phan Văn", false},
		{registry.TypeName, "Nguyễn Thành Văn", true},
		{registry.TypeName, "Nguyễn Hoa", true},
		{registry.TypeName, "Hạnh", false},
		{registry.TypeTitle, "Chủ tịch UBND xã Nguyễn Văn Quý", false},
		{registry.TypeTitle, "phó Chủ tịch UBND phường", false},
		{registry.TypeTitle, "Phó Chủ tịch UBND phường Bến Nghé", true},
		{registry.TypePlace, "Tp. HỒ Chí Minh", false},
		{registry.TypePlace, "Bệnh viện Từ Dũ, TP. HỒ Chí Minh", false},
		{registry.TypePlace, "Ấp 2, Xã Tân Phú Trung, Huyện Củ Chi, TP.HCM", true},
		{registry.TypePlace, "Sô 228 đường Phạm Thế Hiển, Phường Tân Hiệp, Thành phố Hồ Chí Minh", false},
		{registry.TypePlace, "SỐ 228 đường Phạm Thế Hiển, Phường Tân Hiệp, Thành phố Hồ Chí Minh", false},
		{registry.TypePlace, "Số 60/22 đường Tô Ký, Khu phố 3, 7, 5, Thành Hồ Chí Minh", false},
		{registry.TypePlace, "Bệnh viện Từ Dũ - Thành phố Hồ Chí", false},
		{registry.TypePlace, "Phường Linh Trung, Thành phố Thủ Đức, TP.HCM", true},
		{registry.TypePlace, "Phường 3, Quận Gò Vấp, TP. HỒ CHÍ MINH", true},
		{registry.TypePlace, "Số 12 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM", true},
	} {
		if r := normalize.Normalize(tc.typ, tc.raw); r.OK != tc.ok {
			t.Errorf("%s %q: ok %t (%s), want %t", tc.typ, tc.raw, r.OK, r.Note, tc.ok)
		}
	}
}

// A vocabulary word read with a label's colon is the label's end, read
// where the value should be: "mẹ:" is not the relation "Mẹ" (held-out,
// the page said "Ông nội").
func TestVocabularyWithColon(t *testing.T) {
	for _, tc := range []struct {
		t      registry.ValueType
		raw    string
		mended bool
	}{
		{registry.TypeRelation, "mẹ:", true},
		{registry.TypeRelation, "Mẹ", false},
		{registry.TypeSex, "Nam:", true},
		{registry.TypeNationality, "Việt Nam", false},
	} {
		r := normalize.Normalize(tc.t, tc.raw)
		if !r.OK || (r.Mended != "") != tc.mended {
			t.Errorf("%s %q: ok %v mended %q, want mended %v", tc.t, tc.raw, r.OK, r.Mended, tc.mended)
		}
	}
}

// A stroke glued to a name's last word sends the name to a person: the
// word may be cut short ("NGUYÊN THÀNH KHO.\" for Nguyễn Thành Khoa).
func TestNameWithStrokeAtEnd(t *testing.T) {
	wantValid(t, registry.TypeName, map[string]bool{
		`NGUYÊN THÀNH KHO.\`: false,
		`Trần Văn Hùng/`:     false,
		`TRƯƠNG MINH NHÂN.`:  true,
		`Trương Minh Nhân`:   true,
	})
}

// A name with a caption read into it goes to a person: too many words, or
// a start that no name has.
func TestNameWithCaption(t *testing.T) {
	wantValid(t, registry.TypeName, map[string]bool{
		"Nguyễn Văn Tâm Công Chức Ký Ghi Rõ": false,
		"Văn Minh Ký Quyết Định":             false,
		"Nguyễn Ngọc Bảo Anh Thư":            true,
		"Lê Thị Ngọc Anh":                    true,
	})
}

// A name ending in one letter that is no given name (a stroke of the
// signature read after it), or with a middle word that has a listed name's
// letters but none of its spellings (a mark lost or misread in both
// readings), goes to a person; names written so stand.
func TestNameWithOddWord(t *testing.T) {
	wantValid(t, registry.TypeName, map[string]bool{
		"Nguyễn Văn Duy Í":     false,
		"Nguyễn Văn Duy I":     false,
		"Nguyễn Văn Duy":       true,
		"Phan Van Long":        false,
		"Nguyễn Ăn Thịnh":      false,
		"Phan Văn Long":        true,
		"Nguyễn Vân Anh":       true,
		"Nguyễn An Khang":      true,
		"Trần Nguyễn Minh Anh": true,
	})
	wantValid(t, registry.TypeSigner, map[string]bool{
		"Chủ tịch UBND Nguyễn Văn Duy Í": false,
		"Chủ tịch UBND Phan Van Long":    false,
		"Chủ tịch UBND Phan Văn Long":    true,
	})
}

// A unit's name read with its letters but other marks than the unit the
// address resolves to goes to a person, though the list knows a unit of
// another district spelt as read ("Thanh An" in Bình Dương); so does a
// name the list knows read so where it may not be mended ("Bệnh viện Bà
// Ria"), but not a street's name that folds like a unit's.
func TestUnitMarkSlip(t *testing.T) {
	wantValid(t, registry.TypePlace, map[string]bool{
		"Ấp 3, Xã Thanh An, Huyện Cần Giờ, Thành phố Hồ Chí Minh": false,
		"Ấp 3, Xã Thạnh An, Huyện Cần Giờ, Thành phố Hồ Chí Minh": true,
		"Bệnh viện Bà Ria":                         false,
		"Bệnh viện Bà Rịa":                         true,
		"Bệnh viện An Bình, Thành phố Hồ Chí Minh": true,
		"Số 12 đường Cách Mạng Tháng Tám, Phường 5, Quận 3, Thành phố Hồ Chí Minh": true,
		"Ấp 3, Xã Thanh An, Huyện Dầu Tiếng, Tỉnh Bình Dương":                      true,
	})
}

// wantValid checks whether each reading normalises as a valid value of
// type typ.
func wantValid(t *testing.T, typ registry.ValueType, cases map[string]bool) {
	t.Helper()
	for raw, ok := range cases {
		if r := normalize.Normalize(typ, raw); r.OK != ok {
			t.Errorf("%s %q: ok %v (%q), want %v", typ, raw, r.OK, r.Note, ok)
		}
	}
}

// A date in running text whose stop was read as a space is not taken as
// read: "ngày 24 12.1995" for "ngày 24.12.1995" (a fresh tuned page).
func TestBrokenDateInText(t *testing.T) {
	wantValid(t, registry.TypeText, map[string]bool{
		"Xác nhận của Ban điều hành khu phố 1 ngày 24 12.1995": false,
		"Trích lục ngày 24/12 1995":                            false,
		"Xác nhận của Ban điều hành khu phố 1 ngày 24.12.1995": true,
		"Xác nhận của Ban điều hành khu phố 1 ngày 24/12/1995": true,
		"Giấy báo tử số 12 ngày 3 tháng 5 năm 2001":            true,
	})
}

// A place that lacks the punctuation the page's other places have is
// doubted: a stop after "Tp", the separators between its parts.
func TestPageStyle(t *testing.T) {
	got := normalize.PageStyle([]string{
		"Ấp 6 - Xã Thới Tam Thôn - Huyện Hóc Môn - Tp Hồ Chí Minh",
		"Số 12 đường Lê Lợi - Phường Bến Nghé - Quận 1 - Tp. Hồ Chí Minh",
		"Phường 14 Quận 3 Thành phố Hồ Chí Minh",
		"Bệnh viện Quận 8",
		"Tỉnh Long An",
	})
	for i, want := range []bool{true, false, true, false, false} {
		if (got[i] != "") != want {
			t.Errorf("place %d: doubt %q, want %v", i, got[i], want)
		}
	}
	// A page that writes its places so throughout says nothing.
	for _, page := range [][]string{
		{"Quận 7, TP Hồ Chí Minh", "TP Hồ Chí Minh"},
		{"Ấp 3 Xã Bình Ba Huyện Châu Đức", "Tổ 2 Ấp 5 Xã An Nhơn Tây"},
	} {
		for i, d := range normalize.PageStyle(page) {
			if d != "" {
				t.Errorf("%q: %q", page[i], d)
			}
		}
	}
}

// A remark that reads a phrase twice, or a date whose slashes were lost,
// goes to a person.
func TestRepeatedAndLostSlashes(t *testing.T) {
	wantValid(t, registry.TypeRemark, map[string]bool{
		"Giấy báo tử Giấy báo tử số 138/2003/GBT ngày 30/12/2003 của Công an phường Xóm Củi": false,
		"Giấy báo tử số 138 2003 GBT ngày 30 12 2003 của Công an phường Xóm Củi":             false,
		"Giấy báo tử số 138/2003/GBT ngày 30/12/2003 của Công an phường Xóm Củi":             true,
		"Cải chính họ tên theo Quyết định số 12/QĐ-UBND ngày 3/4/2019":                       true,
	})
}

// An address with a letter for a digit in a number, or with "đường"
// misread, goes to a person; a house's own letter and a street named
// Dương stand.
func TestMisreadHouseAndStreet(t *testing.T) {
	wantValid(t, registry.TypePlace, map[string]bool{
		"Số 149 dường Bạch Đằng, Khu phố 3, Phường 17, Quận Bình Thạnh, Thành phố Hồ Chí Minh": false,
		"Số 149 đường Bạch Đằng, Khu phố 3, Phường 17, Quận Bình Thạnh, Thành phố Hồ Chí Minh": true,
		"Số l8 đường Tô Ký, Khu phố 7, Phường 22, Quận Bình Thạnh, Thành phố Hồ Chí Minh":      false,
		"Số 8ó, Tổ 5, Ấp 8, Xã Minh Hoà, Tỉnh Bình Dương":                                      false,
		"Số 86, Tổ 5, Ấp 8, Xã Minh Hoà, Tỉnh Bình Dương":                                      true,
		"Số 12B/4 đường Tô Ký, Khu phố 7, Phường 22, Quận Bình Thạnh, Thành phố Hồ Chí Minh":   true,
		"Số 12 đường Dương Bá Trạc, Phường 17, Quận Bình Thạnh, Thành phố Hồ Chí Minh":         true,
	})
}

// Two marked syllables run together in a place or a remark are a space
// lost, not a word: "Trạm Y tếxã" (a fresh tuned page, accepted).
func TestGluedSyllables(t *testing.T) {
	wantValid(t, registry.TypePlace, map[string]bool{
		"Trạm Y tếxã Phú Xuân, huyện Nhà Bè, Tp. Hồ Chí Minh":  false,
		"Trạm Y tế xã Phú Xuân, huyện Nhà Bè, Tp. Hồ Chí Minh": true,
		"Số 5 đường Pasteur, Phường Bến Nghé, Quận 1, TP.HCM":  true,
	})
	wantValid(t, registry.TypeRemark, map[string]bool{"Xác nhận của Ban điềuhành khu phố 4": false})
}

// A remark of one word is a heading's or a label's word read into the
// remark column ("Phần" for a blank Ghi chú, heavy wear), not a remark.
func TestOneWordRemark(t *testing.T) {
	wantValid(t, registry.TypeRemark, map[string]bool{
		"Phần":                           false,
		"158/2005/NĐ-CP":                 false,
		"Đã cấp bản sao ngày 30/06/2026": true,
	})
	wantValid(t, registry.TypeText, map[string]bool{"Viêm": true})
}
