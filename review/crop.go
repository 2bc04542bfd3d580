package review

import (
	"bytes"
	"container/list"
	"context"
	"image"
	"image/draw"
	_ "image/jpeg" // stored pages may be JPEG
	"image/png"
	"sync"

	"github.com/civreg/civreg/registry"
)

// pageCache keeps the last few decoded page images, so that the crops of
// one page (record mode, the context of a task) decode it once. A cleaned
// 300 dpi page is about 9 MB as grey pixels, so the cache stays small.
type pageCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front: most recently used
	items map[string]*list.Element
}

type cachedPage struct {
	id  string
	img image.Image
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, ll: list.New(), items: map[string]*list.Element{}}
}

// get returns the decoded page of a record, decoding it on a miss.
func (c *pageCache) get(ctx context.Context, rs registry.RecordStore, recordID string) (image.Image, error) {
	c.mu.Lock()
	if e, ok := c.items[recordID]; ok {
		c.ll.MoveToFront(e)
		img := e.Value.(*cachedPage).img
		c.mu.Unlock()
		return img, nil
	}
	c.mu.Unlock()
	b, err := rs.PageImage(ctx, recordID)
	if err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, registry.Errorf(registry.EINTERNAL, "page image of %s: %v", recordID, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[recordID]; ok { // decoded meanwhile by another request
		c.ll.MoveToFront(e)
		return img, nil
	}
	c.items[recordID] = c.ll.PushFront(&cachedPage{id: recordID, img: img})
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.items, old.Value.(*cachedPage).id)
	}
	return img, nil
}

// cropRect returns the box widened by a margin (a third of its height,
// 24 to 60 pixels: a tall blank is not widened into its neighbours) so
// that the reviewer sees the ink around the value, clipped to the page.
func cropRect(b registry.Box, page image.Rectangle) image.Rectangle {
	r := image.Rect(b[0], b[1], b[2], b[3]).Canon()
	m := min(max(24, r.Dy()/3), 60)
	r = image.Rect(r.Min.X-m, r.Min.Y-m, r.Max.X+m, r.Max.Y+m).Intersect(page)
	return r
}

// crop encodes the part of the page around a field's box as PNG.
func crop(img image.Image, b registry.Box) ([]byte, error) {
	r := cropRect(b, img.Bounds())
	if r.Empty() {
		return nil, registry.Errorf(registry.ENOTFOUND, "the field's box is outside its page")
	}
	var sub image.Image
	if si, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		sub = si.SubImage(r)
	} else {
		g := image.NewGray(r)
		draw.Draw(g, r, img, r.Min, draw.Src)
		sub = g
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, sub); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
