package preprocess

import (
	"image"
	"math"
)

// resizeGray scales a grey page to w × h with a linear (tent) filter,
// across then down: imaging.Resize(g, w, h, imaging.Linear) pixel for
// pixel, on one channel. imaging works on four, a grey page made NRGBA
// and back: bringing a 200-dpi page to 300 dpi took 8 % of its scan.
func resizeGray(g *image.Gray, w, h int) *image.Gray {
	src := toGray(g, false) // a copy with its origin at (0, 0)
	if w != src.Rect.Dx() {
		src = resizeAcross(src, w)
	}
	if h != src.Rect.Dy() {
		src = resizeDown(src, h)
	}
	return src
}

// resizeAcross scales each row of g to w pixels.
func resizeAcross(g *image.Gray, w int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, sh))
	weights := linearWeights(w, sw)
	for y := range sh {
		row := g.Pix[y*g.Stride:][:sw]
		dst := out.Pix[y*w:][:w]
		for x, ws := range weights {
			dst[x] = weighed(ws, row)
		}
	}
	return out
}

// resizeDown scales each column of g to h pixels.
func resizeDown(g *image.Gray, h int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, sw, h))
	weights := linearWeights(h, sh)
	col := make([]uint8, sh)
	for x := range sw {
		for y := range sh {
			col[y] = g.Pix[y*g.Stride+x]
		}
		for y, ws := range weights {
			out.Pix[y*sw+x] = weighed(ws, col)
		}
	}
	return out
}

// weighed is one output pixel, in imaging's arithmetic for an opaque
// pixel (each weight times an alpha of 255), so that the rounding is the
// same to the last level.
func weighed(ws []indexWeight, src []uint8) uint8 {
	var c, a float64
	for _, w := range ws {
		aw := 255 * w.weight
		c += float64(src[w.index]) * aw
		a += aw
	}
	if a == 0 {
		return 0xff // imaging leaves such a pixel transparent: white paper
	}
	v := int64(c*(1/a) + 0.5)
	return uint8(min(max(v, 0), 255))
}

type indexWeight struct {
	index  int
	weight float64
}

// linearWeights are, for each of dst output pixels, the src input pixels
// and their weights under a tent filter widened when shrinking, as
// imaging's precomputeWeights with imaging.Linear.
func linearWeights(dst, src int) [][]indexWeight {
	du := float64(src) / float64(dst)
	scale := max(du, 1)
	ru := math.Ceil(scale)
	out := make([][]indexWeight, dst)
	for v := range dst {
		fu := (float64(v)+0.5)*du - 0.5
		begin := max(int(math.Ceil(fu-ru)), 0)
		end := min(int(math.Floor(fu+ru)), src-1)
		var ws []indexWeight
		var sum float64
		for u := begin; u <= end; u++ {
			if w := 1 - math.Abs((float64(u)-fu)/scale); w > 0 {
				sum += w
				ws = append(ws, indexWeight{u, w})
			}
		}
		if sum != 0 {
			for i := range ws {
				ws[i].weight /= sum
			}
		}
		out[v] = ws
	}
	return out
}
