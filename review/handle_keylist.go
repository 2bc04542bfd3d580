package review

import (
	"net/http"
	"sort"

	"github.com/civreg/civreg/registry"
)

// keyList is the page list of the keying view: the books with pages to
// key, or the pages of one book with their status, picked by keyboard.
type keyList struct {
	Layout
	Office, Book string
	Books        []keyBook
	Pages        []keyListPage
	Message      string
}

type keyBook struct {
	Office, Book, Kind string
	Open               int // pages with fields to key
	URL                string
}

type keyListPage struct {
	ID      string
	Page    string
	Kind    string
	Status  string
	Open    int // fields waiting
	IsOpen  bool
	Heading string
}

var keyListMessages = map[string]string{
	"none": "Trang đó không còn trường nào bạn có thể nhập (đã xong, người khác đang nhập, hoặc chờ người nhập lần 2).",
	"done": "Đã lưu. Quyển này không còn trang nào cần nhập.",
}

// handleKeyList lists the books with pages to key, or one book's pages.
func (s *Server) handleKeyList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := keyList{Layout: layout(r, "Chọn trang để nhập", "entry"), Office: q.Get("office"), Book: q.Get("book")}
	p.Script = "keylist.js"
	p.Message = keyListMessages[q.Get("msg")]
	var err error
	if p.Book == "" {
		p.Books, err = s.openBooks(r)
	} else {
		p.Pages, err = s.bookPages(r, p.Office, p.Book)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "keylist", p)
}

// openBooks lists the books that have pages waiting, by office and book,
// as the store counts them (it reads no record).
func (s *Server) openBooks(r *http.Request) ([]keyBook, error) {
	obs, err := s.cfg.Review.OpenBooks(r.Context())
	if err != nil {
		return nil, err
	}
	books := make([]keyBook, len(obs))
	for i, b := range obs {
		rec := &registry.Record{Office: b.Office, Book: b.Book}
		books[i] = keyBook{Office: b.Office, Book: b.Book, Kind: b.Kind.Title(), Open: b.Open, URL: bookURL(rec)}
	}
	return books, nil
}

// bookPages lists a book's pages, the ones with fields to key first.
func (s *Server) bookPages(r *http.Request, office, book string) ([]keyListPage, error) {
	recs, err := s.books.get(r.Context(), s.cfg.Records, office, book, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	var out []keyListPage
	for _, rec := range recs {
		n := 0
		for _, f := range rec.Fields {
			if f.Status == registry.FieldNeedsReview {
				n++
			}
		}
		pg := "—"
		if rec.Page > 0 {
			pg = itoa(rec.Page)
		}
		out = append(out, keyListPage{ID: rec.ID, Page: pg, Kind: rec.Kind.Title(), Status: recordStatusText(rec.Status),
			Open: n, IsOpen: rec.Status == registry.RecordNeedsReview})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].IsOpen && !out[j].IsOpen })
	return out, nil
}
