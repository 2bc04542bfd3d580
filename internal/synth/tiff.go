package synth

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"io"
)

// writeMultiTIFF writes pages as one multi-page TIFF, as a sheet-feeder
// scanner does: one IFD per page, each page one Deflate-compressed strip,
// 8-bit grey or 8-bit RGB, with its resolution. golang.org/x/image/tiff
// writes single pages only.
func writeMultiTIFF(w io.Writer, pages []image.Image, dpis []int) error {
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write([]byte{'I', 'I', 42, 0, 0, 0, 0, 0}) // first IFD offset patched below
	prevNext := 4
	for i, img := range pages {
		b := img.Bounds()
		wd, ht := b.Dx(), b.Dy()
		spp := 1
		raw := make([]byte, 0, wd*ht)
		switch m := img.(type) {
		case *image.Gray:
			for y := 0; y < ht; y++ {
				o := m.PixOffset(b.Min.X, b.Min.Y+y)
				raw = append(raw, m.Pix[o:o+wd]...)
			}
		default:
			spp = 3
			rgba := toRGBA(img)
			raw = make([]byte, 0, wd*ht*3)
			for y := 0; y < ht; y++ {
				for x := 0; x < wd; x++ {
					o := rgba.PixOffset(x, y)
					raw = append(raw, rgba.Pix[o], rgba.Pix[o+1], rgba.Pix[o+2])
				}
			}
		}
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.DefaultCompression)
		zw.Write(raw)
		zw.Close()

		pad(&out)
		stripOff := out.Len()
		out.Write(z.Bytes())
		pad(&out)
		// Out-of-line values: the resolution rationals and RGB's three
		// bits-per-sample.
		resOff := out.Len()
		dpi := uint32(dpis[i])
		for k := 0; k < 2; k++ {
			binary.Write(&out, le, [2]uint32{dpi, 1})
		}
		bpsOff := out.Len()
		binary.Write(&out, le, [3]uint16{8, 8, 8})
		pad(&out)

		ifdOff := out.Len()
		le.PutUint32(out.Bytes()[prevNext:], uint32(ifdOff))
		type entry struct {
			tag, typ uint16
			count    uint32
			val      uint32
		}
		const short, long, rational = 3, 4, 5
		photometric, bps := uint32(1), entry{258, short, 1, 8}
		if spp == 3 {
			photometric, bps = 2, entry{258, short, 3, uint32(bpsOff)}
		}
		entries := []entry{
			{256, long, 1, uint32(wd)},
			{257, long, 1, uint32(ht)},
			bps,
			{259, short, 1, 8}, // Deflate
			{262, short, 1, photometric},
			{273, long, 1, uint32(stripOff)},
			{277, short, 1, uint32(spp)},
			{278, long, 1, uint32(ht)},
			{279, long, 1, uint32(z.Len())},
			{282, rational, 1, uint32(resOff)},
			{283, rational, 1, uint32(resOff + 8)},
			{296, short, 1, 2}, // inches
		}
		binary.Write(&out, le, uint16(len(entries)))
		for _, e := range entries {
			binary.Write(&out, le, e.tag)
			binary.Write(&out, le, e.typ)
			binary.Write(&out, le, e.count)
			if e.typ == short && e.count == 1 {
				binary.Write(&out, le, [2]uint16{uint16(e.val), 0})
			} else {
				binary.Write(&out, le, e.val)
			}
		}
		prevNext = out.Len()
		binary.Write(&out, le, uint32(0)) // next IFD, patched by the next page
	}
	_, err := w.Write(out.Bytes())
	return err
}

// pad aligns the buffer to a word boundary, as TIFF offsets should be.
func pad(b *bytes.Buffer) {
	if b.Len()%2 == 1 {
		b.WriteByte(0)
	}
}
