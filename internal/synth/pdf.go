package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"regexp"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// pdfDate and pdfID match what pdfcpu stamps from the clock: the Info
// dictionary's dates and the trailer's file identifier.
var (
	pdfDate = regexp.MustCompile(`/(?:CreationDate|ModDate)\s*\(D:[0-9]{14}[^)]*\)`)
	pdfID   = regexp.MustCompile(`<[0-9A-Fa-f]{32}>`)
)

// writePDF writes a PDF with one page per image (JPEG or PNG bytes), the
// image filling an A4 page. pdfcpu stamps the time into the file; those
// bytes are overwritten in place (same length, so the cross-reference
// offsets hold) so that the same pages give the same file.
func writePDF(w io.Writer, images [][]byte, salt string) error {
	readers := make([]io.Reader, len(images))
	for i, b := range images {
		readers[i] = bytes.NewReader(b)
	}
	conf := model.NewDefaultConfiguration()
	conf.WriteObjectStream = false // keep the Info dictionary in plain text
	conf.WriteXRefStream = false
	conf.ValidationMode = model.ValidationRelaxed
	var buf bytes.Buffer
	if err := api.ImportImages(nil, &buf, readers, nil, conf); err != nil {
		return err
	}
	out := pdfDate.ReplaceAllFunc(buf.Bytes(), func(m []byte) []byte {
		open := bytes.IndexByte(m, '(')
		fixed := append(append([]byte{}, m[:open]...), "(D:20250701000000"...)
		tail := m[len(fixed):]
		// Keep the time-zone part's shape, zeroing its digits.
		t := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '0'
			}
			return r
		}, string(tail))
		return append(fixed, t...)
	})
	if i := bytes.LastIndex(out, []byte("/ID")); i >= 0 {
		// The identifier is a hash of the file with the identifier blanked.
		zero := []byte("<" + strings.Repeat("0", 32) + ">")
		trailer := pdfID.ReplaceAllFunc(out[i:], func([]byte) []byte { return zero })
		out = append(out[:i:i], trailer...)
		sum := sha256.Sum256(append([]byte(salt), out...))
		id := []byte("<" + strings.ToUpper(hex.EncodeToString(sum[:16])) + ">")
		out = append(out[:i:i], bytes.ReplaceAll(out[i:], zero, id)...)
	}
	_, err := w.Write(out)
	return err
}
