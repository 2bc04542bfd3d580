package form

import (
	_ "embed"
	"strings"
)

//go:embed captions.txt
var captionsTXT string

// Printed returns the printed text of every known form that is not a value:
// labels (with their aliases), section headings and header labels as
// labels; signature captions of these forms and of other editions
// (captions.txt) as captions. Single words ("ngày", "Trang") are left out
// of labels: they are words values use too.
func Printed() (labels, captions []string) {
	for _, f := range All() {
		for _, s := range f.Header {
			labels = appendLabel(labels, s)
		}
		for _, l := range f.Lines {
			if l.Section != "" {
				labels = append(labels, l.Section)
			}
			for _, s := range l.Slots {
				labels = appendLabel(labels, s)
			}
		}
		for _, s := range f.Side {
			labels = appendLabel(labels, s)
		}
		captions = append(captions, f.Signature...)
	}
	for _, line := range strings.Split(captionsTXT, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			captions = append(captions, line)
		}
	}
	return labels, captions
}

func appendLabel(out []string, s Slot) []string {
	for _, l := range append([]string{s.Label}, s.Aliases...) {
		if len(strings.Fields(l)) >= 2 || strings.HasSuffix(l, ":") && len([]rune(l)) > 4 {
			out = append(out, l)
		}
	}
	return out
}
