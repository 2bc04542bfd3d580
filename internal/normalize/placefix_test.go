package normalize

import "testing"

func TestRepairPlace(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Số 14, Tổ 3, Ấp 6, Xã Phước Thạnh, Huyện Củ Chỉ, Thành phố Hồ Chí Minh", "Số 14, Tổ 3, Ấp 6, Xã Phước Thạnh, Huyện Củ Chi, Thành phố Hồ Chí Minh"},
		{"Ấp 9, X. Phước Hiệp, H. Củ Chị, TP.HCM", "Ấp 9, X. Phước Hiệp, H. Củ Chi, TP.HCM"},
		{"Ấp 8, Xã Trụng Lập Hạ, Huyện Củ Chi", "Ấp 8, Xã Trung Lập Hạ, Huyện Củ Chi"},
		{"252 đường Lê Đức Thọ - phường 6 - Quân Tân Bình - Thành phố Hộ Chí Minh", "252 đường Lê Đức Thọ - phường 6 - Quận Tân Bình - Thành phố Hồ Chí Minh"},
		{"Bênh viện Hùng Vương", "Bệnh viện Hùng Vương"},
		{"HUYỆN CỦ CHỈ", "HUYỆN CỦ CHI"},
		// A number OCR glued to the word before it.
		{"Số275/51 đường Âu Cơ, Khu phố2, Tổ20, P.15", "Số 275/51 đường Âu Cơ, Khu phố 2, Tổ 20, P.15"},
		// Right as read, or another correct placement of the tone mark.
		{"Phường Tân Hoà, Quận Tân Bình", "Phường Tân Hoà, Quận Tân Bình"},
		{"Phường Tân Hòa, Quận Tân Bình", "Phường Tân Hòa, Quận Tân Bình"},
		// A lone word is never changed, nor a street no list knows.
		{"Chỉ", "Chỉ"},
		{"44 Thạch Chỉnh, phường 9", "44 Thạch Chỉnh, phường 9"},
		// Misreadings the phrase list names, a stray full stop before a comma.
		{"Số 60 đường Âu Cơ, Khu phế 2, Thành phế Cần Thơ", "Số 60 đường Âu Cơ, Khu phố 2, Thành phố Cần Thơ"},
		{"Tai nhà, Phường 7., Quận 5", "Tại nhà, Phường 7, Quận 5"},
		{"Ấp 7. Thị trấn Lai Uyên, Tỉnh Bình Dương", "Ấp 7, Thị trấn Lai Uyên, Tỉnh Bình Dương"},
		// A province's kind the list leaves out, with its mark lost.
		{"Tinh Hà Nam", "Tỉnh Hà Nam"},
		{"Xã Thanh Hà, Tinh Ha Nam", "Xã Thanh Hà, Tỉnh Hà Nam"},
		// A street the list knows, with a mark lost.
		{"Số 86 đường Pham Thế Hiển, Khu phố 3", "Số 86 đường Phạm Thế Hiển, Khu phố 3"},
		{"298 đường Cách Mang Tháng Tám, Phường 10, Quận 3", "298 đường Cách Mạng Tháng Tám, Phường 10, Quận 3"},
		// A 1 read as a letter where a small number stands.
		{"Khu phố ], Phường I1, Quận 5", "Khu phố 1, Phường 11, Quận 5"},
		{"Phường Ï, Quân I, TP Hồ Chí Minh", "Phường 1, Quận 1, TP Hồ Chí Minh"},
		{"Tổ I1, Ấp 8, Phường l3", "Tổ 11, Ấp 8, Phường 13"},
		{"Phường Ít, Quận Lê", "Phường Ít, Quận Lê"},
		// A 6 read as "ó", an 8 as "§", also after an abbreviated kind.
		{"Tổ ó, Phường ló, Quận §", "Tổ 6, Phường 16, Quận 8"},
		{"45/17 đường Võ Văn Tần, P.ló, Q.§, TP.HCM", "45/17 đường Võ Văn Tần, P.16, Q.8, TP.HCM"},
		{"Phường Ó, Quận Tó", "Phường Ó, Quận Tó"},
		// The word before a house number, and the slash in it.
		{"$ố211, đường Lê Lợi", "Số 211, đường Lê Lợi"},
		{"$%ố275/51 đường Âu Cơ", "Số 275/51 đường Âu Cơ"},
		{"Sế 60 đường Âu Cơ, Khu phố 2", "Số 60 đường Âu Cơ, Khu phố 2"},
		{"121⁄35 Tô Ký, Phường Dĩ An", "121/35 Tô Ký, Phường Dĩ An"},
		{"Sổ hộ khẩu, Phường 5", "Sổ hộ khẩu, Phường 5"},
		// A unit's name without its kind is mended only where a unit's
		// name stands: "Tháng Tám" of a street is not Phường Thắng Tam.
		{"Số 361 đường Cách Mạng Tháng Tám, Phường 9, Quận 3", "Số 361 đường Cách Mạng Tháng Tám, Phường 9, Quận 3"},
		{"Số 5 Lê Lợi, Phường Thắng Tám, Bà Rịa - Vũng Tàu", "Số 5 Lê Lợi, Phường Thắng Tam, Bà Rịa - Vũng Tàu"},
		{"Số 5 Lê Lợi, Thắng Tám, Bà Rịa - Vũng Tàu", "Số 5 Lê Lợi, Thắng Tam, Bà Rịa - Vũng Tàu"},
		// Commas OCR lost or read as full stops, in an address written
		// with commas; not in one written without, nor inside a body's
		// name or a street named after a unit.
		{"Số 319/52 đường Nguyễn An Ninh, Khu phố 7 Phường 6 Quận Tân Bình, TP.HCM", "Số 319/52 đường Nguyễn An Ninh, Khu phố 7, Phường 6, Quận Tân Bình, TP.HCM"},
		{"Tổ 14. Ấp 7, Xã Phú Hòa Đông. Huyện Củ Chi, Thành phố Thủ Đức. TP. Hồ Chí Minh", "Tổ 14, Ấp 7, Xã Phú Hòa Đông, Huyện Củ Chi, Thành phố Thủ Đức, TP. Hồ Chí Minh"},
		{"Khu phố 4,P. Trung Mỹ Tây, Quận 7„ TP.HCM", "Khu phố 4, P. Trung Mỹ Tây, Quận 7, TP.HCM"},
		{"Phường 4 Quận Phú Nhuận TP Hồ Chí Minh", "Phường 4 Quận Phú Nhuận TP Hồ Chí Minh"},
		{"Ấp 3 - Xã An Nhơn Tây Huyện Củ Chi", "Ấp 3 - Xã An Nhơn Tây Huyện Củ Chi"},
		{"Bệnh viện Đa khoa tỉnh Bình Dương, TP. Hồ Chí Minh", "Bệnh viện Đa khoa tỉnh Bình Dương, TP. Hồ Chí Minh"},
		{"Trạm Y tế phường 16, Quận 4", "Trạm Y tế phường 16, Quận 4"},
		{"Số 117 đường Tô Ký, Khu phố 7, Số 9 Lạc Long Quân, Quận 1", "Số 117 đường Tô Ký, Khu phố 7, Số 9 Lạc Long Quân, Quận 1"},
		{"Số 5 đường Tỉnh lộ 10, Ấp Bắc, Phường 2", "Số 5 đường Tỉnh lộ 10, Ấp Bắc, Phường 2"},
		// A word split at a wide letter; two words that are words stay.
		{"Số 211 đư ờng Điện Biên Phủ - Phư ờng 3 - Qu ận 4", "Số 211 đường Điện Biên Phủ - Phường 3 - Quận 4"},
		{"Số 9 đường Tân Thành, Khu phố 3", "Số 9 đường Tân Thành, Khu phố 3"},
		// A full stop inside a name the list knows; an abbreviation's stays.
		{"Số 246 đường Xô Viết Nghệ. Tĩnh, Khu phố 4", "Số 246 đường Xô Viết Nghệ Tĩnh, Khu phố 4"},
		{"Phường 5, Tp. Hồ Chí Minh", "Phường 5, Tp. Hồ Chí Minh"},
	} {
		if got, _, _, _ := repairPlace(tc.in); got != tc.want {
			t.Errorf("repairPlace(%q)\n  = %q\nwant %q", tc.in, got, tc.want)
		}
	}
	m := Place("Huyện Củ Chỉ, Thành phố Hồ Chí Minh")
	if m.Text != "Huyện Củ Chi, Thành phố Hồ Chí Minh" || m.Note == "" {
		t.Errorf("Place = %+v, want the district mended with a note", m)
	}
}
