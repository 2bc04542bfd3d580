// Focus the page's first button so that Enter presses it.
(function () {
  "use strict";
  var b = document.querySelector("main button.primary");
  if (b) { b.focus(); }
})();
