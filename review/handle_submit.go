package review

import (
	"net/http"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// handleSubmit settles one task and goes straight to the next (303). A
// value that does not validate, or a field changed meanwhile, shows the
// task again with the message and what was typed.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	version, verr := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil || verr != nil {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad task or version"))
		return
	}
	f, u := filterFrom(r.PostForm), sessionOf(r).User
	tv, err := s.cfg.Review.LeaseTask(r.Context(), u, id, s.cfg.Lease)
	if err != nil {
		s.lost(w, r, err, f)
		return
	}
	e := entry{Action: r.PostFormValue("action"), Typed: r.PostFormValue("value"), Force: r.PostFormValue("force")}
	if v := r.PostFormValue("pick"); v != "" {
		e.Action, e.Typed = "", v
	}
	sub, prob := s.decide(tv, e)
	if items := []multiItem{{}}; prob == nil && s.checkWords(items, []*registry.TaskView{tv}, []registry.Submission{sub}, map[int64]entry{tv.ID: e}) {
		prob = &problem{Message: items[0].Error, Force: items[0].Force}
	}
	if prob != nil {
		p := s.newTaskPage(r, tv, f)
		p.Input, p.Error, p.Suggest, p.Force = e.Typed, prob.Message, prob.Suggest, prob.Force
		s.render(w, r, http.StatusUnprocessableEntity, "task", p)
		return
	}
	sub.User, sub.Version = u.Name, version
	if _, err := s.cfg.Review.Submit(r.Context(), sub); err != nil {
		s.refused(w, r, err, id, e.Typed, f)
		return
	}
	s.redirectNext(w, r, f)
}
