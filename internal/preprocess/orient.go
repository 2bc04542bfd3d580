package preprocess

import (
	"encoding/binary"
	"image"
	"sort"
)

// Rotate180 returns a copy of g turned upside down, with its origin at
// (0, 0).
func Rotate180(g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		src := g.Pix[g.PixOffset(b.Min.X, b.Max.Y-1-y):]
		dst := out.Pix[y*w : (y+1)*w]
		for x := range dst {
			dst[x] = src[w-1-x]
		}
	}
	return out
}

// UpsideDown reports whether the text of a deskewed page g looks upside
// down, and a score in −1..1: positive for upright. Printed Vietnamese
// has far more ink above the x-height band of a line (capitals,
// ascenders, and the diacritics over most syllables) than below it
// (descenders and the dot below): upright lines are top-heavy. Horizontal
// rules and underlines are left out, since they would be taken for the
// band. A page with fewer than three text lines scores 0 and is upright.
// The heuristic is for print; the locator can confirm a flip by matching
// labels.
func UpsideDown(g *image.Gray) (bool, float64) {
	above, below, lines := bandInk(g)
	if lines < 3 || above+below == 0 {
		return false, 0
	}
	score := float64(above-below) / float64(above+below)
	return score < -0.1, score
}

// bandInk finds text lines by the row profile of ink and sums, over lines,
// the ink above and below each line's x-height band.
func bandInk(g *image.Gray) (above, below, lines int) {
	b := g.Bounds()
	w := b.Dx()
	maxRun := max(w/30, 20) // longer dark runs are rules, not letters
	prof := make([]int, b.Dy())
	for y := range prof {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		run, n := 0, 0
		for x := 0; x < w; x++ {
			if run == 0 && x+8 <= w && allOver(binary.LittleEndian.Uint64(row[x:]), 127) {
				x += 7 // eight pixels of paper: no run starts or ends
				continue
			}
			if row[x] < 128 {
				run++
				if x < w-1 {
					continue
				}
			}
			if run > 0 && run <= maxRun {
				n += run
			}
			run = 0
		}
		prof[y] = n
	}
	// Bands: runs of rows with ink, merged across small gaps so that a
	// capital's diacritic floating over its letter stays with its line.
	type band struct{ y0, y1 int }
	var bands []band
	minInk := max(w/400, 2)
	for y := 0; y < len(prof); {
		if prof[y] < minInk {
			y++
			continue
		}
		y0 := y
		for y < len(prof) && prof[y] >= minInk {
			y++
		}
		bands = append(bands, band{y0, y})
	}
	if len(bands) == 0 {
		return 0, 0, 0
	}
	hs := make([]int, len(bands))
	for i, bd := range bands {
		hs[i] = bd.y1 - bd.y0
	}
	sort.Ints(hs)
	gap := max(hs[len(hs)/2]/4, 2)
	merged := bands[:1]
	for _, bd := range bands[1:] {
		last := &merged[len(merged)-1]
		if bd.y0-last.y1 <= gap {
			last.y1 = bd.y1
		} else {
			merged = append(merged, bd)
		}
	}
	hs = hs[:0]
	for _, bd := range merged {
		hs = append(hs, bd.y1-bd.y0)
	}
	sort.Ints(hs)
	typical := hs[len(hs)/2]
	for _, bd := range merged {
		hgt := bd.y1 - bd.y0
		if hgt < typical/2 || hgt > typical*2 {
			continue // specks, or blocks of lines run together
		}
		peak := 0
		for y := bd.y0; y < bd.y1; y++ {
			peak = max(peak, prof[y])
		}
		// The x-height band: rows holding at least half the peak's ink.
		c0, c1 := bd.y1, bd.y0
		for y := bd.y0; y < bd.y1; y++ {
			if 2*prof[y] >= peak {
				c0 = min(c0, y)
				c1 = max(c1, y+1)
			}
		}
		for y := bd.y0; y < c0; y++ {
			above += prof[y]
		}
		for y := c1; y < bd.y1; y++ {
			below += prof[y]
		}
		lines++
	}
	return above, below, lines
}
