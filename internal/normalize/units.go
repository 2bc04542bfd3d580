package normalize

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed data/hcmc-units-2025.tsv
var unitsTSV string

// Unit is one row of the 2025 administrative units table: a new
// commune-level unit of Ho Chi Minh City and one old unit it absorbed.
type Unit struct {
	NewCode      string // code of the 2025 unit
	NewName      string // "Phường Thủ Dầu Một"
	OldCode      string // code of the old unit
	OldName      string // "Phường Phú Cường"
	Full         bool   // the whole old unit went into the new one (else "partial")
	OldProvince  string // "Tỉnh Bình Dương", "Thành phố Hồ Chí Minh", …
	OldDistrict  string // "Quận 1", may be empty
	OldProvCode  string
	OldDistrCode string
}

var (
	unitsOnce sync.Once
	unitRows  []Unit
)

// Units returns every row of the 2025 units table, in file order.
func Units() []Unit {
	unitsOnce.Do(func() {
		lines := strings.Split(strings.TrimSpace(unitsTSV), "\n")
		for _, l := range lines[1:] {
			c := strings.Split(strings.TrimRight(l, "\r"), "\t")
			for len(c) < 9 {
				c = append(c, "")
			}
			unitRows = append(unitRows, Unit{
				NewCode: c[0], NewName: NFC(c[1]), OldCode: c[2], OldName: NFC(c[3]),
				Full: c[4] == "full", OldProvCode: c[5], OldProvince: NFC(c[6]),
				OldDistrCode: c[7], OldDistrict: NFC(c[8]),
			})
		}
	})
	return unitRows
}
