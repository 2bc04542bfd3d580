package pdf_test

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/pdf"
	"github.com/civreg/civreg/internal/pdf/pdftest"
	"github.com/civreg/civreg/registry"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func TestMain(m *testing.M) {
	// pdfcpu would otherwise write a config.yml under the user's home.
	model.ConfigPath = "disable"
	os.Exit(m.Run())
}

type obj = pdftest.Object

func build(objs []obj) []byte { return pdftest.Build(objs) }

// onePage builds a one-page PDF: page attributes, then extra objects from
// number 4 on (the page is 3).
func onePage(pageExtra string, objs ...obj) []byte {
	all := []obj{
		{Dict: "<< /Type /Catalog /Pages 2 0 R >>"},
		{Dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		{Dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + pageExtra + " >>"},
	}
	return build(append(all, objs...))
}

func open(t *testing.T, b []byte) *pdf.Doc {
	t.Helper()
	d, err := pdf.Open(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return d
}

func TestImportedImages(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 30, 20))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 7)
	}
	var pb, jb bytes.Buffer
	png.Encode(&pb, gray)
	jpeg.Encode(&jb, gray, nil)
	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, []io.Reader{bytes.NewReader(jb.Bytes()), bytes.NewReader(pb.Bytes())}, nil, nil); err != nil {
		t.Fatal(err)
	}
	d := open(t, out.Bytes())
	if d.NumPages() != 2 {
		t.Fatalf("got %d pages, want 2", d.NumPages())
	}
	im, err := d.PageImage(1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if im.Filter != "DCTDecode" || im.Width != 30 || im.Height != 20 || !bytes.Equal(im.Data, jb.Bytes()) {
		t.Errorf("page 1: got %s %d×%d with %d bytes, want the JPEG passed through", im.Filter, im.Width, im.Height, len(im.Data))
	}
	im, err = d.PageImage(2, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if im.Filter != "FlateDecode" || im.ColorSpace != "DeviceGray" || im.Components != 1 || im.BitsPerComponent != 8 || im.Page != 2 {
		t.Errorf("page 2: got %+v", *im)
	}
	if n := d.NumPages(); n != 2 {
		t.Errorf("NumPages = %d, want 2", n)
	}

	_, err = d.PageImage(2, 599)
	wantErr(t, err, registry.ETOOLARGE, "page 2: image 30×20 is over the 599-pixel cap")
	_, err = d.PageImage(3, 0)
	wantErr(t, err, registry.EINVALID, "page 3: out of range")
}

func TestPageImageChoice(t *testing.T) {
	// A small logo and the big scan on the page itself, and a bigger image
	// inside a form XObject: the largest wins, wherever it is.
	b := onePage("/Rotate -90 /Resources << /XObject << /Logo 4 0 R /Scan 5 0 R /Fm 6 0 R >> >>",
		obj{Dict: "<< /Type /XObject /Subtype /Image /Width 4 /Height 4 /BitsPerComponent 8 /ColorSpace /DeviceRGB >>", Stream: make([]byte, 48)},
		obj{Dict: "<< /Type /XObject /Subtype /Image /Width 40 /Height 40 /BitsPerComponent 8 /ColorSpace /DeviceGray >>", Stream: make([]byte, 1600)},
		obj{Dict: "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Big 7 0 R /Again 6 0 R >> >> >>", Stream: []byte("/Big Do")},
		obj{Dict: "<< /Subtype /Image /Width 50 /Height 60 /ImageMask true /Decode [1 0] /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 50 /BlackIs1 true >> >>", Stream: []byte{1, 2, 3}},
	)
	im, err := open(t, b).PageImage(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if im.Width != 50 || im.Height != 60 || im.Filter != "CCITTFaxDecode" || !im.ImageMask || !im.Invert || im.BitsPerComponent != 1 {
		t.Errorf("got %+v, want the 50×60 CCITT mask", *im)
	}
	if im.Params["K"] != -1 || im.Params["Columns"] != 50 || im.Params["BlackIs1"] != 1 {
		t.Errorf("params %v", im.Params)
	}
	if im.Rotate != 270 {
		t.Errorf("rotate %d, want 270", im.Rotate)
	}
	if !bytes.Equal(im.Data, []byte{1, 2, 3}) {
		t.Errorf("data %v", im.Data)
	}
}

func TestColorSpaces(t *testing.T) {
	tests := []struct {
		cs         string
		extra      []obj
		want       string
		components int
	}{
		{"/DeviceRGB", nil, "DeviceRGB", 3},
		{"/CalGray", nil, "DeviceGray", 1},
		{"[/CalRGB << /WhitePoint [1 1 1] >>]", nil, "DeviceRGB", 3},
		{"[/ICCBased 5 0 R]", []obj{{Dict: "<< /N 4 >>", Stream: []byte("icc")}}, "DeviceCMYK", 4},
		{"[/Indexed /DeviceGray 1 (\\000\\377)]", nil, "Indexed", 1},
		{"/Lab", nil, "Lab", 0},
	}
	for _, tt := range tests {
		objs := append([]obj{{Dict: "<< /Type /XObject /Subtype /Image /Width 2 /Height 1 /BitsPerComponent 8 /ColorSpace " + tt.cs + " >>", Stream: []byte{0, 1, 2, 3, 4, 5}}}, tt.extra...)
		im, err := open(t, onePage("/Resources << /XObject << /I 4 0 R >> >>", objs...)).PageImage(1, 0)
		if err != nil {
			t.Errorf("%s: %v", tt.cs, err)
			continue
		}
		if im.ColorSpace != tt.want || im.Components != tt.components {
			t.Errorf("%s: got %s/%d, want %s/%d", tt.cs, im.ColorSpace, im.Components, tt.want, tt.components)
		}
		if tt.want == "Indexed" && (im.PaletteBase != "DeviceGray" || !bytes.Equal(im.Palette, []byte{0, 255})) {
			t.Errorf("%s: palette %s %v", tt.cs, im.PaletteBase, im.Palette)
		}
	}
}

func TestNoImage(t *testing.T) {
	b := onePage("/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R",
		obj{Dict: "<< >>", Stream: []byte("BT /F1 12 Tf (text) Tj ET")},
		obj{Dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"})
	_, err := open(t, b).PageImage(1, 0)
	wantErr(t, err, registry.EINVALID, "page 1 has no image")

	b = onePage("")
	_, err = open(t, b).PageImage(1, 0)
	wantErr(t, err, registry.EINVALID, "page 1 has no image")
}

// TestHugeImageNotInflated checks that refusing an image over the cap costs
// nothing like its inflated size: this 10000×9000 Flate image would
// inflate to 90 MB.
func TestHugeImageNotInflated(t *testing.T) {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 90; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	b := onePage("/Resources << /XObject << /I 4 0 R >> >>",
		obj{Dict: "<< /Type /XObject /Subtype /Image /Width 10000 /Height 9000 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode >>", Stream: z.Bytes()})
	before := totalAlloc()
	d := open(t, b)
	_, err := d.PageImage(1, 80_000_000)
	wantErr(t, err, registry.ETOOLARGE, "10000×9000")
	grew := totalAlloc() - before
	t.Logf("refusing a %d-byte file allocated %d KB", len(b), grew>>10)
	if grew > 64<<20 {
		t.Errorf("allocated %d MB refusing a %d-byte file", grew>>20, len(b))
	}
}

func totalAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

func TestEncrypted(t *testing.T) {
	dir := t.TempDir()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var pb, out bytes.Buffer
	png.Encode(&pb, img)
	if err := api.ImportImages(nil, &out, []io.Reader{&pb}, nil, nil); err != nil {
		t.Fatal(err)
	}
	in, enc := dir+"/in.pdf", dir+"/enc.pdf"
	os.WriteFile(in, out.Bytes(), 0o644)
	if err := api.EncryptFile(in, enc, model.NewRC4Configuration("secret", "owner", 128)); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(enc)
	_, err := pdf.Open(bytes.NewReader(b))
	wantErr(t, err, registry.EUNSUPPORTED, "encrypted pdf: not supported")
}

// TestCorruptNeverPanics flips and truncates bytes of valid PDFs: every
// outcome must be an image or a one-line registry error.
func TestCorruptNeverPanics(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 16, 16))
	var pb, jb, out bytes.Buffer
	png.Encode(&pb, gray)
	rgb := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range rgb.Pix {
		rgb.Pix[i] = uint8(i)
	}
	jpeg.Encode(&jb, rgb, nil)
	if err := api.ImportImages(nil, &out, []io.Reader{&pb, &jb}, nil, nil); err != nil {
		t.Fatal(err)
	}
	good := out.Bytes()
	rng := rand.New(rand.NewSource(1))
	var opened, images int
	defer func() { t.Logf("%d of 300 corrupt files opened, %d page images found", opened, images) }()
	for i := 0; i < 300; i++ {
		b := append([]byte{}, good...)
		switch i % 3 {
		case 0:
			b = b[:rng.Intn(len(b))]
		default:
			for k := 0; k < 1+rng.Intn(8); k++ {
				b[rng.Intn(len(b))] = byte(rng.Intn(256))
			}
		}
		check := func(err error) {
			if err == nil {
				return
			}
			if code := registry.ErrorCode(err); code == registry.EINTERNAL || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("case %d: got %s %q, want a one-line registry error", i, code, err)
			}
		}
		d, err := pdf.Open(bytes.NewReader(b))
		check(err)
		if err != nil {
			continue
		}
		opened++
		for p := 1; p <= d.NumPages() && p <= 4; p++ {
			_, err := d.PageImage(p, 1e6)
			check(err)
			if err == nil {
				images++
			}
		}
	}
}

func wantErr(t *testing.T, err error, code, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s %q", code, want)
	}
	if got := registry.ErrorCode(err); got != code || !strings.Contains(err.Error(), want) {
		t.Errorf("got %s %q, want %s containing %q", got, err, code, want)
	}
	if strings.ContainsAny(err.Error(), "\r\n") {
		t.Errorf("message %q is not one line", err)
	}
}
