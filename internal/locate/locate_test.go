package locate_test

import (
	"image"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/locate"
	"github.com/civreg/civreg/registry"
)

// page lays out words the way a form prints them: each printed line at a
// fixed pitch, labels followed by their values, with OCR-like damage.
type page struct {
	words []locate.Word
	y     int
}

func (p *page) line(parts ...string) {
	x := 200
	for _, part := range parts {
		for _, w := range strings.Fields(part) {
			width := 13 * len([]rune(w))
			p.words = append(p.words, locate.Word{Text: w, Conf: 90, Box: image.Rect(x, p.y, x+width, p.y+40)})
			x += width + 12
		}
		x += 60
	}
	p.y += 100
}

// birthPageA lays out a birth register page of era A; head is the first
// line ("Số:", "125", "Trang", "64"), the place of birth and the
// registration line (label, value) vary.
func birthPageA(head []string, noiSinh string, dangKy ...string) locate.Page {
	var p page
	p.y = 150
	p.line(head...)
	p.y = 400
	p.line("Phần ghi về người được đăng ký khai sinh:")
	p.line("Họ và tên:......", "NGUYỄN THỊ NHÀN", "Giới tính:....", "Nữ")
	p.line("Ngày, tháng, năm sinh:", "26/6/1948", "ghi bằng chữ:", "Ngày hai mươi sáu, tháng sáu,")
	p.line("năm một nghìn chín trăm bốn mươi tám")
	p.line("Nơi sinh:", noiSinh)
	p.line("")
	p.line("Đân tộc:", "Kinh", "Quốc tịch:", "Việt Nam")
	p.line("Quê quán:", "Xã Trung Hòa")
	p.line("Phần ghi về cha, mẹ người được đăng ký khai sinh:")
	p.line("Họ và tên cha:", "NGUYỄN VĂN AN")
	p.line("Dân tộc:", "Hoa", "Quốc tịch:", "Việt Nam")
	p.line("Họ và tên mẹ:", "TRẦN THỊ BÌNH")
	p.line("Dân tộc:", "Kinh", "Quốc tịch:", "Việt Nam")
	p.line("Phần ghi về người đi đăng ký khai sinh:")
	p.line("Họ và tên:", "NGUYỄN VĂN AN")
	p.line("Quan hệ với người được khai sinh:", "Cha")
	p.line(dangKy...)
	p.line("Họ tên, chức vụ, người ký Giấy khai sinh:", "Lê Văn Tám - Chủ tịch")
	return locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: p.words}
}

func TestLocateBirthEraA(t *testing.T) {
	pg := birthPageA([]string{"Số:", "125", "Trang", "64"}, "Bệnh viện Hùng Vương", "Đăng ký ngày", "28 tháng 4 năm 2009")
	res := locate.Locate(pg, form.Get(registry.Birth, registry.EraA))
	want := map[string]string{
		"so": "125", "trangSo": "64", "nksHoTen": "NGUYỄN THỊ NHÀN", "nksGioiTinh": "Nữ",
		"nksNgaySinh":        "26/6/1948",
		"nksNgaySinhBangChu": "Ngày hai mươi sáu, tháng sáu, năm một nghìn chín trăm bốn mươi tám",
		"nksNoiSinh":         "Bệnh viện Hùng Vương", "nksDanToc": "Kinh", "nksQuocTich": "Việt Nam",
		"chaHoTen": "NGUYỄN VĂN AN", "chaDanToc": "Hoa", "meHoTen": "TRẦN THỊ BÌNH", "meDanToc": "Kinh",
		"nycHoTen": "NGUYỄN VĂN AN", "nycQuanHe": "Cha", "ngayDangKy": "28 tháng 4 năm 2009",
		"nguoiKy": "Lê Văn Tám - Chủ tịch",
	}
	for key, w := range want {
		r := res.Region(key)
		if r == nil {
			t.Fatalf("no region for %s", key)
		}
		if got := r.Text(); got != w {
			t.Errorf("%s: got %q, want %q (found=%v)", key, got, w, r.Found)
		}
	}
	if res.Found < 0.9 {
		t.Errorf("found %.2f of labels, want ≥ 0.9", res.Found)
	}
	best := locate.Detect(pg, form.All())
	if id := best.Form.ID(); id.Kind != registry.Birth || id.Era != registry.EraA {
		t.Errorf("detected %s, want KS-A", id)
	}
}

// OCR often reads no space where the page has one: a label run into its
// value, or a label's words run together. The value must still be cut
// whole, and a word cut in two must read as printed.
func TestLocateGluedWords(t *testing.T) {
	pg := birthPageA([]string{"Số261", "Trang64"}, "Số 5, P.8, Q.6, TP.HCM", "Đăngkýngày", "14 tháng 2 năm 2005")
	res := locate.Locate(pg, form.Get(registry.Birth, registry.EraA))
	for key, want := range map[string]string{
		"so": "261", "trangSo": "64", "nksNoiSinh": "Số 5, P.8, Q.6, TP.HCM", "ngayDangKy": "14 tháng 2 năm 2005",
	} {
		if got := res.Region(key).Text(); got != want {
			t.Errorf("%s: got %q, want %q", key, got, want)
		}
	}
	// A value cut in two by the split reads as one word again.
	r := locate.Region{Words: []locate.Word{{Text: "Số"}, {Text: "12", Glued: true}, {Text: "đường"}}}
	if got := r.Text(); got != "Số12 đường" {
		t.Errorf("glued words: got %q", got)
	}
}

// A ticked box that OCR glues to its option's first word ("MÍCha,"), or
// keeps inside the word's box while dropping it from the text, is still
// the box that is looked at: the option's text begins after it.
func TestTickGluedToOption(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 2400, 3400))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	square := func(x0, y0, x1, y1 int, fill bool) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if fill && (x-x0 == y-y0 || x-x0 == y1-y-1 || (x-x0)%4 == 0) || x < x0+3 || x >= x1-3 || y < y0+3 || y >= y1-3 {
					img.Pix[y*img.Stride+x] = 20
				}
			}
		}
	}
	word := func(text string, x0, y0, x1, y1 int) locate.Word {
		return locate.Word{Text: text, Conf: 95, Box: image.Rect(x0, y0, x1, y1)}
	}
	for _, tc := range []struct {
		name  string
		words []locate.Word
		want  string
	}{
		{"glyph read as letters", []locate.Word{
			word("L]", 1677, 403, 1715, 442), word("Con", 1733, 405, 1819, 443), word("nhận", 1836, 405, 1936, 451), word("cha,", 1952, 405, 2036, 449), word("mẹ", 2053, 417, 2116, 451),
			word("MÍCha,", 1677, 515, 1829, 575), word("mẹ", 1846, 543, 1910, 577), word("nhận", 1926, 531, 2026, 577), word("con", 2042, 543, 2117, 569),
		}, "Cha, mẹ nhận con"},
		{"glyph inside the word's box", []locate.Word{
			word("L]", 1677, 403, 1715, 442), word("Con", 1733, 405, 1819, 443), word("nhận", 1836, 405, 1936, 451), word("cha,", 1952, 405, 2036, 449), word("mẹ", 2053, 417, 2116, 451),
			word("Cha,", 1677, 515, 1829, 575), word("mẹ", 1846, 543, 1910, 577), word("nhận", 1926, 531, 2026, 577), word("con", 2042, 543, 2117, 569),
		}, "Cha, mẹ nhận con"},
	} {
		square(1677, 403, 1715, 442, false)
		square(1677, 520, 1718, 565, true)
		res := locate.Locate(locate.Page{Image: img, Bounds: img.Bounds(), Words: tc.words}, form.Get(registry.Recognition, registry.EraB))
		r := res.Region("loaiDangKy")
		if r == nil || len(r.Marks) != 2 {
			t.Fatalf("%s: tick region %+v", tc.name, r)
		}
		best := r.Marks[0]
		for _, m := range r.Marks[1:] {
			if m.Ink > best.Ink {
				best = m
			}
		}
		if best.Option != tc.want || !best.Found {
			t.Errorf("%s: most ink in %q, want %q (%+v)", tc.name, best.Option, tc.want, r.Marks)
		}
	}
}

// A tick box is found by its own ink, not at fixed shares of its line's
// height: in a typeface whose box glyph is small beside tall accented
// text, the window those shares cut took in an empty box's whole outline
// and only part of the ticked one (held-out bench, "Đăng ký lại" ticked,
// "Kết hôn lần đầu" read). And where OCR places an option's text start too
// far right, so that a stroke of its first letter lies where the box
// should be, the box is cut at the column the group's other boxes share.
func TestTickBoxFoundByItsInk(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 2400, 3400))
	for i := range img.Pix {
		img.Pix[i] = 250
	}
	fill := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Pix[y*img.Stride+x] = 20
			}
		}
	}
	box := func(x0, y0, size int, ticked bool) {
		fill(x0, y0, x0+size, y0+2)
		fill(x0, y0+size-2, x0+size, y0+size)
		fill(x0, y0, x0+2, y0+size)
		fill(x0+size-2, y0, x0+size, y0+size)
		if ticked { // a check mark whose long stroke leaves the box at its top right
			for i := 0; i < size/3; i++ {
				fill(x0+size/6+i, y0+size/2+i, x0+size/6+i+3, y0+size/2+i+3)
			}
			for i := 0; i < size; i++ {
				fill(x0+size/2+i*2/3, y0+size*5/6-i, x0+size/2+i*2/3+3, y0+size*5/6-i+3)
			}
		}
	}
	word := func(text string, x0, y0, x1, y1 int) locate.Word {
		return locate.Word{Text: text, Conf: 95, Box: image.Rect(x0, y0, x1, y1)}
	}
	// Lines 54 and 42 pixels tall, boxes of 28.
	box(1673, 412, 28, false)
	box(1673, 496, 28, true)
	box(1673, 580, 28, false)
	fill(1722, 575, 1733, 606) // the left stroke of "Đ", left of where OCR starts the word
	words := []locate.Word{
		word("Đúng", 1718, 395, 1810, 449), word("hạn", 1826, 405, 1900, 449),
		word("Quá", 1718, 487, 1790, 529), word("hạn", 1806, 487, 1880, 529),
		word("Đăng", 1738, 570, 1830, 612), word("ký", 1846, 570, 1890, 624), word("lại", 1906, 570, 1960, 612),
	}
	res := locate.Locate(locate.Page{Image: img, Bounds: img.Bounds(), Words: words}, form.Get(registry.Birth, registry.EraB))
	r := res.Region("loaiDangKy")
	if r == nil || len(r.Marks) != 3 {
		t.Fatalf("tick region %+v", r)
	}
	for _, m := range r.Marks {
		if !m.Found || m.Box.Min.X != 1673 || m.Box.Dx() != 28 {
			t.Errorf("%q: box %v, want the box at x 1673, 28 wide", m.Option, m.Box)
		}
		ticked := m.Option == "Quá hạn"
		if ticked && m.Ink < 0.15 || !ticked && m.Ink > 0.02 {
			t.Errorf("%q: ink %.3f", m.Option, m.Ink)
		}
	}
}

// An edition that prints two labels of one line in the other order, and a
// label our layout puts on the line above on a line of its own, is read as
// printed: each value is the one right of its own label, and no value
// takes the words of a label it does not own (issue 19: "Bệnh viện An Bình
// Kinh", the ethnicity run into the place above).
func TestLocateEditionOrder(t *testing.T) {
	var p page
	p.y = 150
	p.line("Số:", "125", "Trang", "64")
	p.y = 400
	p.line("Phần ghi về người được đăng ký khai sinh:")
	p.line("Họ và tên:", "NGUYỄN THỊ NHÀN", "Giới tính:", "Nữ")
	p.line("Ngày, tháng, năm sinh:", "26/6/1948", "ghi bằng chữ:", "Ngày hai mươi sáu, tháng sáu,")
	p.line("năm một nghìn chín trăm bốn mươi tám")
	p.line("Nơi sinh:", "Bệnh viện An Bình")
	p.line("Quốc tịch:", "Việt Nam", "Dân tộc:", "Kinh")
	p.line("Quê quán:", "Xã Trung Hòa")
	p.line("Phần ghi về cha, mẹ người được đăng ký khai sinh:")
	p.line("Họ và tên cha:", "NGUYỄN VĂN AN")
	p.line("Quốc tịch:", "Việt Nam", "Dân tộc:", "Hoa")
	p.line("Họ và tên mẹ:", "TRẦN THỊ BÌNH")
	p.line("Quốc tịch:", "Lào", "Dân tộc:", "Kinh")
	p.line("Phần ghi về người đi đăng ký khai sinh:")
	p.line("Họ và tên:", "NGUYỄN VĂN AN")
	pg := locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: p.words}
	res := locate.Locate(pg, form.Get(registry.Birth, registry.EraA))
	for key, want := range map[string]string{
		"nksNoiSinh": "Bệnh viện An Bình", "nksDanToc": "Kinh", "nksQuocTich": "Việt Nam",
		"nksQueQuan": "Xã Trung Hòa", "chaDanToc": "Hoa", "chaQuocTich": "Việt Nam",
		"meHoTen": "TRẦN THỊ BÌNH", "meDanToc": "Kinh", "meQuocTich": "Lào",
	} {
		r := res.Region(key)
		if r == nil {
			t.Fatalf("no region for %s", key)
		}
		if got := r.Text(); got != want {
			t.Errorf("%s: got %q, want %q (found=%v)", key, got, want, r.Found)
		}
	}
}

// An edition that prints names, places and identity papers alone on their
// line, with the value on the line under the label, has about twice the
// printed lines of our layout: values are found by the page's own line
// spacing, each under its label, and none runs into the next label's value
// (the wife's address took the next lines down to the husband's name).
func TestLocateValuesUnderLabels(t *testing.T) {
	var p page
	p.y = 150
	p.line("Số:", "235", "Trang", "177")
	p.y = 300
	for _, who := range []struct{ label, name, date, addr1, addr2, id string }{
		{"Họ, chữ đệm, tên người vợ", "PHẠM THỊ OANH", "11/3/1989", "Số 54 đường Thống Nhất, Khu phố 4, Phường Xóm Củi,", "Quận 8, TP. Hồ Chí Minh", "Chứng minh nhân dân số 023165918"},
		{"Họ, chữ đệm, tên người chồng", "NGUYỄN THANH TIẾN", "30/10/1989", "Số 4, Tổ 5, Ấp 1, Thị trấn Cần Thạnh, Huyện Cần Giờ,", "TP. Hồ Chí Minh", "021835410"},
	} {
		p.line(who.label)
		p.line(who.name)
		p.line("Ngày, tháng, năm sinh:", who.date, "Dân tộc:", "Kinh", "Quốc tịch:", "Việt Nam")
		p.line("Nơi cư trú:")
		p.line(who.addr1)
		p.line(who.addr2)
		p.line("Giấy tờ tùy thân:")
		p.line(who.id)
	}
	p.line("Ngày, tháng, năm đăng ký:", "4/1/2018")
	p.line("Ngày, tháng, năm xác nhận quan hệ hôn nhân:")
	p.y += 100 // its value's line, left blank
	p.line("Họ, chữ đệm, tên, chức vụ của người ký Giấy chứng nhận kết hôn:")
	p.line("VÕ NGỌC HÒA (Trưởng phòng Tư pháp)")
	pg := locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: p.words}
	res := locate.Locate(pg, form.Get(registry.Marriage, registry.EraB))
	for key, want := range map[string]string{
		"trangSo": "177", "voHoTen": "PHẠM THỊ OANH", "voNgaySinh": "11/3/1989",
		"voNoiCuTru":      "Số 54 đường Thống Nhất, Khu phố 4, Phường Xóm Củi, Quận 8, TP. Hồ Chí Minh",
		"voGiayToTuyThan": "Chứng minh nhân dân số 023165918", "chongHoTen": "NGUYỄN THANH TIẾN",
		"chongNoiCuTru":      "Số 4, Tổ 5, Ấp 1, Thị trấn Cần Thạnh, Huyện Cần Giờ, TP. Hồ Chí Minh",
		"chongGiayToTuyThan": "021835410", "ngayDangKy": "4/1/2018", "ngayXacNhanQuanHeHonNhan": "",
		"nguoiKy": "VÕ NGỌC HÒA (Trưởng phòng Tư pháp)",
	} {
		if got := res.Region(key).Text(); got != want {
			t.Errorf("%s: got %q, want %q", key, got, want)
		}
	}
}

// A blank whose line, or the line under its label, holds ink that no word
// read explains (a hand OCR returned nothing for) is marked Scrawl; a
// blank with only specks is not.
func TestScrawlUnderLabel(t *testing.T) {
	var p page
	p.y = 150
	p.line("Số:", "235", "Trang", "177")
	p.y = 300
	p.line("Họ, chữ đệm, tên người vợ:", "PHẠM THỊ OANH")
	p.line("Ngày, tháng, năm sinh:", "11/3/1989", "Dân tộc:", "Kinh", "Quốc tịch:", "Việt Nam")
	p.line("Nơi cư trú:", "Số 54 đường Thống Nhất, Khu phố 4,")
	p.line("Quận 8, TP. Hồ Chí Minh")
	p.line("Giấy tờ tùy thân:")
	scrawlY := p.y
	p.line("Họ, chữ đệm, tên người chồng:", "NGUYỄN THANH TIẾN")
	plain := image.NewGray(image.Rect(0, 0, 2400, 3400))
	for i := range plain.Pix {
		plain.Pix[i] = 255
	}
	// A wavy stroke right of the label, where OCR read nothing.
	for x := 700; x < 1300; x++ {
		y := scrawlY - 80 + 10*((x/6)%3)
		plain.Pix[y*plain.Stride+x], plain.Pix[(y+1)*plain.Stride+x] = 0, 0
	}
	// Specks on the husband's line.
	plain.Pix[(scrawlY+20)*plain.Stride+1500] = 0
	pg := locate.Page{Bounds: plain.Bounds(), Plain: plain, Words: p.words}
	res := locate.Locate(pg, form.Get(registry.Marriage, registry.EraB))
	if r := res.Region("voGiayToTuyThan"); r.Text() != "" || r.Scrawl == 0 {
		t.Errorf("scrawled blank: text %q scrawl %d, want empty with a scrawl", r.Text(), r.Scrawl)
	}
	if r := res.Region("ngayDangKy"); r.Scrawl != 0 {
		t.Errorf("clean blank: scrawl %d, want 0", r.Scrawl)
	}
}

// A value whose words go on past the region's edge (a page without our
// column) is marked Cut; one that ends inside is not. A title in capitals
// whose first word folds to a one-word label ("SỔ" for "Số:") is no label.
func TestCutAndTitle(t *testing.T) {
	long := "Số 123 đường Nguyễn Thị Minh Khai, Khu phố 4, Phường Đa Kao, Quận 1, Thành phố Hồ Chí Minh, gần chợ Bến Thành"
	var p page
	p.y = 100
	p.line("SỔ ĐĂNG KÝ KHAI SINH")
	p.y = 250
	p.line("Số:", "125", "Trang", "64")
	p.y = 400
	p.line("Phần ghi về người được đăng ký khai sinh:")
	p.line("Họ và tên:", "NGUYỄN THỊ NHÀN", "Giới tính:", "Nữ")
	p.line("Ngày, tháng, năm sinh:", "26/6/1948", "ghi bằng chữ:", "Ngày hai mươi sáu, tháng sáu,")
	p.line("năm một nghìn chín trăm bốn mươi tám")
	p.line("Nơi sinh:", long)
	p.line("")
	p.line("Dân tộc:", "Kinh", "Quốc tịch:", "Việt Nam")
	p.line("Quê quán:", "Xã Trung Hòa")
	res := locate.Locate(locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: p.words}, form.Get(registry.Birth, registry.EraA))
	if r := res.Region("so"); r.Text() != "125" {
		t.Errorf("so: got %q, want 125 (label at %v)", r.Text(), r.Label)
	}
	if r := res.Region("nksNoiSinh"); !r.Cut || r.Text() == long {
		t.Errorf("nksNoiSinh: cut=%v text %q, want cut short and marked; boxes %v col %d last %v", r.Cut, r.Text(), r.Boxes, res.ColumnX, r.Words[len(r.Words)-1].Box)
	}
	if r := res.Region("nksQueQuan"); r.Cut || r.Text() != "Xã Trung Hòa" {
		t.Errorf("nksQueQuan: cut=%v text %q, want whole and unmarked", r.Cut, r.Text())
	}
}

// An edition that prints the tick boxes and "Ghi chú:" under the fields,
// not in a column (an office's own word-processor form): the options and
// the remark are found there, and the remark's region is the rest of its
// line and the remark's own lines, not the signature block beside.
func TestTicksAndRemarkUnderTheFields(t *testing.T) {
	var p page
	p.y = 150
	p.line("Số:", "138", "Trang", "145")
	p.y = 400
	p.line("Phần ghi về người được đăng ký khai sinh:")
	p.line("Họ, chữ đệm, tên:", "NGUYỄN THANH THẢO")
	p.line("Ngày, tháng, năm sinh:", "21.12.2015", "ghi bằng chữ:", "Ngày hai mươi mốt")
	p.line("Giới tính:", "Nữ", "Dân tộc:", "Kinh", "Quốc tịch:", "Việt Nam")
	p.line("Nơi sinh:", "Bệnh viện Nhân dân 115")
	p.line("Quê quán:", "Thành phố Hồ Chí Minh")
	p.line("Phần ghi về cha, mẹ người được đăng ký khai sinh:")
	p.line("Họ, chữ đệm, tên mẹ:", "NGUYỄN THỊ NGA", "Năm sinh:", "1990")
	p.line("Dân tộc:", "Kinh", "Quốc tịch:", "Việt Nam")
	p.line("Nơi cư trú:", "Ấp 6, X. Long Phước")
	p.line("Phần ghi về người đi đăng ký khai sinh:")
	p.line("Họ, chữ đệm, tên người đi khai sinh:", "NGUYỄN THỊ NGA")
	p.line("Giấy tờ tùy thân:", "CMND số 022966926")
	p.line("Quan hệ với người được khai sinh:", "Mẹ")
	p.line("Ngày, tháng, năm đăng ký:", "4.1.2016")
	p.line("Họ, chữ đệm, tên, chức vụ của người ký Giấy khai sinh:", "Phó Chủ tịch UBND, NGUYỄN THỊ THẮM")
	p.line("☒ Đúng hạn")
	p.line("☐ Quá hạn")
	p.line("☐ Đăng ký lại")
	p.line("Ghi chú:", "Cấp lại bản chính")
	p.words = append(p.words, locate.Word{Text: "Công", Conf: 90, Box: image.Rect(1500, p.y+100, 1580, p.y+140)},
		locate.Word{Text: "chức", Conf: 90, Box: image.Rect(1595, p.y+100, 1680, p.y+140)})
	pg := locate.Page{Bounds: image.Rect(0, 0, 2480, 3508), Words: p.words}
	res := locate.Locate(pg, form.Get(registry.Birth, registry.EraB))
	r := res.Region("loaiDangKy")
	for _, m := range r.Marks {
		if !m.Found {
			t.Errorf("tick option %q not found", m.Option)
		}
	}
	if got := res.Region("ghiChu").Text(); got != "Cấp lại bản chính" {
		t.Errorf("ghiChu: got %q, want %q", got, "Cấp lại bản chính")
	}
	if got := res.Region("nguoiKy").Text(); got != "Phó Chủ tịch UBND, NGUYỄN THỊ THẮM" {
		t.Errorf("nguoiKy: got %q", got)
	}
}

// table lays out words as a four-column table prints them: each cell's
// text wrapped over its lines at its column's left edge, labels at a
// tighter pitch than values, a row as tall as its tallest cell.
type table struct {
	words []locate.Word
	y     int
}

// row prints one row: cells alternate label and value, each a list of
// the lines it wraps to; a cell of nil is empty.
func (tb *table) row(cells ...[]string) {
	xs := []int{200, 700, 1250, 1600}
	lines := 1
	for i, c := range cells {
		pitch, h := 60, 34
		if i%2 == 1 {
			pitch, h = 72, 42 // values in a larger type
		}
		for k, text := range c {
			x := xs[i]
			for _, w := range strings.Fields(text) {
				width := 14 * len([]rune(w))
				y := tb.y + k*pitch
				tb.words = append(tb.words, locate.Word{Text: w, Conf: 90, Box: image.Rect(x, y, x+width, y+h)})
				x += width + 14
			}
		}
		lines = max(lines, len(c))
	}
	tb.y += 60*lines + 40
}

// A table prints each label in a narrow cell, wrapped over two or three
// lines, and its value in the cell beside from the label's first line:
// the label's words are found as one label and the value is the cell's,
// not taken by the value above as a run-on (issue 19: "NGUYỄN VĂN VŨ Quan
// hệ với người Ông nội" read as a name, "2 tháng 1 năm 2003 Họ tên, chức
// vụ," as a date).
func TestLocateStackedLabels(t *testing.T) {
	var tb table
	tb.y = 150
	tb.row([]string{"Số: 370"}, nil, []string{"Trang 127"})
	tb.y = 300
	tb.row([]string{"Phần ghi về người được đăng ký khai sinh:"})
	tb.row([]string{"Họ và tên:"}, []string{"NGUYỄN THẮM"}, []string{"Giới tính:"}, []string{"Nữ"})
	tb.row([]string{"Ngày, tháng, năm", "sinh:"}, []string{"15/12/2002"})
	tb.row([]string{"ghi bằng chữ:"}, []string{"Ngày mười lăm, tháng mười hai, năm hai nghìn"})
	tb.row([]string{"Nơi sinh:"}, []string{"Bệnh viện An Bình"})
	tb.row([]string{"Dân tộc:"}, []string{"Kinh"}, []string{"Quốc tịch:"}, []string{"Việt Nam"})
	tb.row([]string{"Quê quán:"}, []string{"Cần Thơ"})
	tb.row([]string{"Phần ghi về cha, mẹ người được đăng ký khai sinh:"})
	tb.row([]string{"Họ và tên cha:"}, []string{"NGUYỄN VĂN THÀNH"})
	tb.row([]string{"Dân tộc:"}, []string{"Kinh"}, []string{"Quốc tịch:"}, []string{"Việt Nam"})
	tb.row([]string{"Họ và tên mẹ:"}, []string{"QUÁCH THỊ QUYÊN"})
	tb.row([]string{"Dân tộc:"}, nil, []string{"Quốc tịch:"}, []string{"Việt Nam"})
	tb.row([]string{"Phần ghi về người đi đăng ký khai sinh:"})
	tb.row([]string{"Họ và tên:"}, []string{"NGUYỄN VĂN VŨ"})
	tb.row([]string{"Quan hệ với người", "được khai sinh:"}, []string{"Ông nội"})
	tb.row([]string{"Đăng ký ngày"}, []string{"2 tháng 1 năm 2003"})
	tb.row([]string{"Họ tên, chức vụ,", "người ký Giấy khai", "sinh:"}, []string{"NGUYỄN THỊ ĐÀO, Phó Chủ", "tịch UBND"})
	tb.y += 60
	tb.row([]string{"Ghi chú:"})
	res := locate.Locate(locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: tb.words}, form.Get(registry.Birth, registry.EraA))
	for key, want := range map[string]string{
		"nksHoTen": "NGUYỄN THẮM", "nksGioiTinh": "Nữ", "nksNgaySinh": "15/12/2002",
		"nksNgaySinhBangChu": "Ngày mười lăm, tháng mười hai, năm hai nghìn", "meDanToc": "",
		"nycHoTen": "NGUYỄN VĂN VŨ", "nycQuanHe": "Ông nội", "ngayDangKy": "2 tháng 1 năm 2003",
		"nguoiKy": "NGUYỄN THỊ ĐÀO, Phó Chủ tịch UBND",
	} {
		r := res.Region(key)
		if got := r.Text(); got != want {
			t.Errorf("%s: got %q, want %q (found=%v, boxes %v)", key, got, want, r.Found, r.Boxes)
		}
	}
	if res.Found < 1 {
		t.Errorf("found %.2f of the labels, want all", res.Found)
	}
}

// Tick options printed one under the other start where the one above
// starts, as a wrapped label does: each is still found on its own line,
// not as the tail of the option above run on with the head of its own.
func TestTickOptionsAreNotStacked(t *testing.T) {
	word := func(text string, x0, y0, x1, y1 int) locate.Word {
		return locate.Word{Text: text, Conf: 95, Box: image.Rect(x0, y0, x1, y1)}
	}
	words := []locate.Word{
		word("Con", 1599, 429, 1665, 459), word("nhận", 1680, 427, 1765, 465), word("cha,", 1778, 427, 1847, 463), word("mẹ", 1863, 437, 1915, 465),
		word("Cha,", 1599, 497, 1673, 533), word("mẹ", 1689, 507, 1741, 536), word("nhận", 1755, 497, 1840, 536), word("con", 1854, 507, 1914, 528),
		word("Ghi", 1549, 567, 1608, 599), word("chú:", 1621, 567, 1694, 599),
	}
	res := locate.Locate(locate.Page{Bounds: image.Rect(0, 0, 2480, 3508), Words: words}, form.Get(registry.Recognition, registry.EraB))
	r := res.Region("loaiDangKy")
	if r == nil || len(r.Marks) != 2 {
		t.Fatalf("tick region %+v", r)
	}
	for _, m := range r.Marks {
		if !m.Found {
			t.Errorf("option %q not found", m.Option)
		}
	}
	if b := r.Box(); b.Max.Y < 530 {
		t.Errorf("region %v leaves out the second option's line", b)
	}
}

// A value wrapped in its own narrow cell goes on under its first line,
// left-aligned there; the value of the next cell keeps its own words
// (issue 19: "UBND phường Bình" accepted, "Thới" read into the date).
func TestLocateValueWrappedInCell(t *testing.T) {
	var tb table
	tb.y = 150
	tb.row([]string{"Số: 148"}, nil, []string{"Trang 71"})
	tb.y = 300
	tb.row([]string{"Phần ghi về người chết:"})
	tb.row([]string{"Họ, chữ đệm, tên:"}, []string{"TRẦN VĂN AN"}, []string{"Giới tính:"}, []string{"Nam"})
	tb.row([]string{"Ngày, tháng, năm", "sinh:"}, []string{"3/4/1950"})
	tb.row([]string{"Nơi cư trú cuối", "cùng:"}, []string{"Số 12 đường Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh"})
	tb.row([]string{"Giấy tờ tùy thân:"}, []string{"CCCD 079050123456"})
	tb.row([]string{"Đã chết vào lúc:"}, []string{"8 giờ ngày 26/6/2025"})
	tb.row([]string{"Nơi chết:"}, []string{"Bệnh viện Chợ Rẫy"})
	tb.row([]string{"Nguyên nhân chết:"}, []string{"Bệnh"})
	tb.row([]string{"Giấy báo tử/giấy", "tờ thay thế Giấy", "báo tử số:"}, []string{"148/2025/GBT"})
	tb.row([]string{"Do:"}, []string{"UBND phường Bình", "Thới"}, []string{"Cấp ngày:"}, []string{"28/6/2025"})
	tb.row([]string{"Phần ghi về người đi đăng ký khai tử:"})
	tb.row([]string{"Họ, chữ đệm, tên", "người đi khai tử:"}, []string{"TRẦN VĂN BÌNH"})
	res := locate.Locate(locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: tb.words}, form.Get(registry.Death, registry.EraB))
	for key, want := range map[string]string{
		"gbtSo": "148/2025/GBT", "gbtCoQuanCap": "UBND phường Bình Thới", "gbtNgay": "28/6/2025",
		"nktNgaySinh": "3/4/1950", "nycHoTen": "TRẦN VĂN BÌNH",
	} {
		if got := res.Region(key).Text(); got != want {
			t.Errorf("%s: got %q, want %q", key, got, want)
		}
	}
}

// An address of two lines whose value takes one, in a table whose labels
// wrap: the line under it is the next row's, closer than a line's pitch
// to the next label, and its ID is that label's value, not the address's
// end (outside table, "… Tỉnh Bà Rịa - Vũng Tàu 023377638", and the
// optional ID read blank and accepted as missing).
func TestRunLineStopsAtNextRowsLabel(t *testing.T) {
	var tb table
	tb.y = 150
	tb.row([]string{"Số: 249"}, nil, []string{"Trang 143"})
	tb.y = 300
	tb.row([]string{"Họ và tên chồng:"}, []string{"LÊ MINH TRUNG"})
	tb.row([]string{"Ngày, tháng, năm", "sinh:"}, []string{"04/02/1984"})
	tb.row([]string{"Dân tộc:"}, []string{"Kinh"}, []string{"Quốc tịch:"}, []string{"Việt Nam"})
	tb.row([]string{"Nơi thường trú/tạm", "trú:"}, []string{"Số 24, Tổ 5, Ấp 7, Xã Bông Trang"})
	tb.row([]string{"Số Giấy CMND/Hộ", "chiếu:"}, []string{"023977638"})
	tb.row([]string{"Họ và tên vợ:"}, []string{"NGUYỄN THỊ DIỄM"})
	tb.row([]string{"Ngày, tháng, năm", "sinh:"}, []string{"23/11/1982"})
	tb.row([]string{"Dân tộc:"}, []string{"Kinh"}, []string{"Quốc tịch:"}, []string{"Việt Nam"})
	tb.row([]string{"Nơi thường trú/tạm", "trú:"}, []string{"Số 348/19 đường Quốc lộ 22, Phường 2"})
	tb.row([]string{"Số Giấy CMND/Hộ", "chiếu:"}, nil)
	tb.row([]string{"Đăng ký ngày"}, []string{"03 tháng 01 năm 2012"})
	for i, w := range tb.words {
		if w.Text == "023977638" {
			// The value's larger type stands higher in its cell than
			// the label's first line, as on the page.
			tb.words[i].Box = w.Box.Sub(image.Pt(0, 25))
		}
	}
	res := locate.Locate(locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: tb.words}, form.Get(registry.Marriage, registry.EraA))
	for key, want := range map[string]string{
		"chongNoiCuTru": "Số 24, Tổ 5, Ấp 7, Xã Bông Trang", "chongSoGiayToTuyThan": "023977638",
		"voNoiCuTru": "Số 348/19 đường Quốc lộ 22, Phường 2", "voSoGiayToTuyThan": "",
	} {
		if got := res.Region(key).Text(); got != want {
			t.Errorf("%s: got %q, want %q", key, got, want)
		}
	}
}
