package preprocess

import "image"

// histogram counts the grey levels of g.
func histogram(g *image.Gray) (h [256]int) {
	b := g.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := g.PixOffset(b.Min.X, y)
		for _, v := range g.Pix[i : i+b.Dx()] {
			h[v]++
		}
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
// to one darker than seedLevel.
func suppressFaint(g *image.Gray) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	pix := g.Pix // g has its origin at 0,0 and Stride w: made by toGray
	const (
		faint = 1 // candidate not yet reached from a seed
		kept  = 2
	)
	mark := make([]uint8, len(pix))
	stack := make([]int32, 0, 4096)
	for i, v := range pix {
		switch {
		case v < seedLevel:
			mark[i] = kept
			stack = append(stack, int32(i))
		case v < keepLevel:
			mark[i] = faint
		}
	}
	for len(stack) > 0 {
		i := int(stack[len(stack)-1])
		stack = stack[:len(stack)-1]
		x, y := i%w, i/w
		for dy := -1; dy <= 1; dy++ {
			yy := y + dy
			if yy < 0 || yy >= h {
				continue
			}
			for dx := -1; dx <= 1; dx++ {
				xx := x + dx
				if xx < 0 || xx >= w {
					continue
				}
				j := yy*w + xx
				if mark[j] == faint {
					mark[j] = kept
					stack = append(stack, int32(j))
				}
			}
		}
	}
	for i := range pix {
		if mark[i] != kept {
			pix[i] = 0xff
		}
	}
}
