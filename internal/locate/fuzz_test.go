package locate_test

import (
	"image"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/locate"
)

// FuzzLocate feeds the label matcher arbitrary words: it must never panic,
// and must always give one region per slot of the form.
func FuzzLocate(f *testing.F) {
	f.Add("Số:.153 Trang 64\nHọ và tên:...... NGUYỄN THỊ NHÀN Giới tính: Nữ\nDân tộc: Kinh", 40)
	f.Add("Phần ghi về Giấy báo tử/Giấy tờ thay cho Giấy\nbáo tử: Giấy báo tử số 635", 12)
	f.Add(":::: .... \xff\xfe tháng năm", 3)
	f.Fuzz(func(t *testing.T, text string, h int) {
		if h <= 0 || h > 400 {
			h = 40
		}
		var words []locate.Word
		for li, l := range strings.Split(text, "\n") {
			x := 10
			for _, w := range strings.Fields(l) {
				words = append(words, locate.Word{Text: w, Conf: 90, Box: image.Rect(x, li*h*2, x+12*len(w), li*h*2+h)})
				x += 12*len(w) + 10
			}
		}
		p := locate.Page{Bounds: image.Rect(0, 0, 2400, 3400), Words: words}
		for _, fm := range form.All() {
			res := locate.Locate(p, fm)
			if len(res.Regions) != len(fm.Slots()) {
				t.Fatalf("%s: %d regions for %d slots", fm.ID(), len(res.Regions), len(fm.Slots()))
			}
		}
	})
}
