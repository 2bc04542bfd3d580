package form_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/testenv"
	"github.com/civreg/civreg/registry"
)

// The key table of shared/spec/ledgers.md is the contract: every form's key
// list must equal it, in page order.
func TestKeysMatchSpec(t *testing.T) {
	spec := filepath.Join("..", "..", "..", "shared", "spec", "ledgers.md")
	testenv.NeedFile(t, spec, "the spec beside the checkout (shared/spec/ledgers.md)")
	f, err := os.Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile(`^\| (KS|KH|KT|CMC) \| (A|B) \| (.*) \|$`)
	seen := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		seen++
		fm := form.Get(registry.Kind(m[1]), registry.Era(m[2]))
		if fm == nil {
			t.Errorf("no form for %s-%s", m[1], m[2])
			continue
		}
		want := strings.Split(m[3], ", ")
		got := fm.Keys()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s keys:\n got %v\nwant %v", fm.ID(), got, want)
		}
	}
	if seen != 8 {
		t.Fatalf("found %d rows of the key table in the spec, want 8", seen)
	}
}

func TestEveryFormLoads(t *testing.T) {
	if got := len(form.All()); got != 8 {
		t.Fatalf("got %d forms, want 8", got)
	}
	for _, f := range form.All() {
		for _, fs := range f.Fields() {
			if fs.Type == "" {
				t.Errorf("%s %s has no type", f.ID(), fs.Key)
			}
		}
	}
}

func TestParseRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"bad kind":   `{"kind":"XX","era":"A"}`,
		"dup key":    `{"kind":"KS","era":"A","header":[{"key":"so","label":"Số:","type":"number"},{"key":"so","label":"Số:","type":"number"}]}`,
		"no label":   `{"kind":"KS","era":"A","header":[{"key":"so","type":"number"}]}`,
		"keys/types": `{"kind":"KS","era":"A","lines":[{"slots":[{"keys":["a","b"],"types":["name"],"label":"x"}]}]}`,
	} {
		if _, err := form.Parse([]byte(doc)); err == nil {
			t.Errorf("%s: Parse accepted %s", name, doc)
		}
	}
}
