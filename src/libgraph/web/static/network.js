// Draw a network with cytoscape.js (served locally): colour by kind, size by degree.
(function () {
  "use strict";
  var dataEl = document.getElementById("network-data");
  var box = document.getElementById("cy");
  if (!dataEl || !box || typeof window.cytoscape !== "function") return;
  var data = JSON.parse(dataEl.textContent);
  var colours = { person: "#2b7bb9", org: "#8a4fb0", meeting: "#d99a1c", project: "#3f8f62",
    grant: "#0f7c8a", place: "#8a5a9e", municipality: "#8a5a9e", region: "#8a5a9e" };
  var maxDegree = data.nodes.reduce(function (m, n) { return Math.max(m, n.degree); }, 1);
  var elements = data.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label, kind: n.kind, href: n.href,
      size: 14 + 36 * Math.sqrt(n.degree / maxDegree),
      colour: colours[n.kind] || "#7a7f87", center: n.id === data.center ? 1 : 0 } };
  }).concat(data.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, label: e.property } };
  }));
  var cy = window.cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", width: "data(size)",
        height: "data(size)", label: "data(label)", "font-size": 9, color: "#1d2430",
        "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff",
        "text-outline-width": 2, "min-zoomed-font-size": 7 } },
      { selector: "node[center = 1]", style: { "border-width": 4, "border-color": "#17324d" } },
      { selector: "edge", style: { width: 1, "line-color": "#c3cad3", "curve-style": "haystack",
        opacity: 0.8 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#17324d" } }
    ],
    layout: { name: data.nodes.length > 150 ? "concentric" : "cose", animate: false,
      nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 60; },
      concentric: function (n) { return n.degree(); }, levelWidth: function () { return 3; },
      padding: 20 }
  });
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) window.location.href = href;
  });
  box.setAttribute("data-nodes", String(cy.nodes().length));
  box.setAttribute("data-edges", String(cy.edges().length));
  window.libgraphCy = cy;
})();
