package normalize_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
	"golang.org/x/text/unicode/norm"
)

var isoDate = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

func FuzzDate(f *testing.F) {
	for _, s := range []string{"26/6/1948", "27.9.2003", "6/1948", "1944", "ngày 28 tháng 4 năm 2009", "2O/1O/2OO9", "31/2/2001", "……", "\xff", "ngày hai mươi tám tháng tư năm hai nghìn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := normalize.Date(raw)
		if err != nil {
			if got != "" {
				t.Fatalf("Date(%q) = %q with error %v", raw, got, err)
			}
			return
		}
		if !isoDate.MatchString(got) {
			t.Fatalf("Date(%q) = %q, not ISO", raw, got)
		}
		if again, err := normalize.Date(got); again != got || err != nil {
			t.Fatalf("Date(%q) = %q, but Date(%q) = %q, %v", raw, got, got, again, err)
		}
		if y, err := normalize.Year(raw); err != nil || y != got[:4] {
			t.Fatalf("Year(%q) = %q, %v; Date gave %q", raw, y, err, got)
		}
	})
}

func FuzzDateInWords(f *testing.F) {
	for _, s := range []string{"Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám", "mồng mười tháng chạp năm hai nghìn lẻ tư",
		"NGÀY BA MƯƠI MỐT THÁNG MƯỜI HAI NĂM HAI NGÀN", "tháng năm năm năm", "", "\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := normalize.DateInWords(raw)
		if err != nil {
			return
		}
		if !isoDate.MatchString(got) {
			t.Fatalf("DateInWords(%q) = %q, not ISO", raw, got)
		}
		if again, err := normalize.Date(got); again != got || err != nil {
			t.Fatalf("DateInWords(%q) = %q, which Date reads as %q, %v", raw, got, again, err)
		}
		if len(got) == 10 {
			d, _ := time.Parse("2006-01-02", got)
			w := normalize.FormatDateInWords(d, normalize.WordsStyle{Commas: true})
			if back, err := normalize.DateInWords(w); back != got {
				t.Fatalf("round trip of %s via %q gave %q, %v", got, w, back, err)
			}
		}
	})
}

func FuzzPersonalID(f *testing.F) {
	for _, s := range []string{"079203001234", "079 203 001 234", "O79203001234", "079603001234", "", "ll"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := normalize.PersonalID(raw)
		if err != nil {
			return
		}
		if len(got) != 12 || strings.Trim(got, "0123456789") != "" {
			t.Fatalf("PersonalID(%q) = %q", raw, got)
		}
		if again, err := normalize.PersonalID(got); again != got || err != nil {
			t.Fatalf("PersonalID(%q) = %q, %v", got, again, err)
		}
		if _, _, y, err := normalize.PersonalIDFacts(got); err != nil || y < 1900 || y > 2199 {
			t.Fatalf("PersonalIDFacts(%q) = year %d, %v", got, y, err)
		}
	})
}

// tidy reports whether s is what a normaliser may output: valid UTF-8, NFC,
// single inner spaces, none at the ends.
func tidy(s string) bool {
	return utf8.ValidString(s) && norm.NFC.IsNormalString(s) && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"NGUYỄN THỊ NHÀN", norm.NFD.String("Trần Văn Ơn"), "....Lê  Văn.....", "Sa-Rết", "H'Hen Niê", "\xff\xfe", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := normalize.Name(raw)
		if !tidy(got) {
			t.Fatalf("Name(%q) = %q, not tidy", raw, got)
		}
		if again := normalize.Name(got); again != got {
			t.Fatalf("Name(%q) = %q, but Name(%q) = %q", raw, got, got, again)
		}
		k := normalize.FoldKey(got)
		if !tidy(k) || normalize.FoldKey(k) != k {
			t.Fatalf("FoldKey(%q) = %q", got, k)
		}
		normalize.Normalize(registry.TypeName, raw)
	})
}

func FuzzPlace(f *testing.F) {
	for _, s := range []string{"Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh", "P.5 Q.3 TP.HCM", "Ấp An Bình, Xã Trung Hòa - Huyện Trảng Bom - Đồng Nai",
		"Phường Đa Kao, Quận 1", "Bệnh viện Hùng Vương", "- - ,,", "\xe1\x80"} {
		f.Add(s)
	}
	codes := map[string]string{}
	for _, u := range normalize.Units() {
		codes[u.NewCode] = u.NewName
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m := normalize.Place(raw)
		if !tidy(m.Text) {
			t.Fatalf("Place(%q).Text = %q, not tidy", raw, m.Text)
		}
		if m.NewCode != "" && codes[m.NewCode] != m.NewName {
			t.Fatalf("Place(%q) = %+v: code and name disagree", raw, m)
		}
		if m.Partial && (m.NewCode != "" || m.Note == "") {
			t.Fatalf("Place(%q) = %+v: partial must not guess and must say why", raw, m)
		}
		// Reading the result again changes nothing; only the note of what
		// was mended the first time is gone.
		again := normalize.Place(m.Text)
		if note := again.Note; again.Text != m.Text || again.NewCode != m.NewCode || again.NewName != m.NewName ||
			again.Partial != m.Partial || !strings.HasSuffix(m.Note, note) {
			t.Fatalf("Place(%q) = %+v, but Place(Text) = %+v", raw, m, again)
		}
	})
}

func FuzzSigner(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An - Phó Chủ tịch", "(Chủ tịch) Lê Văn Tám", "Công chức tư pháp - hộ tịch, Trần Thị Bích", "PCT", "- ( ) ,", "\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		name, title := normalize.Signer(raw)
		if !tidy(name) || !tidy(title) {
			t.Fatalf("Signer(%q) = %q, %q: not tidy", raw, name, title)
		}
		if normalize.Name(name) != name {
			t.Fatalf("Signer(%q) name %q is not a normalised name", raw, name)
		}
		// A title read again on its own is itself, but for a name in
		// capitals at its end, which only the line's other words kept in
		// the office ("Công chức tư pháp Sở A A" alone is the title "Công
		// chức tư pháp Sở" signed by A A).
		if title != "" {
			n2, t2 := normalize.Signer(title)
			rest := strings.TrimSpace(strings.TrimPrefix(title, t2))
			if t2 != title && (!strings.HasPrefix(title, t2) || rest != strings.ToUpper(rest) || n2 != normalize.Name(rest)) {
				t.Fatalf("title %q from %q reads back as %q, %q", title, raw, n2, t2)
			}
		}
	})
}

// FuzzNormalize runs every value type on the same input: none may panic,
// and a blank result carries no value.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"0h20' ngày 25/9/2010", "CCCD số 079203001234", "Khơ me", "☒ Quá hạn", "Số: 064", "\xff"} {
		f.Add(s)
	}
	types := []registry.ValueType{registry.TypeText, registry.TypeName, registry.TypeSex, registry.TypeDate,
		registry.TypeDateWords, registry.TypeYear, registry.TypeEthnicity, registry.TypeNationality, registry.TypePlace,
		registry.TypePersonalID, registry.TypeIDDocument, registry.TypeNumber, registry.TypeDecision, registry.TypeDocNumber, registry.TypeRelation, registry.TypeDeathTime,
		registry.TypeSigner, registry.TypeTitle, registry.TypeTick, registry.TypeRemark, registry.TypeCause}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, typ := range types {
			r := normalize.Normalize(typ, raw)
			if r.Blank && (r.OK || r.Value != "") {
				t.Fatalf("Normalize(%s, %q) = %+v", typ, raw, r)
			}
			if !utf8.ValidString(r.Value) || !utf8.ValidString(r.Note) {
				t.Fatalf("Normalize(%s, %q) = %+v: invalid UTF-8", typ, raw, r)
			}
			if !r.OK && r.Note == "" {
				t.Fatalf("Normalize(%s, %q) = %+v: not OK without a reason", typ, raw, r)
			}
		}
	})
}
