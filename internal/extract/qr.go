package extract

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/civreg/civreg/registry"
)

// FormatQR is the content format whose signature covers the QR code's
// summary: the copy's number, office, date, the people it is about and
// its registration, with the SHA-256 of the whole content. The QR code
// alone can then be checked against the office's public key, and the
// file's content against the QR code. Format ("civreg-extract/1") is
// still read: its signature covers the content alone.
const FormatQR = "civreg-extract/2"

// qrPrefix starts the QR code of a FormatQR extract.
const qrPrefix = "TLBS2"

// qrKeys are the items of the content the QR summary names: the people
// the entry is about, in the content's order.
var qrKeys = map[string]bool{
	"nksHoTen": true, "nksNgaySinh": true, "nktHoTen": true, "nktNgayChet": true,
	"chongHoTen": true, "chongNgaySinh": true, "voHoTen": true, "voNgaySinh": true,
	"ndnHoTen": true, "ndnNgaySinh": true, "nnHoTen": true, "nnNgaySinh": true,
}

// qrField makes a value safe between the QR code's separators.
func qrField(s string) string { return strings.ReplaceAll(s, "|", "/") }

// SignedMessage returns what the office key signs for content (canonical,
// as Parse reads it) under keyID: for FormatQR the QR summary without its
// signature, for Format the content itself.
func SignedMessage(content []byte, keyID string) ([]byte, error) {
	c, err := Parse(content)
	if err != nil {
		return nil, err
	}
	if c.Format == Format {
		return content, nil
	}
	sum := sha256.Sum256(content)
	parts := []string{qrPrefix, keyID, c.CopyNo, c.Office, c.Issued, c.Kind}
	for _, l := range c.Lines {
		for _, it := range l.Items {
			if qrKeys[it.Key] && it.Value != "" {
				parts = append(parts, strings.TrimSpace(it.Label+" "+it.Value))
			}
		}
	}
	r := c.Registration
	parts = append(parts, "Số "+r.So+", quyển "+r.QuyenSo+", ngày "+r.Date, base64.RawURLEncoding.EncodeToString(sum[:]))
	for i := range parts {
		parts[i] = qrField(parts[i])
	}
	return []byte(strings.Join(parts, "|")), nil
}

// qrText returns what the QR code of an extract says: the signed message
// with the signature after it for FormatQR; for Format the copy number,
// key id and signature, to look the copy up in the office's log.
func qrText(c *Content, content, sig []byte, keyID string) string {
	if c.Format == Format {
		return QRText(c.CopyNo, keyID, sig)
	}
	msg, err := SignedMessage(content, keyID)
	if err != nil {
		return QRText(c.CopyNo, keyID, sig)
	}
	return string(msg) + "|" + base64.RawURLEncoding.EncodeToString(sig)
}

// QR is what the QR code of a FormatQR extract states.
type QR struct {
	KeyID   string
	CopyNo  string
	Office  string
	Issued  string   // RFC 3339
	Kind    string   // KS, KH, KT, CMC
	People  []string // "Họ và tên: …", "Ngày, tháng, năm sinh: …"
	Entry   string   // the original registration
	Digest  []byte   // SHA-256 of the whole signed content
	Message []byte   // what was signed
	Sig     []byte
}

// ParseQR reads the text of an extract's QR code.
func ParseQR(text string) (*QR, error) {
	text = strings.TrimSpace(text)
	cut := strings.LastIndexByte(text, '|')
	parts := strings.Split(text, "|")
	if !strings.HasPrefix(text, qrPrefix+"|") || cut < 0 || len(parts) < 9 {
		return nil, registry.Errorf(registry.EINVALID, "not the QR code of a civreg extract (format 2)")
	}
	q := &QR{Message: []byte(text[:cut]), KeyID: parts[1], CopyNo: parts[2], Office: parts[3], Issued: parts[4], Kind: parts[5]}
	n := len(parts)
	q.People, q.Entry = parts[6:n-3], parts[n-3]
	var err error
	if q.Digest, err = base64.RawURLEncoding.DecodeString(parts[n-2]); err != nil || len(q.Digest) != sha256.Size {
		return nil, registry.Errorf(registry.EINVALID, "the QR code's content digest is not readable")
	}
	if q.Sig, err = base64.RawURLEncoding.DecodeString(parts[n-1]); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "the QR code's signature is not readable")
	}
	return q, nil
}
