package moj

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/registry"
)

//go:embed template.json
var templateJSON []byte

// template is the national import template, as template.json describes it.
type template struct {
	Sheet    string                       `json:"sheet"`
	Head     map[registry.Kind][]string   `json:"head"`
	Time     map[string]string            `json:"time"`
	Codes    map[string]map[string]string `json:"codes"`
	Required map[registry.Kind][]string   `json:"required"`
}

var tmpl = func() *template {
	var t template
	if err := json.Unmarshal(templateJSON, &t); err != nil {
		panic(fmt.Sprintf("moj: template.json: %v", err))
	}
	return &t
}()

// Column is one column of a kind's import sheet.
type Column struct {
	Name string // the template's name for it, the header cell
	// Key is the field key the value is read from: a field of the record,
	// or quyenSo and noiDangKy, the record's book and office. Empty for a
	// column of the template that no page prints: it stays empty.
	Key  string
	Type registry.ValueType // the field's type on the forms, "" if none prints it
	// Time marks the column that holds the time of day of Key's date and
	// time (of death); Key's own column holds the date.
	Time bool
}

// Columns returns the columns of a kind's sheet: the template's head, then
// every key the kind's forms print (both eras, in page order) that no
// column took, a time column right after the date it splits.
func Columns(kind registry.Kind) []Column {
	types := map[string]registry.ValueType{}
	var printed []string
	for _, era := range registry.Eras {
		if f := form.Get(kind, era); f != nil {
			for _, fs := range f.Fields() {
				if _, ok := types[fs.Key]; !ok {
					printed = append(printed, fs.Key)
				}
				types[fs.Key] = fs.Type
			}
		}
	}
	var cols []Column
	taken := map[string]bool{}
	add := func(name, key string) {
		taken[key] = true
		c := Column{Name: name, Key: key, Type: types[key]}
		if _, printed := types[key]; !printed && key != "quyenSo" && key != "noiDangKy" {
			c.Key = ""
		}
		cols = append(cols, c)
		for tc, from := range tmpl.Time {
			if from == key {
				cols = append(cols, Column{Name: tc, Key: key, Type: types[key], Time: true})
			}
		}
	}
	for _, h := range tmpl.Head[kind] {
		name, key, ok := strings.Cut(h, "<-")
		if !ok {
			key = name
		}
		add(name, key)
	}
	for _, k := range printed {
		if !taken[k] {
			add(k, k)
		}
	}
	return cols
}

// required returns the fields a row of kind cannot leave without; each is
// one key or several separated by "|", any of which will do.
func required(kind registry.Kind) [][]string {
	var out [][]string
	for _, r := range tmpl.Required[kind] {
		out = append(out, strings.Split(r, "|"))
	}
	return out
}
