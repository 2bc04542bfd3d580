package synth

import "golang.org/x/image/font"

// captionRows is how many caption lines the tallest column has.
func captionRows(cols [][]string) int {
	n := 0
	for _, c := range cols {
		n = max(n, len(c))
	}
	return n
}

// captionColumns draws an edition's signature captions in columns side by
// side, the first line of each bold, and returns each column's centre
// (where its signature goes; the registrar's is last) and the baseline
// under the captions.
func (p *pageDraw) captionColumns(cols [][]string, y float64) ([]float64, float64) {
	colW := (p.ex1 - p.ex0) / float64(len(cols))
	var sigs []float64
	for i, col := range cols {
		cx := p.ex0 + colW*(float64(i)+0.5)
		for j, c := range col {
			face, px := p.label, p.labelPx
			if j == 0 {
				face = p.bold
			}
			// A caption wider than its column is set smaller.
			if w := measure(face, c); w > colW-30 {
				face = p.labelFont.face(px*(colW-30)/w, j == 0)
			}
			p.c.text(face, cx-measure(face, c)/2, y+float64(j)*p.gap*0.8, c, p.printInk)
		}
		sigs = append(sigs, cx)
	}
	return sigs, y + float64(captionRows(cols)-1)*p.gap*0.8 + p.gap*0.5
}

// headingFace is the face of a section heading: the page's bold, set
// smaller where an edition's heading (in capitals, say) would cross the
// column rule.
func (e *Edition) headingFace(p *pageDraw, text string) font.Face {
	if e == nil {
		return p.bold
	}
	room := p.ex1 - p.ex0 - 10
	if w := measure(p.bold, text); w > room {
		return p.labelFont.face(p.labelPx*room/w, true)
	}
	return p.bold
}
