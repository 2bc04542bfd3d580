package review_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
)

// TestBrowserKeyView keys a page in Chromium at 1366×768 with the keyboard
// only: the page list, the page beside the form, the field framed on the
// page, the type-ahead (held back while an input method composes), an
// offered value taken with Tab, and the book's next page after Enter.
func TestBrowserKeyView(t *testing.T) {
	bctx := browser(t)
	db := openStore(t)
	addUsers(t, db, map[string]registry.Role{"lan": registry.RoleReviewer})
	srv := start(t, db, review.Config{})
	b := newBatch(t, db)
	p1 := seedPage(t, db, b, registry.Birth, registry.EraA, 0,
		taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence, Value: "N9uy#n", Raw: "N9uy#n"},
		taskSpec{Key: "nksQuocTich", Reason: registry.ReasonMissing, Clear: true})
	p2 := seedPage(t, db, b, registry.Birth, registry.EraA, 1, taskSpec{Key: "nksHoTen", Reason: registry.ReasonLowConfidence})
	p3 := seedPage(t, db, b, registry.Birth, registry.EraB, 2, taskSpec{Key: "nksSoDinhDanh", Reason: registry.ReasonMissing, Clear: true})

	lan := newTab(t, bctx, srv.URL)
	lan.do("viewport", chromedp.EmulateViewport(1366, 768))
	lan.signIn("lan")
	lan.open("/key")
	lan.waitJS("document.activeElement && document.activeElement.tagName === 'A'")
	lan.submitKeys(kb.Enter) // the book
	lan.waitJS("document.activeElement && document.activeElement.getAttribute('href') === '/key/" + p1.ID + "'")
	lan.submitKeys(kb.Enter) // its first page
	if got := lan.path(); got != "/key/"+p1.ID {
		lan.fatal("opened %s, want /key/%s", got, p1.ID)
	}
	lan.waitJS("document.getElementById('pageimg').complete && document.getElementById('pageimg').naturalWidth > 0")
	lan.waitJS("document.activeElement && document.activeElement.id && document.activeElement.classList.contains('val')")
	if v := lan.eval("document.activeElement.value"); v != "" {
		lan.fatal("an implausible reading starts the input: %q", v)
	}
	// Both panes on one screen, the field framed on the page.
	if ok := lan.eval(`(function () {
		var pv = document.querySelector(".pageview").getBoundingClientRect(), kf = document.querySelector(".keyform").getBoundingClientRect();
		return String(pv.right <= kf.left + 1 && kf.right <= innerWidth && pv.bottom <= innerHeight + 1 && kf.bottom <= innerHeight + 1 && pv.width > 400 &&
			!document.getElementById("frame").hidden);
	})()`); ok != "true" {
		lan.shot("key-layout")
		lan.fatal("the page and the form are not side by side on a 1366×768 screen")
	}
	lan.shot("key-view")

	// While an input method composes, nothing is asked; at its end, it is.
	lan.eval(`(function () { var i = document.activeElement;
		i.dispatchEvent(new CompositionEvent("compositionstart", { bubbles: true }));
		i.value = "nguyen thi n"; i.dispatchEvent(new InputEvent("input", { bubbles: true, isComposing: true }));
		return ""; })()`)
	if n := lan.eval("String(window.keyPending)"); n != "0" {
		lan.fatal("a suggestion was asked mid-composition (%s pending)", n)
	}
	lan.eval(`(document.activeElement.dispatchEvent(new CompositionEvent("compositionend", { bubbles: true })), "")`)
	lan.keys("g")
	lan.waitJS(`document.querySelector(".krow.current ul.sugg li[data-v='Nguyễn Thị Nga']")`)
	lan.waitJS(`document.querySelector(".krow.current ul.sugg li.on")`)
	lan.keys("a" + kb.Tab) // "nguyen thi nga": the accented name is taken with Tab
	lan.waitJS(`document.querySelector("[data-key=nksQuocTich] input.val") === document.activeElement`)
	if v := lan.eval(`document.querySelector("[data-key=nksHoTen] input.val").value`); v != "Nguyễn Thị Nga" {
		lan.fatal("type-ahead took %q", v)
	}
	if v := lan.eval("document.activeElement.value"); v != "Việt Nam" {
		lan.fatal("nationality not offered: %q", v)
	}
	lan.submitKeys(kb.Enter)
	if got := lan.path(); !strings.HasPrefix(got, "/key/"+p2.ID) {
		lan.fatal("after saving at %s, want the book's next page %s", got, p2.ID)
	}
	if f := field(t, db, p1.ID, "nksHoTen"); f.Value != "Nguyễn Thị Nga" {
		t.Errorf("stored %+v", f)
	}

	// A personal ID is checked against the page's birth date as it is typed.
	lan.open("/key/" + p3.ID)
	lan.waitJS("document.activeElement && document.activeElement.classList.contains('val')")
	lan.keys("079000123456" + kb.Tab)
	lan.waitJS(`document.querySelector("[data-key=nksSoDinhDanh] .badge").textContent.indexOf("năm sinh 1900") >= 0`)
}
