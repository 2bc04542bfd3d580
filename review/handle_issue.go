package review

import (
	"net/http"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// handleIssue issues a certified extract of a verified record and returns
// its PDF.
func (s *Server) handleIssue(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Issue == nil {
		s.failStatus(w, r, http.StatusNotImplemented, "Chức năng cấp trích lục chưa được cấu hình trên máy chủ này.")
		return
	}
	id := r.PathValue("id")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	requester := trim(r.PostFormValue("requester"))
	if requester == "" {
		s.failStatus(w, r, http.StatusUnprocessableEntity, "Chưa thể cấp trích lục: hãy ghi họ tên người yêu cầu cấp bản sao.")
		return
	}
	iss, pdf, err := s.cfg.Issue.Issue(r.Context(), id, s.cfg.Office, sessionOf(r).User.Name, requester)
	if registry.ErrorCode(err) == registry.EINVALID {
		s.failStatus(w, r, http.StatusUnprocessableEntity, "Chưa thể cấp trích lục: bản ghi chưa được kiểm tra xong ("+registry.ErrorMessage(err)+").")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="trich-luc-`+strconv.Itoa(iss.Year)+"-"+strconv.Itoa(iss.Seq)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
}
