//go:build ignore

// Gen writes the DejaVu Serif subsets embedded in the extract renderer:
// ASCII, Latin-1, Latin Extended-A, ơ/ư, the combining accents and Latin
// Extended Additional (every precomposed Vietnamese letter), and a few
// typographic marks. Run it with `go generate ./internal/extract` (from
// the package directory, where it writes fonts/*.ttf) on a
// machine with fonts-dejavu-core. Changing the subsets changes every PDF
// byte, so extracts issued before would no longer verify: do it only
// together with a new content format version.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-pdf/fpdf"
)

func main() {
	var cut []rune
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			cut = append(cut, r)
		}
	}
	add(0x20, 0x7e)     // ASCII
	add(0xa0, 0x17f)    // Latin-1, Latin Extended-A (ă, đ, ĩ, ũ)
	add(0x1a0, 0x1b0)   // Ơ ơ Ư ư
	add(0x300, 0x323)   // combining accents
	add(0x1ea0, 0x1ef9) // Latin Extended Additional: ạ … ỹ
	cut = append(cut, '–', '—', '‘', '’', '“', '”', '…', '•', '·', '№')
	for _, name := range []string{"DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"} {
		b, err := os.ReadFile(filepath.Join("/usr/share/fonts/truetype/dejavu", name+".ttf"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out := fpdf.UTF8CutFont(b, string(cut))
		if err := os.WriteFile(filepath.Join("fonts", name+".ttf"), out, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d → %d bytes\n", name, len(b), len(out))
	}
}
