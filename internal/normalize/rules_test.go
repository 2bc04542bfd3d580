package normalize_test

import (
	"strings"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// ruleOutcome finds the named rule touching key in rules: "ok", "fail" or
// "" when it was not reported.
func ruleOutcome(rules []normalize.Rule, name, key string) string {
	for _, r := range rules {
		if r.Name != name {
			continue
		}
		for _, k := range r.Keys {
			if k == key {
				if r.OK {
					return "ok"
				}
				return "fail"
			}
		}
	}
	return ""
}

func TestCheckRecord(t *testing.T) {
	today := time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)
	ks := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tt := range []struct {
		name   string
		kind   registry.Kind
		values map[string]string
		book   string
		rule   string
		key    string
		want   string // "ok", "fail" or "" (not reported)
	}{
		{"reg after birth", registry.Birth, ks("ngayDangKy", "2009-04-28", "nksNgaySinh", "2009-04-01"), "", "registered_after_event", "nksNgaySinh", "ok"},
		{"reg before birth", registry.Birth, ks("ngayDangKy", "2009-04-28", "nksNgaySinh", "2009-05-01"), "", "registered_after_event", "nksNgaySinh", "fail"},
		{"reg same day", registry.Birth, ks("ngayDangKy", "2009-04-28", "nksNgaySinh", "2009-04-28"), "", "registered_after_event", "ngayDangKy", "ok"},
		{"year-only birth may be before", registry.Birth, ks("ngayDangKy", "2009-04-28", "nksNgaySinh", "2009"), "", "registered_after_event", "nksNgaySinh", "ok"},
		{"unknown reg: not reported", registry.Birth, ks("nksNgaySinh", "2009"), "", "registered_after_event", "nksNgaySinh", ""},
		{"death before registration", registry.Death, ks("ngayDangKy", "2010-09-26", "nktNgayChet", "2010-09-25T00:20"), "", "registered_after_event", "nktNgayChet", "ok"},
		{"death after registration", registry.Death, ks("ngayDangKy", "2010-09-24", "nktNgayChet", "2010-09-25T00:20"), "", "registered_after_event", "nktNgayChet", "fail"},
		{"marriage: spouse born after", registry.Marriage, ks("ngayDangKy", "2010-01-01", "voNgaySinh", "2011"), "", "registered_after_event", "voNgaySinh", "fail"},
		{"future registration", registry.Birth, ks("ngayDangKy", "2026-01-01"), "", "not_in_future", "ngayDangKy", "fail"},
		{"today is fine", registry.Birth, ks("ngayDangKy", "2025-09-01"), "", "not_in_future", "ngayDangKy", "ok"},
		{"this year, year only", registry.Birth, ks("nksNgaySinh", "2025"), "", "not_in_future", "nksNgaySinh", "ok"},
		{"book year ok", registry.Birth, ks("ngayDangKy", "2009-04-28"), "01/2009", "book_year", "ngayDangKy", "ok"},
		{"book year differs", registry.Birth, ks("ngayDangKy", "2008-04-28"), "01/2009", "book_year", "ngayDangKy", "fail"},
		{"no book", registry.Birth, ks("ngayDangKy", "2008-04-28"), "", "book_year", "ngayDangKy", ""},
		{"CMC-A decision date stands for registration", registry.Recognition, ks("quyetDinhNgay", "2008-04-28"), "02/2009", "book_year", "quyetDinhNgay", "fail"},
		{"id agrees", registry.Birth, ks("nksSoDinhDanh", "079303001234", "nksNgaySinh", "2003-05-01", "nksGioiTinh", "Nữ"), "", "id_matches_birth", "nksSoDinhDanh", "ok"},
		{"id wrong sex", registry.Birth, ks("nksSoDinhDanh", "079203001234", "nksNgaySinh", "2003-05-01", "nksGioiTinh", "Nữ"), "", "id_matches_birth", "nksGioiTinh", "fail"},
		{"id wrong year", registry.Birth, ks("nksSoDinhDanh", "079203001234", "nksNgaySinh", "2004-05-01"), "", "id_matches_birth", "nksNgaySinh", "fail"},
		{"id wrong century", registry.Birth, ks("nksSoDinhDanh", "079003001234", "nksNgaySinh", "2003-05-01"), "", "id_matches_birth", "nksNgaySinh", "fail"},
		{"spouse CCCD in text", registry.Marriage, ks("chongGiayToTuyThan", "CCCD số 079090001234 cấp ngày 1/1/2021", "chongNgaySinh", "1990"), "", "id_matches_birth", "chongGiayToTuyThan", "ok"},
		{"wife with male ID", registry.Marriage, ks("voGiayToTuyThan", "079090001234", "voNgaySinh", "1990"), "", "id_matches_birth", "voGiayToTuyThan", "fail"},
		{"words agree", registry.Birth, ks("nksNgaySinhBangChu", "1948-06-26", "nksNgaySinh", "1948-06-26"), "", "words_match_date", "nksNgaySinh", "ok"},
		{"words disagree", registry.Birth, ks("nksNgaySinhBangChu", "1948-06-28", "nksNgaySinh", "1948-06-26"), "", "words_match_date", "nksNgaySinh", "fail"},
		{"words with year only", registry.Birth, ks("nksNgaySinhBangChu", "1948-06-28", "nksNgaySinh", "1948"), "", "words_match_date", "nksNgaySinh", "ok"},
		{"husband 19 in 2016", registry.Marriage, ks("ngayDangKy", "2016-05-01", "chongNgaySinh", "1996-06-01"), "", "marriage_age", "chongNgaySinh", "fail"},
		{"husband 20 in 2016", registry.Marriage, ks("ngayDangKy", "2016-05-01", "chongNgaySinh", "1996-05-01"), "", "marriage_age", "chongNgaySinh", "ok"},
		{"husband in 20th year in 2010", registry.Marriage, ks("ngayDangKy", "2010-05-01", "chongNgaySinh", "1990-06-01"), "", "marriage_age", "chongNgaySinh", "ok"},
		{"wife 17 in 2016", registry.Marriage, ks("ngayDangKy", "2016-05-01", "voNgaySinh", "1998-06-01"), "", "marriage_age", "voNgaySinh", "fail"},
		{"wife year only, may be 18", registry.Marriage, ks("ngayDangKy", "2016-05-01", "voNgaySinh", "1998"), "", "marriage_age", "voNgaySinh", "ok"},
		{"death before birth", registry.Death, ks("nktNgayChet", "1990-01-01T10:00", "nktNgaySinh", "1991"), "", "death_after_birth", "nktNgaySinh", "fail"},
		{"death same year as birth", registry.Death, ks("nktNgayChet", "1991-01-01", "nktNgaySinh", "1991"), "", "death_after_birth", "nktNgaySinh", "ok"},
		{"age 121 at death", registry.Death, ks("nktNgayChet", "2020-01-01", "nktNgaySinh", "1898"), "", "age_plausible", "nktNgaySinh", "fail"},
		{"age 119 at death", registry.Death, ks("nktNgayChet", "2020-01-01", "nktNgaySinh", "1901"), "", "age_plausible", "nktNgaySinh", "ok"},
		{"father 25 years older", registry.Birth, ks("chaNamSinh", "1980", "nksNgaySinh", "2005-01-01"), "", "parent_age", "chaNamSinh", "ok"},
		{"mother 8 years older", registry.Birth, ks("meNamSinh", "1997", "nksNgaySinh", "2005-01-01"), "", "parent_age", "meNamSinh", "fail"},
		{"father 80 years older", registry.Birth, ks("chaNamSinh", "1925", "nksNgaySinh", "2005-01-01"), "", "parent_age", "chaNamSinh", "fail"},
		{"mother 12 by year", registry.Birth, ks("meNamSinh", "1993", "nksNgaySinh", "2005-12-31"), "", "parent_age", "meNamSinh", "ok"},
		{"CMC parent recognises child", registry.Recognition, ks("loaiDangKy", "Cha, mẹ nhận con", "nnNgaySinh", "2000", "ndnNgaySinh", "2010-01-01"), "", "parent_age", "nnNgaySinh", "fail"},
		// Era B: the first section is the parent's whichever box is ticked.
		{"CMC child recognises parent", registry.Recognition, ks("loaiDangKy", "Con nhận cha, mẹ", "nnNgaySinh", "1970", "ndnNgaySinh", "1995-01-01"), "", "parent_age", "nnNgaySinh", "ok"},
		{"CMC child recognises a younger parent", registry.Recognition, ks("loaiDangKy", "Con nhận cha, mẹ", "nnNgaySinh", "1995", "ndnNgaySinh", "1970-01-01"), "", "parent_age", "ndnNgaySinh", "fail"},
		{"CMC-A: no box, no parent", registry.Recognition, ks("nnNgaySinh", "1995", "ndnNgaySinh", "1970-01-01"), "", "parent_age", "nnNgaySinh", ""},
		{"Thị and female", registry.Birth, ks("nksHoTen", "Nguyễn Thị Nhàn", "nksGioiTinh", "Nữ"), "", "middle_name_sex", "nksHoTen", "ok"},
		{"Thị and male", registry.Birth, ks("nksHoTen", "Nguyễn Thị Nhàn", "nksGioiTinh", "Nam"), "", "middle_name_sex", "nksHoTen", "fail"},
		{"Văn for the mother", registry.Birth, ks("meHoTen", "Trần Văn Hoa"), "", "middle_name_sex", "meHoTen", "fail"},
		{"no marker", registry.Birth, ks("nksHoTen", "Nguyễn Minh Nhàn", "nksGioiTinh", "Nam"), "", "middle_name_sex", "nksHoTen", ""},
		{"Thị as given name only", registry.Birth, ks("nksHoTen", "Nguyễn Thị", "nksGioiTinh", "Nam"), "", "middle_name_sex", "nksHoTen", ""},
		{"unknown sex", registry.Death, ks("nktHoTen", "Nguyễn Thị Nhàn"), "", "middle_name_sex", "nktHoTen", ""},
	} {
		rules := normalize.CheckRecord(tt.kind, tt.values, tt.book, today)
		if got := ruleOutcome(rules, tt.rule, tt.key); got != tt.want {
			t.Errorf("%s: rule %s on %s = %q, want %q (rules %+v)", tt.name, tt.rule, tt.key, got, tt.want, rules)
		}
		for _, r := range rules {
			if !r.OK && r.Note == "" {
				t.Errorf("%s: failed rule %s without a note", tt.name, r.Name)
			}
		}
	}
}

func TestCheckRecordNotes(t *testing.T) {
	rules := normalize.CheckRecord(registry.Birth, map[string]string{
		"nksSoDinhDanh": "075203001234", "nksNgaySinh": "2003-05-01", "nksGioiTinh": "Nam",
	}, "", time.Now())
	if len(rules) != 2 || !rules[1].OK || !strings.Contains(rules[1].Note, "075") {
		t.Errorf("a non-HCMC province must be a note only: %+v", rules)
	}
	// Garbage values are unknown, not failures.
	rules = normalize.CheckRecord(registry.Birth, map[string]string{"ngayDangKy": "xx", "nksNgaySinh": "2009-13-45"}, "ab", time.Now())
	if len(rules) != 0 {
		t.Errorf("garbage gave rules %+v", rules)
	}
}

// Every rule has a stable name of its own and says in Vietnamese what it
// checks, for the review station's messages.
func TestRuleText(t *testing.T) {
	names := []string{
		normalize.RuleRegisteredAfterEvent, normalize.RuleNotInFuture, normalize.RuleBookYear,
		normalize.RuleIDMatchesBirth, normalize.RuleWordsMatchDate, normalize.RuleMarriageAge,
		normalize.RuleDeathAfterBirth, normalize.RuleAgePlausible, normalize.RuleParentAge,
		normalize.RuleMiddleNameSex, normalize.RuleSequence, normalize.RuleDateOrder,
	}
	seen := map[string]bool{}
	for _, n := range names {
		text := normalize.RuleText(n)
		if text == "" || seen[text] {
			t.Errorf("rule %s: text %q empty or shared", n, text)
		}
		seen[text] = true
	}
	if got := normalize.RuleText("no_such_rule"); got != "" {
		t.Errorf("RuleText(no_such_rule) = %q, want empty", got)
	}
	if got := normalize.RuleText(normalize.RuleBookYear); got != "ngày đăng ký không khớp với năm của sổ" {
		t.Errorf("book_year reads %q", got)
	}
}
