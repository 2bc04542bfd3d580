// Package dupkey says which records may be one entry registered twice,
// whatever store holds them: the keys a record is filed under (the folded
// names with a date, or the ID numbers, per kind), the weight of each
// piece of evidence and the reason shown to a reviewer, in Vietnamese. A
// store keeps the keys in a table, finds the records sharing one and asks
// Judge for the pair's score.
package dupkey

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// spec says which fields of a kind make its duplicate keys.
type spec struct {
	// names are the fields whose folded values, all present, make the name
	// part of a key: one person, or both of a couple.
	names    []string
	nameWhat string // how Why names them
	// dates each make one name key: the names with that date.
	dates []date
	// ids are the people whose ID number, all present, make an ID key;
	// each person's number is read from the first of its fields that has
	// one.
	ids    [][]string
	idWhat string
}

type date struct{ key, what string }

var specs = map[registry.Kind]spec{
	registry.Birth: {
		names: []string{"nksHoTen"}, nameWhat: "họ tên",
		dates: []date{{"nksNgaySinh", "ngày sinh"}},
		ids:   [][]string{{"nksSoDinhDanh"}}, idWhat: "số định danh",
	},
	registry.Death: {
		names: []string{"nktHoTen"}, nameWhat: "họ tên",
		dates: []date{{"nktNgaySinh", "ngày sinh"}, {"nktNgayChet", "ngày chết"}},
		ids:   [][]string{{"nktGiayToTuyThan", "nktSoGiayToTuyThan"}}, idWhat: "số giấy tờ",
	},
	registry.Marriage: {
		names: []string{"chongHoTen", "voHoTen"}, nameWhat: "họ tên chồng và vợ",
		dates: []date{{"chongNgaySinh", "ngày sinh của chồng"}, {"voNgaySinh", "ngày sinh của vợ"}},
		ids:   [][]string{{"chongGiayToTuyThan", "chongSoGiayToTuyThan"}, {"voGiayToTuyThan", "voSoGiayToTuyThan"}}, idWhat: "số giấy tờ của chồng và vợ",
	},
	registry.Recognition: {
		names: []string{"nnHoTen", "ndnHoTen"}, nameWhat: "họ tên người nhận và người được nhận",
		dates: []date{{"ndnNgaySinh", "ngày sinh người được nhận"}},
		ids:   [][]string{{"nnGiayToTuyThan", "nnSoGiayToTuyThan"}, {"ndnGiayToTuyThan"}}, idWhat: "số giấy tờ của hai bên",
	},
}

// Evidence weights: the probability, on its own, that a pair sharing this
// is one entry twice. A run combines independent pieces as 1 − Π(1 − w).
const (
	weightID      = 0.9 // an ID number is unique to a person
	weightDate    = 0.8 // the same name born (or dead) the same day
	weightYear    = 0.5 // the same name and only the year: common names meet
	weightReentry = 0.5 // one of them says it is a re-registration
)

// MaxKeyShare bounds the records one key may join: a key shared by more is
// not distinctive (a misread name, "Nguyễn Văn" born 1950) and is not
// evidence; it would otherwise flag every pair among them.
const MaxKeyShare = 20

var (
	datePrefix = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?`)
	idRun      = regexp.MustCompile(`\d(?:[\d .]*\d)?`)
)

// Key is one key of a record and the evidence it stands for.
type Key struct {
	Key    string
	Weight float64
	Why    string
}

// Keys returns the keys of a record of kind k with the given field
// values.
func Keys(k registry.Kind, values map[string]string) []Key {
	spec, ok := specs[k]
	if !ok {
		return nil
	}
	var out []Key
	var names []string
	for _, f := range spec.names {
		n := normalize.FoldKey(values[f])
		if n == "" {
			names = nil
			break
		}
		names = append(names, n)
	}
	if names != nil {
		for _, dd := range spec.dates {
			date := datePrefix.FindString(strings.TrimSpace(values[dd.key]))
			if date == "" {
				continue
			}
			w, what := weightDate, dd.what
			if len(date) < len("2006-01-02") {
				w, what = weightYear, dd.what+" (chỉ có năm hoặc tháng)"
			}
			out = append(out, Key{
				Key:    fmt.Sprintf("%s|n|%s|%s|%s", k, dd.key, strings.Join(names, "+"), date),
				Weight: w,
				Why:    fmt.Sprintf("cùng %s và %s %s", spec.nameWhat, what, date),
			})
		}
	}
	var ids []string
	for _, alts := range spec.ids {
		id := ""
		for _, f := range alts {
			if id = IDNumber(values[f]); id != "" {
				break
			}
		}
		if id == "" {
			ids = nil
			break
		}
		ids = append(ids, id)
	}
	if ids != nil {
		out = append(out, Key{
			Key:    fmt.Sprintf("%s|i|%s", k, strings.Join(ids, "+")),
			Weight: weightID,
			Why:    fmt.Sprintf("cùng %s %s", spec.idWhat, strings.Join(ids, ", ")),
		})
	}
	return out
}

// IDNumber finds a CMND (9 digits) or personal ID (12 digits) in a field
// value, which may be a bare number or a description ("CCCD số 079… cấp
// ngày …"); digits grouped by spaces or dots count as one number.
func IDNumber(v string) string {
	for _, m := range idRun.FindAllString(v, -1) {
		d := strings.NewReplacer(" ", "", ".", "").Replace(m)
		if len(d) == 9 || len(d) == 12 {
			return d
		}
	}
	return ""
}

// Reentry reports whether a record says it is a re-registration ("Đăng ký
// lại" ticked, or written or stamped in Ghi chú).
func Reentry(values map[string]string) bool {
	for _, k := range []string{"loaiDangKy", "ghiChu"} {
		if strings.Contains(normalize.FoldKey(values[k]), "dang ky lai") {
			return true
		}
	}
	return false
}

// Fields are the fields Keys and Reentry read, so that keying
// a record reads a handful of rows rather than all of its fields.
var Fields = func() []string {
	set := map[string]bool{"loaiDangKy": true, "ghiChu": true}
	for _, s := range specs {
		for _, f := range s.names {
			set[f] = true
		}
		for _, dd := range s.dates {
			set[dd.key] = true
		}
		for _, alts := range s.ids {
			for _, f := range alts {
				set[f] = true
			}
		}
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}()

// Judge combines the shared keys, and a re-registration mark on either
// record, into a score and a reason.
func Judge(ks []Key, reentry bool) (float64, string) {
	sort.Slice(ks, func(i, j int) bool {
		return ks[i].Weight > ks[j].Weight || ks[i].Weight == ks[j].Weight && ks[i].Key < ks[j].Key
	})
	miss := 1.0
	var why []string
	for _, k := range ks {
		miss *= 1 - k.Weight
		why = append(why, k.Why)
	}
	if reentry {
		miss *= 1 - weightReentry
		why = append(why, "một bản ghi là đăng ký lại")
	}
	return math.Round((1-miss)*1000) / 1000, strings.Join(why, "; ")
}
