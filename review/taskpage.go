package review

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// taskPage is the screen of one task: the crop, the reading, why it is
// here, the input, the rest of the record.
type taskPage struct {
	Layout
	TaskID     int64
	Version    int64
	RecordID   string
	Label      string
	Section    string
	Where      string // book, page and kind, for orientation
	Reason     string
	Note       string
	Stage      string
	Reading    []Mark // the raw reading, uncertain characters marked
	Value      string // the normalised reading
	Confidence string
	Blind      bool
	Arbitrate  bool
	Keyings    []registry.Keying
	// KeyingMarks marks where each keying differs from the other.
	KeyingMarks [][]Mark
	Input       string // what the input holds
	Hint        string // what the normaliser makes of the value
	Error       string
	Conflict    string
	Force       string // a value the reviewer was warned about once
	Suggest     []string
	Rows        []contextRow
	Filter      Filter
}

// contextRow is one field of the record beside the task.
type contextRow struct {
	Section string // set on the first row under a new heading
	Label   string
	Value   string
	Status  string
	Current bool
	Pending bool
}

// newTaskPage fills the screen of a leased task.
func (s *Server) newTaskPage(r *http.Request, tv *registry.TaskView, f Filter) taskPage {
	s.refs.remember(sessionOf(r).User.Name, tv)
	rec := tv.Record
	label, section, typ := s.forms.spec(rec.Kind, rec.Era, tv.FieldKey)
	p := taskPage{
		Layout: layout(r, label, "task"), TaskID: tv.ID, Version: tv.Version, RecordID: rec.ID,
		Label: label, Section: section, Reason: reasonText(tv.Reason), Stage: stageText(tv.Stage),
		Where: pageHeading(rec) + " · " + rec.Office,
		Blind: tv.Blind, Arbitrate: tv.Stage == registry.StageArbitrate, Keyings: tv.Keyings, Filter: f,
	}
	p.Script = "task.js"
	if len(tv.Keyings) == 2 {
		p.KeyingMarks = keyingMarks([]string{tv.Keyings[0].Value, tv.Keyings[1].Value})
	}
	fld := tv.Field
	if fld == nil {
		fld = &registry.Field{}
	}
	if !tv.Blind {
		p.Note = joinNote(fld.Note, tv.Note)
		p.Reading = marks(typ, fld.Raw)
		p.Value = fld.Value
		p.Input = fld.Value
		p.Hint = hint(typ, fld.Value)
		if fld.Confidence > 0 {
			p.Confidence = strconv.Itoa(int(fld.Confidence*100+0.5)) + "%"
		}
		if p.Arbitrate {
			p.Input = ""
		}
	}
	sec := ""
	for _, k := range s.forms.keys(rec) {
		l, sc, _ := s.forms.spec(rec.Kind, rec.Era, k)
		rf := rec.Fields[k]
		row := contextRow{Label: l, Value: valueText(rf.Value), Status: statusText(rf.Status), Current: k == tv.FieldKey, Pending: rf.Status == registry.FieldNeedsReview}
		if sc != sec {
			row.Section, sec = sc, sc
		}
		if row.Current && tv.Blind {
			row.Value = ""
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || a == b:
		return a
	}
	return a + "; " + b
}

// hint says what the normaliser makes of a value: the 2025 unit of a
// place, a reading that does not parse.
func hint(typ registry.ValueType, v string) string {
	if v == "" {
		return ""
	}
	if typ == registry.TypePlace {
		m := normalize.Place(v)
		if m.NewName != "" && !m.Partial {
			return "Đơn vị hành chính năm 2025: " + m.NewName
		}
		if sug := placeSuggest(v, 3); len(sug) > 0 {
			return m.Note + "; gần nhất: " + strings.Join(sug, "; ")
		}
		return m.Note
	}
	if res := normalize.Normalize(typ, v); !res.OK {
		return "Chưa hợp lệ: " + res.Note
	}
	return ""
}
