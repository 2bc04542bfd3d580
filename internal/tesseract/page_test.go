package tesseract_test

import (
	"image"
	"strings"
	"testing"

	xdraw "golang.org/x/image/draw"

	"github.com/civreg/civreg/ocr"
)

// half scales g to half size, as a locator's fast first pass would.
func half(g *image.Gray) *image.Gray {
	b := g.Bounds()
	h := image.NewGray(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
	xdraw.ApproxBiLinear.Scale(h, h.Bounds(), g, b, xdraw.Src, nil)
	return h
}

// labels are printed labels a locator looks for on the synthetic page.
var labels = []string{
	"Họ và tên:", "Giới tính:", "Ngày, tháng, năm sinh:", "Nơi sinh:",
	"Dân tộc:", "Quốc tịch:", "Quê quán:", "Họ và tên mẹ:", "Năm sinh:",
	"Nơi cư trú:", "Họ và tên cha:", "Quan hệ với người được khai sinh:",
	"Số giấy tờ tùy thân:", "Nơi đăng ký khai sinh:", "Ghi chú:",
}

func TestPageLines(t *testing.T) {
	if testing.Short() {
		t.Skip("full-page reads take seconds")
	}
	g, boxes := page(t)
	e := engine(t)
	tests := []struct {
		name string
		img  *image.Gray
		dpi  int
		mode ocr.Mode
		// scale maps the drawn boxes into the read image.
		scale int
	}{
		{"300dpi auto", g, 300, ocr.Auto, 1},
		{"300dpi block", g, 300, ocr.Block, 1},
		{"150dpi auto", half(g), 150, ocr.Auto, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.SetDPI(tt.dpi)
			defer e.SetDPI(ocr.DefaultDPI)
			lines, err := e.Lines(tt.img, tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, l := range lines {
				all.WriteString(l.Text + "\n")
			}
			text := all.String()
			for _, lab := range labels {
				if !strings.Contains(text, lab) {
					t.Errorf("label %q not read; page text:\n%s", lab, text)
				}
			}
			// Reading order: each drawn line's first word is found on a
			// line whose box overlaps where it was drawn, in page order.
			last := -1
			for i, s := range pageLines {
				first := strings.Fields(s)[0]
				want := boxes[i]
				want = image.Rect(want.Min.X/tt.scale, want.Min.Y/tt.scale, want.Max.X/tt.scale, want.Max.Y/tt.scale)
				found := -1
				for j, l := range lines {
					if j > last && l.Words[0].Text == first && l.Box.Overlaps(want) {
						found = j
						break
					}
				}
				if found < 0 {
					t.Errorf("line %d %q: no line starting %q at %v after line %d", i, s, first, want, last)
					continue
				}
				last = found
			}
		})
	}
}
