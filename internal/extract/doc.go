// Package extract makes the certified extract (bản sao trích lục) of a
// register entry: its canonical content, the office's Ed25519 signature
// over it, and the PDF a citizen takes home.
//
// The content is a deterministic JSON document (sorted keys, NFC strings)
// of everything the extract states: copy number, issuing office, date,
// kind, record, every printed field with its label and printed value, and
// the original registration. The PDF is drawn from that content alone
// (github.com/go-pdf/fpdf, with DejaVu Serif subsets embedded in the binary
// so that every machine draws the same bytes, and a QR code from
// github.com/skip2/go-qrcode), and carries the content and the signature as
// embedded files. Rendering is a pure function of content, signature and
// key id: the same copy prints byte for byte again, and a copy is checked by
// verifying the signature and drawing it again (see Render).
//
// Field extraction (reading values off a page) is another matter and lives
// in internal/locate and ocr; this package only uses the form layouts of
// internal/form for the labels.
package extract
