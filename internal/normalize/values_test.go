package normalize_test

import (
	"reflect"
	"testing"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
	"golang.org/x/text/unicode/norm"
)

func TestName(t *testing.T) {
	for raw, want := range map[string]string{
		"NGUYỄN THỊ NHÀN":                  "Nguyễn Thị Nhàn",
		"nguyễn   thị  nhàn":               "Nguyễn Thị Nhàn",
		norm.NFD.String("NGUYỄN THỊ NHÀN"): "Nguyễn Thị Nhàn",
		"....Trần Văn Ơn......":            "Trần Văn Ơn",
		"ĐẶNG ĐÌNH ĐỨC":                    "Đặng Đình Đức",
		"lê thị ánh tuyết,":                "Lê Thị Ánh Tuyết",
		"\tHUỲNH\u00a0NGỌC  ƯỚC ":          "Huỳnh Ngọc Ước",
		"Thạch Thị Sa-Rết":                 "Thạch Thị Sa-Rết",
		"":                                 "",
		"……":                               "",
		"\xffNGUYỄN\xfe VĂN A":             "Nguyễn Văn A",
	} {
		if got := normalize.Name(raw); got != want {
			t.Errorf("Name(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestFoldKey(t *testing.T) {
	for raw, want := range map[string]string{
		"Nguyễn Thị Nhàn":                  "nguyen thi nhan",
		"ĐẶNG  ĐÌNH ĐỨC":                   "dang dinh duc",
		norm.NFD.String("Trương Thị Ưởng"): "truong thi uong",
		"": "",
	} {
		if got := normalize.FoldKey(raw); got != want {
			t.Errorf("FoldKey(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestSex(t *testing.T) {
	for raw, want := range map[string]string{
		"Nam": "Nam", "nam": "Nam", "NAM": "Nam", "Nữ": "Nữ", "NỮ": "Nữ", "Nu": "Nữ", "nu": "Nữ",
		norm.NFD.String("Nữ"): "Nữ", ".....Nữ....": "Nữ", "": "", "Nan": "", "Nam Nữ": "",
	} {
		got, err := normalize.Sex(raw)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("Sex(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
}

func TestEthnicity(t *testing.T) {
	for raw, want := range map[string]string{
		"Kinh": "Kinh", "KINH": "Kinh", "kinh": "Kinh", " Kinh.": "Kinh", "Kjnh": "Kinh",
		"Hoa": "Hoa", "Khmer": "Khơ-me", "Khơ me": "Khơ-me", "KHƠ-ME": "Khơ-me", "Khơme": "Khơ-me",
		"H'Mông": "Hmông", "Mông": "Hmông", "Ba Na": "Ba-na", "Ê Đê": "Ê-đê", "Tà Ôi": "Ta-ôi",
		"X'Tiêng": "Xtiêng", "Raglai": "Ra-glai", "Chăm": "Chăm", "Chàm": "Chăm",
		"Bru - Vân Kiều": "Bru-Vân Kiều", "Sán Dìu": "Sán Dìu", "Dân tộc Kinh": "Kinh",
		norm.NFD.String("Mường"): "Mường", "Mưòng": "Mường", "Tày": "Tày", "Thái": "Thái",
		"La Chí": "La Chi", "Co": "Co",
		// rejected
		"": "", "……": "", "Kin": "", "Xyz": "", "Việt Nam": "", "Ca": "",
	} {
		got, err := normalize.Ethnicity(raw)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("Ethnicity(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
}

func TestEthnicityList(t *testing.T) {
	// The 54 canonical names of ledgers.md each map to themselves.
	names := []string{"Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Hmông", "Dao", "Gia-rai", "Ngái", "Ê-đê", "Ba-na",
		"Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy",
		"Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co", "Ta-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào",
		"La Chi", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La",
		"Pu Péo", "Brâu", "Ơ Đu", "Rơ-măm"}
	if len(names) != 54 {
		t.Fatalf("list has %d names", len(names))
	}
	for _, n := range names {
		if got, err := normalize.Ethnicity(n); got != n || err != nil {
			t.Errorf("Ethnicity(%q) = %q, %v", n, got, err)
		}
	}
}

func TestEthnicitySuggest(t *testing.T) {
	got := normalize.EthnicitySuggest("Kihn", 3)
	if len(got) != 3 || got[0] != "Kinh" {
		t.Errorf("EthnicitySuggest(Kihn) = %v", got)
	}
	if got := normalize.EthnicitySuggest("x", 0); len(got) != 0 {
		t.Errorf("n=0 gave %v", got)
	}
}

func TestNationality(t *testing.T) {
	for _, tt := range []struct {
		raw, want string
		ok        bool
	}{
		{"Việt Nam", "Việt Nam", true}, {"Việt nam", "Việt Nam", true}, {"VIỆT NAM", "Việt Nam", true},
		{"VN", "Việt Nam", true}, {"Viet Nam", "Việt Nam", true}, {"Vietnam", "Việt Nam", true},
		{norm.NFD.String("Việt Nam"), "Việt Nam", true}, {"Vlệt Nam", "Việt Nam", true},
		{"Trung Quốc", "Trung Quốc", true}, {"hàn quốc", "Hàn Quốc", true}, {"Mỹ", "Hoa Kỳ", true},
		{"Việt Nam, Hoa Kỳ", "Việt Nam, Hoa Kỳ", true},
		{"ĐẢO XYZ", "Đảo Xyz", false}, {"", "", false}, {"...", "", false},
	} {
		got, err := normalize.Nationality(tt.raw)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Nationality(%q) = %q, %v; want %q ok=%v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestPersonalID(t *testing.T) {
	for _, tt := range []struct{ raw, want string }{
		{"079203001234", "079203001234"},
		{"079 203 001 234", "079203001234"},
		{"079.203.001.234", "079203001234"},
		{"O79203001234", "079203001234"},
		{"07920300123", ""},   // 11 digits
		{"0792030012345", ""}, // 13 digits
		{"079603001234", ""},  // G = 6
		{"000203001234", ""},  // no province 000
		{"079a03001234", ""},
		{"", ""},
		{"………", ""},
	} {
		got, err := normalize.PersonalID(tt.raw)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("PersonalID(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
		}
	}
}

func TestPersonalIDFacts(t *testing.T) {
	for _, tt := range []struct {
		id     string
		prov   string
		female bool
		year   int
		ok     bool
	}{
		{"079203001234", "079", false, 2003, true},
		{"079303001234", "079", true, 2003, true},
		{"001048001234", "001", false, 1948, true},
		{"075148001234", "075", true, 1948, true},
		{"079499001234", "079", false, 2199, true},
		{"079599001234", "079", true, 2199, true},
		{"079699001234", "", false, 0, false},
		{"07920300123", "", false, 0, false},
	} {
		p, f, y, err := normalize.PersonalIDFacts(tt.id)
		if p != tt.prov || f != tt.female || y != tt.year || (err == nil) != tt.ok {
			t.Errorf("PersonalIDFacts(%q) = %q %v %d %v", tt.id, p, f, y, err)
		}
	}
}

func TestIDDocument(t *testing.T) {
	for _, tt := range []struct {
		raw   string
		value string
		ok    bool
	}{
		{"023456789", "023456789", true},
		{"023 456 789", "023456789", true},
		{"079203001234", "079203001234", true},
		{"Số: 079203001234", "079203001234", true},
		{"b1234567", "B1234567", true},
		{"CCCD số 079203001234 do Cục Cảnh sát QLHC về TTXH cấp ngày 12/3/2021", "079203001234", true},
		{"CMND  số 023456789   do CA TP.HCM cấp", "023456789", true},
		{"Hộ chiếu số C1234567", "C1234567", true},
		{"CCCD số 023456789", "CCCD số 023456789", false},
		{"12345", "12345", false},
		{"079903001234", "079903001234", false},
		{"không có", "không có", true},
		{"", "", false},
	} {
		r := normalize.IDDocument(tt.raw)
		if r.Value != tt.value || r.OK != tt.ok {
			t.Errorf("IDDocument(%q) = %+v; want %q ok=%v", tt.raw, r, tt.value, tt.ok)
		}
	}
	if r := normalize.IDDocument(" .... "); !r.Blank || r.OK {
		t.Errorf("blank IDDocument = %+v", r)
	}
}

func TestSigner(t *testing.T) {
	for _, tt := range []struct{ raw, name, title string }{
		{"Nguyễn Văn An - Phó Chủ tịch", "Nguyễn Văn An", "Phó Chủ tịch"},
		{"Phó Chủ tịch - Nguyễn Văn An", "Nguyễn Văn An", "Phó Chủ tịch"},
		{"NGUYỄN VĂN AN, PHÓ CHỦ TỊCH UBND", "Nguyễn Văn An", "Phó Chủ tịch UBND"},
		{"Nguyễn Văn An (Chủ tịch)", "Nguyễn Văn An", "Chủ tịch"},
		{"Chủ tịch Nguyễn Văn An", "Nguyễn Văn An", "Chủ tịch"},
		{"Nguyễn Văn An Chủ tịch", "Nguyễn Văn An", "Chủ tịch"},
		{"Trần Thị Bích - Cán bộ Tư pháp hộ tịch", "Trần Thị Bích", "Cán bộ Tư pháp hộ tịch"},
		{"Trần Thị Bích, Công chức tư pháp - hộ tịch", "Trần Thị Bích", "Công chức tư pháp - hộ tịch"},
		{"Công chức Tư pháp-Hộ tịch: Trần Thị Bích", "Trần Thị Bích", "Công chức Tư pháp - Hộ tịch"},
		{"Trần Thị Bích - CONG CHUC TU PHAP HO TICH", "Trần Thị Bích", "Công chức tư pháp - hộ tịch"},
		{"Trần Thị Bích - Công chức tư pháp - hộ tich", "Trần Thị Bích", "Công chức tư pháp - hộ tịch"},
		{"Lê Văn Tám - Trưởng phòng Tư pháp", "Lê Văn Tám", "Trưởng phòng Tư pháp"},
		{"KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Tám", "Lê Văn Tám", "KT. Chủ tịch - Phó Chủ tịch"},
		{"Phó Chủ tịch UBND phường Bến Nghé - Lê Văn Tám", "Lê Văn Tám", "Phó Chủ tịch UBND phường Bến Nghé"},
		{"Lê Văn Tám, PCT", "Lê Văn Tám", "PCT"},
		{"Phó Chủ tịch UBND phường PHẠM MỸ DUYÊN", "Phạm Mỹ Duyên", "Phó Chủ tịch UBND phường"},
		{"PHÓ CHỦ TỊCH UBND PHƯỜNG BẾN NGHÉ", "", "Phó Chủ tịch UBND PHƯỜNG BẾN NGHÉ"},
		{"Phó Chủ tịch UBND phường BẾN NGHÉ - Lê Văn Tám", "Lê Văn Tám", "Phó Chủ tịch UBND phường BẾN NGHÉ"},
		{"Lê Văn Tám", "Lê Văn Tám", ""},
		{"NGUYỄN HỒNG NGÀ Phó Chủ tịch UBND phường", "Nguyễn Hồng Ngà", "Phó Chủ tịch UBND phường"},
		{"Nguyễn Hồng Ngà Phó Chủ tịch UBND phường Bến Nghé", "Nguyễn Hồng Ngà", "Phó Chủ tịch UBND phường Bến Nghé"},
		{"Nguyễn Văn Ct", "Nguyễn Văn Ct", ""},
		{"Cán bộ TP-HT: Trần Thị Bích", "Trần Thị Bích", "Cán bộ TP-HT"},
		{"TM. UBND KT. CHỦ TỊCH PHÓ CHỦ TỊCH (đã ký) Nguyễn Văn A", "Nguyễn Văn A", "KT. Chủ tịch - Phó Chủ tịch"},
		{"Trần Thị Bích Cán bộ hộ tịch", "Trần Thị Bích", "Cán bộ hộ tịch"},
		{"Phó Chủ tịch", "", "Phó Chủ tịch"},
		{"", "", ""},
		{"……", "", ""},
	} {
		name, title := normalize.Signer(tt.raw)
		if name != tt.name || title != tt.title {
			t.Errorf("Signer(%q) = %q, %q; want %q, %q", tt.raw, name, title, tt.name, tt.title)
		}
	}
}

func TestRelation(t *testing.T) {
	for _, tt := range []struct {
		raw, want string
		ok        bool
	}{
		{"Cha", "Cha", true}, {"bố", "Bố", true}, {"MẸ", "Mẹ", true}, {"ông nội", "Ông nội", true},
		{"BÀ NGOẠI", "Bà ngoại", true}, {"Anh ruột", "Anh ruột", true}, {"chị", "Chị", true},
		{"Con", "Con", true}, {"vợ", "Vợ", true}, {"Chồng", "Chồng", true}, {"cháu", "Cháu", true},
		{"Người giám hộ", "Người giám hộ", true}, {"là cha", "Cha", true}, {"Ông  ngoại", "Ông ngoại", true},
		{"HÀNG XÓM", "Hàng xóm", false}, {"", "", false},
	} {
		got, err := normalize.Relation(tt.raw)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Relation(%q) = %q, %v; want %q ok=%v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestTick(t *testing.T) {
	opts := []string{"Đúng hạn", "Quá hạn", "Đăng ký lại"}
	for _, tt := range []struct{ raw, want string }{
		{"Đúng hạn", "Đúng hạn"}, {"ĐÚNG HẠN", "Đúng hạn"}, {"☒ Quá hạn", "Quá hạn"}, {"[x] Đăng ký lại", "Đăng ký lại"},
		{"Dung han", "Đúng hạn"}, {"Đăng ký lạ", "Đăng ký lại"}, {"Qúa hạn", "Quá hạn"}, {"x Quá hạn", "Quá hạn"},
		{"hạn", ""}, {"", ""}, {"Kết hôn", ""},
	} {
		got, err := normalize.Tick(tt.raw, opts)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("Tick(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
		}
	}
}

func TestPlace(t *testing.T) {
	for _, tt := range []struct {
		raw     string
		code    string
		partial bool
	}{
		{"Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh", "26740", false},
		{"P. Bến Nghé, Q.1, TP.HCM", "26740", false},
		{"phường bến nghé quận 1", "26740", false},
		{"PHƯỜNG BẾN NGHÉ - QUẬN 1 - TP HỒ CHÍ MINH", "26740", false},
		{"123 Lê Lợi, Phường Bến Thành, Quận 1", "26743", false},
		{"Phường Đa Kao, Quận 1, TP.HCM", "", true},
		{"Phường Sài Gòn, Thành phố Hồ Chí Minh", "26740", false},
		{"Phường Tân Định, Quận 1", "26737", false},
		{"Phường 1", "", false}, // in many districts
		{"Xã Trung Hòa - Huyện Trảng Bom - Đồng Nai", "", false},
		{"Bệnh viện Hùng Vương", "", false},
		{"Phường Phú Cường, Thủ Dầu Một, Bình Dương", "25747", false},
		{"Huyện Côn Đảo, Bà Rịa - Vũng Tàu", "26732", false},
		{"", "", false},
	} {
		m := normalize.Place(tt.raw)
		if m.NewCode != tt.code || m.Partial != tt.partial {
			t.Errorf("Place(%q) = %+v; want code %q partial %v", tt.raw, m, tt.code, tt.partial)
		}
		if m.Partial && m.Note == "" {
			t.Errorf("Place(%q): partial without a note", tt.raw)
		}
	}
	if m := normalize.Place("  Ấp An Bình,   Xã Trung Hòa ...."); m.Text != "Ấp An Bình, Xã Trung Hòa" {
		t.Errorf("Text = %q", m.Text)
	}
}

func TestNormalize(t *testing.T) {
	for _, tt := range []struct {
		typ  registry.ValueType
		raw  string
		want normalize.Result
	}{
		{registry.TypeName, "NGUYỄN THỊ NHÀN", normalize.Result{Value: "Nguyễn Thị Nhàn", OK: true}},
		{registry.TypeName, "……", normalize.Result{Blank: true, Note: "trống"}},
		// A space OCR lost is put back where the syllables part one way only.
		{registry.TypeName, "NGUYỄN THANHCHÂU", normalize.Result{Value: "Nguyễn Thanh Châu", OK: true, Note: "tách chữ dính: Thanhchâu → Thanh Châu"}},
		{registry.TypeName, "Nguyễnminhdũng", normalize.Result{Value: "Nguyễn Minh Dũng", OK: true, Note: "tách chữ dính: Nguyễnminhdũng → Nguyễn Minh Dũng"}},
		{registry.TypeName, "Nguyễn Hữuanh", normalize.Result{Value: "Nguyễn Hữu Anh", OK: true, Note: "tách chữ dính: Hữuanh → Hữu Anh"}},
		{registry.TypeName, "ˆ LƯƠNG VĂN HOÀNG", normalize.Result{Value: "Lương Văn Hoàng", OK: true}},
		{registry.TypeDate, "26/6/1948", normalize.Result{Value: "1948-06-26", OK: true}},
		{registry.TypeSex, "NỮ", normalize.Result{Value: "Nữ", OK: true}},
		{registry.TypeEthnicity, "KHMER", normalize.Result{Value: "Khơ-me", OK: true}},
		{registry.TypeNationality, "Việt nam", normalize.Result{Value: "Việt Nam", OK: true}},
		{registry.TypePersonalID, "079 203 001 234", normalize.Result{Value: "079203001234", OK: true}},
		{registry.TypeNumber, "Số: 064", normalize.Result{Value: "64", OK: true}},
		{registry.TypeDeathTime, "0h20' ngày 25/9/2010", normalize.Result{Value: "2010-09-25T00:20", OK: true}},
		{registry.TypeDateWords, "Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám", normalize.Result{Value: "1948-06-26", OK: true}},
		{registry.TypeTick, "Quá hạn", normalize.Result{Value: "Quá hạn", OK: true}},
		{registry.TypeTitle, "Nguyễn Văn An - Phó Chủ tịch", normalize.Result{Value: "Phó Chủ tịch", OK: true}},
		{registry.TypeRelation, "bà nội", normalize.Result{Value: "Bà nội", OK: true}},
		{registry.TypeText, "Suy tim", normalize.Result{Value: "Suy tim", OK: true}},
		{registry.TypeYear, "1948", normalize.Result{Value: "1948", OK: true}},
	} {
		if got := normalize.Normalize(tt.typ, tt.raw); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Normalize(%s, %q) = %+v, want %+v", tt.typ, tt.raw, got, tt.want)
		}
	}
	// Readings that must not be accepted.
	for _, tt := range []struct {
		typ registry.ValueType
		raw string
	}{
		{registry.TypeName, "~ NG 6⁄2"}, {registry.TypeName, "Ngyxzq Vqn"}, {registry.TypeName, "Nguyễn Văn 4n"},
		{registry.TypeName, "Nguyễn Thịnhung"}, // Thịnh Ung or Thị Nhung: a person says
		{registry.TypeText, "~ ¬ }{ §§ ^^"}, {registry.TypePlace, "~~ ¬¬ }{ ##"}, {registry.TypeNumber, "12/2009"},
		{registry.TypeDate, "31/2/2009"}, {registry.TypeTitle, "Giám đốc bệnh viện"}, {registry.TypeSigner, "Ch2 t!ch"},
		{registry.TypeEthnicity, "Kin"}, {registry.ValueType("nonsense"), "x"},
	} {
		if got := normalize.Normalize(tt.typ, tt.raw); got.OK || got.Note == "" {
			t.Errorf("Normalize(%s, %q) = %+v, want not OK with a note", tt.typ, tt.raw, got)
		}
	}
	// Every type handles blank and invalid input.
	for _, typ := range []registry.ValueType{registry.TypeText, registry.TypeName, registry.TypeSex, registry.TypeDate,
		registry.TypeDateWords, registry.TypeYear, registry.TypeEthnicity, registry.TypeNationality, registry.TypePlace,
		registry.TypePersonalID, registry.TypeIDDocument, registry.TypeNumber, registry.TypeDecision, registry.TypeDocNumber, registry.TypeRelation, registry.TypeDeathTime,
		registry.TypeSigner, registry.TypeTitle, registry.TypeTick, registry.TypeRemark, registry.TypeCause} {
		for _, raw := range []string{"", " ", "……", "- - -", ".:;", "\xff\xfe"} {
			if got := normalize.Normalize(typ, raw); !got.Blank || got.OK || got.Value != "" {
				t.Errorf("Normalize(%s, %q) = %+v, want blank", typ, raw, got)
			}
		}
	}
}

func TestDecision(t *testing.T) {
	for _, tt := range []struct{ raw, want string }{
		{"475/2012/QĐ UBND )", "475/2012/QĐ-UBND"},
		{"590QĐ", "590/QĐ"},
		{"369/2012/0D-UBND", "369/2012/QĐ-UBND"}, {"143/OD", "143/QĐ"}, // read by the English model
		{"375QĐ", "375/QĐ"},
		{"369/2012/QĐ-UBND '", "369/2012/QĐ-UBND"},
		{"46/QĐÐ-UBND", "46/QĐ-UBND"},
		{"29/QD-UB )", "29/QĐ-UB"},
		{"349/2012QĐ-UBND", "349/2012/QĐ-UBND"},
		{"3/QÐ-UB -:", "3/QĐ-UB"},
		{"209⁄2012/QĐ-UBND", "209/2012/QĐ-UBND"},
		{"299/QÐ:UB", "299/QĐ-UB"},
		{"Số 125/QĐ-UBND", "125/QĐ-UBND"},
		{"12/QĐ-TTg", "12/QĐ-TTg"},
		{"5/QĐ-STP", "5/QĐ-STP"}, {"5/QĐ-BTP", "5/QĐ-BTP"},
	} {
		got, err := normalize.Decision(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("Decision(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
		}
	}
	for _, raw := range []string{"162", "/5/2Đ-UBND", "5282012Qb-uBNp", "zozopuswp", "207Z/QĐ-UB", "ở9/QÐ-UB", "52@Đ", "16//QĐ-UB", "528/QĐ-UBNI", "180/QĐ-", "180/QĐ – "} {
		if got, err := normalize.Decision(raw); err == nil {
			t.Errorf("Decision(%q) = %q, want an error", raw, got)
		}
	}
}

func TestCause(t *testing.T) {
	for _, tt := range []struct{ raw, want string }{
		{"Bênh già", "Bệnh già"},
		{"Đột quy", "Đột quỵ"},
		{"Ủng thư dạ dày", "Ung thư dạ dày"},
		{"ung thư phổi", "Ung thư phổi"},
		{"ốm đau", "Ốm đau"},
		{"Ung thư gạn, di căn", "Ung thư gan, di căn"},
		// Right, or not in the list: kept as read.
		{"Bệnh già", "Bệnh già"},
		{"Sốc phản vệ", "Sốc phản vệ"},
		{"Ung thư tụy", "Ung thư tụy"},
	} {
		got := normalize.Normalize(registry.TypeCause, tt.raw)
		if !got.OK || got.Value != tt.want {
			t.Errorf("Cause(%q) = %+v, want %q", tt.raw, got, tt.want)
		}
	}
}
