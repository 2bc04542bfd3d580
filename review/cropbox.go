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
//   - the signer's name and title are read from one blank: each keeps the
//     box of its own words (internal/scan); where a record read before
//     that has one box for both, each is shown the part of it where its
//     words stand in the line read.
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
		b = shareBox(rec, key, sl.Keys, b)
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

// shareBox cuts the box two fields share down to key's part, for records
// read before each field kept the box of its own words: where the
// signer's name or title stands in the line read (split as the reader
// splits it), as a share of the box's width, widened by a third of it
// towards the other part (the blank holds more than the words, and may
// hold them on two lines). Only the machine's reading is used, never a
// value a person keyed.
func shareBox(rec *registry.Record, key string, keys []string, b registry.Box) registry.Box {
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
	if mine == "" || theirs == "" {
		return b
	}
	raw := normalize.FoldKey(f.Raw)
	lo, hi := span(raw, mine)
	olo, _ := span(raw, theirs)
	if lo < 0 || olo < 0 {
		return b
	}
	n, w := max(len(raw), 1), b[2]-b[0]
	x0, x1 := b[0]+w*lo/n, b[0]+w*hi/n
	if olo < lo {
		x0 = max(b[0], x0-w/3)
	} else {
		x1 = min(b[2], x1+w/3)
	}
	return registry.Box{x0, b[1], x1, b[3]}
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
