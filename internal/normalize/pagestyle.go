package normalize

import (
	"slices"
	"strings"
)

// PageStyle returns, for each place read on one page (in order), why it
// looks to have lost punctuation that the page's other places have, or "":
// an abbreviation "TP", "TX" or "TT" without the full stop it has
// elsewhere on the page ("Tp Hồ Chí Minh" where another field reads "Tp.
// Hồ Chí Minh"), or parts run together with no separator at all
// ("Phường 14 Quận 3 Thành phố Hồ Chí Minh") where another place sets its
// parts apart. One clerk, or one program, writes a page's places alike;
// a stop or a comma is what both readings of a crop lose together, so no
// second reading shows it.
func PageStyle(places []string) []string {
	stops := map[string]bool{} // abbreviations read with their stop, upper case
	separated := 0
	for _, p := range places {
		for _, m := range cityStop.FindAllStringSubmatch(p, -1) {
			if m[1] == "." {
				stops[strings.ToUpper(m[0][:2])] = true
			}
		}
		if Separators(p) > 0 {
			separated++
		}
	}
	out := make([]string, len(places))
	for i, p := range places {
		for _, m := range cityStop.FindAllStringSubmatch(p, -1) {
			if a := strings.ToUpper(m[0][:2]); m[1] == "" && stops[a] {
				out[i] = "“" + m[0] + "” thiếu dấu chấm: trên trang có “" + m[0] + ".”"
				break
			}
		}
		if out[i] == "" && separated > 0 && runOnParts(p) {
			out[i] = "các phần của địa chỉ liền nhau, không dấu phẩy hay gạch như địa chỉ khác trên trang"
		}
	}
	return out
}

// runOnParts reports an address with no separator at all in which a part
// opens after its first word ("Phường 14 Quận 3", "Số 12 Lê Lợi Phường
// 5"); a body named after its unit ("Bệnh viện Quận 8") is written so.
func runOnParts(s string) bool {
	ws := strings.Fields(s)
	if Separators(s) > 0 || len(ws) == 0 || slices.Contains(bodies, fold(core(ws[0]))) {
		return false
	}
	for i := 1; i < len(ws); i++ {
		if opensPart(ws, i) {
			return true
		}
	}
	return false
}
