package preprocess_test

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"golang.org/x/image/font"

	"github.com/civreg/civreg/internal/preprocess"
)

// disc draws an anti-aliased dot of radius r centred on (cx, cy), the way
// a printed leader dot comes out of a scanner.
func disc(g *image.Gray, cx, cy, r float64) {
	for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
		for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
			a := r + 0.5 - math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			if a <= 0 || !image.Pt(x, y).In(g.Rect) {
				continue
			}
			a = min(a, 1)
			v := float64(g.GrayAt(x, y).Y)
			g.SetGray(x, y, color.Gray{uint8(v * (1 - a))})
		}
	}
}

// sheet is a synthetic form: an image with what was drawn where.
type sheet struct {
	img  *image.Gray
	text *image.Gray // white where text was drawn
	f    font.Face
	// dots are the leader dots' centres, r their radius.
	dots [][2]float64
	r    float64
	// rules are the rule rectangles.
	rules []image.Rectangle
}

func newSheet(t *testing.T, w, h int) *sheet {
	s := &sheet{
		img:  image.NewGray(image.Rect(0, 0, w, h)),
		text: image.NewGray(image.Rect(0, 0, w, h)),
		f:    face(t, 12),
		r:    2,
	}
	fill(s.img, color.White)
	return s
}

// write draws s with its baseline at (x, y) and records it in the text mask.
func (s *sheet) write(x, y int, str string) {
	drawText(s.img, s.f, color.Black, x, y, str)
	drawText(s.text, s.f, color.White, x, y, str)
}

// dotted draws a leader of dots from x0 to x1 at height y, pitch apart.
func (s *sheet) dotted(x0, x1, y, pitch float64) {
	for x := x0; x < x1; x += pitch {
		disc(s.img, x, y, s.r)
		s.dots = append(s.dots, [2]float64{x, y})
	}
}

// rule draws a solid rectangle of ink.
func (s *sheet) rule(r image.Rectangle) {
	draw.Draw(s.img, r, image.Black, image.Point{}, draw.Src)
	s.rules = append(s.rules, r)
}

// lostText counts the text pixels that were ink in s.img and are paper
// in out.
func (s *sheet) lostText(out *image.Gray, r image.Rectangle) int {
	n := 0
	r = r.Intersect(s.img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if s.text.GrayAt(x, y).Y >= 128 && s.img.GrayAt(x, y).Y < 128 && out.GrayAt(x, y).Y >= 128 {
				n++
			}
		}
	}
	return n
}

// inkIn counts the pixels darker than 128 in r.
func inkIn(g *image.Gray, r image.Rectangle) int {
	n := 0
	r = r.Intersect(g.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.GrayAt(x, y).Y < 128 {
				n++
			}
		}
	}
	return n
}

// touchesText reports whether the text mask has ink within d of r.
func (s *sheet) touchesText(r image.Rectangle, d int) bool {
	return inkIn(invert(s.text), r.Inset(-d)) > 0
}

// inkBox returns the bounding box of the ink of g inside r.
func inkBox(g *image.Gray, r image.Rectangle) image.Rectangle {
	var box image.Rectangle
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.GrayAt(x, y).Y < 128 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

func invert(g *image.Gray) *image.Gray {
	out := image.NewGray(g.Rect)
	for i, v := range g.Pix {
		out.Pix[i] = 255 - v
	}
	return out
}

// form draws the test form: labels, dotted leaders with values typed over
// them (Vietnamese diacritics included), a date and a hyphenated name
// with no leader, an underscore leader, and a frame.
func form(t *testing.T) *sheet {
	s := newSheet(t, 2000, 1000)
	// A value typed over a dotted leader, the dots at the baseline.
	s.write(100, 150, "Họ và tên:")
	s.dotted(330, 1900, 154, 12.5)
	s.write(520, 150, "NGUYỄN THỊ NHÀN")
	// Dot below and above letters, over a leader: ạ ệ ị ọ ụ.
	s.write(100, 280, "Nơi sinh:")
	s.dotted(300, 1900, 284, 11.3)
	s.write(420, 280, "Bệnh viện Đa khoa tỉnh Bình Dương, Quận 1, cạnh chợ Bà Rịa.")
	// No leader: the dots of a date, a hyphen, a full stop.
	s.write(100, 410, "Ngày sinh: 27.9.2003   Dân tộc: Khơ-me   Ghi chú: Kinh.")
	// Dots under a whole line of text, none of them a leader.
	s.write(100, 540, "Họ tên: ĐẶNG THỊ NGỌC, Lộc Hạ, Bịnh Hộ, Ụ Mạ, Ịa Ọc")
	// Underscore leader with descenders through it.
	s.write(100, 670, "Quốc tịch:")
	s.rule(image.Rect(330, 673, 1900, 676))
	s.write(420, 670, "Việt Nam, gập ghềnh")
	// Frame and column rule.
	s.rule(image.Rect(40, 40, 1960, 43))
	s.rule(image.Rect(40, 957, 1960, 960))
	s.rule(image.Rect(40, 40, 43, 960))
	s.rule(image.Rect(1957, 40, 1960, 960))
	s.rule(image.Rect(1920, 40, 1923, 960))
	return s
}

func TestEraseLeaders(t *testing.T) {
	s := form(t)
	before := preprocess.Crop(s.img, s.img.Rect)
	out := preprocess.EraseLeaders(s.img)
	writePNG(t, "leaders-before", s.img)
	writePNG(t, "leaders-after", out)

	if out.Rect != s.img.Rect {
		t.Fatalf("bounds %v, want %v", out.Rect, s.img.Rect)
	}
	for i := range before.Pix {
		if before.Pix[i] != s.img.Pix[i] {
			t.Fatal("input image changed")
		}
	}

	// Every leader dot clear of the text is gone; of those near the text,
	// most are (the rest touch a letter).
	var free, freeLeft, near, nearLeft int
	for _, d := range s.dots {
		r := image.Rect(int(d[0]-s.r-1), int(d[1]-s.r-1), int(d[0]+s.r+2), int(d[1]+s.r+2))
		left := inkIn(out, r) > 0
		if s.touchesText(r, 8) {
			near++
			if left {
				nearLeft++
			}
			continue
		}
		free++
		if left {
			freeLeft++
			t.Errorf("leader dot at %.0f,%.0f left", d[0], d[1])
		}
	}
	if free < 100 || near < 20 {
		t.Fatalf("test form: %d free dots, %d near text", free, near)
	}
	if nearLeft*5 > near {
		t.Errorf("%d of %d leader dots near text left, want at most a fifth", nearLeft, near)
	}

	// The rules are gone, except where letters cross them.
	for _, r := range s.rules {
		if n, all := inkIn(out, r), r.Dx()*r.Dy(); n*20 > all {
			t.Errorf("rule %v: %d of %d pixels left", r, n, all)
		}
	}

	// Corners and the column rule's joins go too.
	for _, p := range []image.Point{{40, 40}, {1957, 40}, {40, 957}, {1957, 957}, {1920, 40}, {1920, 957}} {
		if n := inkIn(out, image.Rectangle{p, p.Add(image.Pt(3, 3))}); n > 0 {
			t.Errorf("join at %v: %d pixels left", p, n)
		}
	}

	// Text keeps its ink, diacritics included: a lost dot below is some
	// 15 pixels; a line may lose a pixel or two of anti-aliased edge.
	lines := []struct {
		name string
		y    int // baseline
		max  int
	}{
		{"name over leader", 150, 4},
		{"diacritics over leader", 280, 4},
		{"date, hyphen, full stop", 410, 4},
		{"dots below, no leader", 540, 4},
		// Where the bowl of a "g" lies along the rule, it is as thin as
		// the rule and goes with it: a few pixels.
		{"text over underscore", 670, 40},
	}
	for _, l := range lines {
		r := image.Rect(0, l.y-60, 2000, l.y+25)
		if n := s.lostText(out, r); n > l.max {
			t.Errorf("%s: %d text pixels lost", l.name, n)
		}
	}
}

// TestEraseLeadersStyles checks each leader style on its own, with a
// value over it.
func TestEraseLeadersStyles(t *testing.T) {
	for _, tc := range []struct {
		name string
		draw func(s *sheet)
	}{
		{"dots", func(s *sheet) { s.dotted(300, 1500, 104, 9.4) }},
		{"sparse dots", func(s *sheet) { s.dotted(300, 1500, 104, 24) }},
		{"ellipsis glyphs", func(s *sheet) {
			drawText(s.img, s.f, color.Black, 300, 108, "……………………………………………………………………")
		}},
		{"ellipsis groups", func(s *sheet) {
			for x := 300.0; x < 1500; x += 48 {
				for k := range 3 {
					disc(s.img, x+float64(k)*9.6, 104, 1.6)
				}
			}
		}},
		{"dashes", func(s *sheet) {
			for x := 300; x < 1500; x += 22 {
				draw.Draw(s.img, image.Rect(x, 103, x+12, 106), image.Black, image.Point{}, draw.Src)
			}
		}},
		{"underscores", func(s *sheet) {
			drawText(s.img, s.f, color.Black, 300, 100, "______________________________________________")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSheet(t, 1600, 200)
			s.write(40, 100, "Dân tộc:")
			tc.draw(s)
			s.write(700, 100, "Kinh Việt Nam")
			out := preprocess.EraseLeaders(s.img)
			writePNG(t, "leaders-"+tc.name+"-before", s.img)
			writePNG(t, "leaders-"+tc.name, out)
			// Left and right of the value, nothing is left.
			value := inkBox(invert(s.text), image.Rect(600, 0, 1600, 200)).Inset(-8)
			for _, r := range []image.Rectangle{image.Rect(250, 0, value.Min.X, 200), image.Rect(value.Max.X, 0, 1600, 200)} {
				if b, a := inkIn(s.img, r), inkIn(out, r); a > b/50 {
					t.Errorf("%v: %d of %d leader pixels left", r, a, b)
				}
			}
			// Under the value, most of the leader goes; what is left
			// touches a letter.
			b, a, text := inkIn(s.img, value), inkIn(out, value), inkIn(invert(s.text), value)
			if a-text > (b-text)/3 {
				t.Errorf("under the value: %d of %d leader pixels left", a-text, b-text)
			}
			if n := s.lostText(out, s.img.Rect); n > 4 {
				t.Errorf("%d text pixels lost", n)
			}
		})
	}
}

// TestEraseLeadersKeeps checks marks that look like leaders in part and
// must stay.
func TestEraseLeadersKeeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name string
		draw func(s *sheet)
	}{
		{"irregular dots", func(s *sheet) {
			x := 300.0
			for range 40 {
				disc(s.img, x, 102, 2)
				s.dots = append(s.dots, [2]float64{x, 102})
				x += 8 + rng.Float64()*30
			}
		}},
		{"short run of dots", func(s *sheet) {
			for k := range 3 {
				disc(s.img, 300+float64(k)*12, 102, 2)
			}
		}},
		{"short rule", func(s *sheet) {
			draw.Draw(s.img, image.Rect(300, 100, 380, 103), image.Black, image.Point{}, draw.Src)
		}},
		{"thick bar", func(s *sheet) {
			draw.Draw(s.img, image.Rect(500, 90, 1500, 104), image.Black, image.Point{}, draw.Src)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSheet(t, 1600, 200)
			s.write(40, 100, "Số: 27.9.2003")
			tc.draw(s)
			out := preprocess.EraseLeaders(s.img)
			if b, a := inkIn(s.img, s.img.Rect), inkIn(out, out.Rect); a < b-2 {
				t.Errorf("%d of %d ink pixels erased", b-a, b)
			}
		})
	}
}

func TestEraseLeadersBounds(t *testing.T) {
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, 0, 0),
		image.Rect(0, 0, 3, 3),
		image.Rect(100, 200, 1700, 400), // a crop keeps page coordinates
	} {
		g := image.NewGray(r)
		fill(g, color.White)
		if !r.Empty() && r.Dx() > 100 {
			for x := 150.0; x < 1600; x += 12 {
				disc(g, x, 300, 2)
			}
		}
		out := preprocess.EraseLeaders(g)
		if out.Rect != r {
			t.Errorf("bounds %v, want %v", out.Rect, r)
		}
		if n := inkIn(out, out.Rect); n != 0 {
			t.Errorf("%v: %d ink pixels left", r, n)
		}
	}
}

// BenchmarkEraseLeaders erases the leaders of a full 2400×3400 page.
func BenchmarkEraseLeaders(b *testing.B) {
	img, _ := scan(b)
	g := gray(img)
	for i := range pageLines {
		y := float64(300 + i*150 + 2)
		for x := 1400.0; x < 2250; x += 12 {
			disc(g, x, y, 2)
		}
	}
	for b.Loop() {
		preprocess.EraseLeaders(g)
	}
}

// TestEraseLeadersScale runs a dotted leader under a value at 200 and
// 600 dpi: sizes follow the letters' height.
func TestEraseLeadersScale(t *testing.T) {
	for _, sc := range []float64{200.0 / 300, 2} {
		t.Run(strconv.FormatFloat(sc*300, 'f', 0, 64)+"dpi", func(t *testing.T) {
			s := &sheet{
				img:  image.NewGray(image.Rect(0, 0, int(2000*sc), int(300*sc))),
				text: image.NewGray(image.Rect(0, 0, int(2000*sc), int(300*sc))),
				f:    face(t, 12*sc),
				r:    2 * sc,
			}
			fill(s.img, color.White)
			base := int(150 * sc)
			s.write(int(40*sc), base, "Nơi cư trú:")
			s.dotted(320*sc, 1950*sc, float64(base)+4*sc, 12*sc)
			s.write(int(420*sc), base, "Số 44 đường Hậu Giang, Phường Hiệp Thành, Quận 12")
			out := preprocess.EraseLeaders(s.img)
			writePNG(t, "leaders-scale-before", s.img)
			writePNG(t, "leaders-scale", out)
			free, left := 0, 0
			for _, d := range s.dots {
				r := image.Rect(int(d[0]-s.r-1), int(d[1]-s.r-1), int(d[0]+s.r+2), int(d[1]+s.r+2))
				if s.touchesText(r, int(8*sc)) {
					continue
				}
				free++
				if inkIn(out, r) > 0 {
					left++
				}
			}
			if free < 40 || left > 0 {
				t.Errorf("%d of %d free leader dots left", left, free)
			}
			if n := s.lostText(out, s.img.Rect); n > 4 {
				t.Errorf("%d text pixels lost", n)
			}
		})
	}
}

// TestEraseLeadersUnderLetters types capitals on a leader whose dots touch
// their feet, as a value typed on the dotted line often is: a dot that has
// merged into a letter is erased too (else Tesseract reads "THU" as
// "THỤ"), and the letters keep their ink.
func TestEraseLeadersUnderLetters(t *testing.T) {
	s := newSheet(t, 1400, 300)
	s.write(40, 220, "Nơi sinh: Bệnh viện Đa khoa tỉnh Bình Dương")
	s.write(40, 100, "Họ và tên:")
	s.dotted(200, 1350, 102.5, 12.5)
	s.write(300, 100, "NGUYEN HONG THU MINH")
	end := 300 + font.MeasureString(s.f, "NGUYEN HONG THU MINH").Round()
	out := preprocess.EraseLeaders(s.img)
	writePNG(t, "leaders-under-before", s.img)
	writePNG(t, "leaders-under-after", out)
	under, left := 0, 0
	for _, d := range s.dots {
		if d[0] < 300 || d[0] > float64(end) {
			continue
		}
		r := image.Rect(int(d[0]-s.r-1), int(d[1]), int(d[0]+s.r+2), int(d[1]+s.r+2))
		if !s.touchesText(r, 3) {
			continue
		}
		under++
		if inkIn(out, r) > 0 {
			left++
			t.Logf("dot at %.1f left", d[0])
		}
	}
	if under < 10 {
		t.Fatalf("test form: %d dots touch the letters", under)
	}
	if left*10 > under {
		t.Errorf("%d of %d dots under the letters left, want at most a tenth", left, under)
	}
	if n := s.lostText(out, image.Rect(0, 40, 1400, 101)); n > 6 {
		t.Errorf("%d text pixels lost", n)
	}
}

// A ruled table's cell borders are erased too, though a row of one line
// makes them far shorter than a column rule: left, OCR read them as a
// letter of the value beside ("IViệt Nam", "[Kinh"). A stroke as long
// that does not run from one rule to the next stays.
func TestEraseLeadersCellBorders(t *testing.T) {
	s := newSheet(t, 2000, 500)
	for _, y := range []int{100, 180, 260} {
		s.rule(image.Rect(100, y, 1900, y+3))
	}
	var borders []image.Rectangle
	for _, x := range []int{100, 600, 1000, 1400, 1897} {
		borders = append(borders, image.Rect(x, 100, x+3, 183))
	}
	borders = append(borders, image.Rect(100, 180, 103, 263), image.Rect(1897, 180, 1900, 263))
	for _, b := range borders {
		draw.Draw(s.img, b, image.Black, image.Point{}, draw.Src)
	}
	s.write(120, 160, "Giới tính:")
	s.write(612, 160, "Nữ")
	s.write(1020, 160, "Quốc tịch:")
	s.write(1412, 160, "Việt Nam")
	s.write(120, 240, "Dân tộc: Kinh")
	stroke := image.Rect(1700, 183, 1703, 250) // from a rule, not to the next
	draw.Draw(s.img, stroke, image.Black, image.Point{}, draw.Src)
	out := preprocess.EraseLeaders(s.img)
	for _, b := range borders {
		if n := inkIn(out, b); n*20 > b.Dx()*b.Dy() {
			t.Errorf("cell border %v: %d of %d pixels left", b, n, b.Dx()*b.Dy())
		}
	}
	if n := inkIn(out, stroke); n < stroke.Dx()*stroke.Dy()*9/10 {
		t.Errorf("stroke %v: %d of %d pixels left", stroke, n, stroke.Dx()*stroke.Dy())
	}
	if n := s.lostText(out, image.Rect(0, 100, 2000, 270)); n > 8 {
		t.Errorf("%d text pixels lost", n)
	}
}

// TestEraseLeadersDashedFrame draws a frame as a binarised G4 page shows
// it: a rule with thicker dashes on it at a steady pitch. The dashes go
// with the rule; the descenders of a value typed through an underline
// stay. (A dashed rule of lone bars is left: erasing a dotted column rule
// cost Tesseract the column on a heavy-wear page, 10 fields right → 3.)
func TestEraseLeadersDashedFrame(t *testing.T) {
	s := newSheet(t, 1200, 1000)
	frame := []image.Rectangle{image.Rect(100, 50, 106, 950), image.Rect(100, 50, 1100, 56)}
	for y := 60; y < 920; y += 90 {
		frame = append(frame, image.Rect(98, y, 108, y+32))
	}
	for x := 120; x < 1080; x += 90 {
		frame = append(frame, image.Rect(x, 48, x+30, 58))
	}
	for _, r := range frame {
		draw.Draw(s.img, r, image.Black, image.Point{}, draw.Src)
	}
	for i, line := range []string{"Họ và tên: Nguyễn Văn Giang", "Nơi sinh: Bệnh viện Hùng Vương", "Quê quán: Phường Thạnh Mỹ Lợi", "Dân tộc: Kinh"} {
		s.write(140, 200+120*i, line)
	}
	underline := image.Rect(400, 704, 1000, 707)
	draw.Draw(s.img, underline, image.Black, image.Point{}, draw.Src)
	s.write(420, 700, "gặp Phượng Quý")
	out := preprocess.EraseLeaders(s.img)
	for _, r := range frame {
		if n := inkIn(out, r); n*20 > r.Dx()*r.Dy() {
			t.Errorf("frame %v: %d of %d pixels left", r, n, r.Dx()*r.Dy())
		}
	}
	above, below := image.Rect(0, 0, 1200, underline.Min.Y-1), image.Rect(0, underline.Max.Y+1, 1200, 1000)
	for _, r := range []image.Rectangle{above, below} {
		if n := s.lostText(out, r); n > 8 {
			t.Errorf("%v: %d text pixels lost", r, n)
		}
	}
}
