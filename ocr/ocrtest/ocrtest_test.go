package ocrtest_test

import (
	"errors"
	"image"
	"testing"

	"github.com/civreg/civreg/ocr"
	"github.com/civreg/civreg/ocr/ocrtest"
)

func gray(w, h int, v byte) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = v
	}
	return g
}

// An image is known by its pixels, wherever it lies: a crop of a page
// has the key of the same pixels on their own.
func TestKey(t *testing.T) {
	page := gray(40, 30, 0xff)
	page.Pix[page.PixOffset(12, 7)] = 0
	crop := page.SubImage(image.Rect(10, 5, 20, 10))
	alone := gray(10, 5, 0xff)
	alone.Pix[alone.PixOffset(2, 2)] = 0
	if ocrtest.Key(crop) != ocrtest.Key(alone) {
		t.Error("the crop and the same pixels alone have different keys")
	}
	if ocrtest.Key(alone) == ocrtest.Key(gray(10, 5, 0xff)) || ocrtest.Key(gray(10, 5, 0xff)) == ocrtest.Key(gray(5, 10, 0xff)) {
		t.Error("different pixels or sizes have the same key")
	}
}

func TestEngine(t *testing.T) {
	a, b, c := gray(10, 5, 1), gray(10, 5, 2), gray(10, 5, 3)
	e := &ocrtest.Engine{Images: map[string]*ocrtest.Image{
		ocrtest.Key(a): {Words: []ocr.Word{{Text: "Số:", Conf: 90, Line: 1}, {Text: "125", Conf: 80, Line: 1}}},
		ocrtest.Key(b): {Err: errors.New("no")},
		ocrtest.Key(c): {Panic: "boom"},
	}}
	if text, conf, err := e.Text(a, ocr.SingleLine, ""); text != "Số: 125" || conf != 85 || err != nil {
		t.Errorf("Text(a) = %q, %v, %v", text, conf, err)
	}
	if _, err := e.Words(b, ocr.Block); err == nil {
		t.Error("Words(b) did not fail")
	}
	if words, err := e.Words(gray(3, 3, 0), ocr.Block); len(words) != 0 || err != nil {
		t.Errorf("an unknown image reads %v, %v", words, err)
	}
	func() {
		defer func() {
			if recover() != "boom" {
				t.Error("Words(c) did not panic with its value")
			}
		}()
		e.Words(c, ocr.Block)
	}()
	release, blocked := make(chan struct{}), make(chan struct{})
	e.Default = ocrtest.Image{Block: release, Blocked: blocked}
	done := make(chan error)
	go func() {
		_, err := e.Words(gray(3, 3, 0), ocr.Block)
		done <- err
	}()
	<-blocked
	close(release)
	if err := <-done; !errors.Is(err, ocrtest.ErrReleased) {
		t.Errorf("a blocked read returned %v", err)
	}
	if n := e.Reads(ocrtest.Key(a)); n != 1 {
		t.Errorf("a read %d times, want 1", n)
	}
}
