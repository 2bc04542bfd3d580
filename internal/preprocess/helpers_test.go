package preprocess_test

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/civreg/civreg/internal/testenv"
)

// FreeSerif: a Times design with every Vietnamese letter (Liberation
// Serif lacks ọ ễ ị ớ ữ).
const fontPath = "/usr/share/fonts/truetype/freefont/FreeSerif.ttf"

var (
	fontOnce sync.Once
	fontData *opentype.Font
	fontErr  error
)

func face(t testing.TB, pt float64) font.Face {
	t.Helper()
	fontOnce.Do(func() {
		var b []byte
		if b, fontErr = os.ReadFile(fontPath); fontErr == nil {
			fontData, fontErr = opentype.Parse(b)
		}
	})
	if fontErr != nil {
		testenv.Need(t, "freefont")
		t.Fatalf("font: %v", fontErr)
	}
	f, err := opentype.NewFace(fontData, &opentype.FaceOptions{Size: pt, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

var pageLines = []string{
	"SỔ ĐĂNG KÝ KHAI SINH",
	"Phần ghi về người được đăng ký khai sinh:",
	"Họ và tên: NGUYỄN THỊ NHÀN   Giới tính: Nữ",
	"Ngày, tháng, năm sinh: 12/03/2009",
	"Ghi bằng chữ: Ngày mười hai, tháng ba, năm hai nghìn không trăm linh chín",
	"Nơi sinh: Bệnh viện Từ Dũ, Thành phố Hồ Chí Minh",
	"Dân tộc: Kinh   Quốc tịch: Việt Nam",
	"Quê quán: xã Phước Lợi, huyện Cần Đước, tỉnh Long An",
	"Họ và tên mẹ: TRẦN THỊ HỒNG   Năm sinh: 1985",
	"Nơi cư trú: 45 đường Nguyễn Trãi, phường Bến Thành, Quận 1",
	"Họ và tên cha: NGUYỄN VĂN MINH   Năm sinh: 1982",
	"Quan hệ với người được khai sinh: Cha",
	"Nơi đăng ký khai sinh: UBND phường Bến Nghé",
	"Ngày, tháng, năm đăng ký: 20/03/2009",
	"Ghi chú: Đăng ký đúng hạn",
}

// Paper and ink of a plausible scan: yellowed paper, not quite black ink.
var (
	paper = color.RGBA{236, 230, 212, 255}
	ink   = color.RGBA{40, 38, 45, 255}
)

func fill(img draw.Image, c color.Color) {
	draw.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{}, draw.Src)
}

// drawText draws s in c with its baseline at (x, y).
func drawText(dst draw.Image, f font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// scan renders pageLines at 12 pt on a 2400×3400 page in colour, with a
// little noise, and returns it with a mask of where ink was drawn.
func scan(t testing.TB) (*image.RGBA, *image.Gray) {
	f := face(t, 12)
	img := image.NewRGBA(image.Rect(0, 0, 2400, 3400))
	fill(img, paper)
	mask := image.NewGray(img.Bounds())
	for i, s := range pageLines {
		drawText(img, f, ink, 200, 300+i*150, s)
		drawText(mask, f, color.White, 200, 300+i*150, s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < len(img.Pix); i += 4 {
		n := rng.IntN(17) - 8
		for c := 0; c < 3; c++ {
			img.Pix[i+c] = uint8(min(max(int(img.Pix[i+c])+n, 0), 255))
		}
	}
	return img, mask
}

func gray(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

// writePNG saves img under $PREPROCESS_OUT when set, to look at.
func writePNG(t testing.TB, name string, img image.Image) {
	dir := os.Getenv("PREPROCESS_OUT")
	if dir == "" {
		return
	}
	f, err := os.Create(dir + "/" + name + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// darkShare returns the share of mask's set pixels (inside r) that are
// darker than 128 in g.
func darkShare(g, mask *image.Gray, r image.Rectangle) float64 {
	n, dark := 0, 0
	r = r.Intersect(mask.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if mask.GrayAt(x, y).Y < 200 {
				continue
			}
			n++
			if g.GrayAt(x, y).Y < 128 {
				dark++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(dark) / float64(n)
}
