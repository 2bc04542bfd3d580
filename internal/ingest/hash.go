package ingest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
)

// Hash returns the hex SHA-256 of an image's size and its pixels as 8-bit
// RGB triples, row by row. Converting every image type to the same bytes is
// what makes the hash identify page content across containers: a gray PNG,
// the same pixels as Flate samples in a PDF, and an RGB TIFF of them all hash
// alike. Alpha is ignored (pixels are taken premultiplied); scans are opaque.
func Hash(img image.Image) string {
	h := sha256.New()
	b := img.Bounds()
	fmt.Fprintf(h, "%dx%d\n", b.Dx(), b.Dy())
	row := make([]byte, 3*b.Dx())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		switch m := img.(type) {
		case *image.Gray:
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range b.Dx() {
				row[3*x], row[3*x+1], row[3*x+2] = p[x], p[x], p[x]
			}
		case *image.RGBA:
			rgbaRow(row, m.Pix[m.PixOffset(b.Min.X, y):][:4*b.Dx()])
		case *image.YCbCr:
			ycbcrRow(row, m, b.Min.X, y)
		default:
			for x := range b.Dx() {
				r, g, bl, _ := img.At(b.Min.X+x, y).RGBA()
				row[3*x], row[3*x+1], row[3*x+2] = byte(r>>8), byte(g>>8), byte(bl>>8)
			}
		}
		h.Write(row)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rgbaRow fills row with the RGB triples of p's RGBA pixels, four pixels
// (two 64-bit loads) to twelve bytes at a time.
func rgbaRow(row, p []byte) {
	n := len(row) / 3
	x := 0
	for ; x+4 <= n; x += 4 {
		v0 := binary.LittleEndian.Uint64(p[4*x:])
		v1 := binary.LittleEndian.Uint64(p[4*x+8:])
		lo0, hi0 := v0&0xffffff, v0>>32&0xffffff
		lo1, hi1 := v1&0xffffff, v1>>32&0xffffff
		d := row[3*x : 3*x+12]
		binary.LittleEndian.PutUint64(d, lo0|hi0<<24|lo1<<48)
		binary.LittleEndian.PutUint32(d[8:], uint32(lo1>>16|hi1<<8))
	}
	for ; x < n; x++ {
		row[3*x], row[3*x+1], row[3*x+2] = p[4*x], p[4*x+1], p[4*x+2]
	}
}

// ycbcrRow fills row with the RGB triples of m's row y from x0 on, as
// color.YCbCrToRGB gives them, without working out the plane offsets
// pixel by pixel (that took half of a JPEG page's hashing time).
func ycbcrRow(row []byte, m *image.YCbCr, x0, y int) {
	shift := -1 // horizontal chroma subsampling, as a shift
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio440:
		shift = 0
	case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
		shift = 1
	case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
		shift = 2
	}
	n := len(row) / 3
	if shift < 0 || x0 < 0 || m.Rect.Min.X < 0 {
		// Unknown ratios and negative x, where x>>shift is not COffset's
		// x/2: the general way.
		for x := range n {
			yi, ci := m.YOffset(x0+x, y), m.COffset(x0+x, y)
			row[3*x], row[3*x+1], row[3*x+2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
		}
		return
	}
	ys := m.Y[m.YOffset(x0, y):][:n]
	c0 := m.COffset(x0, y) - x0>>shift // + (x0+x)>>shift gives pixel x's
	// color.YCbCrToRGB's arithmetic, with the chroma terms worked out
	// once for the pixels that share them.
	last := -1
	var rc, gc, bc int32
	for x, yv := range ys {
		if ci := c0 + (x0+x)>>shift; ci != last {
			last = ci
			cb1, cr1 := int32(m.Cb[ci])-128, int32(m.Cr[ci])-128
			rc, gc, bc = 91881*cr1, -22554*cb1-46802*cr1, 116130*cb1
		}
		yy1 := int32(yv) * 0x10101
		p := row[3*x : 3*x+3 : 3*x+3]
		p[0], p[1], p[2] = clamp16(yy1+rc), clamp16(yy1+gc), clamp16(yy1+bc)
	}
}

// clamp16 is color.YCbCrToRGB's rounding of a 16.16 fixed-point channel
// to 0..255.
func clamp16(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	return uint8(^(v >> 31))
}
