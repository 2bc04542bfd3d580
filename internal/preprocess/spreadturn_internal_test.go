package preprocess

import (
	"image"
	"testing"
)

// A portrait page whose ink does not tell which way its lines run (dots
// as even across as down, as a ruled table's page came out) and with a
// blank band across its middle is no book laid sideways: it is not turned
// to be split. An outside page laid out as a table (Sideways scored it
// 0.495) was split across its middle and both halves refused.
func TestUnclearPortraitPageIsNoSidewaysSpread(t *testing.T) {
	w, h := 1240, 1754
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 250
	}
	dots := func(y0, y1 int) {
		for y := y0; y < y1; y += 24 {
			for x := 80; x < w-80; x += 24 {
				for dy := range 12 {
					for dx := range 12 {
						g.Pix[(y+dy)*w+x+dx] = 20
					}
				}
			}
		}
	}
	dots(100, 760)
	dots(1000, 1660)
	up := toGray(reduce(g, spreadReduce), false)
	normalize(up)
	if side, score := Sideways(up); side || score < 0.4 || score > 0.6 {
		t.Fatalf("the test page's lines have a direction: sideways %t, score %.2f", side, score)
	}
	if deg := SpreadTurn(g); deg != 0 {
		t.Errorf("a portrait page turned %d° as a book laid sideways", deg)
	}
}
