// libgraph explorer: the "/" key focuses the search box (as on many sites).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.key !== "/" || /INPUT|TEXTAREA|SELECT/.test(tag) || event.target.isContentEditable) return;
    var box = document.getElementById("site-search");
    if (box) { event.preventDefault(); box.focus(); }
  });
})();

// Facet boxes are open for wide screens; on a phone they start folded, so the hits come first.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 760px)").matches) return;
  var boxes = document.querySelectorAll("details.facets-box");
  for (var i = 0; i < boxes.length; i++) boxes[i].removeAttribute("open");
})();

// The search page answers as you type: after a short pause the page for the words typed so
// far is fetched and its results replace the ones shown (the same HTML the server renders,
// so there is one template), and the address follows, so it can be shared or reloaded.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var box = document.getElementById("q");
  if (!form || !box || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var timer = null, shown = box.value.trim(), asked = 0;
  function run() {
    var words = box.value.trim();
    if (words === shown) return;
    var params = new URLSearchParams(new FormData(form));
    params.delete("page");
    var url = form.getAttribute("action") + "?" + params.toString();
    var ticket = ++asked;
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== asked) return;  // a later keystroke has its own answer coming
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("search-results");
        var old = document.getElementById("search-results");
        if (!fresh || !old) return;
        old.parentNode.replaceChild(document.importNode(fresh, true), old);
        shown = words;
        history.replaceState(null, "", url);
        collapseOnPhones();
      });
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  function collapseOnPhones() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 760px)").matches) return;
    var boxes = document.querySelectorAll("#search-results details.facets-box");
    for (var i = 0; i < boxes.length; i++) boxes[i].removeAttribute("open");
  }
})();
