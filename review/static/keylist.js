// Page list of the keying view: ↓/↑ move between the books or pages,
// Enter opens the one focused. The first page still to key has the focus.
(function () {
  "use strict";
  var list = document.getElementById("picklist");
  if (!list) { return; }
  var links = Array.prototype.slice.call(list.querySelectorAll("a"));
  var first = list.querySelector("li.open a") || links[0];
  if (first) { first.focus(); }
  document.addEventListener("keydown", function (e) {
    var i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var j = i < 0 ? 0 : i + (e.key === "ArrowDown" ? 1 : -1);
      if (j >= 0 && j < links.length) { links[j].focus(); }
    }
  });
})();
