package preprocess

import "encoding/binary"

// hrun is a horizontal run of ink pixels in one row: [x0, x1) at y, in
// image-local coordinates (origin at the image's Min).
type hrun struct {
	y, x0, x1 int32
}

// runForest is the runs of a run-length labelling, in row order, and a
// union-find over them: parent[i] leads to the root of runs[i]'s
// component, the lowest run of it.
type runForest struct {
	runs   []hrun
	parent []int32
}

// add appends the run [x0, x1) of row y as a component of its own.
func (f *runForest) add(y, x0, x1 int) {
	f.parent = append(f.parent, int32(len(f.runs)))
	f.runs = append(f.runs, hrun{int32(y), int32(x0), int32(x1)})
}

// find returns the root of run i's component, halving the path to it.
func (f *runForest) find(i int32) int32 {
	p := f.parent
	for p[i] != i {
		p[i] = p[p[i]]
		i = p[i]
	}
	return i
}

// joinRows joins the runs of one row, runs[cur0:], to the runs of the row
// above, runs[prev0:cur0], that they touch (8-connectivity: they overlap
// once widened by a pixel, p.x1 >= c.x0 and c.x1 >= p.x0 with exclusive
// ends). merged, when not nil, hears of each union: the root kept and the
// root joined to it.
func (f *runForest) joinRows(prev0, cur0 int, merged func(root, gone int32)) {
	runs := f.runs
	for i, j := prev0, cur0; i < cur0 && j < len(runs); {
		p, c := runs[i], runs[j]
		switch {
		case p.x1 < c.x0:
			i++
			continue
		case c.x1 < p.x0:
			j++
			continue
		}
		if a, b := f.find(int32(i)), f.find(int32(j)); a != b {
			a, b = min(a, b), max(a, b)
			f.parent[b] = a
			if merged != nil {
				merged(a, b)
			}
		}
		if p.x1 < c.x1 {
			i++
		} else {
			j++
		}
	}
}

// blob is an 8-connected component of ink pixels.
type blob struct {
	x0, y0, x1, y1 int32 // bounding box, x1 and y1 exclusive
	area           int32
	sx, sy         int64 // twice the sum of x, and the sum of y, over the pixels
}

func (b *blob) w() int32 { return b.x1 - b.x0 }
func (b *blob) h() int32 { return b.y1 - b.y0 }

// cx and cy return the centroid: steadier than the box centre for dots a
// few pixels across, whose boxes jump by a pixel with the anti-aliasing.
func (b *blob) cx() float64 { return float64(b.sx)/float64(2*b.area) + 0.5 }
func (b *blob) cy() float64 { return float64(b.sy)/float64(b.area) + 0.5 }

// labels is a run-length labelling of a binarised image.
type labels struct {
	runs  []hrun
	of    []int32 // of[i] is the blob of runs[i]
	blobs []blob
}

// label finds the 8-connected components of the pixels at or below t in a
// w×h grey raster (row y starts at pix[y*stride]). Runs of one row are
// joined to the overlapping runs of the row above with a union-find: one
// pass over the pixels, memory in proportion to the runs, not the pixels.
func label(pix []uint8, stride, w, h int, t uint8) *labels {
	var f runForest
	prev0 := 0
	for y := 0; y < h; y++ {
		row := pix[y*stride:][:w]
		cur0 := len(f.runs)
		for x := 0; x < w; {
			if x+8 <= w && allOver(binary.LittleEndian.Uint64(row[x:]), t) {
				x += 8 // paper
				continue
			}
			if row[x] > t {
				x++
				continue
			}
			x0 := x
			for x < w && row[x] <= t {
				x++
			}
			f.add(y, x0, x)
		}
		f.joinRows(prev0, cur0, nil)
		prev0 = cur0
	}
	runs, find := f.runs, f.find
	l := &labels{runs: runs, of: make([]int32, len(runs))}
	id := make([]int32, len(runs))
	for i := range id {
		id[i] = -1
	}
	for i, r := range runs {
		root := find(int32(i))
		k := id[root]
		if k < 0 {
			k = int32(len(l.blobs))
			id[root] = k
			l.blobs = append(l.blobs, blob{x0: r.x0, y0: r.y, x1: r.x1, y1: r.y + 1})
		}
		l.of[i] = k
		b := &l.blobs[k]
		b.x0, b.x1 = min(b.x0, r.x0), max(b.x1, r.x1)
		b.y1 = max(b.y1, r.y+1) // runs come in row order: y0 is set
		n := r.x1 - r.x0
		b.area += n
		b.sx += int64(n) * int64(r.x0+r.x1-1) // twice the sum of x over the run
		b.sy += int64(n) * int64(r.y)
	}
	return l
}
