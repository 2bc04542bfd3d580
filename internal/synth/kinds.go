package synth

import (
	"fmt"
	"strings"
	"time"

	"github.com/civreg/civreg/registry"
)

// entryFacts are what the drawing needs to know beyond the fields.
type entryFacts struct {
	ReRegistered bool // a red "ĐĂNG KÝ LẠI" box belongs in Ghi chú
}

// fill draws every field of the book's kind (both eras' keys; the form
// decides which are printed).
func (g *entryGen) fill() entryFacts {
	switch g.book.Kind {
	case registry.Birth:
		return g.birth()
	case registry.Marriage:
		return g.marriage()
	case registry.Death:
		return g.death()
	default:
		return g.recognition()
	}
}

func (g *entryGen) birth() entryFacts {
	r, era := g.r, g.book.Era
	pLate, pRe := 0.12, 0.03
	if era == registry.EraB {
		pLate, pRe = 0.15, 0.1
	}
	l := g.lateness(pLate, pRe)
	born := g.eventBefore(l, 60)
	child := person{Sex: randSex(r), Birth: born, Province: "079"}
	mother := newPerson(r, female, yearsBefore(r, born, 18, 42), "")
	father := newPerson(r, male, yearsBefore(r, born, 20, 45), "")
	hasFather := r.Float64() > 0.08
	fam := father.Family
	if !hasFather {
		fam = mother.Family
	}
	child = newPerson(r, child.Sex, born, fam)
	if r.Float64() < 0.25 {
		child.Province = idProvince(r)
	}
	eth := ethnicity(r)
	father.Ethnicity, mother.Ethnicity = eth, eth
	if r.Float64() < 0.08 {
		mother.Ethnicity = ethnicity(r)
	}

	v := g.v
	v["nksHoTen"] = g.name(child)
	v["nksGioiTinh"] = g.sex(child.Sex)
	v["nksNgaySinh"] = g.fullDate(born)
	v["nksNgaySinhBangChu"] = g.words(born)
	switch x := r.Float64(); {
	case x < 0.7:
		v["nksNoiSinh"] = g.text(hospital(r, g.places, born))
	default:
		v["nksNoiSinh"] = g.residence(born)
	}
	v["nksDanToc"] = g.eth(eth)
	v["nksQuocTich"] = g.nationality()
	v["nksQueQuan"] = g.text(homeTown(r, g.places, g.reg))
	id := personalID(r, child)
	v["nksSoDinhDanh"] = typed(id, id)

	home := g.residence(g.reg)
	v["meHoTen"] = g.name(mother)
	v["meNamSinh"] = g.year(mother.Birth)
	v["meDanToc"] = g.eth(mother.Ethnicity)
	v["meQuocTich"] = g.nationality()
	v["meNoiCuTru"] = home
	if hasFather {
		v["chaHoTen"] = g.name(father)
		v["chaNamSinh"] = g.year(father.Birth)
		v["chaDanToc"] = g.eth(father.Ethnicity)
		v["chaQuocTich"] = g.nationality()
		v["chaNoiCuTru"] = home
		if r.Float64() < 0.2 {
			v["chaNoiCuTru"] = g.residence(g.reg)
		}
	} else {
		for _, k := range []string{"chaHoTen", "chaNamSinh", "chaDanToc", "chaQuocTich", "chaNoiCuTru"} {
			v[k] = blank
		}
	}

	rel := g.relation(registry.Birth)
	var nyc person
	switch {
	case rel == "Cha" && hasFather:
		nyc = father
	case rel == "Cha" || rel == "Mẹ":
		rel, nyc = "Mẹ", mother
	case rel == "Bản thân":
		// A late registration made by the person themself, as an adult.
		if g.reg.Sub(born) < 18*365*24*time.Hour {
			rel, nyc = "Mẹ", mother
		} else {
			nyc = child
		}
	default:
		sex := relationSex(rel)
		if sex == "" {
			sex = randSex(r)
		}
		nyc = newPerson(r, sex, yearsBefore(r, g.reg, 45, 80), "")
		if rel == "Ông nội" || rel == "Chú" || rel == "Bác" {
			nyc.Family = father.Family
		}
	}
	v["nycHoTen"] = g.name(nyc)
	v["nycQuanHe"] = g.text(rel)
	v["nycGiayToTuyThan"] = g.idDoc(nyc)
	g.regDate("ngayDangKy", g.reg)
	g.signerLine()
	v["loaiDangKy"] = g.text(l.box(registry.Birth))
	g.remark(0.12)
	return entryFacts{ReRegistered: l == reRegistered}
}

func (g *entryGen) marriage() entryFacts {
	r, era := g.r, g.book.Era
	l := onTime
	if era == registry.EraB && r.Float64() < 0.1 {
		l = reRegistered
	}
	wed := g.reg
	if l == reRegistered {
		wed = between(r, g.reg.AddDate(-30, 0, 0), g.reg.AddDate(-1, 0, 0))
	}
	// Legal ages with a margin, so that a year-only date also passes.
	husband := newPerson(r, male, yearsBefore(r, wed, 21, 40), "")
	if r.Float64() < 0.1 {
		husband.Birth = yearsBefore(r, wed, 40, 65)
	}
	wife := newPerson(r, female, yearsBefore(r, wed, 19, 36), "")
	eth := ethnicity(r)
	husband.Ethnicity, wife.Ethnicity = eth, eth
	if r.Float64() < 0.1 {
		wife.Ethnicity = ethnicity(r)
	}
	pYear := 0.1
	if era == registry.EraA {
		pYear = 0.55
	}
	v := g.v
	for _, sp := range []struct {
		pre string
		p   person
	}{{"chong", husband}, {"vo", wife}} {
		v[sp.pre+"HoTen"] = g.name(sp.p)
		v[sp.pre+"NgaySinh"] = g.birthDate(sp.p.Birth, pYear)
		v[sp.pre+"DanToc"] = g.eth(sp.p.Ethnicity)
		v[sp.pre+"QuocTich"] = g.nationality()
		v[sp.pre+"NoiCuTru"] = g.residence(g.reg)
		v[sp.pre+"SoGiayToTuyThan"] = g.oldID(sp.p, 0.35)
		v[sp.pre+"GiayToTuyThan"] = g.idDoc(sp.p)
	}
	g.regDate("ngayDangKy", g.reg)
	v["ngayXacNhanQuanHeHonNhan"] = blank
	// Couples living together before 3/1/1987 may have the start of that
	// life recognised.
	cutoff := date(1987, 1, 2)
	from := maxTime(husband.Birth.AddDate(20, 0, 0), wife.Birth.AddDate(18, 0, 0))
	if from.Before(cutoff) && r.Float64() < 0.3 {
		v["ngayXacNhanQuanHeHonNhan"] = g.fullDate(between(r, from, cutoff.AddDate(0, 0, -1)))
	}
	g.signerLine()
	v["loaiDangKy"] = g.text(l.box(registry.Marriage))
	g.remark(0.08)
	return entryFacts{ReRegistered: l == reRegistered}
}

func (g *entryGen) death() entryFacts {
	r, era := g.r, g.book.Era
	l := g.lateness(0.15, 0.04)
	died := g.eventBefore(l, 15)
	var age int
	switch x := r.Float64(); {
	case x < 0.7:
		age = 60 + r.IntN(36)
	case x < 0.9:
		age = 30 + r.IntN(30)
	default:
		age = 1 + r.IntN(29)
	}
	dead := newPerson(r, randSex(r), yearsBefore(r, died, age, age+1), "")
	dead.Ethnicity = ethnicity(r)
	pYear := 0.2
	if era == registry.EraA {
		pYear = 0.5
	}
	v := g.v
	v["nktHoTen"] = g.name(dead)
	v["nktGioiTinh"] = g.sex(dead.Sex)
	v["nktNgaySinh"] = g.birthDate(dead.Birth, pYear)
	v["nktDanToc"] = g.eth(dead.Ethnicity)
	v["nktQuocTich"] = g.nationality()
	home := g.residence(died)
	v["nktNoiCuTru"] = home
	v["nktSoGiayToTuyThan"] = g.oldID(dead, 0.5)
	v["nktGiayToTuyThan"] = g.idDoc(dead)
	if r.Float64() < 0.3 {
		v["nktGiayToTuyThan"] = blank
	}

	g.deathTime(died)
	issuer := g.placeOfDeath(home)
	v["nktNguyenNhanChet"] = g.text(causes.pick(r).Text)
	g.deathNotice(died, issuer)
	g.declarant(dead)
	g.regDate("ngayDangKy", g.reg)
	g.signerLine()
	v["loaiDangKy"] = g.text(l.box(registry.Death))
	g.remark(0.06)
	return entryFacts{ReRegistered: l == reRegistered}
}

// deathTime draws the time of death: "0h20' ngày 25/9/2010" and its
// variants.
func (g *entryGen) deathTime(died time.Time) {
	r, era, v := g.r, g.book.Era, g.v
	hh, mm := r.IntN(24), r.IntN(12)*5
	if r.Float64() < 0.4 {
		mm = r.IntN(60)
	}
	dd := g.fullDate(died)
	var t string
	switch x := r.Float64(); {
	case x < 0.08:
		v["nktNgayChet"] = typed(dd.Value, "ngày "+dd.Printed)
	case x < 0.35 && era == registry.EraA:
		t = fmt.Sprintf("%dh%02d' ngày %s", hh, mm, dd.Printed)
	case x < 0.6:
		t = fmt.Sprintf("%02d giờ %02d phút, ngày %s", hh, mm, dd.Printed)
	case x < 0.8:
		t = fmt.Sprintf("%d giờ %d phút ngày %s", hh, mm, dd.Printed)
	default:
		t = fmt.Sprintf("%d giờ %02d phút, ngày %d tháng %d năm %d", hh, mm, died.Day(), int(died.Month()), died.Year())
	}
	if t != "" {
		v["nktNgayChet"] = typed(fmt.Sprintf("%sT%02d:%02d", dd.Value, hh, mm), t)
	}
}

// placeOfDeath draws where the person died, a hospital or home, and returns
// who issued the death notice.
func (g *entryGen) placeOfDeath(home fieldValue) string {
	r, v := g.r, g.v
	atHospital := r.Float64() < 0.45
	var issuer string
	if atHospital {
		h := hospitals.pick(r).Text
		for !deathPlace(h) {
			h = hospitals.pick(r).Text
		}
		v["nktNoiChet"] = g.text(h)
		issuer = h
	} else {
		if r.Float64() < 0.5 {
			v["nktNoiChet"] = g.text("Tại nhà, " + home.Printed)
		} else {
			v["nktNoiChet"] = home
		}
		issuer = pick(r, "UBND %s", "Công an %s")(lowerFirstWord(g.book.Unit.Name))
	}
	return issuer
}

// deathNotice draws the death notice (giấy báo tử) issued after died.
func (g *entryGen) deathNotice(died time.Time, issuer string) {
	r, v := g.r, g.v
	issued := between(r, died, minTime(died.AddDate(0, 0, 5), g.reg))
	n := 1 + r.IntN(900)
	var num string
	switch x := r.Float64(); {
	case x < 0.4:
		num = fmt.Sprint(n)
	case x < 0.7:
		num = fmt.Sprintf("%d/GBT", n)
	case x < 0.85:
		num = fmt.Sprintf("%d/BV", n)
	default:
		num = fmt.Sprintf("%d/%d/GBT", n, issued.Year())
	}
	v["gbtSo"] = g.text(num)
	v["gbtCoQuanCap"] = g.text(issuer)
	v["gbtNgay"] = g.fullDate(issued)
	switch x := r.Float64(); {
	case x < 0.5:
		v["gbtPhanGhiVeGiayBaoTu"] = g.text(fmt.Sprintf("Giấy báo tử số %s ngày %s của %s", num, g.fullDate(issued).Printed, issuer))
	case x < 0.8:
		v["gbtPhanGhiVeGiayBaoTu"] = g.text("Giấy báo tử của " + issuer)
	default:
		v["gbtPhanGhiVeGiayBaoTu"] = g.text(fmt.Sprintf("Xác nhận của Ban điều hành khu phố %d ngày %s", 1+r.IntN(8), g.fullDate(issued).Printed))
	}
}

// declarant draws the person who declares the death, a relative of dead.
func (g *entryGen) declarant(dead person) {
	r, v := g.r, g.v
	rel := g.relation(registry.Death)
	sex := relationSex(rel)
	if sex == "" {
		sex = randSex(r)
	}
	var nycBirth time.Time
	switch rel {
	case "Cha", "Mẹ":
		nycBirth = yearsBefore(r, dead.Birth, 18, 40)
	case "Vợ", "Chồng", "Anh", "Chị", "Em":
		nycBirth = between(r, dead.Birth.AddDate(-8, 0, 0), minTime(dead.Birth.AddDate(10, 0, 0), g.reg.AddDate(-18, 0, 0)))
	default:
		nycBirth = between(r, minTime(dead.Birth.AddDate(18, 0, 0), g.reg.AddDate(-18, 0, 0)), g.reg.AddDate(-18, 0, 0))
	}
	if rel == "Vợ" && dead.Sex == female {
		rel, sex = "Chồng", male
	} else if rel == "Chồng" && dead.Sex == male {
		rel, sex = "Vợ", female
	}
	fam := ""
	if rel == "Con" || rel == "Con trai" || rel == "Con gái" || rel == "Cháu nội" {
		if dead.Sex == male {
			fam = dead.Family
		}
	}
	nyc := newPerson(r, sex, nycBirth, fam)
	v["nycHoTen"] = g.name(nyc)
	v["nycQuanHe"] = g.text(rel)
	v["nycGiayToTuyThan"] = g.idDoc(nyc)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func (g *entryGen) recognition() entryFacts {
	r, era := g.r, g.book.Era
	childRecognises := era == registry.EraB && r.Float64() < 0.15
	var childBirth time.Time
	if childRecognises {
		childBirth = yearsBefore(r, g.reg, 18, 40)
	} else {
		childBirth = yearsBefore(r, g.reg, 0, 17)
	}
	parentSex := male
	if r.Float64() < 0.2 {
		parentSex = female
	}
	parent := newPerson(r, parentSex, yearsBefore(r, childBirth, 18, 45), "")
	fam := ""
	if parentSex == male {
		fam = parent.Family
	}
	child := newPerson(r, randSex(r), childBirth, fam)
	parent.Ethnicity = ethnicity(r)
	child.Ethnicity = parent.Ethnicity
	pYear := 0.1
	if era == registry.EraA {
		pYear = 0.4
	}
	v := g.v
	v["nnHoTen"] = g.name(parent)
	v["nnNgaySinh"] = g.birthDate(parent.Birth, pYear)
	v["nnGioiTinh"] = g.sex(parent.Sex)
	v["nnDanToc"] = g.eth(parent.Ethnicity)
	v["nnQuocTich"] = g.nationality()
	v["nnQueQuan"] = g.text(homeTown(r, g.places, g.reg))
	home := g.residence(g.reg)
	v["nnNoiCuTru"] = home
	v["nnSoGiayToTuyThan"] = g.oldID(parent, 0.3)
	v["nnGiayToTuyThan"] = g.idDoc(parent)

	v["ndnHoTen"] = g.name(child)
	v["ndnNgaySinh"] = g.fullDate(childBirth)
	v["ndnGioiTinh"] = g.sex(child.Sex)
	v["ndnNoiSinh"] = g.text(hospital(r, g.places, childBirth))
	v["ndnDanToc"] = g.eth(child.Ethnicity)
	v["ndnQuocTich"] = g.nationality()
	v["ndnQueQuan"] = v["nnQueQuan"]
	v["ndnNoiCuTru"] = home
	if r.Float64() < 0.3 {
		v["ndnNoiCuTru"] = g.residence(g.reg)
	}
	v["ndnGiayToTuyThan"] = g.idDoc(child)

	rel := g.relation(registry.Recognition)
	var nyc person
	switch rel {
	case "Bản thân":
		nyc = parent
	case "Cha", "Mẹ":
		// The parent's own parent brings the request for a young parent.
		nyc = newPerson(r, relationSex(rel), yearsBefore(r, parent.Birth, 18, 40), "")
	case "Con":
		if childRecognises {
			nyc = child
		} else {
			rel, nyc = "Bản thân", parent
		}
	default:
		nyc = newPerson(r, relationSex(rel), yearsBefore(r, parent.Birth, 40, 60), "")
	}
	v["nycHoTen"] = g.name(nyc)
	v["nycQuanHe"] = g.text(rel)
	v["quyetDinhSo"] = g.text(decision(r, g.reg))
	g.regDate("quyetDinhNgay", g.reg)
	g.regDate("ngayDangKy", g.reg)
	g.signerLine()
	box := "Cha, mẹ nhận con"
	if childRecognises {
		box = "Con nhận cha, mẹ"
	}
	v["loaiDangKy"] = g.text(box)
	g.remark(0.08)
	return entryFacts{}
}

// deathPlace says whether a hospital of the list is one people die in:
// not a maternity or children's hospital.
func deathPlace(h string) bool {
	for _, w := range []string{"Trạm Y tế", "Nhà", "Từ Dũ", "Hùng Vương", "Phụ sản", "Nhi Đồng"} {
		if strings.Contains(h, w) {
			return false
		}
	}
	return true
}
