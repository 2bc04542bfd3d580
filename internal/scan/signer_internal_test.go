package scan

import (
	"image"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/locate"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/registry"
)

// A signature block's caption that is also a title ran into the signer's
// line (a held-out edition's "Người đi khai … CÁN BỘ HỘ TỊCH" under the
// line): the line holds two titles, and the one the splitter takes is no
// more the signer's than the other, so the title goes to a person. The
// line with one title is accepted as read.
func TestSignerLineWithTwoTitles(t *testing.T) {
	pol, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	f := form.Get(registry.Birth, registry.EraB)
	var slot form.Slot
	for _, s := range f.Slots() {
		if len(s.FieldKeys()) == 2 {
			slot = s
		}
	}
	if slot.Label == "" {
		t.Fatal("KS-B has no signer's line")
	}
	for _, tc := range []struct {
		line   string
		wantOK bool
	}{
		{"Nguyễn Thị Linh Trưởng phòng Tư pháp Người đi khai CÁN BỘ HỘ TỊCH", false},
		{"Nguyễn Thị Linh (Trưởng phòng Tư pháp)", true},
	} {
		var words []locate.Word
		for i, s := range strings.Fields(tc.line) {
			words = append(words, locate.Word{Text: s, Conf: 97, Box: image.Rect(100+i*120, 100, 200+i*120, 140)})
		}
		res := &locate.Result{Form: f, Regions: []locate.Region{{Slot: slot, Found: true, Score: 1,
			Boxes: []image.Rectangle{image.Rect(90, 90, 2000, 150)}, Words: words}}}
		w := &worker{o: &Options{Policy: &pol}, engine: &textEngine{}, models: map[string]Engine{}}
		for _, r := range w.read(image.NewGray(image.Rect(0, 0, 2100, 200)), res) {
			if r.spec.Key != "chucVuNguoiKy" {
				continue
			}
			if r.norm.OK != tc.wantOK {
				t.Errorf("%q: title %q ok=%t (%s), want ok=%t", tc.line, r.norm.Value, r.norm.OK, r.norm.Note, tc.wantOK)
			}
		}
	}
}

// A registration date read as its year alone lost its day and month: it
// is held as a value cut short. A date of birth may be a year alone.
func TestRegistrationYearAloneIsCut(t *testing.T) {
	pol, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	f := form.Get(registry.Death, registry.EraB)
	for _, tc := range []struct {
		key  string
		want bool
	}{{"ngayDangKy", true}, {"nktNgaySinh", false}} {
		var slot form.Slot
		for _, s := range f.Slots() {
			if s.FieldKeys()[0] == tc.key {
				slot = s
			}
		}
		res := &locate.Result{Form: f, Regions: []locate.Region{{Slot: slot, Found: true, Score: 1,
			Boxes: []image.Rectangle{image.Rect(90, 90, 2000, 150)},
			Words: []locate.Word{{Text: "2021", Conf: 97, Box: image.Rect(100, 100, 200, 140)}}}}}
		w := &worker{o: &Options{Policy: &pol}, engine: &textEngine{text: "2021"}, models: map[string]Engine{pol.ModelFor(registry.TypeDate): &textEngine{text: "2021"}}}
		for _, r := range w.read(image.NewGray(image.Rect(0, 0, 2100, 200)), res) {
			if r.spec.Key == tc.key && r.ev.Cut != tc.want {
				t.Errorf("%s read %q: cut %t, want %t", tc.key, r.norm.Value, r.ev.Cut, tc.want)
			}
		}
	}
}

// A signer's name the crop's second reading carries on past is cut short;
// a title after it is no more of the name.
func TestNameGoesOn(t *testing.T) {
	for _, tc := range []struct {
		name, again string
		want        bool
	}{
		{"Nguyễn Hồng", "án bộ Tư pháp hộ tịch (NGUYÊN HỒNG MỸ)", true},
		{"Trần Minh", "Công chức Tư pháp - Hộ tịch TRẦN MINH TÙNG", true},
		{"Nguyễn Hồng Mỹ", "NGUYỄN HỒNG MỸ - Cán bộ Tư pháp hộ tịch", false},
		{"Nguyễn Hồng", "NGUYỄN HỒNG Cán bộ Tư pháp hộ tịch", false},
		{"Nguyễn Hồng Mỹ", "NGUYỄN HỒNG MỸ Phó Chủ tịch UBND phường", false},
		{"Nguyễn Hồng Mỹ", "", false},
		{"Lê Văn Duy", "Chủ tịch UBND xã LÊ VĂN DUY ký Giây khai sinh:", false},
		{"Lê Văn", "Chủ tịch UBND xã Lê Văn Duy", true},
	} {
		if got := nameGoesOn(tc.name, tc.again); got != tc.want {
			t.Errorf("nameGoesOn(%q, %q) = %v, want %v", tc.name, tc.again, got, tc.want)
		}
	}
}
