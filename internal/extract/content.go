package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
	"golang.org/x/text/unicode/norm"
)

// Format names the content layout and the drawing that goes with it. A
// change to either (new fonts, a moved line) needs a new format, and Render
// must keep drawing the old one, or copies issued before stop verifying.
const Format = "civreg-extract/1"

// Zone is Vietnam's time (UTC+7, no daylight saving), in which extracts are
// dated and copy-number years counted. A fixed zone, so that no machine's
// time-zone database changes a printed date.
var Zone = time.FixedZone("ICT", 7*60*60)

// Content is what an extract states, as signed.
type Content struct {
	Format string `json:"format"`
	CopyNo string `json:"copyNo"` // "12/2026/TLKS-BS"
	Office string `json:"office"` // the issuing office
	Place  string `json:"place"`  // its place name, for "<place>, ngày …"
	Issued string `json:"issued"` // RFC 3339 in Zone, to the second
	Kind   string `json:"kind"`
	Era    string `json:"era"`
	Record string `json:"record"` // the record's id
	Lines  []Line `json:"lines"`  // the entry's fields, in the form's order
	// Registration is the original registration.
	Registration Registration `json:"registration"`
	Note         string       `json:"note"` // Ghi chú
}

// Line is one printed line of the entry: a section heading, or one or more
// labelled values.
type Line struct {
	Section string `json:"section,omitempty"`
	Items   []Item `json:"items,omitempty"`
}

// Item is one field as printed: its key, its label, and its value written
// as the register writes it (dates dd/mm/yyyy, a date in words in words).
// An item with an empty label continues the one before it on the same
// blank (the signer's title after the name).
type Item struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// Registration is where and when the entry was registered.
type Registration struct {
	Office  string `json:"office"`
	So      string `json:"so"`
	QuyenSo string `json:"quyenSo"`
	Date    string `json:"date"` // dd/mm/yyyy
	Type    string `json:"type"` // loaiDangKy, "" when the form has none
}

// Code returns the copy code of a kind's extract: TLKS-BS, TLKH-BS,
// TLKT-BS, TLCMC-BS.
func Code(k registry.Kind) string {
	return "TL" + string(k) + "-BS"
}

// Title returns the title of a kind's extract, without "(BẢN SAO)".
func Title(k registry.Kind) string {
	switch k {
	case registry.Birth:
		return "TRÍCH LỤC KHAI SINH"
	case registry.Marriage:
		return "TRÍCH LỤC KẾT HÔN"
	case registry.Death:
		return "TRÍCH LỤC KHAI TỬ"
	case registry.Recognition:
		return "TRÍCH LỤC ĐĂNG KÝ NHẬN CHA, MẸ, CON"
	}
	return "TRÍCH LỤC"
}

// registeredAt returns the caption of the original registration's office.
func registeredAt(k registry.Kind) string {
	switch k {
	case registry.Birth:
		return "Đăng ký khai sinh tại:"
	case registry.Marriage:
		return "Đăng ký kết hôn tại:"
	case registry.Death:
		return "Đăng ký khai tử tại:"
	case registry.Recognition:
		return "Đăng ký nhận cha, mẹ, con tại:"
	}
	return "Đăng ký tại:"
}

// notPrinted are the keys the extract prints elsewhere than among the
// entry's fields: in the original registration, or under "Ghi chú:".
var notPrinted = map[string]bool{"so": true, "trangSo": true, "quyenSo": true, "noiDangKy": true, "ngayDangKy": true, "loaiDangKy": true, "ghiChu": true}

// NewContent builds the content of an extract of rec, issued as copyNo by
// office at the time at. It does not check that rec is verified.
func NewContent(rec *registry.Record, copyNo, office string, at time.Time) (*Content, error) {
	f := form.Get(rec.Kind, rec.Era)
	if f == nil {
		return nil, registry.Errorf(registry.EINVALID, "no form %s-%s for record %s", rec.Kind, rec.Era, rec.ID)
	}
	value := func(key string) string {
		if fl := rec.Fields[key]; fl != nil {
			return fl.Value
		}
		return ""
	}
	c := &Content{
		Format: FormatQR,
		CopyNo: copyNo,
		Office: office,
		Place:  PlaceName(office),
		Issued: at.In(Zone).Truncate(time.Second).Format(time.RFC3339),
		Kind:   string(rec.Kind),
		Era:    string(rec.Era),
		Record: rec.ID,
		Note:   value("ghiChu"),
	}
	for _, l := range f.Lines {
		if s := strings.TrimSpace(l.Section); s != "" {
			c.Lines = append(c.Lines, Line{Section: s})
		}
		var items []Item
		for _, s := range l.Slots {
			for i, key := range s.FieldKeys() {
				if notPrinted[key] {
					continue
				}
				label, typ := s.Label, s.Type
				if len(s.Keys) > 0 {
					typ = s.Types[i]
					if i > 0 {
						label = ""
					}
				}
				items = append(items, Item{Key: key, Label: label, Value: printed(typ, value(key), s.Parts)})
			}
		}
		if len(items) > 0 {
			c.Lines = append(c.Lines, Line{Items: items})
		}
	}
	date := value("ngayDangKy")
	if _, ok := f.Field("ngayDangKy"); !ok {
		date = value("quyetDinhNgay") // CMC Era A: the decision date stands for it
	}
	c.Registration = Registration{
		Office:  firstOf(rec.Office, value("noiDangKy")),
		So:      value("so"),
		QuyenSo: firstOf(rec.Book, value("quyenSo")),
		Date:    printed(registry.TypeDate, date, nil),
		Type:    value("loaiDangKy"),
	}
	return c, nil
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

var (
	isoDay   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	isoMonth = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	isoDeath = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$`)
)

// printed writes a stored value as the register writes it: dates
// dd/mm/yyyy (mm/yyyy, yyyy at lower precision), or "dd tháng mm năm yyyy"
// after a label printed as "Đăng ký ngày .. tháng .. năm ..", a date in
// words in words, a time of death as "hh giờ mm phút, ngày dd/mm/yyyy".
// Anything that does not parse is printed as stored.
func printed(t registry.ValueType, v string, parts []string) string {
	switch t {
	case registry.TypeDate:
		if m := isoDay.FindStringSubmatch(v); m != nil {
			if len(parts) == 2 {
				return fmt.Sprintf("%s %s %s %s %s", m[3], parts[0], m[2], parts[1], m[1])
			}
			return m[3] + "/" + m[2] + "/" + m[1]
		}
		if m := isoMonth.FindStringSubmatch(v); m != nil {
			return m[2] + "/" + m[1]
		}
	case registry.TypeDateWords:
		if d, err := time.Parse("2006-01-02", v); err == nil {
			return normalize.FormatDateInWords(d, normalize.WordsStyle{Commas: true})
		}
	case registry.TypeDeathTime:
		if m := isoDeath.FindStringSubmatch(v); m != nil {
			return fmt.Sprintf("%s giờ %s phút, ngày %s", m[2], m[3], printed(registry.TypeDate, m[1], nil))
		}
		return printed(registry.TypeDate, v, nil)
	}
	return v
}

// PlaceName returns the place an office dates its papers at: the name of
// its ward or commune without "UBND" and the unit's kind ("UBND phường Bến
// Nghé" → "Bến Nghé"), but with the kind where the name is a number
// ("UBND phường 12" → "Phường 12"), as the rules for official papers say.
// An office it cannot take apart is returned whole.
func PlaceName(office string) string {
	s := strings.TrimSpace(norm.NFC.String(office))
	for _, p := range []string{"UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	for _, unit := range []string{"phường", "xã", "thị trấn", "đặc khu", "thị xã", "quận", "huyện", "thành phố", "tỉnh"} {
		if len(s) > len(unit)+1 && strings.EqualFold(s[:len(unit)], unit) && s[len(unit)] == ' ' {
			name := strings.TrimSpace(s[len(unit):])
			if strings.Trim(name, "0123456789") == "" {
				r := []rune(unit)
				return strings.ToUpper(string(r[0])) + string(r[1:]) + " " + name
			}
			return name
		}
	}
	if s == "" {
		return office
	}
	return s
}

// IssuedAt returns the time the content was issued.
func (c *Content) IssuedAt() (time.Time, error) {
	t, err := time.Parse(time.RFC3339, c.Issued)
	if err != nil {
		return time.Time{}, registry.Errorf(registry.EINVALID, "extract content: bad issue time %q", c.Issued)
	}
	return t.In(Zone), nil
}

// DateLine returns "<place>, ngày dd tháng m năm yyyy" for the issue date,
// with the zero before a day under 10 and before January and February as
// official papers write it.
func (c *Content) DateLine() string {
	t, err := c.IssuedAt()
	if err != nil {
		return c.Place
	}
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	return fmt.Sprintf("%s, ngày %02d tháng %s năm %d", c.Place, t.Day(), month, t.Year())
}

// Canonical returns the content as canonical JSON: NFC strings, object keys
// sorted, no insignificant space, no HTML escaping. The same content always
// gives the same bytes, which are what the office signs.
func (c *Content) Canonical() ([]byte, error) {
	nfc := *c
	nfc.normalize()
	b, err := marshal(&nfc)
	if err != nil {
		return nil, err
	}
	// Through a generic value: encoding/json writes map keys sorted,
	// whatever the order of the struct's fields.
	var v any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return marshal(v)
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (c *Content) normalize() {
	n := norm.NFC.String
	c.CopyNo, c.Office, c.Place, c.Record, c.Note = n(c.CopyNo), n(c.Office), n(c.Place), n(c.Record), n(c.Note)
	lines := make([]Line, len(c.Lines))
	for i, l := range c.Lines {
		lines[i] = Line{Section: n(l.Section)}
		for _, it := range l.Items {
			lines[i].Items = append(lines[i].Items, Item{Key: it.Key, Label: n(it.Label), Value: n(it.Value)})
		}
	}
	c.Lines = lines
	r := &c.Registration
	r.Office, r.So, r.QuyenSo, r.Date, r.Type = n(r.Office), n(r.So), n(r.QuyenSo), n(r.Date), n(r.Type)
}

// Parse decodes signed content. It refuses content that is not in this
// package's format, or not canonical: Render draws only what Canonical
// would have written.
func Parse(b []byte) (*Content, error) {
	var c Content
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "extract content is not readable: %v", err)
	}
	if c.Format != Format && c.Format != FormatQR {
		return nil, registry.Errorf(registry.EUNSUPPORTED, "extract content format %q is not %s", c.Format, FormatQR)
	}
	if _, err := c.IssuedAt(); err != nil {
		return nil, err
	}
	if again, err := c.Canonical(); err != nil || !bytes.Equal(again, b) {
		return nil, registry.Errorf(registry.EINVALID, "extract content is not in canonical form")
	}
	return &c, nil
}

// Text returns what the extract states as readable Vietnamese lines, in the
// order the PDF prints them.
func (c *Content) Text() []string {
	out := []string{
		"Cơ quan cấp: " + c.Office,
		"Số: " + c.CopyNo,
		c.DateLine(),
		Title(registry.Kind(c.Kind)) + " (BẢN SAO)",
	}
	for _, l := range c.Lines {
		if l.Section != "" {
			out = append(out, l.Section)
		}
		if len(l.Items) > 0 {
			out = append(out, "  "+itemsText(l.Items))
		}
	}
	return append(out, c.registrationText()...)
}

// itemsText joins the items of one line as printed.
func itemsText(items []Item) string {
	var b strings.Builder
	for i, it := range items {
		switch {
		case it.Label == "" && i > 0:
			if it.Value != "" {
				b.WriteString(", " + it.Value)
			}
			continue
		case i > 0:
			b.WriteString("; ")
		}
		b.WriteString(it.Label)
		if it.Value != "" {
			b.WriteString(" " + it.Value)
		}
	}
	return b.String()
}

// registrationText returns the lines of the original registration and the
// remarks.
func (c *Content) registrationText() []string {
	r := c.Registration
	out := []string{
		registeredAt(registry.Kind(c.Kind)) + " " + r.Office,
		fmt.Sprintf("Số: %s, Quyển số: %s, ngày %s", r.So, r.QuyenSo, r.Date),
	}
	if r.Type != "" {
		out = append(out, "Loại đăng ký: "+r.Type)
	}
	return append(out, "Ghi chú: "+c.Note)
}
