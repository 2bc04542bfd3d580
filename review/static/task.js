// Keyboard of the task screen: Enter saves (the form's own submit), typing
// replaces the selected reading, F2/Ctrl+B blank, F3 illegible, Esc/F4
// skip, F6 the whole page, Alt+N picks a keying or a suggestion.
(function () {
  "use strict";
  var input = document.getElementById("value");
  var view = document.getElementById("pageview");
  if (input) {
    input.focus();
    input.select();
  }
  function click(id) {
    var b = document.getElementById(id);
    if (b) { b.click(); }
  }
  function togglePage() {
    if (!view) { return; }
    var img = view.querySelector("img");
    if (img && !img.getAttribute("src")) { img.setAttribute("src", img.getAttribute("data-src")); }
    view.hidden = !view.hidden;
    if (view.hidden && input) {
      input.focus();
      // Nothing typed yet: typing still replaces the reading.
      if (input.value === input.defaultValue) { input.select(); }
    }
  }
  document.addEventListener("keydown", function (e) {
    var k = e.key;
    if (k === "F6") { e.preventDefault(); togglePage(); return; }
    if (view && !view.hidden) {
      if (k === "Escape") { e.preventDefault(); togglePage(); }
      return;
    }
    if (k === "F2" || (e.ctrlKey && (k === "b" || k === "B"))) { e.preventDefault(); click("btn-blank"); return; }
    if (k === "F3") { e.preventDefault(); click("btn-illegible"); return; }
    if (k === "Escape" || k === "F4") { e.preventDefault(); click("btn-skip"); return; }
    if (e.altKey && k >= "1" && k <= "9") {
      var b = document.querySelector('.pick[data-pick="' + k + '"]');
      if (b) { e.preventDefault(); b.click(); }
    }
  });
})();
