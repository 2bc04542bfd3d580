package review

import (
	"sort"
	"strings"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// viewBox is the part of the page shown for one field of a record (its
// crop, and the frame on the page in the keying view). It starts from the
// box the reader found, which is the whole blank its value was read from:
//   - a date in words runs on: the line under its box is shown too, so
//     that its last word is not cut off;
//   - a remark's blank is the column down to the page's foot: it is shown
//     only as tall as the blank's lines;
//   - the signer's name and title are read from one blank, so share one
//     box: each is shown the part of it where its words stand in the line
//     read, the left or right part of one line, the upper or lower of two.
func viewBox(rec *registry.Record, key string) *registry.Box {
	f := rec.Fields[key]
	if f == nil || f.Box == nil {
		return nil
	}
	b := *f.Box
	pitch := linePitch(rec)
	sl, typ := slotOf(rec, key)
	switch {
	case typ == registry.TypeDateWords && pitch > 0:
		b[3] += pitch
	case typ == registry.TypeRemark && pitch > 0:
		b[3] = min(b[3], b[1]+max(sl.Lines, 1)*pitch)
	case len(sl.Keys) == 2:
		b = shareBox(rec, key, sl.Keys, b, pitch)
	}
	return &b
}

// slotOf returns the printed slot that holds key, and key's type.
func slotOf(rec *registry.Record, key string) (form.Slot, registry.ValueType) {
	f := form.Get(rec.Kind, rec.Era)
	if f == nil {
		return form.Slot{}, ""
	}
	for _, sl := range f.Slots() {
		if sl.Key == key {
			return sl, sl.Type
		}
		for i, k := range sl.Keys {
			if k == key && i < len(sl.Types) {
				return sl, sl.Types[i]
			}
		}
	}
	return form.Slot{}, ""
}

// linePitch is the height of one written line on the record's page: the
// height of its fields' boxes a third of the way up (most hold one line,
// some two or more), or 0.
func linePitch(rec *registry.Record) int {
	var hs []int
	for _, f := range rec.Fields {
		if f.Box != nil && f.Box[3] > f.Box[1] {
			hs = append(hs, f.Box[3]-f.Box[1])
		}
	}
	if len(hs) == 0 {
		return 0
	}
	sort.Ints(hs)
	return hs[len(hs)/3]
}

// shareBox cuts the box two fields share down to key's part: where the
// signer's name or title stands in the line read from the box (split as
// the reader splits it), as a share of its length across one line, or the
// upper or lower half of two lines. Only the machine's reading is used,
// never a value a person keyed.
func shareBox(rec *registry.Record, key string, keys []string, b registry.Box, pitch int) registry.Box {
	other := keys[0]
	if other == key {
		other = keys[1]
	}
	f, o := rec.Fields[key], rec.Fields[other]
	if o == nil || o.Box == nil || *o.Box != b {
		return b // each has a box of its own
	}
	name, title := normalize.Signer(f.Raw)
	mine, theirs := name, title
	if _, typ := slotOf(rec, key); typ == registry.TypeTitle {
		mine, theirs = title, name
	}
	raw := normalize.FoldKey(f.Raw)
	lo, hi := span(raw, mine)
	if lo < 0 || mine == theirs {
		// Find the other's words and take the rest of the line.
		olo, ohi := span(raw, theirs)
		if olo < 0 || mine == theirs {
			return b
		}
		if olo > len(raw)-ohi {
			lo, hi = 0, olo
		} else {
			lo, hi = ohi, len(raw)
		}
	}
	n := max(len(raw), 1)
	if pitch > 0 && b[3]-b[1] > pitch*3/2 { // two lines: the upper or the lower
		mid := (b[1] + b[3]) / 2
		if (lo+hi)/2 < n/2 {
			return registry.Box{b[0], b[1], b[2], mid}
		}
		return registry.Box{b[0], mid, b[2], b[3]}
	}
	w := b[2] - b[0]
	return registry.Box{b[0] + w*lo/n, b[1], b[0] + w*hi/n, b[3]}
}

// span returns where value's words stand in the folded text read, or -1.
func span(raw, value string) (int, int) {
	v := strings.TrimSpace(normalize.FoldKey(value))
	if v == "" {
		return -1, -1
	}
	i := strings.Index(raw, v)
	if i < 0 {
		return -1, -1
	}
	return i, i + len(v)
}
