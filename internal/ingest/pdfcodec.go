package ingest

import (
	"image"

	"github.com/civreg/civreg/internal/jbig2"
	"github.com/civreg/civreg/internal/lept"
	"github.com/civreg/civreg/internal/pdf"
	"github.com/civreg/civreg/registry"
)

// decodeJPX decodes a JPEG 2000 page image (JPXDecode), checking the size
// its own header claims against the caps first. A /Decode array that
// swaps the range inverts a grey image.
func decodeJPX(im *pdf.Image, o Options) (image.Image, error) {
	cfg, err := lept.JPXConfig(im.Data)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "%v", err)
	}
	if err := checkPixels(cfg.Width, cfg.Height, o); err != nil {
		return nil, decodeError(0, "jpx", err)
	}
	// OpenJPEG decodes into 32-bit samples per component, then Leptonica
	// packs them into 4 bytes per pixel.
	if err := checkDecoded(cfg.Width, cfg.Height, 4*max(cfg.Components, 1)+4, o); err != nil {
		return nil, decodeError(0, "jpx", err)
	}
	img, err := lept.DecodeJPX(im.Data)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "%v", err)
	}
	if g, ok := img.(*image.Gray); ok && im.Invert {
		for i, v := range g.Pix {
			g.Pix[i] = ^v
		}
	}
	return img, nil
}

// decodeJBIG2 decodes a JBIG2 page image (JBIG2Decode) with its globals,
// within the decoded-bytes cap; a stencil mask or /Decode [1 0] swaps
// black and white as for any 1-bit image.
func decodeJBIG2(im *pdf.Image, o Options) (image.Image, error) {
	g, err := jbig2.Decode(im.Data, im.Globals, o.MaxDecodedBytes)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "%v", err)
	}
	if err := checkPixels(g.Rect.Dx(), g.Rect.Dy(), o); err != nil {
		return nil, decodeError(0, "jbig2", err)
	}
	// JBIG2's 1 is black, the mask's paint and DeviceGray's 0 under
	// Decode [0 1]: only a swapped range shows it the other way.
	if im.Invert {
		for i, v := range g.Pix {
			g.Pix[i] = ^v
		}
	}
	return g, nil
}
