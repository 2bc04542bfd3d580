package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
)

// Original is a page image as it was scanned, before any cleaning: in
// colour (grey when the scan was grey), JPEG-encoded. The stored page
// image (PageImage) is the cleaned grey page the fields were read from;
// the original is what a person, or the national register's import
// package, needs to see the page as it is, seals and ink colours included.
type Original struct {
	// SHA256 is the hex SHA-256 of JPEG: the original is stored once per
	// content.
	SHA256 string
	JPEG   []byte
	Width  int // in pixels
	Height int
	// DPI is the scan's resolution, as estimated at scan time from the
	// page's size (an A4 book page, or an A3 sheet of two when wider than
	// tall).
	DPI int
	// Small is the same page brought down, at scan time, to what the
	// national register's import package takes: JPEG, SmallDPI of 140 or
	// more (150 from a 300-dpi scan), at most SmallMaxBytes, still
	// legible. Made once when the page is stored, so that an export of
	// an office copies bytes instead of decoding every page again.
	Small    []byte
	SmallDPI int
}

// SmallMaxBytes bounds Original.Small: the import package asks for about
// 100 kB per A4 page, at most 150 kB with the PDF around it.
const SmallMaxBytes = 146 << 10

// OriginalStore reads back the original page images.
type OriginalStore interface {
	// PageOriginal returns the original image of the page a record was
	// read from. It returns ENOTFOUND when there is no such record, or
	// when its page was stored without one (pages stored before originals
	// were kept).
	PageOriginal(ctx context.Context, recordID string) (*Original, error)
	// PageSmall is PageOriginal without the full image (JPEG is nil):
	// the small copy and the sizes, for an export that needs no more.
	PageSmall(ctx context.Context, recordID string) (*Original, error)
}

// Check says whether o can be stored: its image, its small copy, their
// sizes and resolutions. It sets o.SHA256 from the image.
func (o *Original) Check() error {
	if len(o.JPEG) == 0 || o.Width <= 0 || o.Height <= 0 || o.DPI <= 0 || len(o.Small) == 0 || o.SmallDPI <= 0 {
		return Errorf(EINVALID, "an original needs its image, its small copy, their size and resolution")
	}
	sum := sha256.Sum256(o.JPEG)
	o.SHA256 = hex.EncodeToString(sum[:])
	return nil
}
