package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/internal/scan"
	"github.com/civreg/civreg/registry"
)

// trace writes every field's readings as scan routes them, one TSV line
// a field, so that an engineer can see why a value was accepted or sent
// to a person without a debugger: the page pass's text, the crop's
// re-reading, the confirming reading, the evidence and the decision.
type trace struct {
	mu sync.Mutex
	f  *os.File
	w  *bufio.Writer
}

var traceHeader = []string{"file", "page", "form", "field", "status", "reason", "confidence", "value",
	"page_text", "page_low", "again", "third", "mean", "low", "evidence", "note"}

func newTrace(path string) (*trace, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "--trace %s: %v", path, err)
	}
	t := &trace{f: f, w: bufio.NewWriter(f)}
	fmt.Fprintln(t.w, strings.Join(traceHeader, "\t"))
	return t, nil
}

// observe is scan.Options.Observe; workers call it concurrently.
func (t *trace) observe(o scan.Observation) {
	e := o.Evidence
	cells := []string{filepath.Base(o.Source.File), fmt.Sprint(o.Source.PageIndex), o.Form.String(), o.Key,
		string(o.Field.Status), string(o.Field.Reason), fmt.Sprintf("%.3f", o.Field.Confidence), o.Value,
		o.Page, fmt.Sprintf("%.0f", o.PageConf), o.Again, o.Third,
		fmt.Sprintf("%.0f", e.MeanConf), fmt.Sprintf("%.0f", e.MinConf), evidenceFlags(e), o.Field.Note}
	for i, c := range cells {
		cells[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(c)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintln(t.w, strings.Join(cells, "\t"))
}

// evidenceFlags lists the evidence that is set, in words an engineer
// greps for.
func evidenceFlags(e route.Evidence) string {
	var f []string
	for _, x := range []struct {
		on   bool
		name string
	}{{!e.Located, "not-located"}, {e.Blank, "blank"}, {!e.Valid && !e.Blank, "invalid"}, {e.Agree, "agree"},
		{e.Disputed, "disputed"}, {e.Mended, "mended"}, {e.Stray, "stray"}, {e.Cut, "cut"}, {e.Noted, "noted"}} {
		if x.on {
			f = append(f, x.name)
		}
	}
	if len(e.RuleFail) > 0 {
		f = append(f, "rules-failed:"+strings.Join(e.RuleFail, ","))
	}
	if e.Seen > 0 {
		f = append(f, fmt.Sprintf("seen:%d", e.Seen))
	}
	return strings.Join(f, " ")
}

func (t *trace) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.w.Flush(); err != nil {
		t.f.Close()
		return err
	}
	return t.f.Close()
}
