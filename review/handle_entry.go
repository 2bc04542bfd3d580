package review

import (
	"net/http"

	"github.com/civreg/civreg/registry"
)

// handleEntryStart picks the page with the most open fields for record
// entry.
func (s *Server) handleEntryStart(w http.ResponseWriter, r *http.Request) {
	tvs, err := s.cfg.Review.RecordTasks(r.Context(), sessionOf(r).User, "", s.cfg.Lease)
	if registry.ErrorCode(err) == registry.ENOTFOUND || err == nil && len(tvs) == 0 {
		http.Redirect(w, r, "/?msg=entry-empty", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := ""
	if rq := r.URL.RawQuery; rq != "" {
		q = "?" + rq
	}
	http.Redirect(w, r, "/entry/"+tvs[0].RecordID+q, http.StatusSeeOther)
}

// handleEntry shows every open field of one page, in the form's order,
// crop by crop, for keying.
func (s *Server) handleEntry(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("record")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	tvs, err := s.cfg.Review.RecordTasks(r.Context(), sessionOf(r).User, id, s.cfg.Lease)
	if registry.ErrorCode(err) == registry.ENOTFOUND || err == nil && len(tvs) == 0 {
		http.Redirect(w, r, "/entry", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.entryPage(r, id, tvs[0].Record)
	p.Message, p.Conflicts = doneText(r.URL.Query())
	for i, tv := range tvs {
		p.Items = append(p.Items, s.newItem(r, i+1, tv))
	}
	s.render(w, r, http.StatusOK, "multi", p)
}

// entryPage fills the frame of the record-entry screen.
func (s *Server) entryPage(r *http.Request, id string, rec *registry.Record) multiPage {
	p := multiPage{Layout: layout(r, "Nhập theo trang", "entry"), Mode: "entry", RecordID: id, Action: "/entry/" + id}
	p.Script = "multi.js"
	p.Heading = rec.Kind.Title() + " · quyển " + rec.Book + " · trang " + itoa(rec.Page)
	p.Sub = "Nhập lần lượt từng trường của trang theo thứ tự trên mẫu. Tab sang trường sau, Shift+Tab về trường trước; Enter lưu cả trang."
	return p
}
