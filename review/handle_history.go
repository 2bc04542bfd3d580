package review

import (
	"net/http"

	"github.com/civreg/civreg/registry"
)

// historyPage lists every event of one record.
type historyPage struct {
	Layout
	RecordID string
	Where    string
	Status   string
	Events   []eventRow
}

// eventRow is one event, in words.
type eventRow struct {
	At, Actor, Action, Field, Old, New, Note string
}

// handleHistory shows a record's audit trail, oldest first.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	rec, err := s.cfg.Records.FindRecord(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := s.cfg.Review.RecordEvents(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := historyPage{Layout: layout(r, "Lịch sử bản ghi", ""), RecordID: id, Status: recordStatusText(rec.Status)}
	p.Where = pageHeading(rec) + " · " + rec.Office
	viewer := sessionOf(r).User
	for _, e := range evs {
		row := eventRow{At: e.At.In(s.loc()).Format("02/01/2006 15:04:05"), Actor: e.Actor, Action: eventText(e.Action),
			Old: valueText(e.Old), New: valueText(e.New), Note: noteText(e.Note)}
		if blindEvent(e, rec, viewer) {
			row.Old, row.New, row.Note = "", hiddenKeying, ""
		}
		if e.FieldKey != "" {
			row.Field, _, _ = s.forms.spec(rec.Kind, rec.Era, e.FieldKey)
		}
		p.Events = append(p.Events, row)
	}
	s.access.look(sessionOf(r).User.Name, id, "lịch sử")
	s.render(w, r, http.StatusOK, "history", p)
}
