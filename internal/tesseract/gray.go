package tesseract

import (
	"image"
	"image/color"
)

// grayPadded returns img as 8-bit grey rows in buf (reused when large
// enough), with pad white pixels on every side.
func grayPadded(buf []byte, img image.Image, pad int) []byte {
	b := img.Bounds()
	w, h := b.Dx()+2*pad, b.Dy()+2*pad
	if cap(buf) < w*h {
		buf = make([]byte, w*h)
	}
	buf = buf[:w*h]
	for i := range buf {
		buf[i] = 0xff
	}
	for y := 0; y < b.Dy(); y++ {
		grayRow(buf[(y+pad)*w+pad:(y+pad)*w+pad+b.Dx()], img, b.Min.X, b.Min.Y+y)
	}
	return buf
}

// grayRow fills row with the grey values of img's row y from x0 on.
func grayRow(row []byte, img image.Image, x0, y int) {
	switch m := img.(type) {
	case *image.Gray:
		i := m.PixOffset(x0, y)
		copy(row, m.Pix[i:i+len(row)])
	case *image.NRGBA:
		i := m.PixOffset(x0, y)
		for x := range row {
			p := m.Pix[i+4*x : i+4*x+4]
			row[x] = luma(p[0], p[1], p[2], p[3])
		}
	case *image.RGBA:
		i := m.PixOffset(x0, y)
		for x := range row {
			p := m.Pix[i+4*x : i+4*x+4]
			row[x] = luma(p[0], p[1], p[2], 0xff)
		}
	default:
		for x := range row {
			row[x] = color.GrayModel.Convert(img.At(x0+x, y)).(color.Gray).Y
		}
	}
}

// luma is the grey of an 8-bit colour over white paper.
func luma(r, g, b, a uint8) uint8 {
	y := (19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16
	if a != 0xff {
		// Transparent areas are paper, not black.
		y = (y*uint32(a) + 255*(255-uint32(a))) / 255
	}
	return uint8(y)
}

// Ink below this grey level, and this many pixels of it, make an image
// worth reading: a stroke of a small digit at 300 dpi has hundreds.
const (
	inkLevel = 160
	minInk   = 12
)

// blank reports whether img has too little dark ink to hold text.
func blank(img image.Image) bool {
	b := img.Bounds()
	row := make([]byte, b.Dx())
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		grayRow(row, img, b.Min.X, y)
		for _, v := range row {
			if v < inkLevel {
				n++
			}
		}
		if n >= minInk {
			return false
		}
	}
	return true
}
