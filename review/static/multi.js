// Keyboard of group and record-entry modes: every cell has an input; Tab,
// Shift+Tab (and in group mode the arrow keys) move between cells; typing
// corrects a cell; F2/Ctrl+B, F3 and F4 mark the focused cell blank,
// illegible or skipped (press again to unmark); Enter saves them all.
(function () {
  "use strict";
  var form = document.getElementById("multiform");
  if (!form) { return; }
  var cells = Array.prototype.slice.call(form.querySelectorAll(".cell"));
  var inputs = cells.map(function (c) { return c.querySelector("input.val"); });
  var group = document.querySelector("main.group") !== null;
  var names = { blank: "Để trống", illegible: "Không đọc được", skip: "Bỏ qua" };

  function show(cell) {
    var act = cell.querySelector("input.act").value;
    cell.classList.remove("marked", "mark-blank", "mark-illegible", "mark-skip");
    if (act) { cell.classList.add("marked", "mark-" + act); }
    cell.querySelector(".badge").textContent = act ? "Đã đánh dấu: " + names[act] : "";
    var inp = cell.querySelector("input.val");
    cell.classList.toggle("edited", !act && inp.value !== inp.getAttribute("data-orig"));
  }
  function columns() {
    var cols = getComputedStyle(form.querySelector(".cells")).gridTemplateColumns;
    return cols ? cols.split(" ").length : 1;
  }
  function focusAt(i) {
    if (i < 0 || i >= inputs.length) { return; }
    inputs[i].focus();
    inputs[i].select();
    cells[i].scrollIntoView({ block: "nearest" });
  }
  cells.forEach(show);
  inputs.forEach(function (inp, i) {
    inp.addEventListener("focus", function () { inp.select(); });
    inp.addEventListener("input", function () { show(cells[i]); });
  });
  var first = form.querySelector(".cell.bad input.val") || inputs[0];
  if (first) { first.focus(); first.select(); }

  document.addEventListener("keydown", function (e) {
    var i = inputs.indexOf(document.activeElement);
    if (i < 0) { return; }
    var k = e.key, act = null;
    if (k === "F2" || (e.ctrlKey && (k === "b" || k === "B"))) { act = "blank"; }
    if (k === "F3") { act = "illegible"; }
    if (k === "F4" || k === "Escape") { act = "skip"; }
    if (act) {
      e.preventDefault();
      var h = cells[i].querySelector("input.act");
      h.value = h.value === act ? "" : act;
      show(cells[i]);
      if (h.value) { focusAt(i + 1); }
      return;
    }
    if (group && (k === "ArrowDown" || k === "ArrowUp")) {
      e.preventDefault();
      var n = columns();
      focusAt(k === "ArrowDown" ? Math.min(i + n, inputs.length - 1) : Math.max(i - n, 0));
    }
  });
})();
