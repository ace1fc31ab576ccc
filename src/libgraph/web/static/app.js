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
