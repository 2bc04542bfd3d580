package form

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/civreg/civreg/registry"
	"golang.org/x/text/unicode/norm"
)

//go:embed forms/*.json
var files embed.FS

// Form is one printed register form.
type Form struct {
	Kind  registry.Kind `json:"kind"`
	Era   registry.Era  `json:"era"`
	Title string        `json:"title"` // what the form is, for people
	// Header is the line above the frame: "Số: ...." left, "Trang N" centre.
	Header []Slot `json:"header"`
	// Lines are the printed lines of the entry area, top to bottom.
	Lines []Line `json:"lines"`
	// Signature is the registrar's signature block under the fields (printed,
	// not read).
	Signature []string `json:"signature"`
	// Side is the right-hand column: tick boxes (Era B) then "Ghi chú:".
	Side []Slot `json:"side"`
}

// Line is one printed line: a bold section heading, or one or more labelled
// blanks side by side.
type Line struct {
	Section string `json:"section,omitempty"`
	Slots   []Slot `json:"slots,omitempty"`
}

// Slot is one label and the blank after it.
type Slot struct {
	// Key is the field key the blank holds; empty for a label with no value
	// of its own (a signature caption).
	Key string `json:"key,omitempty"`
	// Keys is set instead of Key where one blank holds two fields (the
	// signer's line: name and title).
	Keys []string `json:"keys,omitempty"`
	// Label is the printed text, exactly, with its colon.
	Label string `json:"label"`
	// Aliases are other printings of the same label seen in other editions.
	Aliases []string `json:"aliases,omitempty"`
	// Parts are further labels inside the same blank, as in "Đăng ký ngày ..
	// tháng .. năm ..": the value is written between them.
	Parts []string             `json:"parts,omitempty"`
	Type  registry.ValueType   `json:"type"`
	Types []registry.ValueType `json:"types,omitempty"` // with Keys: one type per key
	// Share is the part of the line's width this slot takes, label included
	// (the slots of a line share what is left equally when zero).
	Share float64 `json:"share,omitempty"`
	// Lines is how many dotted lines the blank has (run-on); 1 when zero.
	Lines int `json:"lines,omitempty"`
	// Options are the tick boxes' texts, for a tick slot.
	Options []string `json:"options,omitempty"`
	// Optional marks a blank that is often empty on real pages (not routed
	// as missing when blank).
	Optional bool `json:"optional,omitempty"`
}

// FieldKeys returns the keys the slot holds.
func (s Slot) FieldKeys() []string {
	if s.Key != "" {
		return []string{s.Key}
	}
	return s.Keys
}

// RunLines returns how many dotted lines the blank spans.
func (s Slot) RunLines() int {
	if s.Lines < 1 {
		return 1
	}
	return s.Lines
}

// FieldSpec is one field of a form, in page order.
type FieldSpec struct {
	Key      string
	Label    string
	Section  string // the section heading above it, "" if none
	Type     registry.ValueType
	Optional bool
}

var forms = map[registry.FormID]*Form{}

func init() {
	entries, err := files.ReadDir("forms")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := files.ReadFile("forms/" + e.Name())
		if err != nil {
			panic(err)
		}
		f, err := Parse(b)
		if err != nil {
			panic(fmt.Sprintf("form %s: %v", e.Name(), err))
		}
		forms[registry.FormID{Kind: f.Kind, Era: f.Era}] = f
	}
}

// Parse decodes and checks one form description.
func Parse(b []byte) (*Form, error) {
	var f Form
	if err := json.Unmarshal([]byte(norm.NFC.String(string(b))), &f); err != nil {
		return nil, err
	}
	if _, err := registry.ParseKind(string(f.Kind)); err != nil {
		return nil, err
	}
	if _, err := registry.ParseEra(string(f.Era)); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, s := range f.Slots() {
		if s.Label == "" && !(s.Type == registry.TypeTick && len(s.Options) > 0) {
			return nil, fmt.Errorf("a slot has no label")
		}
		if !utf8.ValidString(s.Label) {
			return nil, fmt.Errorf("label %q is not UTF-8", s.Label)
		}
		if s.Key != "" && len(s.Keys) > 0 {
			return nil, fmt.Errorf("slot %q has both key and keys", s.Label)
		}
		if len(s.Keys) > 0 && len(s.Types) != len(s.Keys) {
			return nil, fmt.Errorf("slot %q: keys and types differ in length", s.Label)
		}
		for _, k := range s.FieldKeys() {
			if seen[k] {
				return nil, fmt.Errorf("key %s appears twice", k)
			}
			seen[k] = true
		}
	}
	return &f, nil
}

// Get returns the form of the given kind and era, or nil.
func Get(kind registry.Kind, era registry.Era) *Form {
	return forms[registry.FormID{Kind: kind, Era: era}]
}

// All returns every known form, sorted by kind then era.
func All() []*Form {
	var out []*Form
	for _, f := range forms {
		out = append(out, f)
	}
	order := map[registry.Kind]int{}
	for i, k := range registry.Kinds {
		order[k] = i
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return order[out[i].Kind] < order[out[j].Kind]
		}
		return out[i].Era < out[j].Era
	})
	return out
}

// ID returns the form's kind and era.
func (f *Form) ID() registry.FormID { return registry.FormID{Kind: f.Kind, Era: f.Era} }

// Slots returns every slot of the form in reading order: header, lines,
// side column.
func (f *Form) Slots() []Slot {
	var out []Slot
	out = append(out, f.Header...)
	for _, l := range f.Lines {
		out = append(out, l.Slots...)
	}
	out = append(out, f.Side...)
	return out
}

// Fields returns every field of the form in page order, with the section
// each sits under. It is the key list of shared/spec/ledgers.md.
func (f *Form) Fields() []FieldSpec {
	var out []FieldSpec
	add := func(s Slot, section string) {
		if s.Key != "" {
			out = append(out, FieldSpec{Key: s.Key, Label: s.Label, Section: section, Type: s.Type, Optional: s.Optional})
		}
		for i, k := range s.Keys {
			out = append(out, FieldSpec{Key: k, Label: s.Label, Section: section, Type: s.Types[i], Optional: s.Optional})
		}
	}
	for _, s := range f.Header {
		add(s, "")
	}
	section := ""
	for _, l := range f.Lines {
		if l.Section != "" {
			section = strings.TrimSpace(l.Section)
		}
		for _, s := range l.Slots {
			add(s, section)
		}
	}
	for _, s := range f.Side {
		add(s, "")
	}
	return out
}

// Keys returns the form's field keys in page order.
func (f *Form) Keys() []string {
	var out []string
	for _, fs := range f.Fields() {
		out = append(out, fs.Key)
	}
	return out
}

// Field returns the spec of the field with the given key.
func (f *Form) Field(key string) (FieldSpec, bool) {
	for _, fs := range f.Fields() {
		if fs.Key == key {
			return fs, true
		}
	}
	return FieldSpec{}, false
}
