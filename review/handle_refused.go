package review

import (
	"net/http"

	"github.com/civreg/civreg/registry"
)

// conflictText is what a reviewer reads when their submit was stale.
const conflictText = "Trường này đã được người khác sửa trong lúc bạn làm, nên giá trị của bạn chưa được lưu. Giá trị hiện tại đang hiển thị; hãy xem lại rồi lưu."

// refused shows why the store refused a submit. On a conflict the task is
// opened again with its current value, and what the reviewer typed is shown
// beside it, not saved over the other person's change.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, err error, id int64, typed string, f Filter) {
	switch registry.ErrorCode(err) {
	case registry.ECONFLICT:
		tv, lerr := s.cfg.Review.LeaseTask(r.Context(), sessionOf(r).User, id, s.cfg.Lease)
		if lerr != nil {
			s.lost(w, r, err, f)
			return
		}
		p := s.newTaskPage(r, tv, f)
		p.Conflict = conflictText
		if typed != "" && !tv.Blind {
			p.Conflict += " Bạn đã gõ: «" + typed + "»."
		}
		s.render(w, r, http.StatusConflict, "task", p)
	case registry.EINVALID:
		tv, lerr := s.cfg.Review.LeaseTask(r.Context(), sessionOf(r).User, id, s.cfg.Lease)
		if lerr != nil {
			s.lost(w, r, err, f)
			return
		}
		p := s.newTaskPage(r, tv, f)
		p.Input, p.Error = typed, registry.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "task", p)
	default:
		s.fail(w, r, err)
	}
}

// lostPage says a task is no longer the user's and offers the next one.
type lostPage struct {
	Layout
	Message string
	Filter  Filter
}

// lost answers a task that is done or held by someone else; other errors
// go to fail.
func (s *Server) lost(w http.ResponseWriter, r *http.Request, err error, f Filter) {
	msg := ""
	switch registry.ErrorCode(err) {
	case registry.ECONFLICT:
		msg = "Trường này đã được người khác sửa hoặc đang do người khác giữ: " + registry.ErrorMessage(err) + "."
	case registry.ENOTFOUND:
		msg = "Việc này đã xong hoặc không còn nữa."
	default:
		s.fail(w, r, err)
		return
	}
	p := lostPage{Layout: layout(r, "Việc không còn", "task"), Message: msg, Filter: f}
	p.Script = "keys.js"
	s.render(w, r, http.StatusConflict, "lost", p)
}
