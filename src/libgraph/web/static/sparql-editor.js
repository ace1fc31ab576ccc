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
  // YASGUI's error renderer parses the endpoint with new URL(): it must be absolute.
  cfg.endpoint = new URL(cfg.endpoint, location.href).href;
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

  // Choosing a named query opens its page: its description and its parameters as a form.
  var picker = document.getElementById("named-query");
  if (picker) {
    picker.addEventListener("change", function () {
      if (named[picker.value]) location.assign("/sparql?name=" + encodeURIComponent(picker.value));
    });
    var openButton = picker.form.querySelector("button");
    if (openButton) openButton.hidden = true;
  }

  // The server's error, in words, with its line and column marked in the editor.
  var yasqe = tab.getYasqe();
  var errorBox = document.getElementById("query-error");
  var marks = [];
  function clearError() {
    if (errorBox) { errorBox.hidden = true; errorBox.textContent = ""; }
    marks.forEach(function (m) { m.clear(); });
    marks = [];
    for (var i = 0; i < yasqe.lineCount(); i++) yasqe.removeLineClass(i, "background", "sparql-error-line");
  }
  function showError(message) {
    clearError();
    var text = String(message || "The query failed.").trim();
    var where = /(?:line\s*|at\s+)(\d+)(?::|,\s*column\s*)(\d+)/i.exec(text);
    if (where) {
      var line = Math.min(parseInt(where[1], 10) - 1, yasqe.lineCount() - 1);
      var column = parseInt(where[2], 10);
      var length = yasqe.getLine(line).length;
      // The column may point just past the end (the parser wanted more): mark the last sign.
      var ch = Math.max(0, Math.min(column - 1, length - 1));
      yasqe.addLineClass(line, "background", "sparql-error-line");
      marks.push(yasqe.markText({ line: line, ch: ch }, { line: line, ch: ch + 1 },
        { className: "sparql-error-mark" }));
      text = "Line " + (line + 1) + ", column " + column + ": " + text;
      errorBox.dataset.line = String(line + 1);
      errorBox.dataset.column = String(column);
    }
    errorBox.textContent = text;
    errorBox.hidden = false;
  }
  yasqe.on("query", function () {
    clearError();
    // The share link (and the address bar) reopen this query and run it again.
    var url = "/sparql?" + new URLSearchParams({ query: yasqe.getValue() }).toString();
    var link = document.getElementById("share-link");
    if (link) { link.href = url; link.textContent = location.origin + url; }
    var share = document.getElementById("share");
    if (share) share.hidden = false;
    history.replaceState(null, "", url);
  });
  yasqe.on("queryResponse", function (_instance, response) {
    if (response instanceof Error) showError(response.message);
    else if (response && response.ok === false) showError(response.content || response.statusText);
  });

  // Opened from a share link (?query=): run it, so the result comes back too.
  if (new URLSearchParams(location.search).has("query")) yasqe.query();

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
