package preprocess

import (
	"encoding/binary"
	"image"
)

// histogram counts the grey levels of g. Four tables, summed at the end,
// let runs of equal levels (paper, mostly) count without waiting on the
// last increment of the same counter.
func histogram(g *image.Gray) (h [256]int) {
	var c [4][256]int32
	b := g.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := g.PixOffset(b.Min.X, y)
		row := g.Pix[i : i+b.Dx()]
		x := 0
		for ; x+4 <= len(row); x += 4 {
			c[0][row[x]]++
			c[1][row[x+1]]++
			c[2][row[x+2]]++
			c[3][row[x+3]]++
		}
		for ; x < len(row); x++ {
			c[0][row[x]]++
		}
	}
	for v := range h {
		h[v] = int(c[0][v]) + int(c[1][v]) + int(c[2][v]) + int(c[3][v])
	}
	return h
}

// otsu returns the threshold that best splits the histogram in two
// classes: levels <= t are ink.
func otsu(h *[256]int) int {
	total, sum := 0, 0.0
	for i, n := range h {
		total += n
		sum += float64(i * n)
	}
	if total == 0 {
		return 127
	}
	best, bestVar := 127, -1.0
	w0, sum0 := 0, 0.0
	for t := 0; t < 255; t++ {
		w0 += h[t]
		sum0 += float64(t * h[t])
		w1 := total - w0
		if w0 == 0 || w1 == 0 {
			continue
		}
		m0, m1 := sum0/float64(w0), (sum-sum0)/float64(w1)
		v := float64(w0) * float64(w1) * (m0 - m1) * (m0 - m1)
		if v > bestVar {
			best, bestVar = t, v
		}
	}
	return best
}

// median returns the median level of h within [lo, hi], or -1.
func median(h *[256]int, lo, hi int) int {
	n := 0
	for i := lo; i <= hi; i++ {
		n += h[i]
	}
	if n == 0 {
		return -1
	}
	c := 0
	for i := lo; i <= hi; i++ {
		c += h[i]
		if 2*c >= n {
			return i
		}
	}
	return hi
}

// Levels of the stretched image (ink 0, paper 255) that drive the
// bleed-through suppression: ink darker than seedLevel anchors a stroke;
// pixels up to keepLevel are kept when they touch such a stroke (thin
// hairlines and anti-aliased edges of real letters); lighter pixels, and
// light marks that touch no dark stroke (ink showing through from the back
// of the leaf, pencil ghosts, paper texture), become paper.
const (
	seedLevel = 100
	keepLevel = 200
)

// normalize stretches g in place so that the ink level maps to 0 and the
// paper level to 255, then whitens bleed-through. It reports whether the
// page had ink at all.
func normalize(g *image.Gray) bool {
	h := histogram(g)
	t := otsu(&h)
	ink, paper := median(&h, 0, t), median(&h, t+1, 255)
	if ink < 0 || paper < 0 || paper-ink < 32 {
		return false // blank, or no contrast to work with
	}
	var lut [256]uint8
	for v := range lut {
		s := (v - ink) * 255 / (paper - ink)
		lut[v] = uint8(min(max(s, 0), 255))
	}
	for i, v := range g.Pix {
		g.Pix[i] = lut[v]
	}
	suppressFaint(g)
	return true
}

// suppressFaint whitens every pixel lighter than keepLevel, and every
// pixel darker than that which is not 8-connected, through such pixels,
// to one darker than seedLevel. It labels the runs of pixels darker than
// keepLevel row by row, as label does, and keeps the components that hold
// a seed: a faint pixel is joined to a seed through faint pixels exactly
// when its component holds one. Runs are far fewer than pixels, so this
// beats a flood fill from every seed pixel.
func suppressFaint(g *image.Gray) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	pix := g.Pix // g has its origin at 0,0 and Stride w: made by toGray
	var f runForest
	var seeded []bool // of a run, and after the labelling of a root: its component
	merged := func(root, gone int32) { seeded[root] = seeded[root] || seeded[gone] }
	prev0 := 0
	for y := 0; y < h; y++ {
		row := pix[y*w:][:w]
		cur0 := len(f.runs)
		for x := 0; x < w; {
			if x+8 <= w && allOver(binary.LittleEndian.Uint64(row[x:]), keepLevel-1) {
				binary.LittleEndian.PutUint64(row[x:], ^uint64(0)) // eight of paper, made white
				x += 8
				continue
			}
			if row[x] >= keepLevel {
				row[x] = 0xff
				x++
				continue
			}
			x0 := x
			seed := false
			for x < w && row[x] < keepLevel {
				seed = seed || row[x] < seedLevel
				x++
			}
			f.add(y, x0, x)
			seeded = append(seeded, seed)
		}
		f.joinRows(prev0, cur0, merged)
		prev0 = cur0
	}
	for i, r := range f.runs {
		if !seeded[f.find(int32(i))] {
			row := pix[int(r.y)*w:]
			for x := r.x0; x < r.x1; x++ {
				row[x] = 0xff
			}
		}
	}
}
