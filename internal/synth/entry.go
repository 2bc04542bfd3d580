package synth

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

// FamilyOutside names pages whose pixels another renderer drew (a word
// processor: internal/synth/outside) from the generator's entries. Like
// held-out pages, they are kept out of all tuning and calibration.
const FamilyOutside = "outside"

// EntryField is one field's value as the generator draws it for a page,
// before any layout: what a page of another making must show, and the
// truth it is scored against.
type EntryField struct {
	Value   string   // normalised, as TruthField.Value
	Printed string   // the text to print
	Parts   []string // the pieces between a blank's part labels ("28", "4", "2009")
	State   string   // typed, blank or illegible
}

// Entry draws the book and the values of the page RenderPage draws for o,
// without drawing it: the page's facts (kind, era, office, book, page,
// seed, index, wear; no fields yet, 300 dpi) and every key's value.
func Entry(o PageOptions) (Truth, map[string]EntryField, error) {
	f := form.Get(o.Kind, o.Era)
	if f == nil {
		return Truth{}, nil, registry.Errorf(registry.EINVALID, "no form for %s-%s", o.Kind, o.Era)
	}
	b, vals, _ := pageEntry(o, f)
	t := Truth{
		Kind: o.Kind, Era: o.Era, Office: b.Office, Book: b.Number,
		Page: b.StartPage + o.Index, DPI: 300, Seed: o.Seed, Index: o.Index,
		Wear: o.Wear.String(), Fields: map[string]TruthField{},
	}
	out := map[string]EntryField{}
	for _, k := range f.Keys() {
		out[k] = EntryField(vals[k])
	}
	return t, out, nil
}

// ScanWear lays a scanner's effects (w's skew, 200 dpi, blur, noise and
// JPEG artefacts; no bleed-through, no stamps) on a page drawn elsewhere,
// as on a generated page, and moves t's boxes with them. The draws come
// from the page's own stream, so the same page always wears the same.
func ScanWear(img image.Image, t *Truth, w Wear) image.Image {
	r := stream(t.Seed, "outside-wear", string(t.Kind), string(t.Era), t.Index)
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	for k, f := range t.Fields {
		f.BoxDeskewed = f.Box
		t.Fields[k] = f
	}
	out := scanEffects(w, r, planeOf(g), color.RGBA{255, 255, 255, 255}, t)
	t.Width, t.Height = out.Bounds().Dx(), out.Bounds().Dy()
	return out
}

// WriteContainer writes pages drawn elsewhere in a container format, with
// their truth file beside, as Generate does (see Formats).
func WriteContainer(dir, format string, imgs []image.Image, truths []Truth) (ManifestFile, error) {
	f, err := ParseFormat(format)
	if err != nil {
		return ManifestFile{}, err
	}
	return writeContainer(dir, f, imgs, truths)
}
