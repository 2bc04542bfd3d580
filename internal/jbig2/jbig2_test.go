package jbig2_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/jbig2"
)

// page is a bilevel test page: 0 black, 255 white.
func page(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if (x/7+y/5)%3 != 0 && !(y > h/2 && x < w/3) {
				g.Pix[y*w+x] = 0xff
			}
		}
	}
	return g
}

// g4 encodes a bilevel page as CCITT G4 (0 bits white, as JBIG2's MMR
// coding has it) with tiffcp, and returns the coded strip.
func g4(t *testing.T, g *image.Gray) []byte {
	t.Helper()
	if _, err := exec.LookPath("tiffcp"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tiffcp not installed (apt-get install libtiff-tools)")
		}
		t.Skip("tiffcp not installed (apt-get install libtiff-tools)")
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	rowBytes := (w + 7) / 8
	strip := make([]byte, rowBytes*h)
	for y := range h {
		for x := range w {
			if g.Pix[y*g.Stride+x] == 0 {
				strip[y*rowBytes+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	le := binary.LittleEndian
	b := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	entries := [][3]uint32{{256, 4, uint32(w)}, {257, 4, uint32(h)}, {258, 3, 1}, {259, 3, 1}, {262, 3, 0},
		{273, 4, uint32(8 + 2 + 12*9 + 4)}, {277, 3, 1}, {278, 4, uint32(h)}, {279, 4, uint32(len(strip))}}
	b = le.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		b = le.AppendUint16(b, uint16(e[0]))
		b = le.AppendUint16(b, uint16(e[1]))
		b = le.AppendUint32(b, 1)
		if e[1] == 3 {
			b = le.AppendUint32(b, e[2]) // little-endian SHORT sits in the first two bytes
		} else {
			b = le.AppendUint32(b, e[2])
		}
	}
	b = le.AppendUint32(b, 0)
	b = append(b, strip...)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.tif"), filepath.Join(dir, "g4.tif")
	os.WriteFile(in, b, 0o644)
	if o, err := exec.Command("tiffcp", "-c", "g4", "-r", "1000000", in, out).CombinedOutput(); err != nil {
		t.Fatalf("tiffcp: %v: %s", err, o)
	}
	f, _ := os.ReadFile(out)
	// The one strip: its offset and count from the IFD.
	ifd := int(le.Uint32(f[4:]))
	var off, n int
	for i := range int(le.Uint16(f[ifd:])) {
		e := f[ifd+2+12*i:]
		switch le.Uint16(e) {
		case 273:
			off = int(le.Uint32(e[8:]))
		case 279:
			n = int(le.Uint32(e[8:]))
		}
	}
	return f[off : off+n]
}

// embedded wraps MMR-coded rows as an embedded JBIG2 stream, as a PDF
// holds it: a page information segment, an immediate lossless generic
// region coded MMR, and the end of the page.
func embedded(w, h int, mmr []byte) []byte {
	be := binary.BigEndian
	var b []byte
	seg := func(num uint32, typ byte, data []byte) {
		b = be.AppendUint32(b, num)
		b = append(b, typ, 0x00, 1) // type; no referred segments; page 1
		b = be.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
	}
	info := be.AppendUint32(nil, uint32(w))
	info = be.AppendUint32(info, uint32(h))
	info = append(info, make([]byte, 8)...) // resolution unknown
	info = append(info, 0x01, 0, 0)         // eventually lossless; no striping
	seg(0, 48, info)
	region := be.AppendUint32(nil, uint32(w))
	region = be.AppendUint32(region, uint32(h))
	region = append(region, make([]byte, 8)...) // at (0, 0)
	region = append(region, 0x00, 0x01)         // OR; MMR
	seg(1, 39, append(region, mmr...))
	seg(2, 49, nil)
	return b
}

func TestDecodeGenericRegionMMR(t *testing.T) {
	src := page(203, 97)
	data := embedded(203, 97, g4(t, src))
	g, err := jbig2.Decode(data, nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if g.Rect != src.Rect || !bytes.Equal(g.Pix, src.Pix) {
		t.Errorf("decoded page differs from the source")
	}
	// The cap holds: this page needs over 2 KB.
	if _, err := jbig2.Decode(data, nil, 2000); err == nil {
		t.Errorf("decoded over the memory cap")
	}
	for _, bad := range [][]byte{data[:20], []byte("garbage, not jbig2 segments")} {
		if _, err := jbig2.Decode(bad, nil, 1<<20); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("bad stream: %v, want a one-line error", err)
		}
	}
	// A stream cut inside its region is a page with what arrived (jbig2dec
	// completes a page the stream leaves open, as PDF streams may): no
	// crash, and the scan then finds no register page on it.
	if g, err := jbig2.Decode(data[:len(data)/2], nil, 1<<20); err == nil && g.Rect != src.Rect {
		t.Errorf("truncated: %v", g.Rect)
	}
}
