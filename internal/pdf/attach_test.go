package pdf_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/pdf"
	"github.com/civreg/civreg/registry"
	"github.com/go-pdf/fpdf"
)

// withAttachments draws a one-page PDF embedding files.
func withAttachments(t *testing.T, files ...fpdf.Attachment) []byte {
	t.Helper()
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetAttachments(files)
	doc.AddPage()
	doc.SetFont("Helvetica", "", 12)
	doc.Cell(40, 10, "attachments")
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttachments(t *testing.T) {
	big := strings.Repeat("nội dung ", 2000)
	b := withAttachments(t,
		fpdf.Attachment{Content: []byte(`{"a":"Nguyễn"}`), Filename: "trich-luc.json"},
		fpdf.Attachment{Content: []byte(big), Filename: "chữ ký.txt"},
	)
	files, err := pdf.Attachments(bytes.NewReader(b), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(files["trich-luc.json"]); got != `{"a":"Nguyễn"}` {
		t.Errorf("trich-luc.json = %q", got)
	}
	if got := string(files["chữ ký.txt"]); got != big {
		t.Errorf("chữ ký.txt has %d bytes, want %d", len(got), len(big))
	}
	if len(files) != 2 {
		t.Errorf("got %d files, want 2", len(files))
	}

	if _, err := pdf.Attachments(bytes.NewReader(b), 1000); registry.ErrorCode(err) == "" {
		t.Errorf("a file over the cap was read")
	}

	none, err := pdf.Attachments(bytes.NewReader(withAttachments(t)), 1000)
	if err != nil || len(none) != 0 {
		t.Errorf("no attachments: %v, %v", none, err)
	}
	if _, err := pdf.Attachments(bytes.NewReader(b[:len(b)/2]), 1000); registry.ErrorCode(err) != registry.EINVALID {
		t.Errorf("truncated pdf: %v, want EINVALID", err)
	}
}
