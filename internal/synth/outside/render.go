package outside

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/civreg/civreg/registry"
)

// toPDF converts FODT documents to PDF with LibreOffice, all in one run:
// a profile of its own, so that it never meets another soffice.
func toPDF(ctx context.Context, work string, docs []string) error {
	profile := filepath.Join(work, "lo-profile")
	args := []string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", work}
	cmd := exec.CommandContext(ctx, "soffice", append(args, docs...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return registry.Errorf(registry.EINTERNAL, "soffice --convert-to pdf: %v: %s", err, lastLine(out.String()))
	}
	for _, d := range docs {
		if _, err := os.Stat(pdfOf(d)); err != nil {
			return registry.Errorf(registry.EINTERNAL, "soffice made no PDF of %s: %s", filepath.Base(d), lastLine(out.String()))
		}
	}
	return nil
}

// pdfOf is where toPDF writes the PDF of a document.
func pdfOf(doc string) string { return strings.TrimSuffix(doc, filepath.Ext(doc)) + ".pdf" }

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// pdfWord is a word of the PDF with its box, in points from the top left.
type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

// pdfWords reads the words of each page of a PDF in the order they were
// written (pdftotext -raw -bbox): the order LibreOffice laid them out.
func pdfWords(ctx context.Context, pdf string) ([][]pdfWord, error) {
	out, err := exec.CommandContext(ctx, "pdftotext", "-raw", "-bbox", pdf, "-").Output()
	if err != nil {
		return nil, registry.Errorf(registry.EINTERNAL, "pdftotext %s: %v", filepath.Base(pdf), err)
	}
	var d struct {
		Pages []struct {
			Words []pdfWord `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	if err := dec.Decode(&d); err != nil {
		return nil, registry.Errorf(registry.EINTERNAL, "pdftotext %s: %v", filepath.Base(pdf), err)
	}
	pages := make([][]pdfWord, len(d.Pages))
	for i, p := range d.Pages {
		for _, w := range p.Words {
			w.Text = norm.NFC.String(w.Text)
			pages[i] = append(pages[i], w)
		}
	}
	return pages, nil
}

// rasterize renders the PDF's first page at 300 dpi in grey, as a
// scanner would see the printed page.
func rasterize(ctx context.Context, pdf string) (image.Image, error) {
	prefix := strings.TrimSuffix(pdf, ".pdf") + "-scan"
	cmd := exec.CommandContext(ctx, "pdftoppm", "-r", "300", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, registry.Errorf(registry.EINTERNAL, "pdftoppm %s: %v: %s", filepath.Base(pdf), err, lastLine(string(out)))
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix+".png", err)
	}
	return img, nil
}

// fieldBoxes finds the document's words among the PDF's, in order, and
// returns each field's box in 300-dpi pixels: the union of its words. A
// word is looked for a little way ahead of the last one found, so that a
// leader's dots or a tick box laid out of order do not derail the rest.
// missing lists the fields some word of which was not found.
func fieldBoxes(want []expWord, got []pdfWord) (boxes map[string][4]int, missing []string) {
	const ahead = 60
	const px = 300.0 / 72
	boxes = map[string][4]int{}
	lost := map[string]bool{}
	at := 0
	for _, w := range want {
		if w.key == "-" {
			continue
		}
		found := -1
		for j := at; j < len(got) && j < at+ahead; j++ {
			if sameWord(w.text, got[j].Text) {
				found = j
				break
			}
		}
		if found < 0 {
			if w.key != "" {
				lost[w.key] = true
			}
			continue
		}
		at = found + 1
		if w.key == "" {
			continue
		}
		g := got[found]
		b := [4]int{int(g.XMin * px), int(g.YMin * px), int(g.XMax*px + 0.5), int(g.YMax*px + 0.5)}
		if old, ok := boxes[w.key]; ok {
			b = [4]int{min(old[0], b[0]), min(old[1], b[1]), max(old[2], b[2]), max(old[3], b[3])}
		}
		boxes[w.key] = b
	}
	for k := range lost {
		missing = append(missing, k)
	}
	return boxes, missing
}

// sameWord compares a printed word with a word of the PDF.
func sameWord(want, got string) bool {
	return norm.NFC.String(want) == got
}
