package synth

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
	"io"

	"github.com/civreg/civreg/internal/lept"
)

// writeG4TIFF writes a page made bilevel at half grey as a one-strip
// CCITT G4 TIFF with its resolution, as archives store bilevel scans:
// WhiteIsZero, or BlackIsZero when minIsBlack (the stored bits, and so
// the coded runs, are then the page's negative).
func writeG4TIFF(w io.Writer, img image.Image, dpi int, minIsBlack bool) error {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Rect, img, b.Min, draw.Src)
	photometric := uint32(0)
	if minIsBlack {
		// Coded "black" (1) runs must be the white paper.
		for i, v := range g.Pix {
			g.Pix[i] = ^v
		}
		photometric = 1
	}
	strip, err := lept.EncodeG4(g)
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	var out bytes.Buffer
	out.Write([]byte{'I', 'I', 42, 0, 8, 0, 0, 0})
	const short, long, rational = 3, 4, 5
	entries := [][4]uint32{
		{256, long, 1, uint32(b.Dx())},
		{257, long, 1, uint32(b.Dy())},
		{258, short, 1, 1},
		{259, short, 1, 4}, // CCITT G4
		{262, short, 1, photometric},
		{273, long, 1, 0}, // strip offset, below
		{277, short, 1, 1},
		{278, long, 1, uint32(b.Dy())},
		{279, long, 1, uint32(len(strip))},
		{282, rational, 1, 0}, // resolution, below
		{283, rational, 1, 0},
		{296, short, 1, 2}, // inches
	}
	resOff := uint32(8 + 2 + 12*len(entries) + 4)
	stripOff := resOff + 16
	binary.Write(&out, le, uint16(len(entries)))
	for _, e := range entries {
		switch e[0] {
		case 273:
			e[3] = stripOff
		case 282:
			e[3] = resOff
		case 283:
			e[3] = resOff + 8
		}
		binary.Write(&out, le, [2]uint16{uint16(e[0]), uint16(e[1])})
		binary.Write(&out, le, e[2])
		if e[1] == short {
			binary.Write(&out, le, [2]uint16{uint16(e[3]), 0})
		} else {
			binary.Write(&out, le, e[3])
		}
	}
	binary.Write(&out, le, uint32(0))
	binary.Write(&out, le, [4]uint32{uint32(dpi), 1, uint32(dpi), 1})
	out.Write(strip)
	_, err = w.Write(out.Bytes())
	return err
}
