package ingest_test

import (
	"encoding/binary"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/ingest"
	"github.com/civreg/civreg/internal/lept"
	"github.com/civreg/civreg/registry"
)

// JPEG 2000 and JBIG2 page images, as archival scanning software writes
// them into PDFs, give the page's own pixels.
func TestPDFJPXAndJBIG2(t *testing.T) {
	dir := t.TempDir()
	gray := grayPage(61, 43, 2)
	j, err := lept.EncodeJPX(gray, 100)
	if err != nil {
		t.Fatal(err)
	}
	size := fmt.Sprintf("/Width %d /Height %d", 61, 43)
	inverted := ingest.Hash(negative(gray))

	bw := bilevel(203, 97)
	jb := jbig2Embedded(203, 97, g4Strip(t, bw))
	bsize := "/Width 203 /Height 97"
	for _, c := range []struct {
		name, dict string
		data       []byte
		want       string
	}{
		{"jpx", size + " /Filter /JPXDecode", j, ingest.Hash(gray)},
		{"jpx with colour space", size + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /JPXDecode", j, ingest.Hash(gray)},
		{"jpx with decode [1 0]", size + " /ColorSpace /DeviceGray /Decode [1 0] /Filter /JPXDecode", j, inverted},
		{"jbig2 gray", bsize + " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode", jb, ingest.Hash(bw)},
		{"jbig2 mask", bsize + " /ImageMask true /Filter /JBIG2Decode", jb, ingest.Hash(bw)},
		{"jbig2 decode [1 0]", bsize + " /ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0] /Filter /JBIG2Decode", jb, ingest.Hash(negative(bw))},
	} {
		ps := pages(t, write(t, dir, "page.pdf", imagePDF(c.dict, c.data)))
		if len(ps) != 1 || ps[0].SHA256 != c.want {
			t.Errorf("%s: pixels differ from the page's (%s)", c.name, ink(ps[0].Image))
		}
	}

	// A page over the caps is refused before it is decoded: by its own
	// header (JPX), by its image dictionary (JBIG2, whose decoder is
	// capped as well: see internal/jbig2).
	small := ingest.Options{MaxDecodedBytes: 10_000}
	if _, err := collect(write(t, dir, "big.pdf", imagePDF(size+" /Filter /JPXDecode", j)), small); registry.ErrorCode(err) != registry.ETOOLARGE {
		t.Errorf("jpx over the cap: %v, want too large", err)
	}
	if _, err := collect(write(t, dir, "big.pdf", imagePDF(bsize+" /ImageMask true /Filter /JBIG2Decode", jb)), ingest.Options{MaxDecodedBytes: 1000}); registry.ErrorCode(err) != registry.ETOOLARGE {
		t.Errorf("jbig2 over the cap: %v, want too large", err)
	}

	// A stream that is not what its filter says is one line naming it.
	for _, c := range []struct{ filter, want string }{{"JPXDecode", "page 1: jpx: not a jpeg 2000 stream"}, {"JBIG2Decode", "page 1: jbig2: "}} {
		_, err := collect(write(t, dir, "bad.pdf", imagePDF(size+" /ColorSpace /DeviceGray /Filter /"+c.filter, []byte("not really"))), ingest.Options{})
		if registry.ErrorCode(err) != registry.EINVALID || len(registry.ErrorMessage(err)) < len(c.want) || registry.ErrorMessage(err)[:len(c.want)] != c.want {
			t.Errorf("%s: got %v, want %q", c.filter, err, c.want)
		}
	}
}

// CCITT G3 with rows coded two-dimensionally (K > 0), as fax machines
// code them and as libtiff writes them, gives the page's own pixels in a
// PDF; without the end-of-line codes libtiff needs it is refused by name.
func TestPDFCCITTG3TwoDim(t *testing.T) {
	dir := t.TempDir()
	bw := bilevel(203, 97)
	parms := func(extra string) string {
		return "/Width 203 /Height 97 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K 4 /Columns 203 /Rows 97 " + extra + " >>"
	}
	for _, c := range []struct {
		name, coding, extra string
		want                string
	}{
		{"2-d", "g3:2d", "/EndOfLine true", ingest.Hash(bw)},
		{"2-d, eol not declared", "g3:2d", "", ingest.Hash(bw)},
		{"2-d byte-aligned", "g3:2d:fill", "/EndOfLine true /EncodedByteAlign true", ingest.Hash(bw)},
		{"2-d black is 1", "g3:2d", "/EndOfLine true /BlackIs1 true", ingest.Hash(negative(bw))},
	} {
		ps, err := collect(write(t, dir, "g3.pdf", imagePDF(parms(c.extra), ccittStrip(t, bw, c.coding))), ingest.Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(ps) != 1 || ps[0].SHA256 != c.want {
			t.Errorf("%s: pixels differ from the page's (%s)", c.name, ink(ps[0].Image))
		}
	}
	_, err := collect(write(t, dir, "noeol.pdf", imagePDF(parms(""), g4Strip(t, bw))), ingest.Options{})
	if registry.ErrorCode(err) != registry.EUNSUPPORTED || !strings.Contains(registry.ErrorMessage(err), "ccitt: group 3 2-d (k=4) without end-of-line codes") {
		t.Errorf("2-d rows without end-of-line codes: %v, want refused by name", err)
	}
}

func negative(g interface{ Bounds() image.Rectangle }) *image.Gray {
	src := g.(*image.Gray)
	out := image.NewGray(src.Rect)
	for i, v := range src.Pix {
		out.Pix[i] = ^v
	}
	return out
}

// g4Strip encodes a bilevel page as CCITT G4 with tiffcp and returns the
// coded strip (0 bits white, as JBIG2's MMR coding has it).
func g4Strip(t *testing.T, g *image.Gray) []byte {
	t.Helper()
	return ccittStrip(t, g, "g4")
}

// ccittStrip encodes a bilevel page with tiffcp's coding arg (g4, g3:2d,
// g3:2d:fill) as one strip, and returns it.
func ccittStrip(t *testing.T, g *image.Gray, arg string) []byte {
	t.Helper()
	needTool(t, "tiffcp", "libtiff-tools")
	raw, _, _ := buildTIFF([]tiffPage{{img: g, bits: 1}})
	dir := t.TempDir()
	in, out := write(t, dir, "in.tif", raw), filepath.Join(dir, "coded.tif")
	if o, err := exec.Command("tiffcp", "-c", arg, "-r", "1000000", in, out).CombinedOutput(); err != nil {
		t.Fatalf("tiffcp: %v: %s", err, o)
	}
	f, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	ifd := int(le.Uint32(f[4:]))
	var off, n int
	for i := range int(le.Uint16(f[ifd:])) {
		e := f[ifd+2+12*i:]
		switch le.Uint16(e) {
		case 273:
			off = int(le.Uint32(e[8:]))
		case 279:
			n = int(le.Uint32(e[8:]))
		}
	}
	return f[off : off+n]
}

// jbig2Embedded wraps MMR-coded rows as an embedded JBIG2 stream: page
// information, an immediate lossless generic region coded MMR, end of page.
func jbig2Embedded(w, h int, mmr []byte) []byte {
	be := binary.BigEndian
	var b []byte
	seg := func(num uint32, typ byte, data []byte) {
		b = be.AppendUint32(b, num)
		b = append(b, typ, 0x00, 1)
		b = be.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
	}
	info := be.AppendUint32(nil, uint32(w))
	info = be.AppendUint32(info, uint32(h))
	info = append(info, make([]byte, 8)...)
	info = append(info, 0x01, 0, 0)
	seg(0, 48, info)
	region := be.AppendUint32(nil, uint32(w))
	region = be.AppendUint32(region, uint32(h))
	region = append(region, make([]byte, 8)...)
	region = append(region, 0x00, 0x01)
	seg(1, 39, append(region, mmr...))
	seg(2, 49, nil)
	return b
}
