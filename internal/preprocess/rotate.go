package preprocess

import "image"

// Rotate90 returns a copy of g turned a quarter clockwise, with its origin
// at (0, 0): the source's pixel (x, y) lands at (h−1−y, x).
func Rotate90(g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, h, w))
	for y := range h {
		src := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		col := h - 1 - y
		for x, v := range src {
			out.Pix[x*out.Stride+col] = v
		}
	}
	return out
}

// Sideways reports whether the text lines of g run up and down rather than
// across, and a score: the share of the page's line structure that runs
// across, 0..1, 0.5 when there is none. Text lines make the ink profile
// across the lines jump between line and gap; along them it is even. The
// measure is Postl's (the sum of squared differences between neighbouring
// rows' ink, against the same for columns), counting only short runs of
// ink so that a form's rules and frame, long in one direction, weigh in
// neither. A page with no such structure is upright.
func Sideways(g *image.Gray) (bool, float64) {
	rows, cols := shortInk(g)
	sr, sc := jumps(rows), jumps(cols)
	if sr+sc == 0 {
		return false, 0.5
	}
	score := sr / (sr + sc)
	return score < 0.35, score
}

// shortInk returns the ink per row counting only horizontal runs of dark
// pixels up to a letter's width, and the ink per column counting only
// vertical runs up to a letter's height.
func shortInk(g *image.Gray) (rows, cols []float64) {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	maxRun := max(min(w, h)/30, 20)
	rows, cols = make([]float64, h), make([]float64, w)
	run := make([]int, w) // the vertical run ending at the current row, per column
	for y := range h {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		hr := 0
		for x, v := range row {
			dark := v < 128
			if dark {
				hr++
				run[x]++
			}
			if !dark || x == w-1 {
				if hr > 0 && hr <= maxRun {
					rows[y] += float64(hr)
				}
				hr = 0
			}
			if !dark || y == h-1 {
				if run[x] > 0 && run[x] <= maxRun {
					cols[x] += float64(run[x])
				}
				run[x] = 0
			}
		}
	}
	return rows, cols
}

// jumps is Postl's measure of a profile: the sum of squared differences
// between neighbours.
func jumps(p []float64) float64 {
	s := 0.0
	for i := 1; i < len(p); i++ {
		d := p[i] - p[i-1]
		s += d * d
	}
	return s
}
