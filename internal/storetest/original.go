package storetest

import (
	"bytes"
	"context"
	"testing"

	"github.com/civreg/civreg/registry"
)

// testPageOriginal stores pages with and without their original: the
// original comes back as stored, once per content however many pages
// share it, and a page without one is ENOTFOUND, as is an unknown record.
func testPageOriginal(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	b := batch(t, db)
	jpeg := []byte("\xff\xd8 colour page \xff\xd9")
	for i, tag := range []string{"o1", "o2", "o3"} {
		p := Page(b, Hash(tag), "UBND phường Bến Nghé", "01/2009", i+1, "2009-03-12")
		if tag != "o3" {
			p.Original = &registry.Original{JPEG: jpeg, Width: 2360, Height: 3411, DPI: 300, Small: []byte("small"), SmallDPI: 150}
		}
		if err := db.SavePage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	o, err := db.PageOriginal(ctx, Hash("o1")[:16])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(o.JPEG, jpeg) || o.Width != 2360 || o.Height != 3411 || o.DPI != 300 || len(o.SHA256) != 64 {
		t.Errorf("original = %dx%d at %d dpi, %q, %q", o.Width, o.Height, o.DPI, o.JPEG, o.SHA256)
	}
	s, err := db.PageSmall(ctx, Hash("o2")[:16])
	if err != nil || s.JPEG != nil || string(s.Small) != "small" || s.SmallDPI != 150 || s.Width != 2360 || s.SHA256 != o.SHA256 {
		t.Errorf("small copy = %+v, %v; want it without the full image", s, err)
	}
	if n := Count(t, raw(t, db), "originals"); n != 1 {
		t.Errorf("%d originals stored for one content, want 1", n)
	}
	for _, id := range []string{Hash("o3")[:16], "nosuchrecord"} {
		if _, err := db.PageOriginal(ctx, id); registry.ErrorCode(err) != registry.ENOTFOUND {
			t.Errorf("record %s: err = %v, want ENOTFOUND", id, err)
		}
		if _, err := db.PageSmall(ctx, id); registry.ErrorCode(err) != registry.ENOTFOUND {
			t.Errorf("record %s: small copy: err = %v, want ENOTFOUND", id, err)
		}
	}
	bad := Page(b, Hash("o4"), "UBND phường Bến Nghé", "01/2009", 4, "2009-03-12")
	bad.Original = &registry.Original{JPEG: jpeg, Small: jpeg, SmallDPI: 150}
	if err := db.SavePage(ctx, bad); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("an original without its size: err = %v, want EINVALID", err)
	}
	if ok, _ := db.HasPage(ctx, Hash("o4")); ok {
		t.Error("the page of a refused original was stored")
	}
}
