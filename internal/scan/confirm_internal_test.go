package scan

import (
	"image"
	"testing"

	"github.com/civreg/civreg/internal/locate"
	"github.com/civreg/civreg/internal/route"
	"github.com/civreg/civreg/ocr"
	"github.com/civreg/civreg/registry"
)

// textEngine reads every crop as the same text.
type textEngine struct {
	text  string
	reads int
}

func (e *textEngine) Words(image.Image, ocr.Mode) ([]ocr.Word, error) { return nil, nil }
func (e *textEngine) Close() error                                    { return nil }
func (e *textEngine) Text(image.Image, ocr.Mode, string) (string, float64, error) {
	e.reads++
	return e.text, 95, nil
}

// A value the page's model and the crop's second model read alike, or the
// second's reading that replaced the page's, is read a third time by the
// confirming model; a third value disputes it. The held-out Didot "5.1.2016"
// read "3.1.2016" by the crop's English model, which won over the page's
// "9.1.2016"; the Vietnamese model on the crop read "9.1.2016" again.
func TestConfirmDisputes(t *testing.T) {
	pol, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	if pol.ConfirmModelFor(registry.TypeDate) == "" {
		t.Fatal("policy.json names no confirming model for dates")
	}
	for _, tc := range []struct {
		name                    string
		typ                     registry.ValueType
		page, second, third     string
		wantRaw                 string
		wantAgree, wantDisputed bool
	}{
		{"all three agree", registry.TypeDate, "5.1.2016", "5.1.2016", "5.1.2016", "5.1.2016", true, false},
		{"third disputes two that agree", registry.TypeDate, "3.1.2016", "3.1.2016", "9.1.2016", "3.1.2016", true, true},
		{"third disputes the second that won", registry.TypePersonalID, "079190808964", "079190808904", "079190808964", "079190808904", false, true},
		{"third reads nothing", registry.TypeDate, "3.1.2016", "3.1.2016", "", "3.1.2016", true, false},
		{"third unreadable", registry.TypeDate, "3.1.2016", "3.1.2016", "9/12016", "3.1.2016", true, false},
		// Two valid readings that differ need a third to side with the
		// one kept: held-out italic "03/01/2017" was read "29/01/2017" by
		// the crop's English model, and the Vietnamese read nothing.
		{"page overruled, third reads nothing", registry.TypeDate, "03/01/2017", "29/01/2017", "", "29/01/2017", false, true},
		{"page overruled, third unreadable", registry.TypeDate, "03/01/2017", "29/01/2017", "29/0112017", "29/01/2017", false, true},
		{"page overruled, third sides with the second", registry.TypeDate, "03/01/2017", "29/01/2017", "29/01/2017", "29/01/2017", false, false},
		{"page unreadable, third reads nothing", registry.TypeDate, "03/0", "03/01/2017", "", "03/01/2017", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			second := &textEngine{text: tc.second}
			third := &textEngine{text: tc.third}
			// The page's own engine is the confirming model's ("vie").
			w := &worker{o: &Options{Policy: &pol}, engine: third, models: map[string]Engine{pol.ModelFor(registry.TypeDate): second}}
			reg := &locate.Region{Found: true, Boxes: []image.Rectangle{image.Rect(0, 0, 200, 30)},
				Words: []locate.Word{{Text: tc.page, Conf: 97, Box: image.Rect(0, 0, 120, 30)}}}
			v := w.value(image.NewGray(image.Rect(0, 0, 200, 30)), reg, tc.typ)
			if v.raw != tc.wantRaw || v.agree != tc.wantAgree || v.disputed != tc.wantDisputed {
				t.Errorf("raw %q agree %t disputed %t (third %q), want %q %t %t", v.raw, v.agree, v.disputed, v.third, tc.wantRaw, tc.wantAgree, tc.wantDisputed)
			}
			if third.reads == 0 {
				t.Error("the confirming model never read the crop")
			}
		})
	}
}

// A valid page reading whose second reading read nothing is read by the
// confirming model instead; when nothing bears it out and the page pass
// was unsure, a person looks. On a fresh tuned page the English model read
// nothing on a clean italic "23/09/2020", and the page's "23/02/2020" at
// 57 was accepted at 0.998.
func TestUnconfirmed(t *testing.T) {
	pol, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	below := pol.UnconfirmedBelow(registry.TypeDate)
	if below <= 0 {
		t.Fatal("policy.json sets no unconfirmed_below for dates")
	}
	for _, tc := range []struct {
		name         string
		conf         float64
		third        string
		wantDisputed bool
		wantDoubt    bool
	}{
		{"unsure, nothing bears it out", below - 3, "", true, true},
		{"unsure, third unreadable", below - 3, "23/0", true, true},
		{"unsure, third agrees", below - 3, "23/02/2020", false, false},
		{"third reads another date", below + 30, "23/09/2020", true, false},
		{"sure, nothing bears it out", below + 30, "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			second := &textEngine{text: ""}
			third := &textEngine{text: tc.third}
			w := &worker{o: &Options{Policy: &pol}, engine: third, models: map[string]Engine{pol.ModelFor(registry.TypeDate): second}}
			reg := &locate.Region{Found: true, Boxes: []image.Rectangle{image.Rect(0, 0, 200, 30)},
				Words: []locate.Word{{Text: "23/02/2020", Conf: tc.conf, Box: image.Rect(0, 0, 120, 30)}}}
			v := w.value(image.NewGray(image.Rect(0, 0, 200, 30)), reg, registry.TypeDate)
			if v.raw != "23/02/2020" || v.disputed != tc.wantDisputed || (v.doubt != "") != tc.wantDoubt {
				t.Errorf("raw %q disputed %t doubt %q, want disputed %t, a doubt %t", v.raw, v.disputed, v.doubt, tc.wantDisputed, tc.wantDoubt)
			}
			if third.reads == 0 {
				t.Error("the confirming model never read the crop")
			}
		})
	}
}

// A date re-read as its year alone does not win over the page's whole
// date; the two disagree, so a person looks: an outside table's
// "19/10/1966" read again as "1955" had been accepted as 1955.
func TestYearAloneDoesNotWin(t *testing.T) {
	pol, err := route.DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		again        string
		wantDisputed bool
	}{{"1955", true}, {"19/10/1966", false}} {
		second, third := &textEngine{text: tc.again}, &textEngine{text: tc.again}
		w := &worker{o: &Options{Policy: &pol}, engine: third, models: map[string]Engine{pol.ModelFor(registry.TypeDate): second}}
		reg := &locate.Region{Found: true, Boxes: []image.Rectangle{image.Rect(0, 0, 200, 30)},
			Words: []locate.Word{{Text: "19/10/1966", Conf: 90, Box: image.Rect(0, 0, 120, 30)}}}
		v := w.value(image.NewGray(image.Rect(0, 0, 200, 30)), reg, registry.TypeDate)
		if v.raw != "19/10/1966" || v.disputed != tc.wantDisputed {
			t.Errorf("again %q: raw %q disputed %t, want 19/10/1966 %t", tc.again, v.raw, v.disputed, tc.wantDisputed)
		}
	}
}

// A date the second reading won with, whose day the page pass and the
// third reading both read otherwise, is disputed; a third reading that
// sides with the second, or says nothing of the day, is no dispute.
func TestOutvoted(t *testing.T) {
	for _, tc := range []struct {
		page, third, kept string
		want              bool
	}{
		{"2 tháng năm 2002", "2 tháng 1 năm 2902", "5 tháng 1 năm 2002", true},
		{"02/1/20O2", "2/1/2902", "05/01/2002", true},
		{"2 tháng năm 2002", "5 tháng 1 năm 2902", "5 tháng 1 năm 2002", false},
		{"tháng năm 2002", "", "5 tháng 1 năm 2002", false},
		{"5 tháng năm 2002", "5/1/290", "05/01/2002", false},
	} {
		if got := outvoted(tc.page, tc.third, tc.kept); got != tc.want {
			t.Errorf("outvoted(%q, %q, %q) = %v, want %v", tc.page, tc.third, tc.kept, got, tc.want)
		}
	}
}
