package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/civreg/civreg/internal/normalize"
)

// reform is the day the 2025 commune-level units of Ho Chi Minh City took
// effect: registrations from then on use the new names, without districts.
var reform = date(2025, 7, 1)

// unitRef is one commune-level unit as a page names it.
type unitRef struct {
	Name     string // "Phường Bến Nghé", "Xã Bình Hưng"
	District string // "" for the new units and where the table has none
	Province string // "Thành phố Hồ Chí Minh", "Tỉnh Bình Dương", …
	New      bool
}

var (
	unitsOnce sync.Once
	oldUnits  []unitRef
	newUnits  []unitRef
)

// loadUnits derives the old and new units, once each, in table order.
func loadUnits() {
	seenOld, seenNew := map[string]bool{}, map[string]bool{}
	for _, u := range normalize.Units() {
		if !seenOld[u.OldCode] && u.OldName != "" {
			seenOld[u.OldCode] = true
			oldUnits = append(oldUnits, unitRef{Name: u.OldName, District: u.OldDistrict, Province: u.OldProvince})
		}
		if !seenNew[u.NewCode] && u.NewName != "" {
			seenNew[u.NewCode] = true
			newUnits = append(newUnits, unitRef{Name: u.NewName, Province: "Thành phố Hồ Chí Minh", New: true})
		}
	}
}

// pickUnit draws a unit as named at time t: HCMC mostly; the districts that
// became Thủ Đức city in 2021 are left out before then rather than named
// anachronistically.
func pickUnit(r *rand.Rand, t time.Time) unitRef {
	unitsOnce.Do(loadUnits)
	if !t.Before(reform) {
		return newUnits[r.IntN(len(newUnits))]
	}
	for {
		u := oldUnits[r.IntN(len(oldUnits))]
		if u.Province != "Thành phố Hồ Chí Minh" && r.Float64() < 0.7 {
			continue // keep the merged provinces a minority
		}
		if u.District == "Thành phố Thủ Đức" && t.Year() < 2021 {
			continue
		}
		if u.Province == "Tỉnh Bình Dương" && t.Year() < 1997 {
			continue // Sông Bé then
		}
		return u
	}
}

// placeStyle is how one page writes places: it stays the same on a page,
// as one clerk or one program wrote it.
type placeStyle struct {
	Sep      string // between units
	Abbrev   bool   // "P. Bến Nghé, Q.1"
	Province string // how HCMC is written
	Lower    bool   // "phường Bến Nghé"
}

func newPlaceStyle(r *rand.Rand) placeStyle {
	st := placeStyle{Sep: ", "}
	if r.Float64() < 0.2 {
		st.Sep = " - "
	}
	st.Abbrev = r.Float64() < 0.15
	st.Lower = r.Float64() < 0.15
	hcmc := []string{"Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.HCM", "TP Hồ Chí Minh", "Tp. Hồ Chí Minh"}
	st.Province = hcmc[r.IntN(len(hcmc))]
	return st
}

// unitText writes the unit and its district and province.
func (st placeStyle) unitText(r *rand.Rand, u unitRef, withProvince bool) string {
	name, district := u.Name, u.District
	if st.Abbrev {
		name = abbrevUnit(name)
		district = abbrevUnit(district)
	} else if st.Lower {
		name = lowerFirstWord(name)
	}
	parts := []string{name}
	if district != "" {
		parts = append(parts, district)
	}
	if withProvince {
		prov := u.Province
		if prov == "Thành phố Hồ Chí Minh" {
			prov = st.Province
		} else if r.Float64() < 0.4 {
			prov = strings.TrimPrefix(prov, "Tỉnh ")
		}
		if prov != "" { // the data gives "Huyện Côn Đảo" no province
			parts = append(parts, prov)
		}
	}
	return strings.Join(parts, st.Sep)
}

// abbrevUnit shortens "Phường 5" to "P.5" and "Quận Bình Thạnh" to "Q. Bình
// Thạnh" as clerks do.
func abbrevUnit(s string) string {
	for _, p := range [][2]string{{"Phường ", "P."}, {"Quận ", "Q."}, {"Huyện ", "H."}, {"Xã ", "X."}, {"Thị trấn ", "TT."}} {
		if strings.HasPrefix(s, p[0]) {
			rest := strings.TrimPrefix(s, p[0])
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				return p[1] + rest
			}
			return p[1] + " " + rest
		}
	}
	return s
}

func lowerFirstWord(s string) string {
	i := strings.IndexByte(s, ' ')
	if i < 0 {
		return s
	}
	w := s[:i]
	if w == "Phường" || w == "Xã" || w == "Quận" || w == "Huyện" {
		return strings.ToLower(w) + s[i:]
	}
	return s
}

// address draws a house address in the unit: street numbers in towns,
// hamlets (ấp) in communes.
func address(r *rand.Rand, u unitRef, long bool) string {
	if strings.HasPrefix(u.Name, "Xã") || strings.HasPrefix(u.Name, "Thị trấn") {
		s := fmt.Sprintf("Ấp %d", 1+r.IntN(9))
		if r.Float64() < 0.4 {
			s = fmt.Sprintf("Tổ %d, %s", 1+r.IntN(20), s)
		}
		if long {
			s = fmt.Sprintf("Số %d, Tổ %d, Ấp %d", 1+r.IntN(300), 1+r.IntN(20), 1+r.IntN(9))
		}
		return s
	}
	num := fmt.Sprint(1 + r.IntN(400))
	if r.Float64() < 0.35 {
		num += fmt.Sprintf("/%d", 1+r.IntN(60))
		if r.Float64() < 0.2 {
			num += string(rune('A' + r.IntN(4)))
		}
	}
	street := streets.pick(r).Text
	switch x := r.Float64(); {
	case long:
		return fmt.Sprintf("Số %s đường %s, Khu phố %d", num, street, 1+r.IntN(8))
	case x < 0.4:
		return fmt.Sprintf("%s %s", num, street)
	case x < 0.75:
		return fmt.Sprintf("Số %s đường %s", num, street)
	default:
		return fmt.Sprintf("%s đường %s", num, street)
	}
}

// residence draws a place of residence as written at time t.
func residence(r *rand.Rand, st placeStyle, t time.Time, long bool) string {
	u := pickUnit(r, t)
	return address(r, u, long) + st.Sep + st.unitText(r, u, true)
}

// homeTown draws a quê quán: a province, or a unit of the city.
func homeTown(r *rand.Rand, st placeStyle, t time.Time) string {
	switch x := r.Float64(); {
	case x < 0.45:
		p := provinces.pick(r).Text
		if r.Float64() < 0.5 {
			if p == "Hà Nội" || p == "Hải Phòng" || p == "Đà Nẵng" || p == "Cần Thơ" {
				return "Thành phố " + p
			}
			return "Tỉnh " + p
		}
		return p
	case x < 0.65:
		return st.Province
	default:
		return st.unitText(r, pickUnit(r, t), true)
	}
}

// hospital draws a hospital or other place of birth care.
func hospital(r *rand.Rand, st placeStyle, t time.Time) string {
	h := hospitals.pick(r).Text
	if h == "Trạm Y tế phường" {
		u := pickUnit(r, t)
		return "Trạm Y tế " + lowerFirstWord(u.Name) + st.Sep + st.unitText(r, unitRef{Name: u.District, Province: u.Province}, true)
	}
	if r.Float64() < 0.4 {
		h += st.Sep + st.Province
	}
	return h
}

// office names the registering office of unit u: "UBND phường Bến Nghé",
// "UBND Phường 5, Quận 3".
func office(u unitRef) string {
	name := lowerFirstWord(u.Name)
	if strings.HasPrefix(name, "Thị trấn") {
		name = "thị trấn" + strings.TrimPrefix(name, "Thị trấn")
	}
	if rest := strings.TrimPrefix(u.Name, "Phường "); rest != u.Name && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		// A numbered ward is named with its district.
		name = u.Name
		if u.District != "" {
			name += ", " + u.District
		}
	}
	return "UBND " + name
}
