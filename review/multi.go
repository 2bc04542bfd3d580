package review

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/civreg/civreg/internal/workflow"
	"github.com/civreg/civreg/registry"
)

// multiPage is a screen of many tasks in one form: group mode (one field
// across many pages) and record-entry mode (every field of one page).
type multiPage struct {
	Layout
	Mode      string // "group" or "entry"
	Heading   string
	Sub       string
	Action    string // where the form posts
	Field     string // group mode: the field key
	RecordID  string // entry mode: the record
	Filter    Filter
	Items     []multiItem
	Error     string
	Message   string
	Conflicts string
}

// multiItem is one task of a multiPage.
type multiItem struct {
	TaskID  int64
	Version int64
	N       int
	Label   string
	Section string
	Where   string
	Reason  string
	Note    string
	Stage   string
	Reading []Mark
	Value   string
	Input   string
	Blind   bool
	Mark    string // a preset action: blank, illegible, skip
	Hint    string
	Error   string
	Force   string
	Suggest []string
}

// newItem fills one task of a multiPage.
func (s *Server) newItem(r *http.Request, n int, tv *registry.TaskView) multiItem {
	s.refs.remember(sessionOf(r).User.Name, tv)
	rec := tv.Record
	label, section, typ := s.forms.spec(rec.Kind, rec.Era, tv.FieldKey)
	it := multiItem{
		TaskID: tv.ID, Version: tv.Version, N: n, Label: label, Section: section,
		Where:  fmt.Sprintf("Quyển %s, trang %d", rec.Book, rec.Page),
		Reason: reasonText(tv.Reason), Stage: stageText(tv.Stage), Blind: tv.Blind,
	}
	if tv.Field != nil && !tv.Blind {
		it.Note = joinNote(tv.Field.Note, tv.Note)
		it.Reading, it.Value, it.Input = marks(typ, tv.Field.Raw), tv.Field.Value, tv.Field.Value
		it.Hint = hint(typ, tv.Field.Value)
	}
	return it
}

// sentTasks reads the task ids, versions and entries of a multi form.
func sentTasks(r *http.Request) ([]int64, map[int64]int64, map[int64]entry, error) {
	var ids []int64
	versions, entries := map[int64]int64{}, map[int64]entry{}
	if len(r.PostForm["t"]) > 200 {
		return nil, nil, nil, registry.Errorf(registry.EINVALID, "too many tasks in one form")
	}
	for _, s := range r.PostForm["t"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, nil, nil, registry.Errorf(registry.EINVALID, "bad task id %q", s)
		}
		v, err := strconv.ParseInt(r.PostFormValue("v-"+s), 10, 64)
		if err != nil {
			return nil, nil, nil, registry.Errorf(registry.EINVALID, "bad version for task %d", id)
		}
		ids, versions[id] = append(ids, id), v
		entries[id] = entry{Action: r.PostFormValue("act-" + s), Typed: r.PostFormValue("val-" + s), Force: r.PostFormValue("force-" + s), Origin: r.PostFormValue("origin-" + s)}
	}
	return ids, versions, entries, nil
}

// settleMany validates every task of a multi form first; if any value is
// refused nothing is saved and the page comes back with the messages and
// what was typed (items non-nil). Otherwise every task is submitted and
// the counts of saved and conflicting ones are returned.
func (s *Server) settleMany(r *http.Request) (items []multiItem, saved, conflicts int, err error) {
	ids, versions, entries, err := sentTasks(r)
	if err != nil {
		return nil, 0, 0, err
	}
	u := sessionOf(r).User
	var subs []registry.Submission
	var tvs []*registry.TaskView
	bad := false
	for i, id := range ids {
		tv, err := s.cfg.Review.LeaseTask(r.Context(), u, id, s.cfg.Lease)
		if err != nil {
			if c := registry.ErrorCode(err); c == registry.ECONFLICT || c == registry.ENOTFOUND {
				conflicts++
				continue
			}
			return nil, 0, 0, err
		}
		e := entries[id]
		it := s.newItem(r, i+1, tv)
		it.Input, it.Mark = e.Typed, e.Action
		sub, prob := s.decide(tv, e)
		if prob != nil {
			it.Error, it.Suggest, it.Force, bad = prob.Message, prob.Suggest, prob.Force, true
		}
		sub.User, sub.Version = u.Name, versions[id]
		if _, ok := workflow.OriginNotes[e.Origin]; ok && sub.Action != registry.ActSkip {
			sub.Origin = e.Origin
		}
		items, subs, tvs = append(items, it), append(subs, sub), append(tvs, tv)
	}
	if s.checkWords(items, tvs, subs, entries) {
		bad = true
	}
	if bad {
		return items, 0, conflicts, nil
	}
	for _, sub := range subs {
		if _, err := s.cfg.Review.Submit(r.Context(), sub); err != nil {
			if registry.ErrorCode(err) != registry.ECONFLICT {
				return nil, saved, conflicts, err
			}
			conflicts++
			continue
		}
		if sub.Action != registry.ActSkip {
			saved++
		}
	}
	return nil, saved, conflicts, nil
}

// doneText says what the last multi submit did, from the counts in the URL.
func doneText(q map[string][]string) (msg, conflicts string) {
	get := func(k string) int {
		if v, ok := q[k]; ok && len(v) > 0 {
			n, _ := strconv.Atoi(v[0])
			return max(n, 0)
		}
		return 0
	}
	if n := get("done"); n > 0 {
		msg = fmt.Sprintf("Đã lưu %d trường.", n)
	}
	if n := get("conflicts"); n > 0 {
		conflicts = fmt.Sprintf("%d trường đã được người khác sửa hoặc nhận trong lúc bạn làm, nên chưa được lưu; chúng sẽ hiện lại nếu còn cần xem.", n)
	}
	return msg, conflicts
}
