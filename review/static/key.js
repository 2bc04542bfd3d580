// Page keying view. The page as scanned on the left, the page's fields on
// the right. The focused field's region is framed and zoomed on the page;
// Ctrl+Arrow scrolls the page, Ctrl+Alt+= / - / 0 zoom. Typing offers
// values (type-ahead, accents optional): ↓/↑ choose, Tab or Enter take
// the one chosen, → takes it and stays to type on, Space or a comma
// finish the word being typed as the chosen suggestion spells it ("ng"
// Space gives "Nguyễn "), Escape closes the list. An offered value (derived,
// default, or copied from the book's previous page) is taken with Tab;
// F8 copies the field from the previous page and goes on to the next.
// F2 blank, F3 illegible, F4 skip. A date may be typed as digits: eight
// (26061948), six (260648: the latest such year not after the book's
// year), four for a registration date (2606: in the book's year), two or
// four for a year alone; a time of death as "1925 030119" (19 giờ 25 phút,
// ngày 03/01/2019). Enter saves the page and opens the book's next one.
// Nothing here handles a key while an input method composes a letter.
(function () {
  "use strict";
  var view = document.getElementById("keyview");
  var form = document.getElementById("keyform");
  if (!view || !form) { return; }
  var record = view.getAttribute("data-record");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".krow"));
  var inputs = rows.map(function (r) { return r.querySelector("input.val"); });
  var viewport = document.getElementById("viewport");
  var sheet = document.getElementById("sheet");
  var frame = document.getElementById("frame");
  var names = { blank: "Để trống", illegible: "Không đọc được", skip: "Bỏ qua" };
  var composing = false, submitting = false, userZoom = 1, zoom = 1, current = -1;

  function row(i) { return rows[i]; }
  function origin(i) { return rows[i].querySelector("input.origin"); }
  function byKey(k) {
    for (var i = 0; i < rows.length; i++) { if (rows[i].getAttribute("data-key") === k) { return i; } }
    return -1;
  }

  // --- the page: frame, zoom, scroll -------------------------------------
  function place() {
    sheet.style.width = (100 * zoom * userZoom) + "%";
    var box = current >= 0 ? row(current).getAttribute("data-box") : null;
    if (!box) { frame.hidden = true; return; }
    var b = box.split(" ").map(Number);
    frame.hidden = false;
    frame.style.left = (b[0] / 100) + "%";
    frame.style.top = (b[1] / 100) + "%";
    frame.style.width = ((b[2] - b[0]) / 100) + "%";
    frame.style.height = ((b[3] - b[1]) / 100) + "%";
    var w = sheet.clientWidth, h = sheet.clientHeight;
    var cx = (b[0] + b[2]) / 20000 * w, cy = (b[1] + b[3]) / 20000 * h;
    viewport.scrollLeft = cx - viewport.clientWidth / 2;
    viewport.scrollTop = cy - viewport.clientHeight / 2;
  }
  function focusRow(i) {
    if (current >= 0) { row(current).classList.remove("current"); }
    current = i;
    row(i).classList.add("current");
    var box = row(i).getAttribute("data-box");
    if (box) {
      var b = box.split(" ").map(Number);
      var frac = Math.max((b[2] - b[0]) / 10000, 0.05);
      zoom = Math.min(Math.max(0.75 / frac, 1), 3);
    }
    place();
    row(i).scrollIntoView({ block: "nearest" });
  }
  document.getElementById("pageimg").addEventListener("load", place);

  // --- offers: derived, default, copied -----------------------------------
  function offer(i, v, from) {
    var inp = inputs[i];
    inp.value = v;
    inp.setAttribute("data-offer", v);
    origin(i).value = from;
    inp.classList.add("offered");
    inp.select();
  }
  function derive(i) {
    var inp = inputs[i], d = rows[i].getAttribute("data-derive") || "";
    if (inp.value !== "" && !inp.classList.contains("offered")) { return; }
    if (d.indexOf("words:") === 0) {
      var src = byKey(d.slice(6));
      if (src >= 0 && inputs[src].value.trim() !== "") {
        fetchSuggest(i, inputs[src].value, function (items) {
          if (items.length && document.activeElement === inp) { offer(i, items[0].v, "derived"); }
        });
      }
    }
    if (rows[i].getAttribute("data-type") === "ethnicity") {
      var seen = "";
      for (var j = 0; j < rows.length; j++) {
        if (j !== i && rows[j].getAttribute("data-type") === "ethnicity" && inputs[j].value.trim() !== "") {
          if (seen && seen !== inputs[j].value.trim()) { return; }
          seen = inputs[j].value.trim();
        }
      }
      if (seen) { offer(i, seen, "derived"); }
    }
  }

  // The book's year: six digits and two-digit years take the latest year
  // not after it, four digits of a registration date are in it.
  var bookYear = +form.getAttribute("data-year") || new Date().getFullYear();
  function century(yy) {
    var y = 2000 + yy;
    return y <= bookYear ? y : y - 100;
  }
  // shortDate writes a date typed as digits as dd/mm/yyyy (or a year), or
  // returns null: ddmmyyyy, ddmmyy, ddmm (a registration date), yy.
  function shortDate(v, reg) {
    var m;
    if (/^\d{8}$/.test(v)) { return v.slice(0, 2) + "/" + v.slice(2, 4) + "/" + v.slice(4); }
    if (/^\d{6}$/.test(v)) { return v.slice(0, 2) + "/" + v.slice(2, 4) + "/" + century(+v.slice(4)); }
    if (reg && (m = v.match(/^(\d{2})(\d{2})$/)) && +m[1] >= 1 && +m[1] <= 31 && +m[2] >= 1 && +m[2] <= 12) {
      return m[1] + "/" + m[2] + "/" + bookYear;
    }
    if (/^\d{2}$/.test(v)) { return String(century(+v)); }
    return null;
  }
  // digitsDate writes a date, year or time of death typed as digits in
  // full (26061948 as 26/06/1948).
  function digitsDate(i) {
    var v = inputs[i].value.trim(), t = rows[i].getAttribute("data-type"), m, d;
    if (t === "date" || t === "year") {
      d = shortDate(v, rows[i].hasAttribute("data-reg"));
      if (d !== null && (t === "date" || d.length === 4)) { inputs[i].value = d; }
    }
    if (t === "deathTime" && (m = v.match(/^(\d{1,2})[:hg]?(\d{2})\s+(\d{6}|\d{8})$/)) && (d = shortDate(m[3], false)) !== null) {
      inputs[i].value = +m[1] + " giờ " + m[2] + " phút, ngày " + d;
    }
  }

  // --- a personal ID against the birth date and sex ------------------------
  function valueOf(key) {
    var j = byKey(key);
    if (j >= 0) { return inputs[j].value.trim(); }
    var k = document.querySelector('span.known[data-key="' + key + '"]');
    return k ? k.getAttribute("data-value") : "";
  }
  // checkID says where the ID's century-and-sex digit and year disagree
  // with the page: 0/1 a man/woman born in the 1900s, 2/3 in the 2000s.
  function checkID(i) {
    var d = rows[i].getAttribute("data-derive") || "", id = inputs[i].value.replace(/\D/g, ""), out = "";
    if (d.indexOf("id:") !== 0 || id.length !== 12) { return; }
    var keys = d.slice(3).split(" "), birth = valueOf(keys[0]), sex = valueOf(keys[1]).toLowerCase();
    var c = +id[3], year = (c < 2 ? 1900 : 2000) + +id.slice(4, 6);
    var m = birth.match(/(\d{4})/);
    if (m && +m[1] !== year) { out += "Số định danh ghi năm sinh " + year + ", ngày sinh trên trang là " + birth + ". "; }
    if (sex && (sex.indexOf("nữ") === 0 || sex.indexOf("nu") === 0) !== (c % 2 === 1)) { out += "Số định danh ghi giới tính " + (c % 2 ? "nữ" : "nam") + ", trên trang là " + sex + "."; }
    rows[i].querySelector(".badge").textContent = out;
  }

  // --- type-ahead -----------------------------------------------------------
  var list = null, items = [], on = -1, timer = 0, seq = 0;
  // ahead are the types with words to offer; dates and numbers have none.
  var ahead = { name: 1, signer: 1, title: 1, ethnicity: 1, nationality: 1, place: 1, relation: 1, cause: 1, text: 1, remark: 1, tick: 1, iddoc: 1 };
  // window.keyPending counts the suggestions asked and not yet shown, so
  // that a script driving the page knows when the list is up to date.
  window.keyPending = 0;
  function fetchSuggest(i, q, done) {
    var n = ++seq;
    window.keyPending++;
    var u = "/suggest?r=" + encodeURIComponent(record) + "&key=" + encodeURIComponent(rows[i].getAttribute("data-key")) +
      "&q=" + encodeURIComponent(q);
    fetch(u, { credentials: "same-origin" }).then(function (res) { return res.ok ? res.json() : []; })
      .then(function (its) { if (n === seq) { done(its); } })
      .catch(function () {}).then(function () { window.keyPending--; });
  }
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function plain(s) { return fold(s) === s.toLowerCase().replace(/\s+/g, " ").trim(); }
  function close() {
    if (list) { list.hidden = true; list.innerHTML = ""; list.parentNode.querySelector("input").setAttribute("aria-expanded", "false"); }
    list = null; items = []; on = -1;
  }
  function highlight(k) {
    on = k;
    Array.prototype.forEach.call(list.children, function (li, j) { li.classList.toggle("on", j === k); });
    if (k >= 0) { list.children[k].scrollIntoView({ block: "nearest" }); }
  }
  // first returns the suggestion to highlight at once: the one equal to what
  // was typed (accents aside), else the first one when what was typed is
  // unfinished, so that a complete value is never replaced by a longer one.
  // Typed without accents, a suggestion may differ in accents and case;
  // typed with accents in lower case, in case only; else it must begin
  // with exactly what was typed ("Tp." does not become "TP.").
  function first(typed, its) {
    var f = fold(typed), t = typed.replace(/\s+/g, " ").trim(), lower = t === t.toLowerCase();
    var same = function (v) { return plain(typed) ? fold(v) === f : lower ? v.toLowerCase() === t : v === t; };
    for (var k = 0; k < its.length; k++) { if (same(its[k].v)) { return k; } }
    if (!its.length) { return -1; }
    var v = its[0].v;
    if (plain(typed)) { return fold(v).indexOf(f) === 0 ? 0 : -1; }
    return (lower ? v.toLowerCase() : v).indexOf(t) === 0 ? 0 : -1;
  }
  // locals are the values of this page's other fields of the same type
  // that begin with what was typed: the father's address is the mother's.
  // For an address, the part after the last comma or dash may also begin
  // one of their parts: "Tại nhà, Ấ" offers "Tại nhà, " and the residence,
  // "12 Lê Lợi, P" the ward, district and city of another address.
  function locals(i) {
    var t = rows[i].getAttribute("data-type"), typed = inputs[i].value, f = fold(typed), out = [];
    var cut = Math.max(typed.lastIndexOf(","), typed.lastIndexOf(" - ")), head = "", seg = "";
    if (t === "place" && cut >= 0) {
      head = typed.slice(0, cut) + (typed[cut] === "," ? ", " : " - ");
      seg = fold(typed.slice(cut + (typed[cut] === "," ? 1 : 3)));
    }
    rows.forEach(function (r, j) {
      var v = inputs[j].value.trim().replace(/\s+/g, " ");
      if (j === i || r.getAttribute("data-type") !== t || !v) { return; }
      if (fold(v).indexOf(f) === 0 && fold(v) !== f) { out.push({ v: v, l: v }); }
      if (!seg) { return; }
      var parts = v.split(/(, | - )/);
      for (var p = 0; p < parts.length; p += 2) {
        var tail = parts.slice(p).join("");
        if (fold(tail).indexOf(seg) === 0 && fold(head + tail) !== f) { out.push({ v: head + tail, l: head + tail }); }
      }
    });
    return out;
  }
  function show(i, its) {
    var seen = {};
    its = locals(i).concat(its).filter(function (it) { var d = seen[it.v]; seen[it.v] = true; return !d; }).slice(0, 8);
    close();
    if (document.activeElement !== inputs[i] || !its.length) { return; }
    list = rows[i].querySelector("ul.sugg");
    items = its;
    its.forEach(function (it, j) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "sg-" + rows[i].getAttribute("data-task") + "-" + j;
      li.textContent = it.l;
      li.setAttribute("data-v", it.v);
      list.appendChild(li);
    });
    list.hidden = false;
    inputs[i].setAttribute("aria-expanded", "true");
    highlight(first(inputs[i].value, its));
  }
  // complete returns what s becomes when the word being typed is finished
  // as the suggestion v spells it, s being the start of v (accents aside),
  // or null. Typed without accents, s takes v's spelling (the word being
  // typed, or all of s when none has accents); a word typed with them is
  // kept as typed and only its rest is added. A number is never
  // lengthened ("phường 1" stays 1).
  function complete(s, v) {
    if (!s || /\s$/.test(s) || /\d$/.test(s)) { return null; }
    var one = function (c) { return fold(c) || (/\s/.test(c) ? " " : c); };
    var t = s.normalize("NFC").replace(/\s+/g, " ");
    var f = t.split("").map(one);
    var g = v.split("").map(one);
    if (g.length < f.length) { return null; }
    for (var n = 0; n < f.length; n++) { if (g[n] !== f[n]) { return null; } }
    var j = f.length;
    while (j < v.length && v[j] !== " " && v[j] !== ",") { j++; }
    if (plain(t)) { return v.slice(0, j); }
    var w = Math.max(t.lastIndexOf(" "), t.lastIndexOf(","), t.lastIndexOf("-")) + 1;
    if (plain(t.slice(w))) { return t.slice(0, w) + v.slice(w, j); }
    return j > f.length ? t + v.slice(f.length, j) : null;
  }
  function pick(i) {
    if (!list || on < 0) { return false; }
    inputs[i].value = items[on].v;
    origin(i).value = "";
    close();
    return true;
  }
  function typed(i) {
    var inp = inputs[i];
    if (inp.value !== inp.getAttribute("data-offer")) { origin(i).value = ""; inp.classList.remove("offered"); }
    badge(i);
    if (timer) { clearTimeout(timer); timer = 0; window.keyPending--; }
    if (inp.value.trim() === "" || !ahead[rows[i].getAttribute("data-type")]) { close(); return; }
    window.keyPending++;
    timer = setTimeout(function () {
      timer = 0;
      window.keyPending--;
      fetchSuggest(i, inp.value, function (its) { show(i, its); });
    }, 40);
  }

  // --- marks -----------------------------------------------------------------
  function badge(i) {
    var act = rows[i].querySelector("input.act").value;
    rows[i].classList.remove("marked", "mark-blank", "mark-illegible", "mark-skip");
    if (act) { rows[i].classList.add("marked", "mark-" + act); }
    rows[i].querySelector(".badge").textContent = act ? "Đã đánh dấu: " + names[act] : "";
  }

  // --- the date in words against the date -----------------------------------
  // checkWords asks the station whether the date in words at row i and its
  // date name one day, and says so beside the words when they do not.
  function checkWords(i) {
    var d = rows[i].getAttribute("data-derive") || "";
    if (d.indexOf("words:") !== 0) { return; }
    var words = inputs[i].value.trim(), date = valueOf(d.slice(6)), badge = rows[i].querySelector(".badge");
    if (!words || !date || rows[i].querySelector("input.act").value) { badge.textContent = ""; return; }
    window.keyPending++;
    fetch("/key-check?words=" + encodeURIComponent(words) + "&date=" + encodeURIComponent(date), { credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.json() : { msg: "" }; })
      .then(function (r) { badge.textContent = r.msg || ""; rows[i].classList.toggle("warn", !!r.msg); })
      .catch(function () {}).then(function () { window.keyPending--; });
  }
  // wordsOf returns the row of the date in words that follows the date at
  // row i, or -1.
  function wordsOf(i) {
    for (var j = 0; j < rows.length; j++) {
      if (rows[j].getAttribute("data-derive") === "words:" + rows[i].getAttribute("data-key")) { return j; }
    }
    return -1;
  }

  inputs.forEach(function (inp, i) {
    inp.addEventListener("focus", function () { focusRow(i); derive(i); inp.select(); });
    inp.addEventListener("change", function () {
      digitsDate(i);
      checkID(i);
      checkWords(i);
      var j = wordsOf(i);
      if (j >= 0 && inputs[j].value.trim() !== "") { checkWords(j); }
    });
    inp.addEventListener("blur", function () { setTimeout(function () { if (document.activeElement !== inp) { if (list && list === rows[i].querySelector("ul.sugg")) { close(); } } }, 0); });
    inp.addEventListener("input", function (e) { if (!composing && !e.isComposing) { typed(i); } });
    if (inp.value !== "" && inp.value === inp.getAttribute("data-offer")) { inp.classList.add("offered"); }
    badge(i);
  });
  form.addEventListener("compositionstart", function () { composing = true; });
  form.addEventListener("compositionend", function (e) {
    composing = false;
    var i = inputs.indexOf(e.target);
    if (i >= 0) { typed(i); }
  });

  document.addEventListener("keydown", function (e) {
    if (composing || e.isComposing || e.keyCode === 229) { return; }
    var k = e.key;
    if (e.ctrlKey && e.altKey && (k === "=" || k === "+" || k === "-" || k === "0")) {
      e.preventDefault();
      userZoom = k === "0" ? 1 / zoom : Math.min(Math.max(userZoom * (k === "-" ? 0.8 : 1.25), 0.3), 6);
      place();
      return;
    }
    if (e.ctrlKey && !e.altKey && (k === "ArrowUp" || k === "ArrowDown" || k === "ArrowLeft" || k === "ArrowRight")) {
      e.preventDefault();
      var dy = viewport.clientHeight * 0.2, dx = viewport.clientWidth * 0.2;
      viewport.scrollBy(k === "ArrowLeft" ? -dx : k === "ArrowRight" ? dx : 0, k === "ArrowUp" ? -dy : k === "ArrowDown" ? dy : 0);
      return;
    }
    var i = inputs.indexOf(document.activeElement);
    if (i < 0) { return; }
    if (list && (k === "ArrowDown" || k === "ArrowUp")) {
      e.preventDefault();
      var n = items.length;
      highlight(k === "ArrowDown" ? (on + 1) % n : (on <= 0 ? n - 1 : on - 1));
      return;
    }
    if (k === "Escape" && list) { e.preventDefault(); close(); return; }
    if (k === "ArrowRight" && list && on >= 0 && inputs[i].selectionStart === inputs[i].value.length) {
      e.preventDefault(); // take the suggestion and keep typing after it
      pick(i);
      return;
    }
    if (k === "Tab" && !e.shiftKey) { pick(i); return; }
    if (k === "Enter") {
      pick(i);
      return; // the form submits
    }
    if (k === "F8") {
      e.preventDefault();
      var prev = rows[i].getAttribute("data-prev");
      if (prev) {
        offer(i, prev, "copied");
        close();
        if (i + 1 < inputs.length) { inputs[i + 1].focus(); }
      }
      return;
    }
    var act = null;
    if (k === "F2" || (e.ctrlKey && (k === "b" || k === "B"))) { act = "blank"; }
    if (k === "F3") { act = "illegible"; }
    if (k === "F4") { act = "skip"; }
    if (act) {
      e.preventDefault();
      var h = rows[i].querySelector("input.act");
      h.value = h.value === act ? "" : act;
      badge(i);
      if (h.value && i + 1 < inputs.length) { inputs[i + 1].focus(); }
    }
  });

  // Space or a comma finishes the word being typed as the chosen suggestion
  // spells it. It is done as the character goes in, not on its key, so
  // that it works the same whatever sends the key.
  form.addEventListener("beforeinput", function (e) {
    var i = inputs.indexOf(e.target);
    if (i < 0 || composing || e.isComposing || e.inputType !== "insertText" || (e.data !== " " && e.data !== ",") || !list || on < 0) { return; }
    var done = complete(inputs[i].value, items[on].v);
    if (done !== null) {
      e.preventDefault();
      inputs[i].value = done + e.data;
      typed(i);
    }
  });

  form.addEventListener("submit", function () { submitting = true; inputs.forEach(function (_, i) { digitsDate(i); }); });
  window.addEventListener("pagehide", function () {
    if (submitting || !navigator.sendBeacon) { return; }
    var fd = new FormData();
    fd.append("csrf", view.getAttribute("data-csrf"));
    navigator.sendBeacon("/key-release", fd);
  });

  var start = form.querySelector(".krow.bad input.val") || inputs[0];
  if (start) { start.focus(); }
})();
