package extract

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // the fonts
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/civreg/civreg/registry"
	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
)

//go:generate go run ./fonts/gen.go

// The fonts are DejaVu Serif cut down to the letters Vietnamese needs
// (fonts/gen.go; licence in fonts/LICENSE). They are embedded rather than
// found on the machine: another version of the same font would draw other
// bytes, and a copy issued at one office would not verify at another.
var (
	//go:embed fonts/DejaVuSerif.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSerif-Bold.ttf
	fontBold []byte
	//go:embed fonts/DejaVuSerif-Italic.ttf
	fontItalic []byte
)

// Names of the files embedded in an extract PDF.
const (
	ContentFile = "trich-luc.json" // the canonical content, as signed
	SealFile    = "chu-ky-so.json" // the Seal
)

// Seal is the signature embedded beside the content.
type Seal struct {
	Alg       string `json:"alg"`       // "Ed25519"
	KeyID     string `json:"keyId"`     // the office key that signed
	Signature string `json:"signature"` // base64url, unpadded
}

// sealBytes returns the Seal of sig by keyID as embedded.
func sealBytes(sig []byte, keyID string) ([]byte, error) {
	return marshal(Seal{Alg: "Ed25519", KeyID: keyID, Signature: base64.RawURLEncoding.EncodeToString(sig)})
}

// ParseSeal decodes an embedded Seal and returns the key id and signature.
func ParseSeal(b []byte) (keyID string, sig []byte, err error) {
	var s Seal
	if err := json.Unmarshal(b, &s); err != nil {
		return "", nil, registry.Errorf(registry.EINVALID, "signature is not readable: %v", err)
	}
	if s.Alg != "Ed25519" {
		return "", nil, registry.Errorf(registry.EUNSUPPORTED, "signature algorithm %q is not Ed25519", s.Alg)
	}
	if sig, err = base64.RawURLEncoding.DecodeString(s.Signature); err != nil {
		return "", nil, registry.Errorf(registry.EINVALID, "signature is not base64url: %v", err)
	}
	return s.KeyID, sig, nil
}

// QRText returns what the QR code of an extract says: a prefix, the copy
// number, the key id and the signature, which is enough to look the copy up
// in the issuing office's log and check it.
func QRText(copyNo, keyID string, sig []byte) string {
	return strings.Join([]string{"TLBS1", copyNo, keyID, base64.RawURLEncoding.EncodeToString(sig)}, "|")
}

// Page geometry, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 20.0
	marginR      = 15.0
	marginT      = 15.0
	marginB      = 18.0
	bodyW        = pageW - marginL - marginR
	lineH        = 5.9
	qrSize       = 30.0
)

// Render draws the extract PDF of signed content. It is a pure function of
// its arguments: no clock, no random ids, the fonts embedded in the
// binary, the creation date the issue time. Drawing the same copy again
// gives the same bytes, which is how Verify tells a genuine copy.
func Render(content, sig []byte, keyID string) ([]byte, error) {
	c, err := Parse(content)
	if err != nil {
		return nil, err
	}
	at, err := c.IssuedAt()
	if err != nil {
		return nil, err
	}
	seal, err := sealBytes(sig, keyID)
	if err != nil {
		return nil, err
	}
	title := Title(registry.Kind(c.Kind)) + " (BẢN SAO)"

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetProducer("civreg", false)
	pdf.SetCreator("civreg", false)
	pdf.SetTitle(title+" số "+c.CopyNo, true)
	pdf.SetAuthor(c.Office, true)
	pdf.SetSubject(c.CopyNo, true)
	pdf.SetLang("vi-VN")
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(true, marginB)
	pdf.AddUTF8FontFromBytes("serif", "", fontRegular)
	pdf.AddUTF8FontFromBytes("serif", "B", fontBold)
	pdf.AddUTF8FontFromBytes("serif", "I", fontItalic)
	pdf.SetAttachments([]fpdf.Attachment{
		{Content: content, Filename: ContentFile, Description: "Nội dung trích lục đã ký"},
		{Content: seal, Filename: SealFile, Description: "Chữ ký số Ed25519 của cơ quan cấp"},
	})
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("serif", "I", 8)
		pdf.CellFormat(0, 4, fmt.Sprintf("Bản sao số %s · Trang %d/{nb}", c.CopyNo, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()

	drawHeader(pdf, c)

	pdf.SetY(pdf.GetY() + 8)
	pdf.SetFont("serif", "B", 14)
	pdf.MultiCell(0, 7, title, "", "C", false)
	pdf.Ln(4)

	for _, l := range c.Lines {
		if l.Section != "" {
			pdf.SetFont("serif", "B", 11)
			pdf.MultiCell(0, lineH, l.Section, "", "L", false)
		}
		if len(l.Items) > 0 {
			writeItems(pdf, l.Items)
		}
	}
	pdf.Ln(2)
	r := c.Registration
	writeItems(pdf, []Item{{Label: registeredAt(registry.Kind(c.Kind)), Value: r.Office}})
	writeItems(pdf, []Item{{Label: "Số:", Value: r.So + ","}, {Label: "Quyển số:", Value: r.QuyenSo + ","}, {Label: "ngày", Value: r.Date}})
	if r.Type != "" {
		writeItems(pdf, []Item{{Label: "Loại đăng ký:", Value: r.Type}})
	}
	writeItems(pdf, []Item{{Label: "Ghi chú:", Value: c.Note}})

	drawSeal(pdf, c, content, sig, keyID)

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, registry.Errorf(registry.EINTERNAL, "cannot draw extract %s: %v", c.CopyNo, err)
	}
	return buf.Bytes(), nil
}

// drawHeader draws the issuer and copy number at the left, the national
// motto and the place and date at the right.
func drawHeader(pdf *fpdf.Fpdf, c *Content) {
	const leftW, rightX = 72.0, marginL + 72.0 + 3
	rightW := pageW - marginR - rightX

	y := marginT
	pdf.SetXY(marginL, y)
	pdf.SetFont("serif", "B", 11)
	pdf.MultiCell(leftW, 5.5, strings.ToUpper(c.Office), "", "C", false)
	yl := pdf.GetY() + 1
	pdf.Line(marginL+leftW/2-12, yl, marginL+leftW/2+12, yl)
	pdf.SetXY(marginL, yl+2)
	pdf.SetFont("serif", "", 11)
	pdf.MultiCell(leftW, 5.5, "Số: "+c.CopyNo, "", "C", false)
	yLeft := pdf.GetY()

	pdf.SetXY(rightX, y)
	pdf.SetFont("serif", "B", 10.5)
	pdf.MultiCell(rightW, 5.5, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", "C", false)
	pdf.SetX(rightX)
	pdf.SetFont("serif", "B", 11)
	pdf.MultiCell(rightW, 5.5, "Độc lập - Tự do - Hạnh phúc", "", "C", false)
	yr := pdf.GetY() + 0.6
	half := pdf.GetStringWidth("Độc lập - Tự do - Hạnh phúc") / 2
	pdf.Line(rightX+rightW/2-half, yr, rightX+rightW/2+half, yr)
	pdf.SetXY(rightX, yr+3)
	pdf.SetFont("serif", "I", 11)
	pdf.MultiCell(rightW, 5.5, c.DateLine(), "", "C", false)

	pdf.SetXY(marginL, max(yLeft, pdf.GetY()))
}

// writeItems writes one line of labelled values: labels in roman, values
// in bold, run on to the next line as long as they need.
func writeItems(pdf *fpdf.Fpdf, items []Item) {
	pdf.SetX(marginL)
	for i, it := range items {
		switch {
		case it.Label == "" && i > 0:
			if it.Value != "" {
				pdf.SetFont("serif", "B", 11)
				pdf.Write(lineH, ", "+it.Value)
			}
			continue
		case i > 0:
			pdf.SetFont("serif", "", 11)
			pdf.Write(lineH, "   ")
		}
		pdf.SetFont("serif", "", 11)
		pdf.Write(lineH, it.Label)
		if it.Value != "" {
			pdf.SetFont("serif", "B", 11)
			pdf.Write(lineH, " "+it.Value)
		}
	}
	pdf.Ln(lineH)
}

// drawSeal draws the signer's block at the right and, at the left, the QR
// code with the lines a reader needs to check the copy.
func drawSeal(pdf *fpdf.Fpdf, c *Content, content, sig []byte, keyID string) {
	const need = 50.0
	y := pdf.GetY() + 6
	if y+need > pageH-marginB {
		pdf.AddPage()
		y = marginT
	}
	const signX = 92.0
	signW := pageW - marginR - signX
	pdf.SetXY(signX, y)
	pdf.SetFont("serif", "B", 11)
	pdf.MultiCell(signW, 6, "NGƯỜI KÝ TRÍCH LỤC", "", "C", false)
	pdf.SetX(signX)
	pdf.SetFont("serif", "I", 10)
	pdf.MultiCell(signW, 5, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", "", "C", false)

	drawQR(pdf, qrText(c, content, sig, keyID), marginL, y, qrSize)

	sum := sha256.Sum256(content)
	pdf.SetXY(marginL, y+qrSize+3)
	pdf.SetFont("serif", "", 7.5)
	lines := []string{
		"Bản sao có chữ ký số Ed25519 của " + c.Office + ", khoá " + keyID + ". Kiểm tra: civreg extract verify <tệp PDF>.",
		"Chữ ký số: " + base64.RawURLEncoding.EncodeToString(sig),
		"SHA-256 nội dung đã ký: " + hex.EncodeToString(sum[:]),
	}
	for _, l := range lines {
		pdf.SetX(marginL)
		pdf.MultiCell(bodyW, 3.6, l, "", "L", false)
	}
}

// drawQR draws text as a QR code of side size at (x, y), as filled
// rectangles: crisp at any zoom, and no image encoder in the way of
// drawing the same bytes again.
func drawQR(pdf *fpdf.Fpdf, text string, x, y, size float64) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		pdf.SetError(err)
		return
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	if len(bm) == 0 {
		return
	}
	m := size / float64(len(bm))
	pdf.SetFillColor(0, 0, 0)
	for row, bits := range bm {
		for col := 0; col < len(bits); {
			if !bits[col] {
				col++
				continue
			}
			end := col
			for end < len(bits) && bits[end] {
				end++
			}
			pdf.Rect(x+float64(col)*m, y+float64(row)*m, float64(end-col)*m, m, "F")
			col = end
		}
	}
}
