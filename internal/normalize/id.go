package normalize

import (
	"regexp"
	"strings"

	"github.com/civreg/civreg/registry"
)

// idDigits strips the spaces, dots and dashes people and OCR put inside a
// number and fixes O/l/I slips; it fails on anything else.
func idDigits(s string) (string, bool) {
	var b strings.Builder
	real := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			real++
		case r == 'O' || r == 'o':
			b.WriteByte('0')
		case r == 'l' || r == 'I' || r == '|':
			b.WriteByte('1')
		case r == ' ' || r == '.' || r == '-' || r == ',' || r == '_' || r == '/':
		default:
			return "", false
		}
	}
	// Most of the number must really be digits for a slip to be plausible.
	return b.String(), real > 0 && real*4 >= b.Len()*3
}

// PersonalID normalises a 12-digit personal identification number (số định
// danh cá nhân / CCCD): spaces and dots removed. The province code must be
// a real one and the century-and-sex digit 0..5.
func PersonalID(raw string) (string, error) {
	loadVocab()
	s := clean(raw)
	if blank(s) {
		return "", registry.Errorf(registry.EINVALID, "trống")
	}
	d, ok := idDigits(s)
	if !ok {
		return "", registry.Errorf(registry.EINVALID, "số định danh có ký tự không phải số: %q", short(s))
	}
	if len(d) != 12 {
		return "", registry.Errorf(registry.EINVALID, "số định danh phải có 12 chữ số, đọc được %d", len(d))
	}
	if _, _, _, err := PersonalIDFacts(d); err != nil {
		return "", err
	}
	return d, nil
}

// PersonalIDFacts decodes a 12-digit personal ID "PPP G YY NNNNNN": the
// province code of birth registration, the sex (G odd is female) and the
// year of birth (century from G: 0/1 1900s, 2/3 2000s, 4/5 2100s, plus YY).
func PersonalIDFacts(id string) (province string, female bool, year int, err error) {
	loadVocab()
	if len(id) != 12 || !allDigits(id) {
		return "", false, 0, registry.Errorf(registry.EINVALID, "số định danh phải là 12 chữ số")
	}
	g := int(id[3] - '0')
	if g > 5 {
		return "", false, 0, registry.Errorf(registry.EINVALID, "chữ số thế kỷ/giới tính %d không hợp lệ", g)
	}
	province = id[:3]
	if _, ok := provinceName[province]; !ok {
		return "", false, 0, registry.Errorf(registry.EINVALID, "mã tỉnh %s không tồn tại", province)
	}
	year = 1900 + (g/2)*100 + int(id[4]-'0')*10 + int(id[5]-'0')
	return province, g%2 == 1, year, nil
}

// docNumber finds document numbers inside a description: 9 or 12 digits
// (possibly grouped by spaces or dots), or a passport number.
var (
	docDigits   = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([0-9](?:[0-9]|[ .][0-9]){7,14})(?:$|[^0-9A-Za-z])`)
	docPassport = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([A-Za-z][0-9]{7})(?:$|[^0-9A-Za-z])`)
	onlyNumber  = regexp.MustCompile(`^(?:số|So|Số|SỐ|so|No\.?)?\s*:?\s*([0-9A-Za-z|][0-9A-Za-z .|-]*)$`)
)

// IDDocument normalises an identity document reading: a CMND (9 digits, or
// 12), a CCCD/ĐDCN (12 digits) or a passport (a letter and 7 digits). A
// reading that is only a number gives the number (digits only, passports
// upper-cased); a description ("CCCD số 079203001234 do Cục Cảnh sát …
// cấp") is kept as text, NFC with single spaces, and is valid when it holds
// a well-formed number of the kind it names.
func IDDocument(raw string) Result {
	loadVocab()
	s := clean(raw)
	if blank(s) {
		return Result{Blank: true, Note: "trống"}
	}
	if m := onlyNumber.FindStringSubmatch(s); m != nil {
		if d, ok := idDigits(m[1]); ok {
			return idNumber(d)
		}
		if p := strings.ToUpper(strings.ReplaceAll(m[1], " ", "")); docPassport.MatchString(p) {
			return Result{Value: p, OK: true, Note: "hộ chiếu"}
		}
	}
	k := " " + strings.Join(words(fold(s)), " ") + " "
	switch {
	case strings.Contains(k, " khong co ") || k == " khong ":
		return Result{Value: s, OK: true, Note: "không có giấy tờ"}
	}
	kind := ""
	switch {
	case strings.Contains(k, " cccd ") || strings.Contains(k, " can cuoc") || strings.Contains(k, " ddcn ") || strings.Contains(k, " dinh danh "):
		kind = "cccd"
	case strings.Contains(k, " cmnd ") || strings.Contains(k, " chung minh "):
		kind = "cmnd"
	case strings.Contains(k, " ho chieu ") || strings.Contains(k, " passport "):
		kind = "passport"
	}
	if kind == "passport" || kind == "" {
		if m := docPassport.FindStringSubmatch(s); m != nil {
			return Result{Value: strings.ToUpper(m[1]), OK: true, Note: s}
		}
	}
	if m := docDigits.FindStringSubmatch(s); m != nil {
		d, _ := idDigits(m[1])
		r := idNumber(d)
		switch {
		case kind == "cccd" && len(d) != 12:
			return Result{Value: s, Note: "CCCD phải có 12 chữ số"}
		case kind == "cmnd" && len(d) != 9 && len(d) != 12:
			return Result{Value: s, Note: "CMND phải có 9 hoặc 12 chữ số"}
		case kind == "passport":
			return Result{Value: s, Note: "số hộ chiếu không đúng dạng"}
		}
		// The value is the document number, digits only (export.md: IDs
		// digits only); the description stays in raw and the note.
		r.Note = s
		return r
	}
	return Result{Value: s, Note: "không thấy số giấy tờ"}
}

// idNumber judges a number read alone.
func idNumber(d string) Result {
	switch len(d) {
	case 9:
		return Result{Value: d, OK: true, Note: "CMND " + d}
	case 12:
		if _, err := PersonalID(d); err != nil {
			return Result{Value: d, Note: registry.ErrorMessage(err)}
		}
		return Result{Value: d, OK: true, Note: "CCCD/định danh " + d}
	}
	return Result{Value: d, Note: "số giấy tờ phải có 9 hoặc 12 chữ số"}
}
