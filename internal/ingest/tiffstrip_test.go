package ingest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image"
	"math/rand/v2"
	"reflect"
	"testing"

	"golang.org/x/image/tiff"
)

// stripTIFF describes a one-page TIFF for the strip reader's tests.
type stripTIFF struct {
	w, h, spp    int
	photometric  int
	extra        int // ExtraSamples, 0 for none
	compression  int // 1 none, 8 Deflate
	predictor    int // 1 none, 2 horizontal
	rowsPerStrip int
	big          bool // big-endian
}

// build writes the TIFF with random samples, and returns it.
func (s stripTIFF) build(rng *rand.Rand) []byte {
	var order interface {
		binary.ByteOrder
		binary.AppendByteOrder
	} = binary.LittleEndian
	hdr := []byte{'I', 'I', 42, 0, 0, 0, 0, 0}
	if s.big {
		order = binary.BigEndian
		hdr = []byte{'M', 'M', 0, 42, 0, 0, 0, 0}
	}
	b := hdr
	var offs, counts []uint32
	for y0 := 0; y0 < s.h; y0 += s.rowsPerStrip {
		rows := min(s.rowsPerStrip, s.h-y0)
		raw := make([]byte, rows*s.w*s.spp)
		for i := range raw {
			raw[i] = byte(rng.IntN(256))
		}
		data := raw
		if s.compression == 8 {
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			zw.Write(raw)
			zw.Close()
			data = z.Bytes()
		}
		offs = append(offs, uint32(len(b)))
		counts = append(counts, uint32(len(data)))
		b = append(b, data...)
		if len(b)%2 == 1 {
			b = append(b, 0)
		}
	}
	// Out-of-line arrays: bits per sample, strip offsets and counts.
	array := func(vs []uint32, short bool) (typ uint16, value uint32) {
		size := 4
		if short {
			size = 2
		}
		if len(vs)*size <= 4 {
			var v [4]byte
			for i, x := range vs {
				if short {
					order.PutUint16(v[2*i:], uint16(x))
				} else {
					order.PutUint32(v[:], x)
				}
			}
			return map[bool]uint16{true: 3, false: 4}[short], order.Uint32(v[:])
		}
		at := uint32(len(b))
		for _, x := range vs {
			if short {
				b = order.AppendUint16(b, uint16(x))
			} else {
				b = order.AppendUint32(b, x)
			}
		}
		return map[bool]uint16{true: 3, false: 4}[short], at
	}
	type entry struct {
		tag, typ    uint16
		count, data uint32
	}
	short := func(tag uint16, v int) entry {
		var d [4]byte
		order.PutUint16(d[:], uint16(v))
		return entry{tag, 3, 1, order.Uint32(d[:])}
	}
	bps := make([]uint32, s.spp)
	for i := range bps {
		bps[i] = 8
	}
	bt, bv := array(bps, true)
	ot, ov := array(offs, false)
	ct, cv := array(counts, false)
	es := []entry{
		{tagWidth, 4, 1, uint32(s.w)},
		{tagHeight, 4, 1, uint32(s.h)},
		{tagBitsSample, bt, uint32(s.spp), bv},
		short(tagCompression, s.compression),
		short(tagPhotometric, s.photometric),
		{tagStripOffsets, ot, uint32(len(offs)), ov},
		short(tagSamples, s.spp),
		{tagRowsPerStrip, 4, 1, uint32(s.rowsPerStrip)},
		{tagStripCounts, ct, uint32(len(counts)), cv},
		short(tagPlanar, 1),
	}
	if s.predictor != 1 {
		es = append(es, short(tagPredictor, s.predictor))
	}
	if s.extra != 0 {
		es = append(es, short(tagExtraSamples, s.extra))
	}
	if len(b)%2 == 1 {
		b = append(b, 0)
	}
	order.PutUint32(b[4:8], uint32(len(b)))
	b = order.AppendUint16(b, uint16(len(es)))
	for _, e := range es {
		b = order.AppendUint16(b, e.tag)
		b = order.AppendUint16(b, e.typ)
		b = order.AppendUint32(b, e.count)
		if e.typ == 3 && e.count == 1 {
			// A lone SHORT sits in the first two bytes of the value.
			var v [4]byte
			order.PutUint32(v[:], e.data)
			b = append(b, v[:]...)
			continue
		}
		b = order.AppendUint32(b, e.data)
	}
	return order.AppendUint32(b, 0)
}

// The strip reader gives exactly what x/image/tiff gives, image type
// included, for every layout it takes on.
func TestReadStripsMatchesXImage(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var cases []stripTIFF
	for _, c := range []struct{ spp, photometric, extra int }{
		{1, 1, 0}, {1, 0, 0}, {3, 2, 0}, {4, 2, 1}, {4, 2, 2},
	} {
		for _, comp := range []int{1, 8} {
			for _, pred := range []int{1, 2} {
				for _, rps := range []int{7, 23, 1000} {
					cases = append(cases, stripTIFF{w: 29, h: 23, spp: c.spp, photometric: c.photometric, extra: c.extra,
						compression: comp, predictor: pred, rowsPerStrip: rps, big: rps == 7})
				}
			}
		}
	}
	for _, c := range cases {
		name := fmt.Sprintf("%+v", c)
		data := c.build(rng)
		want, err := tiff.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: x/image/tiff: %v", name, err)
		}
		order := binary.ByteOrder(binary.LittleEndian)
		if c.big {
			order = binary.BigEndian
		}
		got, ok := readStrips(bytes.NewReader(data), order, int64(order.Uint32(data[4:8])))
		if !ok {
			t.Errorf("%s: not read", name)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got a %T unlike x/image/tiff's %T", name, got, want)
		}
	}
}

// A strip cut short, a corrupt Deflate stream, tiles and 16-bit samples
// are left to x/image/tiff.
func TestReadStripsDeclines(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	base := stripTIFF{w: 40, h: 30, spp: 3, photometric: 2, compression: 8, predictor: 1, rowsPerStrip: 30}
	data := base.build(rng)
	le := binary.LittleEndian
	ifd := int64(le.Uint32(data[4:8]))
	if _, ok := readStrips(bytes.NewReader(data), le, ifd); !ok {
		t.Fatal("the intact file is not read")
	}
	// The Deflate stream starts at 8: flip a byte in its middle, then its
	// checksum.
	for _, at := range []int{8 + 20, 8 + 2} {
		bad := bytes.Clone(data)
		bad[at] ^= 0x55
		if _, ok := readStrips(bytes.NewReader(bad), le, ifd); ok {
			t.Errorf("read with byte %d corrupted", at)
		}
	}
	short := base
	short.compression = 1
	data = short.build(rng)
	ifd = int64(le.Uint32(data[4:8]))
	cut := bytes.Clone(data)
	// Shrink the strip's byte count (the only strip: the count is inline).
	for i := ifd + 2; i < ifd+2+12*int64(le.Uint16(data[ifd:])); i += 12 {
		if le.Uint16(cut[i:]) == tagStripCounts {
			le.PutUint32(cut[i+8:], le.Uint32(cut[i+8:])-5)
		}
	}
	if _, ok := readStrips(bytes.NewReader(cut), le, ifd); ok {
		t.Error("a short strip is read")
	}
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, image.NewGray16(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := readStrips(bytes.NewReader(buf.Bytes()), le, int64(le.Uint32(buf.Bytes()[4:8]))); ok {
		t.Error("16-bit grey is read")
	}
}
