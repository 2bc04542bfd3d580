package review

import (
	"net/http"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// issuePage shows what an extract will print beside the register page it
// comes from, with the form that issues it.
type issuePage struct {
	Layout
	RecordID string
	Where    string
	Source   string
	Lines    []string
	Error    string
}

// handleIssueForm is the issue screen: the stored page image of the
// record beside the content of the extract, so that the clerk issues
// nothing unseen.
func (s *Server) handleIssueForm(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Issue == nil {
		s.failStatus(w, r, http.StatusNotImplemented, "Chức năng cấp trích lục chưa được cấu hình trên máy chủ này.")
		return
	}
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
	p := issuePage{Layout: layout(r, "Cấp bản sao trích lục", "search"), RecordID: id}
	p.Where = rec.Kind.Title() + " · quyển " + rec.Book + " · trang " + itoa(rec.Page) + " · " + rec.Office
	p.Source = "Ảnh trang đã lưu, quét từ tệp " + rec.Source.File + ", trang " + strconv.Itoa(rec.Source.PageIndex+1)
	lines, err := s.cfg.Issue.Preview(r.Context(), id, s.cfg.Office)
	if registry.ErrorCode(err) == registry.EINVALID {
		p.Error = "Chưa thể cấp trích lục: " + registry.ErrorMessage(err)
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Lines = lines
	s.render(w, r, http.StatusOK, "issue", p)
}
