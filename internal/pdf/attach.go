package pdf

import (
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/civreg/civreg/registry"
)

// Attachments returns the files embedded in the PDF read from r (the
// document's EmbeddedFiles name tree), by file name, each decoded. A file
// that decodes to more than maxBytes (all files together) is refused with ETOOLARGE before it is
// all in memory: a PDF handed in to be checked may be hostile. A PDF
// without embedded files gives an empty map.
func Attachments(r io.ReadSeeker, maxBytes int) (files map[string][]byte, err error) {
	d, err := Open(r)
	if err != nil {
		return nil, err
	}
	return d.Attachments(maxBytes)
}

// Attachments returns the files embedded in the document, as the function
// Attachments does.
func (d *Doc) Attachments(maxBytes int) (files map[string][]byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			files, err = nil, registry.Errorf(registry.EINVALID, "corrupt pdf: %s", oneLine(fmt.Sprint(p)))
		}
	}()
	xt := d.ctx.XRefTable
	if err := xt.LocateNameTree("EmbeddedFiles", false); err != nil {
		return nil, registry.Errorf(registry.EINVALID, "corrupt pdf: embedded files: %s", oneLine(err.Error()))
	}
	files = map[string][]byte{}
	tree := xt.Names["EmbeddedFiles"]
	if tree == nil {
		return files, nil
	}
	total := 0
	err = d.walkNames(tree.D, 0, func(o types.Object) error {
		name, data, err := d.embeddedFile(o, maxBytes-total)
		if err != nil {
			return err
		}
		if _, dup := files[name]; dup {
			return registry.Errorf(registry.EINVALID, "pdf embeds two files named %q", name)
		}
		files[name] = data
		total += len(data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// walkNames calls fn with the value of every entry of a name tree node and
// its kids, to maxDepth levels.
func (d *Doc) walkNames(node types.Dict, depth int, fn func(types.Object) error) error {
	if depth > maxDepth {
		return registry.Errorf(registry.EINVALID, "corrupt pdf: name tree nested too deep")
	}
	if o, ok := node.Find("Names"); ok {
		arr, err := d.ctx.DereferenceArray(o)
		if err != nil {
			return registry.Errorf(registry.EINVALID, "corrupt pdf: bad name tree: %s", oneLine(err.Error()))
		}
		for i := 1; i < len(arr); i += 2 {
			if err := fn(arr[i]); err != nil {
				return err
			}
		}
	}
	if o, ok := node.Find("Kids"); ok {
		kids, err := d.ctx.DereferenceArray(o)
		if err != nil {
			return registry.Errorf(registry.EINVALID, "corrupt pdf: bad name tree: %s", oneLine(err.Error()))
		}
		for _, k := range kids {
			kid, err := d.dict(k)
			if err != nil || kid == nil {
				return registry.Errorf(registry.EINVALID, "corrupt pdf: bad name tree kid")
			}
			if err := d.walkNames(kid, depth+1, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// embeddedFile reads one file specification: its name (UF, else F) and
// the decoded content of its EF/F stream.
func (d *Doc) embeddedFile(o types.Object, maxBytes int) (string, []byte, error) {
	xt := d.ctx.XRefTable
	spec, err := d.dict(o)
	if err != nil || spec == nil {
		return "", nil, registry.Errorf(registry.EINVALID, "corrupt pdf: bad file specification")
	}
	var name string
	for _, k := range []string{"UF", "F"} {
		if v, ok := spec.Find(k); ok {
			if name, err = xt.DereferenceStringOrHexLiteral(v, model.V10, nil); err != nil {
				return "", nil, registry.Errorf(registry.EINVALID, "corrupt pdf: file name: %s", oneLine(err.Error()))
			}
			if name != "" {
				break
			}
		}
	}
	ef, err := d.dict(spec["EF"])
	if err != nil || ef == nil {
		return "", nil, registry.Errorf(registry.EINVALID, "corrupt pdf: file %q has no embedded stream", name)
	}
	sd, _, err := xt.DereferenceStreamDict(ef["F"])
	if err != nil || sd == nil {
		return "", nil, registry.Errorf(registry.EINVALID, "corrupt pdf: file %q has no embedded stream", name)
	}
	if len(sd.Raw) > maxBytes && len(sd.FilterPipeline) == 0 {
		return "", nil, registry.Errorf(registry.ETOOLARGE, "embedded file %q is over %d bytes", name, maxBytes)
	}
	data, err := sd.DecodeLengthWithLimit(-1, int64(maxBytes)+1)
	if err != nil {
		return "", nil, registry.Errorf(registry.EINVALID, "embedded file %q cannot be decoded: %s", name, oneLine(err.Error()))
	}
	if len(data) > maxBytes {
		return "", nil, registry.Errorf(registry.ETOOLARGE, "embedded file %q is over %d bytes", name, maxBytes)
	}
	return name, data, nil
}
