package synth

import (
	"hash/fnv"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/disintegration/imaging"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

// PageOptions chooses one page to draw.
type PageOptions struct {
	Seed  uint64
	Kind  registry.Kind
	Era   registry.Era
	Index int // the entry's place in its book: pages and numbers increase with it
	Wear  Wear
	// HeldOut draws the page with typefaces and type sizes kept out of
	// all tuning (heldOutCandidates; labels 9.5–15 pt, values 9–16 pt):
	// a measure of the reader on type it was never fitted to.
	HeldOut bool
	// Edition is the printing of the form the page is drawn in: an
	// edition's name, a family (tuned: the canonical layout or a tuned
	// edition; held-out) drawn per book, or canonical. Empty is canonical,
	// or held-out with HeldOut.
	Edition string
	// Office and Book override the generated office ("UBND phường Bến
	// Nghé") and book number ("01/2009"); the book's year sets the dates.
	Office, Book string
	// Turn is how the page lies on the scanner: the image is turned by
	// this many degrees clockwise (0, 90, 180 or 270) after its wear.
	Turn int
	// Curl bends the page's lines towards its gutter (CurlModerate,
	// CurlStrong), as a bound book that does not lie flat: see curlPage.
	Curl string
}

// Truth is what is really on a page: every field of the form, with its
// normalised value, the exact text drawn, and where it is.
type Truth struct {
	Kind      registry.Kind `json:"kind"`
	Era       registry.Era  `json:"era"`
	Office    string        `json:"office"`
	Book      string        `json:"book"`
	Page      int           `json:"page"`
	File      string        `json:"file"`
	PageIndex int           `json:"page_index"` // 0-based place of the page in File
	// Angle is the rotation applied to the page (degrees, positive
	// counter-clockwise as seen, about the image centre, size kept).
	// Rotating the image by -Angle about its centre brings every field to
	// its BoxDeskewed.
	Angle float64 `json:"angle"`
	DPI   int     `json:"dpi"`
	// Turn is the quarter turn clockwise the page was scanned with (0,
	// 90, 180, 270): Box is in the turned image, BoxDeskewed upright.
	Turn int `json:"turn,omitempty"`
	// Curl is how the page's lines were bent towards its gutter ("",
	// moderate, strong): Box follows the bent ink, BoxDeskewed is the
	// flat page's.
	Curl string `json:"curl,omitempty"`
	// Side is the page's half of a two-page spread ("left", "right"), or
	// "" for a page scanned alone; Width and Height are then the spread's.
	Side   string `json:"side,omitempty"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Seed   uint64 `json:"seed"`
	Index  int    `json:"index"`
	Wear   string `json:"wear"`
	// HeldOut says the page's type was kept out of tuning.
	HeldOut bool `json:"held_out,omitempty"`
	// Edition names the printing of the form the page was drawn in (empty:
	// the layout the form files describe); EditionFamily is its family.
	Edition       string `json:"edition,omitempty"`
	EditionFamily string `json:"edition_family,omitempty"`
	// Stamps are red boxes and seals laid over the page (not fields).
	Stamps []Stamp               `json:"stamps,omitempty"`
	Fields map[string]TruthField `json:"fields"`
}

// TruthField is one field's ground truth.
type TruthField struct {
	// Value is the normalised value (shared/spec/export.md): names in title
	// case, dates ISO with their precision, IDs digits only. For a date in
	// words it is the ISO date the words say; for an identity document it
	// is the document's number. Empty unless State is typed.
	Value string `json:"value"`
	// Printed is exactly the text drawn, words joined by single spaces
	// where it runs on to another line; with part labels for "ngày ..
	// tháng .. năm .." blanks ("28 tháng 4 năm 2009").
	Printed string `json:"printed"`
	State   string `json:"state"` // typed, blank or illegible
	// Box is [x0, y0, x1, y1] of the value's ink in the image as stored
	// (for a blank field: the empty blank).
	Box [4]int `json:"box"`
	// BoxDeskewed is the same box before the page was rotated by Angle.
	BoxDeskewed [4]int `json:"box_deskewed"`
}

// Stamp is a red mark over the page.
type Stamp struct {
	Kind string `json:"kind"` // "box" or "seal"
	Text string `json:"text"`
	Box  [4]int `json:"box"`
}

// stream derives an independent random stream for one purpose, so that a
// page does not change when another page or option is added.
func stream(seed uint64, parts ...any) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			h.Write([]byte(v))
		case int:
			h.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)})
		}
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// RenderPage draws one register page and returns its image (*image.Gray,
// or *image.RGBA when a red stamp is on it) and its truth. The same
// options always give the same pixels.
func RenderPage(o PageOptions) (image.Image, Truth, error) {
	img, t, _, err := renderPage(o, true)
	if err != nil || o.Turn%360 == 0 {
		return img, t, err
	}
	img, t = turnPage(img, t, o.Turn)
	return img, t, nil
}

// renderPage draws the page; wear false gives the clean page without its
// scan effects (used for the back of the sheet).
func renderPage(o PageOptions, wear bool) (image.Image, Truth, *image.RGBA, error) {
	labels, values, err := fontsFor(o.HeldOut)
	if err != nil {
		return nil, Truth{}, nil, err
	}
	f := form.Get(o.Kind, o.Era)
	if f == nil {
		return nil, Truth{}, nil, registry.Errorf(registry.EINVALID, "no form for %s-%s", o.Kind, o.Era)
	}
	b, vals, facts := pageEntry(o, f)

	r := stream(o.Seed, "draw", string(o.Kind), string(o.Era), o.Index)
	ed := pickEdition(o, f)
	printed := f
	if ed != nil {
		printed = ed.printed(f)
	}
	p := newPageDraw(r, printed, labels, values, o.HeldOut)
	p.vals, p.facts, p.book, p.wear, p.ed = vals, facts, b, o.Wear, ed
	ed.place(p)
	p.draw()

	t := Truth{
		Kind: o.Kind, Era: o.Era, Office: b.Office, Book: b.Number,
		Page: b.StartPage + o.Index, DPI: 300, Seed: o.Seed, Index: o.Index,
		Wear: o.Wear.String(), HeldOut: o.HeldOut, Edition: ed.name(), EditionFamily: ed.family(), Stamps: p.stamps, Fields: map[string]TruthField{},
	}
	for _, k := range f.Keys() {
		tf, ok := p.truth[k]
		if !ok {
			return nil, Truth{}, nil, registry.Errorf(registry.EINTERNAL, "%s-%s: field %s was not drawn", o.Kind, o.Era, k)
		}
		tf.BoxDeskewed = tf.Box
		t.Fields[k] = tf
	}
	img := p.c.img
	if !wear {
		t.Width, t.Height = img.Rect.Dx(), img.Rect.Dy()
		return img, t, img, nil
	}
	if o.Curl != CurlNone {
		img = curlPage(img, &t, o.Curl, gutterRight(o.Index))
	}
	out := applyWear(o, p, img, &t)
	t.Width, t.Height = out.Bounds().Dx(), out.Bounds().Dy()
	return out, t, nil, nil
}

// pageEntry draws the page's book and values, wear on the fields included.
func pageEntry(o PageOptions, f *form.Form) (bookInfo, map[string]fieldValue, entryFacts) {
	b := newBook(stream(o.Seed, "book", string(o.Kind), string(o.Era)), o.Kind, o.Era, o.Office, o.Book)
	vals, facts := pageValues(stream(o.Seed, "values", string(o.Kind), string(o.Era), o.Index), b, o.Index, o.Wear)
	wearFields(stream(o.Seed, "fields", string(o.Kind), string(o.Era), o.Index), f, vals, o.Wear)
	return b, vals, facts
}

// applyWear lays the scan effects on the clean page and moves the boxes.
// A page without colour is made grey first: the effects then cost a
// quarter.
func applyWear(o PageOptions, p *pageDraw, img *image.RGBA, t *Truth) image.Image {
	w := o.Wear
	r := stream(o.Seed, "wear", string(o.Kind), string(o.Era), o.Index)
	if w.Bleed > 0 && r.Float64() < 0.7 {
		back := o
		back.Index = o.Index + 1 // the other side of the sheet
		back.Wear = Wear{}
		if _, _, bimg, err := renderPage(back, false); err == nil {
			bleed(img, bimg, w.Bleed*(0.4+0.6*r.Float64()))
		}
	}
	var pl *plane
	if p.c.colour {
		pl = planeOf(img)
	} else {
		pl = planeOf(toGray(img))
	}
	return scanEffects(w, r, pl, p.c.paper, t)
}

// scanEffects lays a scanner's effects on a page (skew, 200 dpi, blur,
// noise, JPEG artefacts) and moves the truth's boxes with them.
func scanEffects(w Wear, r *rand.Rand, pl *plane, paper color.RGBA, t *Truth) image.Image {
	if w.Skew > 0 {
		t.Angle = float64(int((r.Float64()*2-1)*w.Skew*100)) / 100
		if t.Angle != 0 {
			pl = pl.rotate(t.Angle, paper)
			for k, f := range t.Fields {
				f.Box = rotateBox(f.Box, t.Angle, pl.w, pl.h)
				t.Fields[k] = f
			}
			for i := range t.Stamps {
				t.Stamps[i].Box = rotateBox(t.Stamps[i].Box, t.Angle, pl.w, pl.h)
			}
		}
	}
	if w.LowDPI {
		f := 2.0 / 3
		small := imaging.Resize(pl.image(), int(float64(pl.w)*f+0.5), 0, imaging.Linear)
		if pl.ch == 1 {
			pl = planeOf(toGray(toRGBA(small)))
		} else {
			pl = planeOf(toRGBA(small))
		}
		t.DPI = 200
		for k, fl := range t.Fields {
			fl.Box, fl.BoxDeskewed = scaleBox(fl.Box, f), scaleBox(fl.BoxDeskewed, f)
			t.Fields[k] = fl
		}
		for i := range t.Stamps {
			t.Stamps[i].Box = scaleBox(t.Stamps[i].Box, f)
		}
	}
	if w.Blur > 0 && r.Float64() < 0.8 {
		sigma := (0.3 + r.Float64()*math.Max(w.Blur-0.3, 0)) * float64(t.DPI) / 300
		if sigma > 0.25 {
			pl.blur(sigma)
		}
	}
	if w.Noise > 0 {
		pl.noise(w.Noise*(0.3+0.7*r.Float64()), r)
	}
	if w.JPEG > 0 && r.Float64() < 0.7 {
		pl = jpegRoundTrip(pl, w.JPEG+r.IntN(25))
	}
	return pl.image()
}
