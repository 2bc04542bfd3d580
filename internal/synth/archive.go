package synth

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"strings"

	"github.com/civreg/civreg/internal/lept"
	"github.com/civreg/civreg/internal/pdf/pdftest"
)

// writeArchivePDF writes pages as archival scanning software does: one
// page per image, the image covering a page sized for its resolution, each
// image JPEG 2000 (format jpx, colour kept) or, made bilevel at half grey,
// JBIG2 coded MMR (format jbig2).
func writeArchivePDF(w io.Writer, format string, imgs []image.Image, dpis []int) error {
	objs := []pdftest.Object{{Dict: "<< /Type /Catalog /Pages 2 0 R >>"}, {}}
	var kids []string
	for i, img := range imgs {
		var dict string
		var data []byte
		var err error
		b := img.Bounds()
		size := fmt.Sprintf("/Width %d /Height %d", b.Dx(), b.Dy())
		switch format {
		case FormatJPX:
			data, err = lept.EncodeJPX(img, 45)
			dict = size + " /Filter /JPXDecode"
		case FormatJBIG2:
			var mmr []byte
			mmr, err = lept.EncodeG4(img)
			data = jbig2Generic(b.Dx(), b.Dy(), mmr)
			dict = size + " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode"
		}
		if err != nil {
			return err
		}
		pw, ph := float64(b.Dx())*72/float64(dpis[i]), float64(b.Dy())*72/float64(dpis[i])
		page := len(objs) + 1
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
		objs = append(objs,
			pdftest.Object{Dict: fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>", pw, ph, page+2, page+1)},
			pdftest.Object{Dict: "<< >>", Stream: fmt.Appendf(nil, "q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", pw, ph)},
			pdftest.Object{Dict: "<< /Type /XObject /Subtype /Image " + dict + " >>", Stream: data},
		)
	}
	objs[1] = pdftest.Object{Dict: fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(imgs))}
	_, err := io.Copy(w, bytes.NewReader(pdftest.Build(objs)))
	return err
}

// jbig2Generic wraps G4-coded rows as an embedded JBIG2 stream (a PDF's:
// no file header): page information, one immediate lossless generic
// region coded MMR covering the page. As in a PDF, no end-of-page segment:
// the page ends with the stream.
func jbig2Generic(w, h int, mmr []byte) []byte {
	be := binary.BigEndian
	var b []byte
	seg := func(num uint32, typ byte, data []byte) {
		b = be.AppendUint32(b, num)
		b = append(b, typ, 0x00, 1) // type; no referred-to segments; page 1
		b = be.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
	}
	dims := be.AppendUint32(be.AppendUint32(nil, uint32(w)), uint32(h))
	seg(0, 48, append(append(dims, make([]byte, 8)...), 0x01, 0, 0))                 // page information: lossless
	seg(1, 39, append(append(append(dims, make([]byte, 8)...), 0x00, 0x01), mmr...)) // generic region at (0, 0), OR, MMR
	return b
}
