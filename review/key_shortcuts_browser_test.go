package review_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// TestBrowserKeyShortcuts keys a page in Chromium with the keying view's
// shortcuts: Space finishing a name's word as the suggestion spells it
// (one space, whatever sends the key), a date as six digits (the century
// from the book's year), a registration date as four (in the book's
// year), the date in words derived from the date and taken with Tab, and
// words of another day flagged as the keyer leaves them.
func TestBrowserKeyShortcuts(t *testing.T) {
	bctx := browser(t)
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	srv := start(t, db, review.Config{})
	b := newBatch(t, db)
	p := seedPage(t, db, b, registry.Birth, registry.EraA, 0,
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonMissing, Clear: true},
		taskSpec{Key: "nksNgaySinh", Reason: registry.ReasonMissing, Clear: true},
		taskSpec{Key: "nksNgaySinhBangChu", Reason: registry.ReasonMissing, Clear: true},
		taskSpec{Key: "ngayDangKy", Reason: registry.ReasonMissing, Clear: true})
	birth, err := time.Parse("2006-01-02", p.Truth.Fields["nksNgaySinh"].Value)
	if err != nil || birth.Year() > 2019 || birth.Year() <= 1919 {
		t.Fatalf("the page's birth date %q does not suit six digits in a book of 2019", p.Truth.Fields["nksNgaySinh"].Value)
	}
	reg, err := time.Parse("2006-01-02", p.Truth.Fields["ngayDangKy"].Value)
	if err != nil {
		t.Fatalf("the page's registration date %q", p.Truth.Fields["ngayDangKy"].Value)
	}

	lan := newTab(t, bctx, srv.URL)
	lan.signIn("lan")
	lan.open("/key/" + p.ID)
	cur := func(key string) {
		lan.waitJS(`document.querySelector("[data-key=` + key + `] input.val") === document.activeElement && (window.keyPending || 0) === 0`)
	}
	cur("nksHoTen")
	lan.keys("ng")
	lan.waitJS(`(window.keyPending || 0) === 0 && document.querySelector(".krow.current ul.sugg li.on")`)
	lan.keys(" ")
	lan.waitJS(`(window.keyPending || 0) === 0`)
	if v := lan.eval("document.activeElement.value"); v != "Nguyễn " {
		lan.fatal(`"ng" and Space gave %q, want "Nguyễn "`, v)
	}
	lan.eval(`(document.activeElement.value = ` + jsString(p.Truth.Fields["nksHoTen"].Value) + `, "")`)
	lan.keys(kb.Escape + kb.Tab)

	cur("nksNgaySinh")
	lan.keys(birth.Format("020106") + kb.Tab)
	cur("nksNgaySinhBangChu")
	if v := lan.eval(`document.querySelector("[data-key=nksNgaySinh] input.val").value`); v != birth.Format("02/01/2006") {
		lan.fatal("six digits gave %q, want %s", v, birth.Format("02/01/2006"))
	}
	lan.waitJS(`document.activeElement.classList.contains("offered") && document.activeElement.value.indexOf("Ngày") === 0`)
	// Words of another day are flagged as the keyer leaves them.
	other := birth.AddDate(0, 0, 1)
	lan.keys(normalize.FormatDateInWords(other, normalize.WordsStyle{Thousand: "nghìn", Zero: "linh"}) + kb.Tab)
	want := "không khớp với ngày ghi bằng số (" + birth.Format("02/01/2006") + ")"
	lan.waitJS(`(window.keyPending || 0) === 0 && document.querySelector("[data-key=nksNgaySinhBangChu] .badge").textContent.indexOf(` + jsString(want) + `) >= 0`)
	lan.eval(`(document.querySelector("[data-key=nksNgaySinhBangChu] input.val").value = "", document.querySelector("[data-key=nksNgaySinhBangChu] input.val").focus(), "")`)
	cur("nksNgaySinhBangChu")
	lan.waitJS(`document.activeElement.classList.contains("offered") && document.activeElement.value.indexOf("Ngày") === 0`)
	lan.keys(kb.Tab)

	cur("ngayDangKy")
	lan.keys("0501" + kb.Tab)
	if v := lan.eval(`document.querySelector("[data-key=ngayDangKy] input.val").value`); v != "05/01/2019" {
		lan.fatal("a registration date as four digits gave %q, want 05/01/2019 (the book's year)", v)
	}
	lan.eval(`(document.querySelector("[data-key=ngayDangKy] input.val").value = "", document.querySelector("[data-key=ngayDangKy] input.val").focus(), "")`)
	cur("ngayDangKy")
	lan.submitKeys(reg.Format("02012006") + kb.Enter)
	if got := lan.path(); strings.HasPrefix(got, "/key/"+p.ID) && !strings.Contains(got, "saved") {
		lan.shot("key-shortcuts")
		lan.fatal("the page was not saved: %s", got)
	}
	for key, want := range map[string]string{"nksNgaySinh": birth.Format("2006-01-02"), "nksNgaySinhBangChu": birth.Format("2006-01-02"), "ngayDangKy": reg.Format("2006-01-02")} {
		if f := field(t, db, p.ID, key); f.Value != want {
			t.Errorf("%s stored %q, want %q", key, f.Value, want)
		}
	}
}

// TestBrowserKeyAddressParts: an address being keyed offers the page's
// other addresses from its last comma on ("Tại nhà, Ấ…" → "Tại nhà, " and
// the residence), taken with Tab.
func TestBrowserKeyAddressParts(t *testing.T) {
	bctx := browser(t)
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	srv := start(t, db, review.Config{})
	p := seedPage(t, db, newBatch(t, db), registry.Death, registry.EraA, 0,
		taskSpec{Key: "nktNoiCuTru", Reason: registry.ReasonMissing, Clear: true},
		taskSpec{Key: "nktNoiChet", Reason: registry.ReasonMissing, Clear: true})
	home := "Ấp 2, Xã Tân Xuân, Huyện Hóc Môn, Thành phố Hồ Chí Minh"
	lan := newTab(t, bctx, srv.URL)
	lan.signIn("lan")
	lan.open("/key/" + p.ID)
	lan.waitJS(`document.querySelector("[data-key=nktNoiCuTru] input.val") === document.activeElement`)
	lan.eval(`(document.activeElement.value = ` + jsString(home) + `, "")`)
	lan.keys(kb.Tab)
	lan.waitJS(`document.querySelector("[data-key=nktNoiChet] input.val") === document.activeElement`)
	lan.keys("Tại nhà, Ấ")
	want := "Tại nhà, " + home
	lan.waitJS(`(window.keyPending || 0) === 0 && document.querySelector(".krow.current ul.sugg li.on") && document.querySelector(".krow.current ul.sugg li.on").getAttribute("data-v") === ` + jsString(want))
	lan.keys(kb.Tab)
	if v := lan.eval(`document.querySelector("[data-key=nktNoiChet] input.val").value`); v != want {
		lan.fatal("took %q, want %q", v, want)
	}
}
