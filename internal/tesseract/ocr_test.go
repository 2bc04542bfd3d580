package tesseract_test

import (
	"image"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/ocr"
)

func engine(t testing.TB) *tesseract.Engine {
	t.Helper()
	e, err := tesseract.New("vie")
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestWordsOnLine(t *testing.T) {
	e := engine(t)
	f := face(t, 12)
	g := white(1800, 160)
	line := "Họ và tên: NGUYỄN THỊ NHÀN   Giới tính: Nữ"
	ink := drawText(g, f, 40, 100, line)
	// Read through a SubImage with a non-zero origin: boxes must come back
	// in the SubImage's (the page's) coordinates.
	sub := g.SubImage(image.Rect(20, 10, 1780, 150))
	words, err := e.Words(sub, ocr.SingleLine)
	if err != nil {
		t.Fatal(err)
	}
	// Tesseract's model likes a colon before a wide gap: it reads "NHÀN"
	// as "NHÀN:" at confidence 4. Compare without trailing colons.
	var got []string
	isLabel := map[string]bool{"Họ": true, "và": true, "tên:": true, "Giới": true, "tính:": true}
	for _, w := range words {
		got = append(got, strings.TrimRight(w.Text, ":"))
		if !w.Box.In(ink.Inset(-8)) {
			t.Errorf("word %q box %v outside the drawn ink %v", w.Text, w.Box, ink)
		}
		if isLabel[w.Text] && w.Conf < 80 {
			t.Errorf("label word %q conf %.0f, want >= 80 on clean print", w.Text, w.Conf)
		}
		if w.Line != words[0].Line {
			t.Errorf("word %q on line %d, want all on %d", w.Text, w.Line, words[0].Line)
		}
	}
	want := strings.Fields(strings.ReplaceAll(line, ":", ""))
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("words = %q, want %q", got, want)
	}
	// Words are left to right and do not overlap.
	for i := 1; i < len(words); i++ {
		if words[i].Box.Min.X < words[i-1].Box.Max.X {
			t.Errorf("word %q starts at %d before %q ends at %d", words[i].Text, words[i].Box.Min.X, words[i-1].Text, words[i-1].Box.Max.X)
		}
	}
}

func TestTextWhitelist(t *testing.T) {
	e := engine(t)
	f := face(t, 12)
	tests := []struct {
		draw, whitelist, want string
	}{
		{"12/03/2009", "0123456789/", "12/03/2009"},
		{"079082001234", "0123456789", "079082001234"},
		// The whitelist must not stick to the next read.
		{"Kinh", "", "Kinh"},
		// Letters are not in the whitelist: they must not come out, even
		// when drawn (what comes out instead is not specified: "1965").
		{"Năm 1985", "0123456789", ""},
	}
	for _, tt := range tests {
		g := white(900, 150)
		drawText(g, f, 30, 100, tt.draw)
		got, conf, err := e.Text(g, ocr.SingleLine, tt.whitelist)
		if err != nil {
			t.Fatal(err)
		}
		if tt.whitelist != "" && strings.Trim(got, tt.whitelist+" ") != "" {
			t.Errorf("Text(%q, %q) = %q: characters outside the whitelist", tt.draw, tt.whitelist, got)
		}
		if tt.want == "" {
			continue
		}
		if got != tt.want {
			t.Errorf("Text(%q, %q) = %q (conf %.0f), want %q", tt.draw, tt.whitelist, got, conf, tt.want)
		}
		if conf < 80 || conf > 100 {
			t.Errorf("Text(%q) conf = %v, want in [80, 100] on clean print", tt.draw, conf)
		}
	}
}

func TestTextBlank(t *testing.T) {
	e := engine(t)
	got, conf, err := e.Text(white(400, 80), ocr.SingleLine, "")
	if err != nil || got != "" || conf != 0 {
		t.Fatalf("Text(blank) = %q, %v, %v; want empty, 0, nil", got, conf, err)
	}
}

func TestErrors(t *testing.T) {
	if _, err := tesseract.New("no-such-language"); err == nil {
		t.Error("New(no-such-language) succeeded")
	}
	e := engine(t)
	if _, err := e.Words(image.NewGray(image.Rect(0, 0, 0, 0)), ocr.SingleLine); err == nil {
		t.Error("Words(empty image) succeeded")
	}
	if _, err := e.Words(white(10, 10), ocr.Mode(99)); err == nil {
		t.Error("Words(mode 99) succeeded")
	}
	e.Close()
	if _, err := e.Words(white(10, 10), ocr.SingleLine); err == nil {
		t.Error("Words after Close succeeded")
	}
}

func TestSymbols(t *testing.T) {
	e := engine(t)
	g := white(900, 150)
	drawText(g, face(t, 12), 30, 100, "Nữ 1985")
	syms, err := e.Symbols(g, ocr.SingleLine, "")
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, s := range syms {
		sb.WriteString(s.Text)
		if s.Box.Empty() || s.Conf <= 0 {
			t.Errorf("symbol %q: box %v conf %v", s.Text, s.Box, s.Conf)
		}
	}
	if sb.String() != "Nữ1985" {
		t.Fatalf("symbols = %q, want %q", sb.String(), "Nữ1985")
	}
}
