// The SPARQL editor: YASGUI from our own static files, against our own /sparql endpoint.
// Without this script (or without YASGUI) the page keeps its plain form and server-rendered
// table. Nothing here talks to another site: the prefix and LOV autocompleters are replaced by
// one that offers the project's prefixes only, and the endpoint list holds just /sparql.
(function () {
  "use strict";
  var configEl = document.getElementById("editor-config");
  var root = document.getElementById("yasgui");
  if (!configEl || !root || typeof window.Yasgui !== "function") return;
  var cfg = JSON.parse(configEl.textContent);
  var Yasgui = window.Yasgui;

  function ownPrefixes() {
    return Promise.resolve(Object.keys(cfg.prefixes).sort().map(function (p) {
      return p + ": <" + cfg.prefixes[p] + ">";
    }));
  }
  Yasgui.Yasqe.forkAutocompleter("prefixes", { name: "libgraphPrefixes", get: ownPrefixes,
    persistenceId: null }, false);

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: cfg.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: cfg.endpoint }]; }, keys: [] },
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    yasqe: { autocompleters: ["libgraphPrefixes", "variables"], persistenceId: null },
    yasr: { prefixes: cfg.prefixes, persistenceId: null }
  });

  var active = null;
  (cfg.named || []).forEach(function (q) {
    var tab = yasgui.addTab(false, { name: q.title, yasqe: { value: q.query } });
    if (q.name === cfg.name) active = tab;
  });
  if (!active) {
    active = yasgui.addTab(false, { name: "Query", yasqe: { value: cfg.query } });
  }
  yasgui.selectTabId(active.getId());

  // Result IRIs of this dataset open their local pages, in the same tab.
  var dataBase = cfg.base + "id/";
  var vocabBase = "https://w3id.org/libgraph/vocab/";
  function localise(anchor) {
    var href = anchor.getAttribute("href") || "";
    var local = null;
    if (href.indexOf(dataBase) === 0) local = "/id/" + href.slice(dataBase.length);
    else if (href.indexOf(vocabBase) === 0) local = "/vocab/" + href.slice(vocabBase.length);
    if (local) {
      anchor.setAttribute("href", local);
      anchor.removeAttribute("target");
      anchor.setAttribute("title", href);
    }
  }
  new MutationObserver(function () {
    root.querySelectorAll(".yasr a[href]").forEach(localise);
  }).observe(root, { childList: true, subtree: true });

  root.hidden = false;
  var fallback = document.getElementById("fallback");
  if (fallback) fallback.hidden = true;
  // The named-query links switch tabs instead of reloading the page.
  document.querySelectorAll(".named a[data-name]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var wanted = link.getAttribute("data-name");
      var q = (cfg.named || []).filter(function (n) { return n.name === wanted; })[0];
      if (!q) return;
      event.preventDefault();
      var tab = Object.keys(yasgui._tabs).map(function (id) { return yasgui._tabs[id]; })
        .filter(function (t) { return t.getName() === q.title; })[0];
      if (tab) yasgui.selectTabId(tab.getId());
      document.querySelectorAll(".named a[aria-current]").forEach(function (a) { a.removeAttribute("aria-current"); });
      link.setAttribute("aria-current", "true");
    });
  });
  window.libgraphYasgui = yasgui;
})();
