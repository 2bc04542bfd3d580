package preprocess

import (
	"encoding/binary"
	"image"
	"image/color"
)

// Red ink is told from black and blue by how much the red channel exceeds
// the larger of green and blue. Seals and stamps print red or pink well
// above these; black ink over a seal stays dark in all three channels and
// is kept, and blue ink has more blue than red.
const (
	redExcess   = 40  // red − max(green, blue) of stamp ink
	redMinLevel = 110 // and red at least this: darker is black ink over red
	pinkExcess  = 20  // faint pink halo: a smaller excess on light pixels
	pinkLevel   = 190
)

// stampPixel reports whether a colour is red or pink stamp ink.
func stampPixel(r, g, b uint8) bool {
	m := g
	if b > m {
		m = b
	}
	if r <= m {
		return false
	}
	d := r - m
	return (d >= redExcess && r >= redMinLevel) || (d >= pinkExcess && r >= pinkLevel)
}

// luma is BT.601 grey of an 8-bit colour.
func luma(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// Gray is img made grey with its origin at (0, 0), stamp ink turned into
// paper white: the page Clean cleans with RemoveRed. Made once, it serves
// SpreadTurn and then Clean (given it in img's place) alike.
func Gray(img image.Image) *image.Gray { return toGray(img, true) }

// toGray converts img to grey with its origin at (0, 0), turning stamp
// ink into paper white when removeRed is set.
func toGray(img image.Image, removeRed bool) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	switch m := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			i := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(out.Pix[y*w:(y+1)*w], m.Pix[i:i+w])
		}
	case *image.YCbCr:
		ycbcrToGray(out, m, removeRed)
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := out.Pix[y*w : (y+1)*w]
			p := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
			for x := range row {
				q := p[4*x : 4*x+4 : 4*x+4]
				v := luma(q[0], q[1], q[2])
				if removeRed && q[0] > q[1]+pinkExcess && stampPixel(q[0], q[1], q[2]) {
					v = 0xff
				}
				row[x] = overWhite(v, q[3])
			}
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			rgbaGrayRow(out.Pix[y*w:(y+1)*w], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:4*w], removeRed)
		}
	default:
		for y := 0; y < h; y++ {
			row := out.Pix[y*w : (y+1)*w]
			for x := range row {
				c := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
				v := luma(c.R, c.G, c.B)
				if removeRed && stampPixel(c.R, c.G, c.B) {
					v = 0xff
				}
				row[x] = overWhite(v, c.A)
			}
		}
	}
	return out
}

// rgbaGrayRow fills row with the grey of p's RGBA pixels, stamp ink white
// when removeRed is set: a pixel a 32-bit load, with luma's arithmetic.
func rgbaGrayRow(row, p []byte, removeRed bool) {
	p = p[:4*len(row)]
	for x := range row {
		v := binary.LittleEndian.Uint32(p[4*x:])
		r, g, bl := uint32(v&0xff), uint32(v>>8&0xff), uint32(v>>16&0xff)
		// stampPixel needs red at least pinkExcess over green: most
		// pixels fail that first.
		if removeRed && r > g+pinkExcess && stampPixel(uint8(r), uint8(g), uint8(bl)) {
			row[x] = 0xff
			continue
		}
		row[x] = uint8((19595*r + 38470*g + 7471*bl + 1<<15) >> 16)
	}
}

// crNeutral bounds the Cr (red-difference) chroma below which a JPEG
// pixel cannot be stamp ink: yellowed paper sits near 133, the faintest
// pink that stampPixel takes near 140. Testing it first spares the RGB
// conversion for almost every pixel.
const crNeutral = 136

// ycbcrToGray fills out from a JPEG's planes: grey is the Y plane as is
// (JPEG's Y is the BT.601 luma), with stamp pixels turned white.
func ycbcrToGray(out *image.Gray, m *image.YCbCr, removeRed bool) {
	b := m.Rect
	w, h := b.Dx(), b.Dy()
	shift := 0 // horizontal chroma subsampling, as a shift
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
		shift = 1
	case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
		shift = 2
	}
	for y := 0; y < h; y++ {
		row := out.Pix[y*w : (y+1)*w]
		yi := m.YOffset(b.Min.X, b.Min.Y+y)
		copy(row, m.Y[yi:yi+w])
		if !removeRed {
			continue
		}
		c0 := m.COffset(b.Min.X, b.Min.Y+y) - b.Min.X>>shift
		for x := range row {
			ci := c0 + (b.Min.X+x)>>shift
			cr := m.Cr[ci]
			if cr <= crNeutral {
				continue
			}
			r, g, bl := color.YCbCrToRGB(row[x], m.Cb[ci], cr)
			if stampPixel(r, g, bl) {
				row[x] = 0xff
			}
		}
	}
}

// overWhite composes grey v with alpha a over white paper.
func overWhite(v, a uint8) uint8 {
	if a == 0xff {
		return v
	}
	return uint8((uint32(v)*uint32(a) + 255*(255-uint32(a))) / 255)
}

// binomial5 blurs g with the 5-tap binomial filter (1 4 6 4 1)/16 across
// and down: a Gaussian of sigma 1 pixel, in integers on the one grey
// channel. It gives a 1-bit page the grey edges Tesseract's line
// recogniser was trained on; sigma 1 was chosen on tuned pages in G4
// containers (0.8, 1.0, 1.2 and 1.4 tried with imaging.Blur, which took
// half a second a page on its four channels; this, a tenth of that).
func binomial5(g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	tmp := make([]uint16, w*h)
	for y := range h {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		for x := range w {
			at := func(i int) uint16 { return uint16(row[min(max(i, 0), w-1)]) }
			tmp[y*w+x] = at(x-2) + 4*at(x-1) + 6*at(x) + 4*at(x+1) + at(x+2)
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			col := func(i int) uint32 { return uint32(tmp[min(max(i, 0), h-1)*w+x]) }
			s := col(y-2) + 4*col(y-1) + 6*col(y) + 4*col(y+1) + col(y+2)
			out.Pix[y*w+x] = uint8((s + 128) / 256)
		}
	}
	return out
}

// bilevel reports whether a page holds only black and white: a 1-bit scan
// (CCITT G4, JBIG2), whose staircase edges read worse than the grey page
// they came from.
func bilevel(g *image.Gray) bool {
	for _, v := range g.Pix {
		if v != 0 && v != 255 {
			return false
		}
	}
	return true
}
