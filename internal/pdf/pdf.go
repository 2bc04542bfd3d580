package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/civreg/civreg/registry"
)

// Image is the largest image of one page, still encoded as stored in the PDF.
type Image struct {
	// Page is the 1-based page number the image was found on.
	Page int
	// Width and Height are the image size in pixels, from the image dictionary.
	Width, Height int
	// BitsPerComponent is the sample depth (1, 2, 4, 8 or 16); 1 for an image mask.
	BitsPerComponent int
	// Filter names the encoding of Data: DCTDecode, FlateDecode,
	// CCITTFaxDecode, JPXDecode, JBIG2Decode, LZWDecode, RunLengthDecode, or
	// "" for uncompressed samples. ASCII85 and ASCIIHex wrappers are already
	// removed.
	Filter string
	// ColorSpace is DeviceGray, DeviceRGB, DeviceCMYK or Indexed (ICC-based
	// and calibrated spaces are reported as their device equivalent), "" for
	// an image mask, or the PDF name of a space this package does not map.
	ColorSpace string
	// Components is the number of colour components per sample: 1, 3 or 4
	// (1 for Indexed and image masks); 0 when ColorSpace is not mapped.
	Components int
	// Palette is the lookup table of an Indexed image: PaletteBase
	// components (1 or 3 bytes) per entry.
	Palette []byte
	// PaletteBase is the base space of an Indexed image (DeviceGray or DeviceRGB).
	PaletteBase string
	// ImageMask reports a stencil mask: 1-bit samples, 0 paints black.
	ImageMask bool
	// Invert reports a /Decode array that swaps the sample range ([1 0 ...]),
	// common on 1-bit scans.
	Invert bool
	// Rotate is the page's /Rotate in degrees clockwise (0, 90, 180, 270):
	// how a viewer turns the image to show the page upright.
	Rotate int
	// PageWidth is the page's width in points (its CropBox, or MediaBox),
	// before Rotate; 0 when the page gives none. The image's resolution is
	// Width / (PageWidth / 72) when it covers the page, as a scan does.
	PageWidth float64
	// Data is the raw stream data, still encoded.
	Data []byte
	// Globals is a JBIG2Decode image's /JBIG2Globals stream, decoded: the
	// symbols and tables its pages share.
	Globals []byte
	// Params holds the last filter's DecodeParms with integer or boolean
	// values (booleans as 0/1): K, Columns, Rows, BlackIs1, EncodedByteAlign,
	// Predictor, Colors, BitsPerComponent, EarlyChange.
	Params map[string]int
}

// Doc is an opened PDF. It keeps the file's objects in memory (pdfcpu reads
// every stream's encoded bytes on open), but decodes nothing.
type Doc struct {
	ctx   *model.Context
	pages int
}

// maxDepth bounds the nesting of form XObjects searched for images.
const maxDepth = 8

var configOnce sync.Once

// config returns a pdfcpu configuration in relaxed validation mode that
// does not touch pdfcpu's config directory under the user's home: by default
// pdfcpu writes a config.yml there on first use.
func config() *model.Configuration {
	configOnce.Do(func() {
		if model.ConfigPath == "default" {
			model.ConfigPath = "disable"
		}
	})
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.DecodeAllStreams = false
	return conf
}

// Open reads the PDF structure from r. It returns an EUNSUPPORTED error for
// an encrypted PDF and an EINVALID error for a corrupt or truncated one.
func Open(r io.ReadSeeker) (d *Doc, err error) {
	defer func() {
		if p := recover(); p != nil {
			d, err = nil, registry.Errorf(registry.EINVALID, "corrupt pdf: %s", oneLine(fmt.Sprint(p)))
		}
	}()
	ctx, err := api.ReadContext(r, config())
	if err != nil {
		if encrypted(err) {
			return nil, errEncrypted()
		}
		return nil, registry.Errorf(registry.EINVALID, "corrupt pdf: %s", oneLine(err.Error()))
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		return nil, errEncrypted()
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "corrupt pdf: %s", oneLine(err.Error()))
	}
	n := ctx.PageCount
	if n <= 0 {
		return nil, registry.Errorf(registry.EINVALID, "pdf has no pages")
	}
	// Every page is an object of its own: a /Count beyond the object count
	// is a lie that would have the caller ask for pages that do not exist.
	if n > len(ctx.Table) {
		return nil, registry.Errorf(registry.EINVALID, "corrupt pdf: page count %d exceeds object count %d", n, len(ctx.Table))
	}
	return &Doc{ctx: ctx, pages: n}, nil
}

func errEncrypted() error {
	return registry.Errorf(registry.EUNSUPPORTED, "encrypted pdf: not supported")
}

// encrypted reports whether a pdfcpu read error comes from encryption
// (a password is needed, or the encryption scheme is unknown).
func encrypted(err error) bool {
	if errors.Is(err, pdfcpu.ErrWrongPassword) || errors.Is(err, pdfcpu.ErrEncrypted) {
		return true
	}
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "encrypt") || strings.Contains(s, "password")
}

// NumPages returns the number of pages.
func (d *Doc) NumPages() int { return d.pages }

// PageImage returns the largest image XObject of the given 1-based page,
// found in the page's resources or in form XObjects they use. It refuses an
// image over maxPixels (when maxPixels > 0) with ETOOLARGE before touching
// its data, and returns EINVALID "page N has no image" for a page without
// one. Inline images (BI … EI in the content stream) are not searched.
func (d *Doc) PageImage(page, maxPixels int) (img *Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, registry.Errorf(registry.EINVALID, "page %d: corrupt pdf: %s", page, oneLine(fmt.Sprint(p)))
		}
	}()
	if page < 1 || page > d.pages {
		return nil, registry.Errorf(registry.EINVALID, "page %d: out of range 1-%d", page, d.pages)
	}
	_, _, attrs, err := d.ctx.PageDict(page, false)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "page %d: corrupt pdf: %s", page, oneLine(err.Error()))
	}
	var best *types.StreamDict
	var bestW, bestH int64
	seen := map[int]bool{}
	var walk func(res types.Dict, depth int) error
	walk = func(res types.Dict, depth int) error {
		if res == nil || depth > maxDepth {
			return nil
		}
		xo, err := d.dict(res["XObject"])
		if err != nil || xo == nil {
			return err
		}
		for _, o := range xo {
			if ref, ok := o.(types.IndirectRef); ok {
				if seen[ref.ObjectNumber.Value()] {
					continue
				}
				seen[ref.ObjectNumber.Value()] = true
			}
			sd, _, err := d.ctx.DereferenceStreamDict(o)
			if err != nil || sd == nil {
				continue // a broken XObject must not hide the page's good image
			}
			st := sd.Dict.Subtype()
			switch {
			case st != nil && *st == "Form":
				inner, _ := d.dict(sd.Dict["Resources"])
				if err := walk(inner, depth+1); err != nil {
					return err
				}
			case st != nil && *st == "Image":
				w, h := d.int(sd.Dict["Width"]), d.int(sd.Dict["Height"])
				if w <= 0 || h <= 0 {
					continue
				}
				if best == nil || w*h > bestW*bestH {
					best, bestW, bestH = sd, w, h
				}
			}
		}
		return nil
	}
	if attrs != nil {
		if err := walk(attrs.Resources, 0); err != nil {
			return nil, registry.Errorf(registry.EINVALID, "page %d: corrupt pdf: %s", page, oneLine(err.Error()))
		}
	}
	if best == nil {
		return nil, registry.Errorf(registry.EINVALID, "page %d has no image", page)
	}
	if maxPixels > 0 && bestW*bestH > int64(maxPixels) {
		return nil, registry.Errorf(registry.ETOOLARGE, "page %d: image %d×%d is over the %d-pixel cap", page, bestW, bestH, maxPixels)
	}
	img = &Image{Page: page, Width: int(bestW), Height: int(bestH), Params: map[string]int{}}
	if attrs != nil {
		img.Rotate = ((attrs.Rotate % 360) + 360) % 360
		if box := attrs.CropBox; box != nil && box.Width() > 0 {
			img.PageWidth = box.Width()
		} else if box := attrs.MediaBox; box != nil && box.Width() > 0 {
			img.PageWidth = box.Width()
		}
	}
	if err := d.describe(best, img); err != nil {
		return nil, registry.Errorf(registry.ErrorCode(err), "page %d: %s", page, registry.ErrorMessage(err))
	}
	return img, nil
}

// describe fills img's decoding parameters and data from the image stream.
func (d *Doc) describe(sd *types.StreamDict, img *Image) error {
	dict := sd.Dict
	if b, _ := d.ctx.Dereference(dict["ImageMask"]); b != nil {
		if v, ok := b.(types.Boolean); ok && bool(v) {
			img.ImageMask = true
		}
	}
	img.BitsPerComponent = max(0, int(d.int(dict["BitsPerComponent"]))) // optional for JPX
	if img.ImageMask {
		img.BitsPerComponent = 1
		img.Components = 1
	} else if o, ok := dict.Find("ColorSpace"); ok {
		if err := d.colorSpace(o, img, 0); err != nil {
			return err
		}
	}
	if a, err := d.ctx.DereferenceArray(dict["Decode"]); err == nil && len(a) >= 2 {
		lo, err1 := d.ctx.DereferenceNumber(a[0])
		hi, err2 := d.ctx.DereferenceNumber(a[1])
		img.Invert = err1 == nil && err2 == nil && lo > hi
	}

	data := sd.Raw
	pipeline := sd.FilterPipeline
	// Strip the text-armour filters in front of the image codec: they only
	// ever shrink the data, so decoding them cannot blow up.
	for len(pipeline) > 1 && (pipeline[0].Name == filter.ASCII85 || pipeline[0].Name == filter.ASCIIHex) {
		f, err := filter.NewFilter(pipeline[0].Name, nil, int64(len(data))+16)
		if err != nil {
			return registry.Errorf(registry.EINVALID, "%s: %v", pipeline[0].Name, err)
		}
		r, err := f.Decode(strings.NewReader(string(data)))
		if err != nil {
			return registry.Errorf(registry.EINVALID, "%s: %s", strings.ToLower(pipeline[0].Name), oneLine(err.Error()))
		}
		if data, err = io.ReadAll(r); err != nil {
			return registry.Errorf(registry.EINVALID, "%s: %s", strings.ToLower(pipeline[0].Name), oneLine(err.Error()))
		}
		pipeline = pipeline[1:]
	}
	switch len(pipeline) {
	case 0:
	case 1:
		img.Filter = pipeline[0].Name
		for k, v := range pipeline[0].DecodeParms {
			o, _ := d.ctx.Dereference(v)
			switch o := o.(type) {
			case types.Integer:
				img.Params[k] = o.Value()
			case types.Float:
				img.Params[k] = int(o.Value())
			case types.Boolean:
				if o {
					img.Params[k] = 1
				} else {
					img.Params[k] = 0
				}
			case types.StreamDict:
				if k == "JBIG2Globals" {
					g, err := streamData(o, maxGlobals)
					if err != nil {
						return registry.Errorf(registry.EINVALID, "jbig2 globals: %s", oneLine(err.Error()))
					}
					img.Globals = g
				}
			}
		}
	default:
		names := make([]string, len(pipeline))
		for i, f := range pipeline {
			names[i] = f.Name
		}
		return registry.Errorf(registry.EUNSUPPORTED, "image filter chain %s not supported", strings.Join(names, "+"))
	}
	img.Data = data
	return nil
}

// colorSpace maps a /ColorSpace value onto img's ColorSpace, Components and,
// for Indexed, Palette.
func (d *Doc) colorSpace(o types.Object, img *Image, depth int) error {
	o, err := d.ctx.Dereference(o)
	if err != nil {
		return registry.Errorf(registry.EINVALID, "colour space: %s", oneLine(err.Error()))
	}
	switch cs := o.(type) {
	case types.Name:
		switch cs {
		case "DeviceGray", "CalGray", "G":
			img.ColorSpace, img.Components = "DeviceGray", 1
		case "DeviceRGB", "CalRGB", "RGB":
			img.ColorSpace, img.Components = "DeviceRGB", 3
		case "DeviceCMYK", "CMYK":
			img.ColorSpace, img.Components = "DeviceCMYK", 4
		default:
			img.ColorSpace = string(cs)
		}
	case types.Array:
		if len(cs) == 0 {
			return registry.Errorf(registry.EINVALID, "empty colour space array")
		}
		name, _ := d.ctx.Dereference(cs[0])
		n, _ := name.(types.Name)
		switch n {
		case "CalGray", "CalRGB", "DeviceGray", "DeviceRGB", "DeviceCMYK":
			return d.colorSpace(n, img, depth)
		case "ICCBased":
			if len(cs) < 2 {
				return registry.Errorf(registry.EINVALID, "icc colour space without profile")
			}
			sd, _, err := d.ctx.DereferenceStreamDict(cs[1])
			if err != nil || sd == nil {
				return registry.Errorf(registry.EINVALID, "icc colour space: missing profile")
			}
			switch d.int(sd.Dict["N"]) {
			case 1:
				img.ColorSpace, img.Components = "DeviceGray", 1
			case 3:
				img.ColorSpace, img.Components = "DeviceRGB", 3
			case 4:
				img.ColorSpace, img.Components = "DeviceCMYK", 4
			default:
				return registry.Errorf(registry.EUNSUPPORTED, "icc colour space with %d components not supported", d.int(sd.Dict["N"]))
			}
		case "Indexed", "I":
			if depth > 0 || len(cs) < 4 {
				return registry.Errorf(registry.EINVALID, "bad indexed colour space")
			}
			var base Image
			if err := d.colorSpace(cs[1], &base, depth+1); err != nil {
				return err
			}
			if base.ColorSpace != "DeviceGray" && base.ColorSpace != "DeviceRGB" {
				return registry.Errorf(registry.EUNSUPPORTED, "indexed colour space over %s not supported", base.ColorSpace)
			}
			hival := int(d.int(cs[2]))
			if hival < 0 || hival > 255 {
				return registry.Errorf(registry.EINVALID, "indexed colour space: hival %d", hival)
			}
			lookup, err := d.bytes(cs[3], (hival+1)*base.Components)
			if err != nil {
				return err
			}
			img.ColorSpace, img.Components = "Indexed", 1
			img.PaletteBase, img.Palette = base.ColorSpace, lookup
		default:
			img.ColorSpace = string(n)
		}
	default:
		return registry.Errorf(registry.EINVALID, "bad colour space %T", o)
	}
	return nil
}

// bytes returns the content of a string or stream object, at most max bytes
// (a palette is at most 768 bytes, so decoding its stream is harmless).
func (d *Doc) bytes(o types.Object, max int) ([]byte, error) {
	o, err := d.ctx.Dereference(o)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "indexed lookup: %s", oneLine(err.Error()))
	}
	var b []byte
	switch v := o.(type) {
	case types.StringLiteral:
		b, err = types.Unescape(string(v))
	case types.HexLiteral:
		b, err = v.Bytes()
	case types.StreamDict:
		var c []byte
		c, err = v.DecodeLengthWithLimit(int64(max), int64(max)+4096)
		b = c
	default:
		return nil, registry.Errorf(registry.EINVALID, "indexed lookup of type %T", o)
	}
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "indexed lookup: %s", oneLine(err.Error()))
	}
	if len(b) > max {
		b = b[:max]
	}
	return b, nil
}

// dict resolves o to a dictionary, nil if absent.
func (d *Doc) dict(o types.Object) (types.Dict, error) {
	if o == nil {
		return nil, nil
	}
	return d.ctx.DereferenceDict(o)
}

// int resolves o to an integer, -1 if it is not a number.
func (d *Doc) int(o types.Object) int64 {
	if o == nil {
		return -1
	}
	f, err := d.ctx.DereferenceNumber(o)
	if err != nil || f != f || f > 1<<31 || f < -(1<<31) {
		return -1
	}
	return int64(f)
}

// oneLine keeps the first line of a library message, so that an error stays
// fit for a one-line report.
func oneLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	// pdfcpu wraps an error in the same words more than once ("xref table:
	// xref table: unexpected eof"): say each part once.
	parts := strings.Split(strings.TrimSpace(s), ": ")
	out := parts[:1]
	for _, p := range parts[1:] {
		if p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return strings.Join(out, ": ")
}

// maxGlobals caps a JBIG2 globals stream once decoded: symbol
// dictionaries of a page run to kilobytes, not hundreds of megabytes.
const maxGlobals = 64 << 20

// streamData returns a stream's data with its filters (none or Flate, as
// JBIG2 globals come) undone, refusing more than max bytes.
func streamData(sd types.StreamDict, max int64) ([]byte, error) {
	data := sd.Raw
	for _, f := range sd.FilterPipeline {
		if f.Name != filter.Flate {
			return nil, fmt.Errorf("filter %s not supported", f.Name)
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		data, err = io.ReadAll(io.LimitReader(zr, max+1))
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("over %d MB", max>>20)
	}
	return data, nil
}
