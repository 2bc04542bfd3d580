package synth

import (
	"bytes"
	"encoding/binary"
	"image"
	"io"

	"github.com/disintegration/imaging"
)

// Bilevel pages as archives store them: one CCITT Group 4 (ITU-T T.6)
// strip in a TIFF, in either photometric interpretation. With
// min-is-white (0) a 0 bit is paper; with min-is-black (1) a 0 bit is ink,
// so the same T.6 "white" runs code the ink. golang.org/x/image/ccitt only
// decodes, hence the encoder here.

// bitmap is a 1-bit page, one byte per pixel: true is ink.
type bitmap struct {
	w, h int
	ink  []bool
}

// binarize thresholds a page as a bilevel scanner does.
func binarize(img image.Image, threshold uint8) *bitmap {
	g := toGray(toRGBA(img))
	b := g.Bounds()
	bm := &bitmap{w: b.Dx(), h: b.Dy(), ink: make([]bool, b.Dx()*b.Dy())}
	for y := 0; y < bm.h; y++ {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):]
		for x := 0; x < bm.w; x++ {
			bm.ink[y*bm.w+x] = row[x] < threshold
		}
	}
	return bm
}

// bitsOut collects a code stream most significant bit first.
type bitsOut struct {
	buf  bytes.Buffer
	cur  byte
	nCur uint
}

func (o *bitsOut) code(s string) {
	for i := 0; i < len(s); i++ {
		o.cur = o.cur<<1 | (s[i] - '0')
		if o.nCur++; o.nCur == 8 {
			o.buf.WriteByte(o.cur)
			o.cur, o.nCur = 0, 0
		}
	}
}

func (o *bitsOut) bytes() []byte {
	if o.nCur > 0 {
		o.buf.WriteByte(o.cur << (8 - o.nCur))
		o.cur, o.nCur = 0, 0
	}
	return o.buf.Bytes()
}

// run writes one run length in the colour's codes (0 white, 1 black).
func (o *bitsOut) run(colour, n int) {
	for n >= 2560 {
		o.code(extCodes[len(extCodes)-1])
		n -= 2560
	}
	if n >= 1792 {
		o.code(extCodes[(n-1792)/64])
		n %= 64
	} else if n >= 64 {
		o.code(runCodes[colour].makeup[n/64-1])
		n %= 64
	}
	o.code(runCodes[colour].term[n])
}

// encodeG4 codes rows of "black" bits (T.6 colour 1) two-dimensionally
// against the row above, the first against an all-white row.
func encodeG4(w, h int, black func(x, y int) bool) []byte {
	var o bitsOut
	ref := make([]bool, w)
	cur := make([]bool, w)
	// next finds the first changing element after a0 whose colour
	// (the colour it starts) is not colour; any colour when colour < 0.
	next := func(row []bool, a0 int, colour int) int {
		for i := max(a0+1, 0); i < w; i++ {
			prev := i > 0 && row[i-1]
			if row[i] != prev && (colour < 0 || b2i(row[i]) != colour) {
				return i
			}
		}
		return w
	}
	for y := 0; y < h; y++ {
		for x := range cur {
			cur[x] = black(x, y)
		}
		a0, colour := -1, 0
		for a0 < w {
			a1 := next(cur, a0, -1)
			b1 := next(ref, a0, colour)
			b2 := next(ref, b1, -1)
			switch d := a1 - b1; {
			case b2 < a1:
				o.code("0001") // pass
				a0 = b2
			case d >= -3 && d <= 3:
				o.code([]string{"0000010", "000010", "010", "1", "011", "000011", "0000011"}[d+3])
				a0, colour = a1, 1-colour
			default:
				a2 := next(cur, a1, -1)
				o.code("001")
				o.run(colour, a1-max(a0, 0))
				o.run(1-colour, a2-a1)
				a0 = a2
			}
		}
		ref, cur = cur, ref
	}
	o.code("000000000001000000000001") // end of facsimile block
	return o.bytes()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeG4TIFF writes the bitmap as a single-page G4 TIFF; minIsBlack
// chooses PhotometricInterpretation 1 instead of 0.
func writeG4TIFF(w io.Writer, bm *bitmap, dpi int, minIsBlack bool) error {
	photometric := uint32(0)
	black := func(x, y int) bool { return bm.ink[y*bm.w+x] } // a 1 bit is ink
	if minIsBlack {
		photometric = 1
		black = func(x, y int) bool { return !bm.ink[y*bm.w+x] } // a 1 bit is paper
	}
	data := encodeG4(bm.w, bm.h, black)
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write([]byte{'I', 'I', 42, 0, 8, 0, 0, 0})
	out.Write(data)
	pad(&out)
	resOff := out.Len()
	binary.Write(&out, le, [4]uint32{uint32(dpi), 1, uint32(dpi), 1})
	ifdOff := out.Len()
	le.PutUint32(out.Bytes()[4:], uint32(ifdOff))
	const short, long, rational = 3, 4, 5
	entries := [][4]uint32{
		{256, long, 1, uint32(bm.w)},
		{257, long, 1, uint32(bm.h)},
		{258, short, 1, 1},
		{259, short, 1, 4}, // CCITT T.6
		{262, short, 1, photometric},
		{266, short, 1, 1}, // FillOrder: most significant bit first
		{273, long, 1, 8},
		{277, short, 1, 1},
		{278, long, 1, uint32(bm.h)},
		{279, long, 1, uint32(len(data))},
		{282, rational, 1, uint32(resOff)},
		{283, rational, 1, uint32(resOff + 8)},
		{293, long, 1, 0},  // T6Options
		{296, short, 1, 2}, // inches
	}
	binary.Write(&out, le, uint16(len(entries)))
	for _, e := range entries {
		binary.Write(&out, le, uint16(e[0]))
		binary.Write(&out, le, uint16(e[1]))
		binary.Write(&out, le, e[2])
		if e[1] == short {
			binary.Write(&out, le, [2]uint16{uint16(e[3]), 0})
		} else {
			binary.Write(&out, le, e[3])
		}
	}
	binary.Write(&out, le, uint32(0))
	_, err := w.Write(out.Bytes())
	return err
}

// runCodes are the run-length codes of ITU-T T.4 tables 2 and 3 (as
// golang.org/x/image/ccitt's gen.go lists them): terminating codes for runs
// 0–63, make-up codes for 64–1728 by 64, and the extended make-up codes
// for 1792–2560 that both colours share.
var runCodes = [2]struct {
	term, makeup []string
}{
	{ // white
		term: []string{
			"00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111",
			"10011", "10100", "00111", "01000", "001000", "000011", "110100", "110101",
			"101010", "101011", "0100111", "0001100", "0001000", "0010111", "0000011", "0000100",
			"0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011", "00011010",
			"00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000",
			"00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010",
			"00001011", "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000",
			"01011001", "01011010", "01011011", "01001010", "01001011", "00110010", "00110011", "00110100",
		},
		makeup: []string{
			"11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100", "01100101",
			"01101000", "01100111", "011001100", "011001101", "011010010", "011010011", "011010100", "011010101",
			"011010110", "011010111", "011011000", "011011001", "011011010", "011011011", "010011000", "010011001",
			"010011010", "011000", "010011011",
		},
	},
	{ // black
		term: []string{
			"0000110111", "010", "11", "10", "011", "0011", "0010", "00011",
			"000101", "000100", "0000100", "0000101", "0000111", "00000100", "00000111", "000011000",
			"0000010111", "0000011000", "0000001000", "00001100111", "00001101000", "00001101100", "00000110111", "00000101000",
			"00000010111", "00000011000", "000011001010", "000011001011", "000011001100", "000011001101", "000001101000", "000001101001",
			"000001101010", "000001101011", "000011010010", "000011010011", "000011010100", "000011010101", "000011010110", "000011010111",
			"000001101100", "000001101101", "000011011010", "000011011011", "000001010100", "000001010101", "000001010110", "000001010111",
			"000001100100", "000001100101", "000001010010", "000001010011", "000000100100", "000000110111", "000000111000", "000000100111",
			"000000101000", "000001011000", "000001011001", "000000101011", "000000101100", "000001011010", "000001100110", "000001100111",
		},
		makeup: []string{
			"0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100", "000000110101", "0000001101100",
			"0000001101101", "0000001001010", "0000001001011", "0000001001100", "0000001001101", "0000001110010", "0000001110011", "0000001110100",
			"0000001110101", "0000001110110", "0000001110111", "0000001010010", "0000001010011", "0000001010100", "0000001010101", "0000001011010",
			"0000001011011", "0000001100100", "0000001100101",
		},
	},
}

// extCodes are the shared make-up codes for 1792–2560 by 64.
var extCodes = []string{
	"00000001000", "00000001100", "00000001101", "000000010010", "000000010011", "000000010100", "000000010101",
	"000000010110", "000000010111", "000000011100", "000000011101", "000000011110", "000000011111",
}

// writeG4Page binarizes the page, brings it to 200 dpi for the -200
// formats (moving the truth's boxes with it), and writes it as a G4 TIFF.
func writeG4Page(w io.Writer, format string, img image.Image, t *Truth) error {
	if (format == FormatG4200 || format == FormatG4Black2) && t.DPI > 200 {
		f := 200 / float64(t.DPI)
		img = imaging.Resize(img, int(float64(img.Bounds().Dx())*f+0.5), 0, imaging.Linear)
		t.DPI = 200
		for k, fl := range t.Fields {
			fl.Box, fl.BoxDeskewed = scaleBox(fl.Box, f), scaleBox(fl.BoxDeskewed, f)
			t.Fields[k] = fl
		}
		for i := range t.Stamps {
			t.Stamps[i].Box = scaleBox(t.Stamps[i].Box, f)
		}
	}
	bm := binarize(img, 160)
	t.Width, t.Height = bm.w, bm.h
	return writeG4TIFF(w, bm, t.DPI, format == FormatG4Black || format == FormatG4Black2)
}
