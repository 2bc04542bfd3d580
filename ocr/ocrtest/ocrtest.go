// Package ocrtest is a fake ocr.Engine for tests of what reads through
// one: deterministic, in microseconds, without Tesseract. It answers from
// a table keyed by the image read (Key), and can be told to fail, to
// block until the test lets it go, or to panic on a given image.
package ocrtest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"sync"

	"github.com/civreg/civreg/ocr"
)

// Key returns the key an image is looked up by in Engine.Images: a hash of
// its size and grey pixels, so that equal pixels give equal keys wherever
// the image lies.
func Key(img image.Image) string {
	b := img.Bounds()
	h := sha256.New()
	var size [8]byte
	binary.LittleEndian.PutUint32(size[:4], uint32(b.Dx()))
	binary.LittleEndian.PutUint32(size[4:], uint32(b.Dy()))
	h.Write(size[:])
	row := make([]byte, b.Dx())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		if g, ok := img.(*image.Gray); ok {
			i := g.PixOffset(b.Min.X, y)
			copy(row, g.Pix[i:i+len(row)])
		} else {
			for x := range row {
				row[x] = color.GrayModel.Convert(img.At(b.Min.X+x, y)).(color.Gray).Y
			}
		}
		h.Write(row)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Image is what the fake engine does when it reads one image.
type Image struct {
	// Words are what it reads, in the image's coordinates. Text joins
	// them as ocr.Join does.
	Words []ocr.Word
	// Err, if set, is returned instead.
	Err error
	// Block, if set, makes the read wait until the channel is closed,
	// then fail with ErrReleased. Blocked is closed first, once, so that
	// the test knows a worker waits here.
	Block   <-chan struct{}
	Blocked chan struct{}
	// Panic, if not nil, is the value the read panics with.
	Panic any
}

// ErrReleased is the error of a read that blocked until released.
var ErrReleased = errors.New("ocrtest: read released")

// Engine is a fake ocr.Engine. One Engine may be shared by every worker:
// it is safe for concurrent use, and its Close does nothing but count.
type Engine struct {
	// Images maps Key(img) to what reading img does.
	Images map[string]*Image
	// Default is what reading an image not in Images does; the zero
	// Image reads nothing.
	Default Image

	mu      sync.Mutex
	reads   map[string]int
	closes  int
	blocked map[chan struct{}]bool
}

var _ ocr.Engine = (*Engine)(nil)

// Words returns the words of img's entry, whatever the mode.
func (e *Engine) Words(img image.Image, mode ocr.Mode) ([]ocr.Word, error) {
	return e.read(img, mode)
}

// Text returns the words of img's entry joined as ocr.Join joins them,
// whatever the mode and whitelist.
func (e *Engine) Text(img image.Image, mode ocr.Mode, whitelist string) (string, float64, error) {
	words, err := e.read(img, mode)
	if err != nil {
		return "", 0, err
	}
	text, conf := ocr.Join(words)
	return text, conf, nil
}

// Close counts the call.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closes++
	return nil
}

// Reads returns how many times an image with key k was read.
func (e *Engine) Reads(k string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.reads[k]
}

// Closes returns how many times Close was called.
func (e *Engine) Closes() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closes
}

func (e *Engine) read(img image.Image, mode ocr.Mode) ([]ocr.Word, error) {
	if !mode.Valid() {
		return nil, errors.New("ocrtest: unknown mode")
	}
	k := Key(img)
	e.mu.Lock()
	if e.reads == nil {
		e.reads = map[string]int{}
	}
	e.reads[k]++
	im, ok := e.Images[k]
	if !ok {
		im = &e.Default
	}
	if im.Blocked != nil && !e.blocked[im.Blocked] {
		if e.blocked == nil {
			e.blocked = map[chan struct{}]bool{}
		}
		e.blocked[im.Blocked] = true
		close(im.Blocked)
	}
	e.mu.Unlock()
	switch {
	case im.Panic != nil:
		panic(im.Panic)
	case im.Block != nil:
		<-im.Block
		return nil, ErrReleased
	case im.Err != nil:
		return nil, im.Err
	}
	// The caller may change what it gets.
	return append([]ocr.Word(nil), im.Words...), nil
}
