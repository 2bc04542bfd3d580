package tesseract_test

import (
	"image"
	"image/draw"
	"os"
	"sync"
	"testing"

	"github.com/civreg/civreg/internal/testenv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Liberation Serif, the metric twin of the Times New Roman the forms are
// printed in, lacks most Vietnamese letters (ọ ễ ị ớ ữ render as boxes);
// FreeSerif is a Times design that has them all.
const fontPath = "/usr/share/fonts/truetype/freefont/FreeSerif.ttf"

var (
	fontOnce sync.Once
	fontData *opentype.Font
	fontErr  error
)

// face returns Liberation Serif at pt points for a 300-dpi page.
func face(t testing.TB, pt float64) font.Face {
	t.Helper()
	fontOnce.Do(func() {
		var b []byte
		b, fontErr = os.ReadFile(fontPath)
		if fontErr == nil {
			fontData, fontErr = opentype.Parse(b)
		}
	})
	testenv.Need(t, "freefont")
	if fontErr != nil {
		t.Fatalf("font: %v", fontErr)
	}
	f, err := opentype.NewFace(fontData, &opentype.FaceOptions{Size: pt, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func white(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	return g
}

// drawText draws s in black with its baseline at (x, y) and returns the
// ink box it covers.
func drawText(dst draw.Image, f font.Face, x, y int, s string) image.Rectangle {
	d := font.Drawer{Dst: dst, Src: image.Black, Face: f, Dot: fixed.P(x, y)}
	b, _ := d.BoundString(s)
	d.DrawString(s)
	return image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
}

// pageLines is the text of the synthetic register page.
var pageLines = []string{
	"SỔ ĐĂNG KÝ KHAI SINH",
	"Số: 125   Quyển số: 01/2009",
	"Phần ghi về người được đăng ký khai sinh:",
	"Họ và tên: NGUYỄN THỊ NHÀN   Giới tính: Nữ",
	"Ngày, tháng, năm sinh: 12/03/2009",
	"Ghi bằng chữ: Ngày mười hai, tháng ba, năm hai nghìn không trăm linh chín",
	"Nơi sinh: Bệnh viện Từ Dũ, Thành phố Hồ Chí Minh",
	"Dân tộc: Kinh   Quốc tịch: Việt Nam",
	"Quê quán: xã Phước Lợi, huyện Cần Đước, tỉnh Long An",
	"Phần ghi về cha, mẹ:",
	"Họ và tên mẹ: TRẦN THỊ HỒNG   Năm sinh: 1985",
	"Dân tộc: Kinh   Quốc tịch: Việt Nam",
	"Nơi cư trú: 45 đường Nguyễn Trãi, phường Bến Thành, Quận 1",
	"Họ và tên cha: NGUYỄN VĂN MINH   Năm sinh: 1982",
	"Dân tộc: Kinh   Quốc tịch: Việt Nam",
	"Nơi cư trú: 45 đường Nguyễn Trãi, phường Bến Thành, Quận 1",
	"Họ và tên người đi khai sinh: NGUYỄN VĂN MINH",
	"Quan hệ với người được khai sinh: Cha",
	"Số giấy tờ tùy thân: 079082001234",
	"Nơi đăng ký khai sinh: UBND phường Bến Nghé",
	"Ngày, tháng, năm đăng ký: 20/03/2009",
	"Cán bộ Tư pháp hộ tịch   Người đi khai sinh",
	"Ghi chú: Đăng ký đúng hạn",
}

// page renders pageLines at 12 pt on a 2400×3400 300-dpi white page and
// returns it with each line's ink box.
func page(t testing.TB) (*image.Gray, []image.Rectangle) {
	f := face(t, 12)
	g := white(2400, 3400)
	var boxes []image.Rectangle
	for i, s := range pageLines {
		boxes = append(boxes, drawText(g, f, 200, 300+i*120, s))
	}
	return g, boxes
}
