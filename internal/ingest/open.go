package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"strings"
	"syscall"

	"golang.org/x/image/tiff"

	"github.com/civreg/civreg/internal/pdf"
	"github.com/civreg/civreg/registry"
)

// Defaults for Options fields left zero.
const (
	DefaultMaxPixels    = 80_000_000
	DefaultMaxFileBytes = 2 << 30
)

// Options bounds what Open accepts.
type Options struct {
	// MaxPixels caps width×height of a page; 0 means DefaultMaxPixels.
	// A 300-dpi A3 register page is about 17 million pixels.
	MaxPixels int
	// MaxFileBytes caps the file size; 0 means DefaultMaxFileBytes.
	MaxFileBytes int64
	// MaxDecodedBytes caps the memory one decoded page takes, estimated
	// from its header before decoding; 0 means 4 bytes per pixel of
	// MaxPixels. The pixel cap alone does not bound memory: a 16-bit RGBA
	// PNG of 80 million pixels, a file of under a megabyte, decodes to
	// 640 MB.
	MaxDecodedBytes int64
}

func (o Options) withDefaults() Options {
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = DefaultMaxFileBytes
	}
	if o.MaxDecodedBytes <= 0 {
		o.MaxDecodedBytes = 4 * int64(o.MaxPixels)
	}
	return o
}

// Page is one decoded page image.
type Page struct {
	// Index is the 0-based page number within the file.
	Index int
	// Count is the number of pages in the file. For a TIFF whose IFD chain
	// breaks, it counts the pages before the break.
	Count int
	// Image holds the decoded pixels as the decoder produced them
	// (*image.Gray for bilevel and gray scans, *image.YCbCr for JPEG, ...).
	Image image.Image
	// SHA256 is the hex SHA-256 of the page's size and 8-bit RGB pixels: the
	// same pixels give the same hash whether they came in a PNG, a TIFF or a
	// PDF, and whatever the in-memory image type.
	SHA256 string
	// Format is the container the page came from: png, jpeg, tiff or pdf.
	Format string
	// DPI is the resolution the file states for the page (a PNG's pHYs,
	// a JPEG's JFIF density, a TIFF's XResolution, a PDF image's width
	// over its page's), 0 when it states none.
	DPI int
	// Side is "left" or "right" for one half of a book scanned open (two
	// register pages side by side in one image, split at the gutter: two
	// Pages with the same Index), "" for a page scanned alone.
	Side string
	// Unsplit, when not "", says why the image looks like two pages side
	// by side that could not be split surely (no gutter found). Read as
	// one entry it would mix two: the reader must take it only as a page
	// scanned sideways (its labels found turned a quarter), and hold it
	// for a person otherwise.
	Unsplit string
	// Rotate is the clockwise rotation (0, 90, 180, 270) a PDF asks viewers
	// to apply to show the page upright. Open applies it to Image before
	// delivering the page, so a delivered page's Rotate is always 0.
	Rotate int
	// Turned is the clockwise quarter turn (90, 270) Open gave a book
	// scanned open and laid sideways, to split it at its gutter; 0 for
	// any other page.
	Turned int
	// Gray, when not nil, is Image made grey, stamp ink white
	// (preprocess.Gray), as the check for a spread laid sideways made it:
	// a reader cleaning the page with stamps removed can start from it.
	Gray *image.Gray
}

// Open decodes the pages of the file at path one at a time and calls fn with
// each, in page order; only one page's pixels are held at a time. The type
// is decided by content (see Sniff), not by the name. File-level problems
// are one-line registry errors: EINVALID (missing, empty, not a regular
// file, corrupt), EUNSUPPORTED (unknown type, encrypted PDF, JPEG 2000, ...)
// and ETOOLARGE (file or page over the caps, refused before decoding). A bad
// page stops Open with an error naming it ("page 3: tiff: ..."); pages
// before it have been delivered. An error returned by fn is returned as is.
func Open(path string, o Options, fn func(Page) error) error {
	o = o.withDefaults()
	f, size, err := openRegular(path, o)
	if err != nil {
		return err
	}
	defer f.Close()

	head := make([]byte, 1024)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return registry.Errorf(registry.EINVALID, "read: %s", osMessage(err))
	}
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return registry.Errorf(registry.EINVALID, "seek: %s", osMessage(err))
	}
	switch format := Sniff(head); format {
	case "png", "jpeg":
		return openSingle(f, format, o, fn)
	case "tiff":
		return openTIFF(f, size, o, fn)
	case "pdf":
		return openPDF(f, o, fn)
	default:
		return registry.Errorf(registry.EUNSUPPORTED, "not an image or pdf (looks like %s)", looksLike(head))
	}
}

// openRegular opens path for reading only if it is a non-empty regular file
// within the size cap. The open is non-blocking so that a FIFO swapped in
// after the Stat cannot hang us; fstat then rejects it.
func openRegular(path string, o Options) (*os.File, int64, error) {
	if fi, err := os.Stat(path); err != nil {
		return nil, 0, registry.Errorf(registry.EINVALID, "%s", osMessage(err))
	} else if !fi.Mode().IsRegular() {
		return nil, 0, notRegular(fi)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, registry.Errorf(registry.EINVALID, "%s", osMessage(err))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, registry.Errorf(registry.EINVALID, "%s", osMessage(err))
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, notRegular(fi)
	}
	switch size := fi.Size(); {
	case size == 0:
		f.Close()
		return nil, 0, registry.Errorf(registry.EINVALID, "empty file")
	case size > o.MaxFileBytes:
		f.Close()
		return nil, 0, registry.Errorf(registry.ETOOLARGE, "file is %d bytes, over the %d-byte cap", size, o.MaxFileBytes)
	}
	return f, fi.Size(), nil
}

func notRegular(fi fs.FileInfo) error {
	if fi.IsDir() {
		return registry.Errorf(registry.EINVALID, "is a directory")
	}
	return registry.Errorf(registry.EINVALID, "not a regular file (%s)", kind(fi.Mode()))
}

// Sniff returns the type of a file from its first bytes (1 KiB is enough):
// png, jpeg, tiff (BigTIFF included, which Open then refuses), pdf, or "".
// A PDF header may follow up to 1 KiB of junk, as readers allow.
func Sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return "jpeg"
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")),
		bytes.HasPrefix(b, []byte("II+\x00")), bytes.HasPrefix(b, []byte("MM\x00+")):
		return "tiff"
	case bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-")):
		return "pdf"
	}
	return ""
}

// looksLike names what an unsupported file seems to be, for the error.
func looksLike(head []byte) string {
	t := http.DetectContentType(head)
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	if t == "application/octet-stream" {
		return "binary data"
	}
	return t
}

// checkPixels refuses a page over the cap; it runs on header dimensions,
// before any pixel buffer exists.
func checkPixels(w, h int, o Options) error {
	if w <= 0 || h <= 0 {
		return registry.Errorf(registry.EINVALID, "image has no pixels (%d×%d)", w, h)
	}
	if int64(w)*int64(h) > int64(o.MaxPixels) {
		return registry.Errorf(registry.ETOOLARGE, "image is %d×%d (%d pixels), over the %d-pixel cap", w, h, int64(w)*int64(h), o.MaxPixels)
	}
	return nil
}

// checkDecoded refuses a page whose decoded pixels would take more than
// the cap, from header dimensions and bytes per pixel.
func checkDecoded(w, h, bpp int, o Options) error {
	if n := int64(w) * int64(h) * int64(bpp); n > o.MaxDecodedBytes {
		return registry.Errorf(registry.ETOOLARGE, "image is %d×%d at %d bytes per pixel (%d MB decoded), over the %d MB cap",
			w, h, bpp, n>>20, o.MaxDecodedBytes>>20)
	}
	return nil
}

// bytesPerPixel is what one pixel of an image in colour model m takes
// once decoded by the standard decoders.
func bytesPerPixel(m color.Model) int {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3 // 4:4:4 at worst; 4:2:0 takes 1.5
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4 // RGBA, NRGBA, CMYK, and anything unknown
}

func openSingle(f *os.File, format string, o Options, fn func(Page) error) error {
	decodeConfig, decode := png.DecodeConfig, png.Decode
	if format == "jpeg" {
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	}
	var img image.Image
	err := safely(func() error {
		cfg, err := decodeConfig(bufio.NewReader(f))
		if err != nil {
			return err
		}
		if err := checkPixels(cfg.Width, cfg.Height, o); err != nil {
			return err
		}
		if err := checkDecoded(cfg.Width, cfg.Height, bytesPerPixel(cfg.ColorModel), o); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		img, err = decode(bufio.NewReader(f))
		return err
	})
	if err != nil {
		return decodeError(0, format, err)
	}
	dpi := 0
	if format == "png" {
		dpi = pngDPI(f)
	} else {
		dpi = jpegDPI(f)
	}
	return deliver(fn, Page{Index: 0, Count: 1, Image: img, Format: format, DPI: dpi})
}

func openTIFF(f *os.File, size int64, o Options, fn func(Page) error) error {
	chain, err := readTIFFChain(f, size)
	if errors.Is(err, errBigTIFF) {
		return registry.Errorf(registry.EUNSUPPORTED, "%v", err)
	} else if err != nil {
		return registry.Errorf(registry.EINVALID, "%v", err)
	}
	count := len(chain.pages)
	for i, ifd := range chain.pages {
		var img image.Image
		err := safely(func() error {
			v, err := newIFDView(f, chain.order, ifd)
			if err != nil {
				return err
			}
			cfg, err := tiff.DecodeConfig(io.NewSectionReader(v, 0, size))
			if err != nil {
				return err
			}
			if err := checkPixels(cfg.Width, cfg.Height, o); err != nil {
				return err
			}
			if err := checkDecoded(cfg.Width, cfg.Height, bytesPerPixel(cfg.ColorModel), o); err != nil {
				return err
			}
			if m, ok, err := readBilevel(f, chain.order, ifd); ok || err != nil {
				img = m
				return err
			}
			if m, ok := readStrips(f, chain.order, ifd); ok {
				img = m
				return nil
			}
			img, err = tiff.Decode(io.NewSectionReader(v, 0, size))
			return err
		})
		if err != nil {
			return decodeError(i+1, "tiff", err)
		}
		if err := deliver(fn, Page{Index: i, Count: count, Image: img, Format: "tiff", DPI: tiffDPI(f, chain.order, ifd)}); err != nil {
			return err
		}
	}
	if chain.err != nil {
		return registry.Errorf(registry.EINVALID, "page %d: %v", count+1, chain.err)
	}
	return nil
}

func openPDF(f *os.File, o Options, fn func(Page) error) error {
	var doc *pdf.Doc
	err := safely(func() (err error) {
		doc, err = pdf.Open(f)
		return err
	})
	if err != nil {
		// internal/pdf's errors are registry errors naming the problem
		// ("corrupt pdf: ...", "encrypted pdf: not supported").
		return decodeError(0, "", err)
	}
	n := doc.NumPages()
	for i := 1; i <= n; i++ {
		pi, err := doc.PageImage(i, o.MaxPixels)
		if err != nil {
			return err // a registry error naming the page
		}
		// Raw samples are buffered at their depth (a JPEG is checked on
		// its own header by decodeDCT).
		if pi.Filter != "DCTDecode" {
			if err := checkDecoded(pi.Width, pi.Height, max(1, pi.Components*((pi.BitsPerComponent+7)/8)), o); err != nil {
				return decodeError(i, "", err)
			}
		}
		var img image.Image
		err = safely(func() (err error) {
			img, err = decodePDFImage(pi, o)
			return err
		})
		if err != nil {
			// decodePDFImage names the codec ("ccitt: ...").
			return decodeError(i, "", err)
		}
		dpi := 0
		if pi.PageWidth > 0 {
			dpi = int(math.Round(float64(pi.Width) * 72 / pi.PageWidth))
		}
		if err := deliver(fn, Page{Index: i - 1, Count: n, Image: img, Format: "pdf", Rotate: pi.Rotate, DPI: dpi}); err != nil {
			return err
		}
	}
	return nil
}

// deliver turns the page as its file asks, splits a book scanned open
// into its two pages, hashes each and hands it to fn.
func deliver(fn func(Page) error, p Page) error {
	if p.Rotate%360 != 0 {
		p.Image = rotate(p.Image, p.Rotate)
		p.Rotate = 0
	}
	for _, q := range spreadPages(p) {
		q.SHA256 = Hash(q.Image)
		if err := fn(q); err != nil {
			return err
		}
	}
	return nil
}

// rotate turns img clockwise by deg (90, 180 or 270), as a PDF viewer does
// for a page's /Rotate, so that later steps see the page upright.
func rotate(img image.Image, deg int) image.Image {
	deg = ((deg % 360) + 360) % 360
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var out *image.RGBA
	if deg == 180 {
		out = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		out = image.NewRGBA(image.Rect(0, 0, h, w))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := img.At(b.Min.X+x, b.Min.Y+y)
			switch deg {
			case 90:
				out.Set(h-1-y, x, c)
			case 180:
				out.Set(w-1-x, h-1-y, c)
			case 270:
				out.Set(y, w-1-x, c)
			default:
				return img
			}
		}
	}
	return out
}

// errPanic marks a recovered decoder panic.
type errPanic struct{ v any }

func (e errPanic) Error() string { return fmt.Sprintf("decoder panic: %v", e.v) }

// safely runs a decode step, turning a panic in a decoder into an error:
// a crafted file must cost one input, not the whole batch.
func safely(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errPanic{p}
		}
	}()
	return f()
}

// decodeError turns a decoder error into a one-line registry error,
// prefixed with the format (unless the decoder did so, or format is "") and
// with the 1-based page when page > 0: "page 3: tiff: ...".
func decodeError(page int, format string, err error) error {
	code, msg := registry.EINVALID, err.Error()
	var (
		rerr  *registry.Error
		pngU  png.UnsupportedError
		jpegU jpeg.UnsupportedError
		tiffU tiff.UnsupportedError
	)
	switch {
	case errors.As(err, &rerr):
		code, msg = rerr.Code, rerr.Message
	case errors.As(err, &pngU), errors.As(err, &jpegU), errors.As(err, &tiffU):
		code = registry.EUNSUPPORTED
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		// image/jpeg's and image/png's words for running out of data
		// inside the compressed pixels.
		msg == "invalid JPEG format: short Huffman data",
		msg == "png: invalid format: not enough pixel data":
		msg = "truncated data"
	}
	if i := strings.IndexAny(msg, "\r\n"); i >= 0 {
		msg = msg[:i]
	}
	if format != "" && !strings.HasPrefix(msg, format+":") {
		msg = format + ": " + msg
	}
	if page > 0 {
		msg = fmt.Sprintf("page %d: %s", page, msg)
	}
	return registry.Errorf(code, "%s", msg)
}
