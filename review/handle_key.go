package review

import (
	"bytes"
	"image"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/civreg/civreg/registry"
)

// handleKey shows the page keying view of one record: its original page
// beside a compact form of its open fields, every one leased to the keyer
// until they save or leave.
func (s *Server) handleKey(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("record")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	rec, err := s.cfg.Records.FindRecord(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tvs, err := s.cfg.Review.RecordTasks(r.Context(), sessionOf(r).User, id, s.cfg.Lease)
	if registry.ErrorCode(err) == registry.ENOTFOUND || err == nil && len(tvs) == 0 {
		http.Redirect(w, r, bookURL(rec)+"&msg=none", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.keyView(r, rec, tvs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") != "" {
		p.Message = "Đã lưu trang trước. Đây là trang tiếp theo của quyển."
	}
	s.render(w, r, http.StatusOK, "key", p)
}

// keyView fills the keying view of rec from its leased tasks.
func (s *Server) keyView(r *http.Request, rec *registry.Record, tvs []*registry.TaskView) (keyPage, error) {
	recs, err := s.books.get(r.Context(), s.cfg.Records, rec.Office, rec.Book, s.cfg.Now())
	if err != nil {
		return keyPage{}, err
	}
	p := keyPage{Layout: layout(r, "Nhập trang", "entry"), RecordID: rec.ID, Book: bookURL(rec)}
	p.Script = "key.js"
	p.Heading = pageHeading(rec)
	p.Year = bookYear(rec.Book, s.cfg.Now())
	p.Items = s.keyItems(r, tvs, previous(recs, rec), s.pageSize(r, rec.ID))
	p.Known = map[string]string{}
	for k := range rec.Fields {
		if v := settled(rec, k); v != "" && (strings.HasSuffix(k, "NgaySinh") || strings.HasSuffix(k, "GioiTinh")) {
			p.Known[k] = v
		}
	}
	return p, nil
}

// pageHeading names a page for people: its kind, book and page, without a
// page number the scan did not find.
func pageHeading(rec *registry.Record) string {
	h := rec.Kind.Title() + " · quyển " + rec.Book
	if rec.Page > 0 {
		h += " · trang " + itoa(rec.Page)
	}
	return h
}

// bookURL is the page list of rec's book.
func bookURL(rec *registry.Record) string {
	return "/key?" + url.Values{"office": {rec.Office}, "book": {rec.Book}}.Encode()
}

// pageSize reads the size of the stored page, which the fields' boxes are
// measured on, from its header only.
func (s *Server) pageSize(r *http.Request, id string) image.Point {
	b, err := s.cfg.Records.PageImage(r.Context(), id)
	if err != nil {
		return image.Point{}
	}
	c, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return image.Point{}
	}
	return image.Pt(c.Width, c.Height)
}

// handleKeySubmit settles the page's fields and opens the book's next page
// with fields to key.
func (s *Server) handleKeySubmit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("record")
	if !recordRE.MatchString(id) {
		s.fail(w, r, registry.Errorf(registry.EINVALID, "bad record id"))
		return
	}
	rec, err := s.cfg.Records.FindRecord(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, _, _, err := s.settleMany(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if items != nil {
		s.keyRefused(w, r, rec, items)
		return
	}
	s.books.forget(rec.Office, rec.Book)
	recs, err := s.books.get(r.Context(), s.cfg.Records, rec.Office, rec.Book, s.cfg.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if next := nextOpen(recs, rec); next != nil {
		http.Redirect(w, r, "/key/"+next.ID+"?saved=1", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, bookURL(rec)+"&msg=done", http.StatusSeeOther)
}

// keyRefused shows the page again with what was typed and why some value
// was not taken; nothing was saved.
func (s *Server) keyRefused(w http.ResponseWriter, r *http.Request, rec *registry.Record, items []multiItem) {
	tvs, err := s.cfg.Review.RecordTasks(r.Context(), sessionOf(r).User, rec.ID, s.cfg.Lease)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.keyView(r, rec, tvs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byTask := map[int64]multiItem{}
	for _, it := range items {
		byTask[it.TaskID] = it
	}
	for i := range p.Items {
		if it, ok := byTask[p.Items[i].TaskID]; ok {
			p.Items[i].Input, p.Items[i].Mark = it.Input, it.Mark
			p.Items[i].Error, p.Items[i].Suggest, p.Items[i].Force = it.Error, it.Suggest, it.Force
			p.Items[i].Offer, p.Items[i].Origin = "", r.PostFormValue("origin-"+strconv.FormatInt(it.TaskID, 10))
		}
	}
	p.Error = "Có giá trị chưa hợp lệ (đánh dấu đỏ). Chưa lưu gì; hãy sửa rồi nhấn Enter."
	s.render(w, r, http.StatusUnprocessableEntity, "key", p)
}

// handleKeyRelease gives back the keyer's leases when they leave a page
// without saving it (sent by the page as it closes).
func (s *Server) handleKeyRelease(w http.ResponseWriter, r *http.Request) {
	if err := s.cfg.Review.ReleaseLeases(r.Context(), sessionOf(r).User.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
