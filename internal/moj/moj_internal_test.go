package moj

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/internal/synth"
	"github.com/civreg/civreg/internal/tesseract"
	"github.com/civreg/civreg/registry"
)

// TestPagePDF draws pages with every wear preset, keeps them as the scan
// does, and makes their PDF: within the budget, at about 150 dpi (100 for
// a heavily worn 200-dpi scan, which only a lower quality would not fit),
// the size on paper of the scan. MOJ_KEEP=dir keeps the PDFs, to look at.
func TestPagePDF(t *testing.T) {
	keep := os.Getenv("MOJ_KEEP")
	for i, wear := range []string{"none", "light", "medium", "heavy"} {
		w, err := synth.ParseWear(wear)
		if err != nil {
			t.Fatal(err)
		}
		kind := registry.Kinds[i]
		img, _, err := synth.RenderPage(synth.PageOptions{Seed: 5, Kind: kind, Era: registry.EraA, Index: i, Wear: w})
		if err != nil {
			t.Fatal(err)
		}
		o, err := scan.Original(img, tesseract.EncodeColourJPEG, tesseract.FitJPEG)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(o.Small))
		if err != nil {
			t.Fatal(err)
		}
		dpi := float64(cfg.Width) / float64(o.Width) * float64(o.DPI)
		pdf, err := pagePDF(o, "test", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %s: original %dx%d at %d dpi, %d kB; PDF %d kB at %.0f dpi", kind, wear, o.Width, o.Height, o.DPI, len(o.JPEG)>>10, len(pdf)>>10, dpi)
		if len(pdf) > MaxPDFBytes {
			t.Errorf("%s: %d bytes, over %d", wear, len(pdf), MaxPDFBytes)
		}
		if dpi < 95 || o.DPI >= 300 && dpi < 140 || int(dpi+0.5) != o.SmallDPI {
			t.Errorf("%s: page at %.0f dpi (says %d): too coarse to read", wear, dpi, o.SmallDPI)
		}
		box := regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`).FindSubmatch(pdf)
		if want := fmt.Sprintf("%.2f", float64(o.Width)/float64(o.DPI)*72); box == nil || string(box[1]) != want {
			t.Errorf("%s: media box %q, want the scan's size on paper", wear, box)
		}
		if keep != "" {
			os.WriteFile(filepath.Join(keep, wear+".pdf"), pdf, 0o644)
		}
	}
}

func TestDMY(t *testing.T) {
	for in, want := range map[string]string{
		"1948-06-26": "26/06/1948", "1948-06": "06/1948", "1948": "1948",
		"": "", "26/6/1948": "26/6/1948", "1948-6-x": "1948-6-x", "48-06-26": "48-06-26",
	} {
		if got := DMY(in); got != want {
			t.Errorf("DMY(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSequence(t *testing.T) {
	got := Sequence([]string{"10", "11", "11", "13", "", "17"})
	want := []Problem{
		{Entry: "11", What: "entry number repeated"},
		{Entry: "12", What: "entry missing between 11 and 13"},
		{Entry: "14–16", What: "entries missing between 13 and 17"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %v, want %v", i, got[i], want[i])
		}
	}
	if p := Sequence([]string{"1", "2", "3"}); len(p) != 0 {
		t.Errorf("a whole book: %v", p)
	}
}

func TestNames(t *testing.T) {
	if got := PDFName("UBND phường Bến Nghé", registry.Birth, "01/2009", "64"); got != "ubnd-phuong-ben-nghe_KS_01-2009_0064.pdf" {
		t.Errorf("PDFName = %q", got)
	}
	if got := PDFName("UBND xã Đông Thạnh (cũ)", registry.Recognition, "12/2021", "12345"); got != "ubnd-xa-dong-thanh-cu_CMC_12-2021_12345.pdf" {
		t.Errorf("PDFName = %q", got)
	}
	if got := BookPath("/out", "Sở Tư pháp", registry.Death, "03/2010"); got != "/out/so-tu-phap/KT/03-2010" {
		t.Errorf("BookPath = %q", got)
	}
}

func TestColumns(t *testing.T) {
	cols := Columns(registry.Birth)
	byName := map[string]Column{}
	for i, c := range cols {
		if _, dup := byName[c.Name]; dup {
			t.Errorf("column %s twice", c.Name)
		}
		byName[c.Name] = c
		if i < 3 && c.Name != []string{"so", "quyenSo", "trangSo"}[i] {
			t.Errorf("column %d is %s", i, c.Name)
		}
	}
	if c := byName["meNgaySinh"]; c.Key != "meNamSinh" || c.Type != registry.TypeYear {
		t.Errorf("meNgaySinh = %+v, want the mother's year of birth", c)
	}
	if c := byName["nksNoiSinhDVHC"]; c.Key != "" {
		t.Errorf("a column no page prints reads %q", c.Key)
	}
	if _, ok := byName["meNamSinh"]; ok {
		t.Error("meNamSinh is a column of its own too")
	}
	death := Columns(registry.Death)
	for i, c := range death {
		if c.Name == "nktGioPhutChet" && (i == 0 || death[i-1].Name != "nktNgayChet" || !c.Time) {
			t.Errorf("the time of death is not beside its date: %+v", death[i-1:i+1])
		}
	}
	r := &registry.Record{Fields: map[string]*registry.Field{
		"nktNgayChet": {Value: "2010-09-25T00:20", Status: registry.FieldConfirmed},
		"nktGioiTinh": {Value: "Nữ", Status: registry.FieldAuto},
	}}
	for _, c := range death {
		switch c.Name {
		case "nktNgayChet":
			if got := Cell(c, r); got != "25/09/2010" {
				t.Errorf("date of death %q", got)
			}
		case "nktGioPhutChet":
			if got := Cell(c, r); got != "00:20" {
				t.Errorf("time of death %q", got)
			}
		case "nktGioiTinh":
			if got := Cell(c, r); got != "2" {
				t.Errorf("sex %q, want the template's code 2", got)
			}
		}
	}
}
