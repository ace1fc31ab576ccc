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
