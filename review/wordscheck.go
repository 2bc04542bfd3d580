package review

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// checkWords checks each date in words being saved against its date in
// figures, the one saved with it or the one the record holds, and the
// date being saved against its words the record holds: where the two are
// different days, the value is refused once with both dates said, and
// taken when sent again unchanged (the page may say so). It reports
// whether any was refused.
func (s *Server) checkWords(items []multiItem, tvs []*registry.TaskView, subs []registry.Submission, entries map[int64]entry) bool {
	sent := map[string]string{} // field key → the value being saved
	for i, tv := range tvs {
		if v := sentValue(tv, subs[i]); v != "" {
			sent[tv.FieldKey] = v
		}
	}
	value := func(rec *registry.Record, key string) string {
		if v, ok := sent[key]; ok {
			return v
		}
		return settled(rec, key)
	}
	bad := false
	for i, tv := range tvs {
		if items[i].Error != "" {
			continue
		}
		wordsKey, dateKey := wordsPair(s, tv)
		if wordsKey == "" {
			continue
		}
		words, date := value(tv.Record, wordsKey), value(tv.Record, dateKey)
		if words == "" || date == "" {
			continue
		}
		msg := wordsMismatch(words, date)
		if msg == "" {
			continue
		}
		typed := strings.TrimSpace(normalize.NFC(entries[tv.ID].Typed))
		if entries[tv.ID].Force == typed {
			continue
		}
		items[i].Error = msg + " Kiểm tra lại; nếu trên trang đúng như vậy, nhấn Enter lần nữa để lưu."
		items[i].Force = typed
		bad = true
	}
	return bad
}

// sentValue is the value a submission keeps: the new one, or the reading
// accepted.
func sentValue(tv *registry.TaskView, sub registry.Submission) string {
	switch sub.Action {
	case registry.ActReplace:
		return sub.Value
	case registry.ActAccept:
		if tv.Field != nil {
			return tv.Field.Value
		}
	}
	return ""
}

// wordsPair returns, for a date in words or a date in figures that has
// one, the keys of the two.
func wordsPair(s *Server, tv *registry.TaskView) (words, date string) {
	_, _, typ := s.forms.spec(tv.Record.Kind, tv.Record.Era, tv.FieldKey)
	switch typ {
	case registry.TypeDateWords:
		return tv.FieldKey, strings.TrimSuffix(tv.FieldKey, "BangChu")
	case registry.TypeDate:
		if _, _, t := s.forms.spec(tv.Record.Kind, tv.Record.Era, tv.FieldKey+"BangChu"); t == registry.TypeDateWords {
			return tv.FieldKey + "BangChu", tv.FieldKey
		}
	}
	return "", ""
}

// dayOf returns the day (ISO) a stored or typed value of a date type
// names, or "" when it names none to the day.
func dayOf(typ registry.ValueType, v string) string {
	if !isoDate.MatchString(v) {
		n := normalize.Normalize(typ, v)
		if !n.OK {
			return ""
		}
		v = n.Value
	}
	if !isoDate.MatchString(v) {
		return ""
	}
	return v
}

// wordsMismatch says, in Vietnamese, that a date in words and a date in
// figures name two days, or returns "" when they name one or either names
// none to the day.
func wordsMismatch(words, date string) string {
	w, d := dayOf(registry.TypeDateWords, words), dayOf(registry.TypeDate, date)
	if w == "" || d == "" || w == d {
		return ""
	}
	return "Ngày ghi bằng chữ (" + valueText(w) + ") không khớp với ngày ghi bằng số (" + valueText(d) + ")."
}

// handleWordsCheck answers the keying view as it leaves a date in words or
// its date: {"msg": why the two disagree, or ""}.
func (s *Server) handleWordsCheck(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	words, date := q.Get("words"), q.Get("date")
	if len(words) > 300 || len(date) > 100 {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad check request"))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]string{"msg": wordsMismatch(words, date)})
}
