package synth

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

// An edition is another printing of a form: the same fields with the same
// meaning, laid out and worded as another province's printer or another
// year's circular did. It changes only what is drawn; the reader's layout
// files (internal/form/forms) do not describe it, and the truth stays the
// canonical form's keys and values. Editions are data: data/editions.json.
//
// Editions come in two families: "tuned" ones may be looked at while the
// reader is tuned; "held-out" ones are never used for tuning or
// calibration, so that pages drawn with them measure the reader as an
// outsider's pages would.

// Edition families and the name of the layout the form files describe.
const (
	FamilyTuned    = "tuned"
	FamilyHeldOut  = "held-out"
	EditionDefault = "canonical"
)

// Edition is one printing of the forms.
type Edition struct {
	Name   string `json:"name"`
	Family string `json:"family"`
	Note   string `json:"note,omitempty"`
	// Forms limits the edition to these forms ("KS-A"); empty is all.
	Forms []string `json:"forms,omitempty"`
	// Swap prints the two blanks of a line in the other order.
	Swap bool `json:"swap,omitempty"`
	// Split prints each blank of a two-blank line on a line of its own.
	Split bool `json:"split,omitempty"`
	// Join prints two consecutive one-blank lines of short values on one
	// line.
	Join bool `json:"join,omitempty"`
	// LabelAbove lists value types (or field keys) whose label stands alone
	// on its line, the value written on the line under it.
	LabelAbove []string `json:"label_above,omitempty"`
	// Indent moves every label right of the entry area's edge (pixels at
	// 300 dpi); LabelGap widens the space between a label and its blank.
	Indent   float64 `json:"indent,omitempty"`
	LabelGap float64 `json:"label_gap,omitempty"`
	// Labels rewrites labels (each pair: the text printed by the form
	// files, the edition's); NoColon drops the final colon of the labels
	// of these value types ("*": all).
	Labels  [][2]string `json:"labels,omitempty"`
	NoColon []string    `json:"no_colon,omitempty"`
	// Sections rewrites section headings; SectionCase "upper" prints them
	// in capitals.
	Sections    [][2]string `json:"sections,omitempty"`
	SectionCase string      `json:"section_case,omitempty"`
	// Signature rewrites the block under the fields.
	Signature *SignatureEdition `json:"signature,omitempty"`
	// Remark prints the "Ghi chú" column otherwise.
	Remark *RemarkEdition `json:"remark,omitempty"`
}

// SignatureEdition is another signature block.
type SignatureEdition struct {
	// Captions rewrites the captions (all forms).
	Captions [][2]string `json:"captions,omitempty"`
	// Columns, for forms other than marriage, replaces the registrar's
	// stacked captions by columns side by side, each signed: the person
	// who came to register, then the registrar (last).
	Columns [][]string `json:"columns,omitempty"`
}

// RemarkEdition is another "Ghi chú" column.
type RemarkEdition struct {
	Label  string  `json:"label,omitempty"`  // the column's heading
	Column float64 `json:"column,omitempty"` // where its rule is, as a part of the frame's width
	Centre bool    `json:"centre,omitempty"` // heading centred over the column
}

//go:embed data/editions.json
var editionsJSON []byte

// Editions are every edition of data/editions.json, in file order.
var Editions = mustEditions(editionsJSON)

func mustEditions(b []byte) []Edition {
	var doc struct {
		Editions []Edition `json:"editions"`
	}
	if err := json.Unmarshal([]byte(norm.NFC.String(string(b))), &doc); err != nil {
		panic(fmt.Sprintf("editions.json: %v", err))
	}
	seen := map[string]bool{EditionDefault: true, FamilyTuned: true, FamilyHeldOut: true}
	for _, e := range doc.Editions {
		if seen[e.Name] || e.Name == "" {
			panic(fmt.Sprintf("editions.json: edition name %q is empty or used twice", e.Name))
		}
		seen[e.Name] = true
		if e.Family != FamilyTuned && e.Family != FamilyHeldOut {
			panic(fmt.Sprintf("editions.json: %s: family %q (want tuned or held-out)", e.Name, e.Family))
		}
	}
	return doc.Editions
}

// CheckEdition accepts an edition name, a family or "canonical".
func CheckEdition(s string) error {
	if s == "" || s == EditionDefault || s == FamilyTuned || s == FamilyHeldOut {
		return nil
	}
	for _, e := range Editions {
		if e.Name == s {
			return nil
		}
	}
	var names []string
	for _, e := range Editions {
		names = append(names, e.Name)
	}
	return registry.Errorf(registry.EINVALID, "unknown edition %q (want canonical, tuned, held-out or one of %s)", s, strings.Join(names, ", "))
}

// EditionFamily returns the family of an edition choice: "" for the
// canonical layout, tuned or held-out.
func EditionFamily(s string) string {
	switch s {
	case "", EditionDefault:
		return ""
	case FamilyTuned, FamilyHeldOut:
		return s
	}
	for _, e := range Editions {
		if e.Name == s {
			return e.Family
		}
	}
	return ""
}

// applies says whether the edition prints this form.
func (e *Edition) applies(f *form.Form) bool {
	return len(e.Forms) == 0 || slices.Contains(e.Forms, string(f.Kind)+"-"+string(f.Era))
}

// pickEdition chooses the page's edition: by name, or one of a family
// drawn per book (a book is printed in one edition). The tuned family
// includes the canonical layout. nil is the canonical layout.
func pickEdition(o PageOptions, f *form.Form) *Edition {
	choice := o.Edition
	if choice == "" && o.HeldOut {
		choice = FamilyHeldOut
	}
	if choice == "" || choice == EditionDefault {
		return nil
	}
	var pool []*Edition
	if choice == FamilyTuned {
		pool = append(pool, nil)
	}
	for i := range Editions {
		e := &Editions[i]
		if (e.Name == choice || e.Family == choice) && e.applies(f) {
			pool = append(pool, e)
		}
	}
	if len(pool) == 0 {
		return nil
	}
	r := stream(o.Seed, "edition", string(o.Kind), string(o.Era), choice)
	return pool[r.IntN(len(pool))]
}

// printed returns the form as the edition prints it: a copy, the
// canonical form untouched.
func (e *Edition) printed(f *form.Form) *form.Form {
	out := *f
	out.Lines = nil
	for _, l := range f.Lines {
		if l.Section != "" {
			out.Lines = append(out.Lines, form.Line{Section: e.section(l.Section)})
			continue
		}
		slots := slices.Clone(l.Slots)
		for i := range slots {
			slots[i].Label = e.label(slots[i])
		}
		if e.Swap && len(slots) == 2 && !continues(slots[1].Label) {
			slots[0], slots[1] = slots[1], slots[0]
		}
		if e.Split && len(slots) == 2 {
			out.Lines = append(out.Lines, form.Line{Slots: slots[:1]}, form.Line{Slots: slots[1:]})
			continue
		}
		out.Lines = append(out.Lines, form.Line{Slots: slots})
	}
	if e.Join {
		out.Lines = joinLines(out.Lines)
	}
	out.Lines = e.labelsAbove(out.Lines)
	out.Signature = e.captions(f)
	out.Side = slices.Clone(f.Side)
	for i, s := range out.Side {
		if s.Type == registry.TypeRemark && e.Remark != nil && e.Remark.Label != "" {
			out.Side[i].Label = e.Remark.Label
		}
	}
	return &out
}

// label is a slot's label as the edition prints it.
func (e *Edition) label(s form.Slot) string {
	l := s.Label
	for _, p := range e.Labels {
		l = strings.Replace(l, p[0], p[1], 1)
	}
	if slices.Contains(e.NoColon, "*") || slices.Contains(e.NoColon, string(s.Type)) {
		l = strings.TrimSuffix(l, ":")
	}
	return l
}

func (e *Edition) section(s string) string {
	for _, p := range e.Sections {
		s = strings.Replace(s, p[0], p[1], 1)
	}
	if e.SectionCase == "upper" {
		s = strings.ToUpper(s)
	}
	return s
}

// continues says whether a label goes on from the one before it ("ghi
// bằng chữ:" after "Ngày, tháng, năm sinh:"): its blank cannot come first.
func continues(label string) bool {
	r, _ := utf8.DecodeRuneInString(label)
	return unicode.IsLower(r)
}

// joinable says whether a line is one short blank that can share a line.
func joinable(l form.Line) bool {
	if len(l.Slots) != 1 {
		return false
	}
	s := l.Slots[0]
	switch s.Type {
	case registry.TypePlace, registry.TypeDateWords, registry.TypeText, registry.TypeSigner, registry.TypeCause, registry.TypeTitle:
		return false
	}
	return s.Key != "" && s.RunLines() == 1 && len(s.Parts) == 0
}

// joinLines prints pairs of consecutive short one-blank lines side by side.
func joinLines(lines []form.Line) []form.Line {
	var out []form.Line
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if i+1 < len(lines) && joinable(l) && joinable(lines[i+1]) &&
			utf8.RuneCountInString(l.Slots[0].Label+lines[i+1].Slots[0].Label) <= 32 {
			a, b := l.Slots[0], lines[i+1].Slots[0]
			a.Share, b.Share = 0.5, 0
			out = append(out, form.Line{Slots: []form.Slot{a, b}})
			i++
			continue
		}
		out = append(out, l)
	}
	return out
}

// labelsAbove puts the label of a one-blank line of a listed type alone
// on its line, as a printed caption with no blank, and the blank under it.
func (e *Edition) labelsAbove(lines []form.Line) []form.Line {
	if len(e.LabelAbove) == 0 {
		return lines
	}
	var out []form.Line
	for _, l := range lines {
		if len(l.Slots) != 1 || len(l.Slots[0].Parts) > 0 {
			out = append(out, l)
			continue
		}
		s := l.Slots[0]
		listed := slices.Contains(e.LabelAbove, string(s.Type)) ||
			slices.ContainsFunc(s.Types, func(t registry.ValueType) bool { return slices.Contains(e.LabelAbove, string(t)) }) ||
			slices.ContainsFunc(s.FieldKeys(), func(k string) bool { return slices.Contains(e.LabelAbove, k) })
		if !listed {
			out = append(out, l)
			continue
		}
		value := s
		value.Label = ""
		out = append(out, form.Line{Slots: []form.Slot{{Label: s.Label}}}, form.Line{Slots: []form.Slot{value}})
	}
	return out
}

// captions are the signature captions as the edition prints them.
func (e *Edition) captions(f *form.Form) []string {
	out := slices.Clone(f.Signature)
	if e.Signature == nil {
		return out
	}
	for i := range out {
		for _, p := range e.Signature.Captions {
			out[i] = strings.Replace(out[i], p[0], p[1], 1)
		}
	}
	return out
}

// columns are the signature block's side-by-side columns, or nil.
func (e *Edition) columns(f *form.Form) [][]string {
	if e == nil || e.Signature == nil || f.Kind == registry.Marriage {
		return nil
	}
	return e.Signature.Columns
}

// Hooks the page drawing calls; each is the canonical layout's on a nil
// edition, and none draws a random number, so that canonical pages stay
// the same bytes.

func (e *Edition) indent() float64 {
	if e == nil {
		return 0
	}
	return e.Indent
}

func (e *Edition) labelGap() float64 {
	if e == nil {
		return 0
	}
	return e.LabelGap
}

func (e *Edition) remarkCentre() bool { return e != nil && e.Remark != nil && e.Remark.Centre }

// name is the edition's name for the truth ("" for the canonical layout).
func (e *Edition) name() string {
	if e == nil {
		return ""
	}
	return e.Name
}

// place moves the "Ghi chú" column's rule where the edition prints it,
// keeping the entry area's margin to it.
func (e *Edition) place(p *pageDraw) {
	if e == nil || e.Remark == nil || e.Remark.Column == 0 {
		return
	}
	margin := p.colX - p.ex1
	p.colX = p.x0 + (p.x1-p.x0)*e.Remark.Column
	p.ex1 = p.colX - margin
}

func (e *Edition) family() string {
	if e == nil {
		return ""
	}
	return e.Family
}
