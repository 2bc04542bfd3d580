package synth

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"

	"github.com/civreg/civreg/registry"
)

// VietnameseSample holds every letter a Vietnamese register page can need:
// the base letters with their precomposed tone marks, both cases. A font is
// used only if it has a glyph for each.
const VietnameseSample = "aăâbcdđeêghiklmnoôơpqrstuưvxy" +
	"áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ" +
	"AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY" +
	"ÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ" +
	"0123456789.,:;/()-'"

// FontDirs are searched, in order, for the font files below. CIVREG_FONTS
// (a list of directories, separated like PATH) is searched first.
var FontDirs = []string{"/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts"}

// fontRole says what a font may be used for on a page.
type fontRole int

const (
	roleLabel fontRole = iota // printed labels: Times-like serif
	roleValue                 // typed values: any face
)

// fontSpec names one candidate: the regular file, its bold partner (labels
// need one for headings), and its style class.
type fontSpec struct {
	File, Bold string
	Class      string // serif, sans, mono, italic
	Role       fontRole
}

// heldOutCandidates are faces no calibration or tuning page is drawn
// with: sans-serif and display labels, obliques, bold and narrow values.
// Pages drawn with them (PageOptions.HeldOut) measure the reader on
// typefaces it was never fitted to.
var heldOutCandidates = []fontSpec{
	{"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "sans", roleLabel},
	{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "sans", roleLabel},
	{"NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "sans", roleLabel},
	{"FreeSans.ttf", "FreeSansBold.ttf", "sans", roleLabel},
	{"LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf", "sans", roleLabel},
	{"NotoSerifDisplay-Regular.ttf", "NotoSerifDisplay-Bold.ttf", "serif", roleLabel},
	{"DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf", "serif", roleLabel},
	{"NotoSerifDisplay-Regular.ttf", "", "serif", roleValue},
	{"NotoSansDisplay-Regular.ttf", "", "sans", roleValue},
	{"LiberationSerif-Bold.ttf", "", "serif", roleValue},
	{"DejaVuSans-Bold.ttf", "", "sans", roleValue},
	{"FreeSerifBold.ttf", "", "serif", roleValue},
	{"LiberationMono-Bold.ttf", "", "mono", roleValue},
	{"NotoSans-Italic.ttf", "", "italic", roleValue},
	{"DejaVuSans-Oblique.ttf", "", "italic", roleValue},
	{"FreeSansOblique.ttf", "", "italic", roleValue},
	{"LiberationSansNarrow-Italic.ttf", "", "italic", roleValue},
	{"DejaVuSerifCondensed-Italic.ttf", "", "italic", roleValue},
	{"LiberationSerif-BoldItalic.ttf", "", "italic", roleValue},
}

// fontCandidates are the faces a page may use. The packages are
// fonts-liberation, fonts-dejavu-core, fonts-freefont-ttf and fonts-noto-core.
var fontCandidates = []fontSpec{
	{"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "serif", roleLabel},
	{"FreeSerif.ttf", "FreeSerifBold.ttf", "serif", roleLabel},
	{"DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "serif", roleLabel},
	{"NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "serif", roleLabel},
	{"LiberationSerif-Regular.ttf", "", "serif", roleValue},
	{"FreeSerif.ttf", "", "serif", roleValue},
	{"DejaVuSerif.ttf", "", "serif", roleValue},
	{"DejaVuSerifCondensed.ttf", "", "serif", roleValue},
	{"NotoSerif-Regular.ttf", "", "serif", roleValue},
	{"LiberationSans-Regular.ttf", "", "sans", roleValue},
	{"LiberationSansNarrow-Regular.ttf", "", "sans", roleValue},
	{"DejaVuSans.ttf", "", "sans", roleValue},
	{"DejaVuSansCondensed.ttf", "", "sans", roleValue},
	{"FreeSans.ttf", "", "sans", roleValue},
	{"NotoSans-Regular.ttf", "", "sans", roleValue},
	{"LiberationMono-Regular.ttf", "", "mono", roleValue},
	{"DejaVuSansMono.ttf", "", "mono", roleValue},
	{"FreeMono.ttf", "", "mono", roleValue},
	{"LiberationSerif-Italic.ttf", "", "italic", roleValue},
	{"DejaVuSerif-Italic.ttf", "", "italic", roleValue},
	{"FreeSerifItalic.ttf", "", "italic", roleValue},
	{"NotoSerif-Italic.ttf", "", "italic", roleValue},
	{"LiberationSans-Italic.ttf", "", "italic", roleValue},
}

// Font is one usable face: parsed, and checked to cover Vietnamese.
type Font struct {
	Name  string // file name
	Path  string
	Class string
	f     *opentype.Font
	bold  *opentype.Font // nil for value faces
}

// face returns a face of the given pixel size. Faces hold caches and are
// not safe for concurrent use: each page makes its own.
func (fo *Font) face(px float64, bold bool) font.Face {
	f := fo.f
	if bold && fo.bold != nil {
		f = fo.bold
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err) // cannot happen for a font that parsed and covers the sample
	}
	return fc
}

// fontSet is the usable faces of one list of candidates.
type fontSet struct {
	once           sync.Once
	candidates     []fontSpec
	labels, values []*Font
	err            error
}

var (
	tuningFonts  = &fontSet{candidates: fontCandidates}
	heldOutFonts = &fontSet{candidates: heldOutCandidates}
)

// Fonts returns the label and value faces found on this machine, or an
// error naming the packages to install when none is usable.
func Fonts() (labels, values []*Font, err error) { return tuningFonts.get() }

// HeldOutFonts returns the held-out faces found on this machine (see
// heldOutCandidates).
func HeldOutFonts() (labels, values []*Font, err error) { return heldOutFonts.get() }

// fontsFor returns the faces pages are drawn with.
func fontsFor(heldOut bool) (labels, values []*Font, err error) {
	if heldOut {
		return HeldOutFonts()
	}
	return Fonts()
}

func (s *fontSet) get() (labels, values []*Font, err error) {
	s.once.Do(s.load)
	return s.labels, s.values, s.err
}

func (s *fontSet) load() {
	index := indexFontFiles(s.candidates)
	parsed := map[string]*opentype.Font{}
	get := func(name string) *opentype.Font {
		if f, ok := parsed[name]; ok {
			return f
		}
		path, ok := index[name]
		if !ok {
			parsed[name] = nil
			return nil
		}
		b, err := os.ReadFile(path)
		var f *opentype.Font
		if err == nil {
			f, err = opentype.Parse(b)
		}
		if err != nil || Missing(f, VietnameseSample) != "" {
			f = nil
		}
		parsed[name] = f
		return f
	}
	for _, c := range s.candidates {
		f := get(c.File)
		if f == nil {
			continue
		}
		fo := &Font{Name: c.File, Path: index[c.File], Class: c.Class, f: f}
		if c.Role == roleLabel {
			if fo.bold = get(c.Bold); fo.bold == nil {
				continue
			}
			s.labels = append(s.labels, fo)
		} else {
			s.values = append(s.values, fo)
		}
	}
	if len(s.labels) == 0 || len(s.values) == 0 {
		s.err = registry.Errorf(registry.EUNSUPPORTED,
			"no serif font covering Vietnamese found under %s: install fonts-liberation (or fonts-dejavu-core, fonts-freefont-ttf, fonts-noto-core)",
			strings.Join(searchDirs(), ", "))
	}
}

func searchDirs() []string {
	var dirs []string
	if env := os.Getenv("CIVREG_FONTS"); env != "" {
		dirs = append(dirs, filepath.SplitList(env)...)
	}
	return append(dirs, FontDirs...)
}

// indexFontFiles maps a candidate font file's base name to the first path
// found.
func indexFontFiles(candidates []fontSpec) map[string]string {
	want := map[string]bool{}
	for _, c := range candidates {
		want[c.File] = true
		if c.Bold != "" {
			want[c.Bold] = true
		}
	}
	found := map[string]string{}
	for _, dir := range searchDirs() {
		var paths []string
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable directories are skipped: fonts elsewhere may do
			}
			if !d.IsDir() && want[d.Name()] {
				paths = append(paths, p)
			}
			return nil
		})
		sort.Strings(paths)
		for _, p := range paths {
			if _, ok := found[filepath.Base(p)]; !ok {
				found[filepath.Base(p)] = p
			}
		}
	}
	return found
}

// Missing returns the runes of s that f has no glyph for, or "".
func Missing(f *opentype.Font, s string) string {
	var buf sfnt.Buffer
	var out []rune
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			out = append(out, r)
		}
	}
	return string(out)
}

// String describes the font for logs.
func (fo *Font) String() string { return fmt.Sprintf("%s (%s)", fo.Name, fo.Class) }
