package review

import (
	"sort"
	"strings"
	"sync"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// entry is what a person sent for one task.
type entry struct {
	Action string // "" (Enter: accept or replace), "blank", "illegible", "skip"
	Typed  string
	Force  string // the value they were warned about and send again
	Origin string // the value was offered and confirmed: derived, default, copied
}

// problem is why a value was not taken: shown beside the input, with the
// typed text kept.
type problem struct {
	Message string
	Suggest []string
	Force   string
}

// strictTypes must parse to be stored; the others are stored as typed after
// one warning, because names, places and documents have spellings no list
// knows.
var strictTypes = map[registry.ValueType]bool{
	registry.TypeDate: true, registry.TypeDateWords: true, registry.TypeYear: true, registry.TypeSex: true,
	registry.TypeEthnicity: true, registry.TypePersonalID: true, registry.TypeNumber: true,
	registry.TypeDeathTime: true, registry.TypeTick: true,
}

// decide turns what was sent into a submission, normalising a typed value
// with the pipeline's own normalisers. Typing the reading unchanged, or a
// value that normalises to it, accepts it.
func (s *Server) decide(tv *registry.TaskView, e entry) (registry.Submission, *problem) {
	sub := registry.Submission{TaskID: tv.ID}
	switch e.Action {
	case "blank":
		sub.Action = registry.ActBlank
		return sub, nil
	case "illegible":
		sub.Action = registry.ActIllegible
		return sub, nil
	case "skip":
		sub.Action = registry.ActSkip
		return sub, nil
	case "", "save":
	default:
		return sub, &problem{Message: "Thao tác không hợp lệ."}
	}
	typed := strings.TrimSpace(normalize.NFC(e.Typed))
	current := ""
	if tv.Field != nil && !tv.Blind {
		current = tv.Field.Value
	}
	if typed == "" {
		return sub, &problem{Message: "Chưa có giá trị. Hãy gõ giá trị, hoặc nhấn F2 nếu trên trang để trống."}
	}
	_, _, typ := s.forms.spec(tv.Record.Kind, tv.Record.Era, tv.FieldKey)
	res := normalize.Normalize(typ, typed)
	if res.Blank {
		return sub, &problem{Message: "Chưa có giá trị. Hãy gõ giá trị, hoặc nhấn F2 nếu trên trang để trống."}
	}
	if typ == registry.TypePlace && res.OK {
		// A unit name that is in no list is worth a second look.
		if m := normalize.Place(typed); m.NewCode == "" && strings.HasPrefix(m.Note, "không tìm thấy") {
			res.OK, res.Note = false, m.Note
		}
	}
	// Keeping the reading as it is: at once when it is valid; an invalid
	// reading needs the same second Enter as an invalid value typed.
	if current != "" && typed == current && (res.OK || e.Force == typed) && !(strictTypes[typ] && !res.OK) {
		sub.Action, sub.Raw = registry.ActAccept, typed
		return sub, nil
	}
	if !res.OK {
		p := &problem{Suggest: suggest(typ, typed)}
		if strictTypes[typ] {
			p.Message = "Giá trị không hợp lệ: " + res.Note + "."
			return sub, p
		}
		if e.Force != typed {
			p.Message = "Giá trị có vẻ chưa đúng: " + res.Note + ". Kiểm tra lại; nếu đúng như trên trang, nhấn Enter lần nữa để lưu."
			p.Force = typed
			return sub, p
		}
	}
	value := res.Value
	if value == "" {
		value = typed
	}
	sub.Action, sub.Value, sub.Raw = registry.ActReplace, value, typed
	if current != "" && value == current {
		sub.Action, sub.Value = registry.ActAccept, ""
	}
	return sub, nil
}

// suggest returns values near what was typed: the canonical ethnic groups,
// the 2025 units for a place.
func suggest(typ registry.ValueType, typed string) []string {
	switch typ {
	case registry.TypeEthnicity:
		return normalize.EthnicitySuggest(typed, 5)
	case registry.TypePlace:
		return placeSuggest(typed, 5)
	}
	return nil
}

// unitName is one name of the 2025 units table, old or new.
type unitName struct {
	key  string // folded, without its kind word
	show string
}

var (
	unitNamesOnce sync.Once
	unitNames     []unitName
)

func loadUnitNames() {
	seen := map[string]bool{}
	add := func(name, show string) {
		k := normalize.FoldKey(name)
		for _, p := range []string{"phuong ", "xa ", "thi tran ", "dac khu "} {
			k = strings.TrimPrefix(k, p)
		}
		if len(k) >= 3 && !seen[show] {
			seen[show] = true
			unitNames = append(unitNames, unitName{key: k, show: show})
		}
	}
	for _, u := range normalize.Units() {
		add(u.NewName, u.NewName)
		old := u.OldName
		if u.OldDistrict != "" {
			old += ", " + u.OldDistrict
		}
		add(u.OldName, old+" (nay là "+u.NewName+")")
	}
}

// placeSuggest finds units whose name is within two edits of some words of
// an address that did not resolve.
func placeSuggest(typed string, n int) []string {
	if m := normalize.Place(typed); m.NewCode != "" {
		return nil
	}
	unitNamesOnce.Do(loadUnitNames)
	words := strings.Fields(normalize.FoldKey(typed))
	type hit struct {
		d    int
		show string
	}
	var hits []hit
	for _, u := range unitNames {
		k := len(strings.Fields(u.key))
		best := 3
		for i := 0; i+k <= len(words); i++ {
			best = min(best, normalize.EditDistance(strings.Join(words[i:i+k], " "), u.key, 2))
		}
		if best <= 2 {
			hits = append(hits, hit{best, u.show})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].d < hits[j].d })
	var out []string
	for _, h := range hits {
		if len(out) == n {
			break
		}
		out = append(out, h.show)
	}
	return out
}
