package preprocess

import (
	"strings"
	"testing"
)

func TestLabel(t *testing.T) {
	for _, tc := range []struct {
		name  string
		art   string // '#' is ink
		boxes [][4]int32
		areas []int32
	}{
		{"empty", "....\n....", nil, nil},
		{"diagonal joins", "#...\n.#..\n..#.", [][4]int32{{0, 0, 3, 3}}, []int32{3}},
		{
			// The two arms of a U meet only on the last row.
			"u shape", "#..#\n#..#\n####",
			[][4]int32{{0, 0, 4, 3}}, []int32{8},
		},
		{
			"apart", "##..#\n....#\n.#...",
			[][4]int32{{0, 0, 2, 1}, {4, 0, 5, 2}, {1, 2, 2, 3}}, []int32{2, 2, 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := strings.Split(tc.art, "\n")
			w, h := len(rows[0]), len(rows)
			pix := make([]uint8, w*h)
			for y, r := range rows {
				for x, c := range r {
					pix[y*w+x] = 255
					if c == '#' {
						pix[y*w+x] = 0
					}
				}
			}
			l := label(pix, w, w, h, 128)
			if len(l.blobs) != len(tc.boxes) {
				t.Fatalf("got %d blobs, want %d", len(l.blobs), len(tc.boxes))
			}
			for i, b := range l.blobs {
				got := [4]int32{b.x0, b.y0, b.x1, b.y1}
				if got != tc.boxes[i] || b.area != tc.areas[i] {
					t.Errorf("blob %d: box %v area %d, want %v area %d", i, got, b.area, tc.boxes[i], tc.areas[i])
				}
			}
		})
	}
}

func TestBlobCentroid(t *testing.T) {
	// A 2×2 square at (3, 5): its centre is (4, 6) in pixel-edge units.
	w, h := 8, 8
	pix := make([]uint8, w*h)
	for i := range pix {
		pix[i] = 255
	}
	for _, p := range [][2]int{{3, 5}, {4, 5}, {3, 6}, {4, 6}} {
		pix[p[1]*w+p[0]] = 0
	}
	l := label(pix, w, w, h, 128)
	if len(l.blobs) != 1 {
		t.Fatalf("got %d blobs", len(l.blobs))
	}
	if cx, cy := l.blobs[0].cx(), l.blobs[0].cy(); cx != 4 || cy != 6 {
		t.Errorf("centroid %v,%v, want 4,6", cx, cy)
	}
}
