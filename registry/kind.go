package registry

import "fmt"

// Kind is the kind of register book a page comes from.
type Kind string

// The four kinds of register book.
const (
	Birth       Kind = "KS"  // Sổ đăng ký khai sinh
	Marriage    Kind = "KH"  // Sổ đăng ký kết hôn
	Death       Kind = "KT"  // Sổ đăng ký khai tử
	Recognition Kind = "CMC" // Sổ đăng ký nhận cha, mẹ, con
)

// Kinds lists every kind in a stable order.
var Kinds = []Kind{Birth, Marriage, Death, Recognition}

// ParseKind returns the kind named by s ("KS", "KH", "KT", "CMC"), or an
// EINVALID error.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "unknown book kind %q (want KS, KH, KT or CMC)", s)
}

// Title returns the Vietnamese name of the book kind.
func (k Kind) Title() string {
	switch k {
	case Birth:
		return "Sổ đăng ký khai sinh"
	case Marriage:
		return "Sổ đăng ký kết hôn"
	case Death:
		return "Sổ đăng ký khai tử"
	case Recognition:
		return "Sổ đăng ký nhận cha, mẹ, con"
	}
	return string(k)
}

// Era is the generation of the printed form.
type Era string

// The two eras of printed form.
const (
	EraA Era = "A" // books before 2016, values mostly handwritten
	EraB Era = "B" // 2016 on (circulars 15/2015, 04/2020), values mostly printed
)

// Eras lists both eras.
var Eras = []Era{EraA, EraB}

// ParseEra returns the era named by s ("A" or "B"), or an EINVALID error.
func ParseEra(s string) (Era, error) {
	switch s {
	case "A":
		return EraA, nil
	case "B":
		return EraB, nil
	}
	return "", Errorf(EINVALID, "unknown form era %q (want A or B)", s)
}

// FormID names one printed form: a kind in an era, such as "KS-A".
type FormID struct {
	Kind Kind
	Era  Era
}

// String returns the form's name, such as "KS-A".
func (f FormID) String() string { return fmt.Sprintf("%s-%s", f.Kind, f.Era) }
