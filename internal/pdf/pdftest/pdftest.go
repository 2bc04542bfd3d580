// Package pdftest writes small PDFs by hand, for tests that need a PDF with
// a particular structure (an image of a given kind, no image at all, a
// broken object) that no PDF library would write on purpose.
package pdftest

import (
	"bytes"
	"fmt"
	"strings"
)

// Object is one object of a hand-built PDF: a dictionary, and stream data
// if the object is a stream (Build adds its /Length).
type Object struct {
	Dict   string
	Stream []byte
}

// Build writes a minimal PDF with a correct xref table, numbering the
// objects from 1 in order; object 1 must be the catalog.
func Build(objs []Object) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		if o.Stream != nil {
			d := strings.TrimSuffix(strings.TrimSpace(o.Dict), ">>")
			fmt.Fprintf(&b, "%s /Length %d >>\nstream\n", d, len(o.Stream))
			b.Write(o.Stream)
			b.WriteString("\nendstream\n")
		} else {
			b.WriteString(o.Dict + "\n")
		}
		b.WriteString("endobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
