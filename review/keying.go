package review

import (
	"fmt"
	"image"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// keyPage is the page keying view: the original page beside a compact
// form of the page's open fields.
type keyPage struct {
	Layout
	RecordID string
	Heading  string
	Book     string // the list of the book's pages
	Items    []keyItem
	Error    string
	Message  string
	// Known are the record's settled values the script checks against
	// (birth date and sex, for a personal ID).
	Known map[string]string
	// Year is the book's year, which dates typed short are completed
	// with.
	Year int
}

// keyItem is one field of the keying form.
type keyItem struct {
	multiItem
	Key  string
	Type registry.ValueType
	// Box is the field's region as per-ten-thousand of the page: "x0 y0 x1 y1".
	Box string
	// Shown is a reading too implausible to start the input with, shown
	// small beside it.
	Shown string
	// Offer is a value the keyer confirms with one key, and Origin says
	// where it came from: derived, default or copied.
	Offer, Origin, OfferText string
	// Prev is the book's previous entry's value, for the ditto key.
	Prev string
	// Derive names a field of this page the value follows from, for the
	// script: "words:<key>" (the date in words from a date), "same:<key> <key>"
	// (the child's ethnicity from the parents').
	Derive string
	// Reg marks the registration date, which may be typed as day and
	// month only (in the book's year).
	Reg bool
}

// originText names where an offered value came from, for the screen; the
// event log keeps the same words.
var originText = map[string]string{
	"derived": "suy ra từ trường khác",
	"default": "giá trị mặc định",
	"copied":  "chép từ trang trước",
}

// implausible reports whether a reading should not start the input: it is
// not a valid value of its type, or the machine was nearly guessing.
func implausible(typ registry.ValueType, f *registry.Field) bool {
	if f == nil || f.Value == "" {
		return true
	}
	if f.Confidence > 0 && f.Confidence < 0.25 {
		return true
	}
	return !normalize.Normalize(typ, f.Value).OK
}

// keyItems builds the form's fields from the leased tasks.
func (s *Server) keyItems(r *http.Request, tvs []*registry.TaskView, prev *registry.Record, pageSize image.Point) []keyItem {
	var out []keyItem
	for i, tv := range tvs {
		it := keyItem{multiItem: s.newItem(r, i+1, tv), Key: tv.FieldKey}
		_, _, it.Type = s.forms.spec(tv.Record.Kind, tv.Record.Era, tv.FieldKey)
		it.Label = keyLabel(it.Type, it.Label)
		it.Reading = nil
		if tv.Field != nil && !tv.Blind && implausible(it.Type, tv.Field) {
			it.Shown = tv.Field.Raw
			if it.Shown == "" {
				it.Shown = tv.Field.Value
			}
			it.Input, it.Value = "", ""
		}
		if b := viewBox(tv.Record, tv.FieldKey); b != nil && pageSize.X > 0 && pageSize.Y > 0 {
			it.Box = fmt.Sprintf("%d %d %d %d", b[0]*10000/pageSize.X, b[1]*10000/pageSize.Y, b[2]*10000/pageSize.X, b[3]*10000/pageSize.Y)
		}
		it.Prev = settled(prev, tv.FieldKey)
		it.Reg = it.Type == registry.TypeDate && slices.Contains(normalize.RegistrationDateKeys, tv.FieldKey)
		s.offer(&it, tv)
		out = append(out, it)
	}
	return out
}

// keyLabel names the signer's two fields apart: the printed form gives
// both the one caption.
func keyLabel(typ registry.ValueType, label string) string {
	switch typ {
	case registry.TypeSigner:
		return "Người ký: họ, chữ đệm, tên"
	case registry.TypeTitle:
		return "Người ký: chức vụ"
	}
	return label
}

// dittoTypes are offered from the book's previous entry: they repeat
// from page to page.
var dittoTypes = map[registry.ValueType]bool{registry.TypeSigner: true, registry.TypeTitle: true}

// dittoKeys are other fields that repeat from page to page.
var dittoKeys = map[string]bool{"ngayDangKy": true, "gbtCoQuanCap": true}

// countingKeys are numbers that go up by one from entry to entry.
var countingKeys = map[string]bool{"so": true, "trangSo": true}

// defaults are values offered when nothing else is known.
var defaults = map[registry.ValueType]string{registry.TypeNationality: "Việt Nam"}

// offer sets the value offered for an empty input, and what the script
// derives from the page's other fields.
func (s *Server) offer(it *keyItem, tv *registry.TaskView) {
	rec := tv.Record
	switch {
	case it.Type == registry.TypeDateWords:
		src := strings.TrimSuffix(tv.FieldKey, "BangChu")
		it.Derive = "words:" + src
		if w := dateWords(settled(rec, src)); w != "" {
			it.set(w, "derived")
		}
	case it.Type == registry.TypePersonalID:
		p := strings.TrimSuffix(tv.FieldKey, "SoDinhDanh")
		it.Derive = "id:" + p + "NgaySinh " + p + "GioiTinh"
	case it.Type == registry.TypeEthnicity && strings.HasPrefix(tv.FieldKey, "nks"):
		it.Derive = "same:chaDanToc meDanToc"
		if c, m := settled(rec, "chaDanToc"), settled(rec, "meDanToc"); c != "" && c == m {
			it.set(c, "derived")
		}
	}
	if n, err := strconv.Atoi(it.Prev); err == nil && countingKeys[tv.FieldKey] {
		it.set(strconv.Itoa(n+1), "derived") // the entry and page numbers go on from the previous entry's
	}
	if it.Offer == "" && (dittoTypes[it.Type] || dittoKeys[tv.FieldKey]) && it.Prev != "" {
		it.set(it.Prev, "copied")
	}
	if d, ok := defaults[it.Type]; ok && it.Offer == "" {
		it.set(d, "default")
	}
}

// set offers v when the input starts empty.
func (it *keyItem) set(v, origin string) {
	if it.Input != "" {
		return
	}
	it.Offer, it.Origin, it.OfferText = v, origin, originText[origin]
}

// dateWords writes an ISO date (day precision) in words, or "".
func dateWords(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return ""
	}
	return normalize.FormatDateInWords(t, normalize.WordsStyle{Thousand: "nghìn", Zero: "linh"})
}

// bookYear is the year of a book numbered "NN/YYYY", else the current
// year: dates typed short are completed with it.
func bookYear(book string, now time.Time) int {
	if i := strings.LastIndexByte(book, '/'); i >= 0 && len(book)-i-1 == 4 {
		if y, err := strconv.Atoi(book[i+1:]); err == nil && y > 1800 {
			return y
		}
	}
	return now.Year()
}
