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

  root.hidden = false;  // before YASGUI starts: CodeMirror cannot measure a hidden box
  var fallback = document.getElementById("fallback");
  if (fallback) fallback.hidden = true;
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

  // One editor tab; the named queries (all preloaded in the page) are loaded into it.
  var named = {};
  (cfg.named || []).forEach(function (q) { named[q.name] = q; });
  var chosen = named[cfg.name];
  var tab = yasgui.addTab(true, { name: chosen ? chosen.title : "Query",
    yasqe: { value: cfg.query } });
  yasgui.selectTabId(tab.getId());

  function load(name) {
    var q = named[name];
    if (!q) return false;
    tab.setQuery(q.query);
    tab.setName(q.title);
    var note = document.querySelector("p.description");
    if (note) note.textContent = q.description || "";
    history.replaceState(null, "", "/sparql?name=" + encodeURIComponent(name));
    return true;
  }
  var picker = document.getElementById("named-query");
  if (picker) {
    picker.addEventListener("change", function () { load(picker.value); });
    var openButton = picker.form.querySelector("button");
    if (openButton) openButton.hidden = true;
  }

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

  window.libgraphYasgui = yasgui;
})();
