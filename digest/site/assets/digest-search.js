// Site search for the digest: a search box in the header of every page, and the
// Pagefind UI on the search page (/search/?q=...&topic=...&type=...&year=...).
//
// Effect sizes are rewritten before Pagefind sees them, exactly as digest/site/search.py
// writes them into each entry page: "d = .58" -> "ǂdp58", "0.58" -> "ǂp58".
(function () {
  "use strict";

  var PREFIX = "\u01c2";
  // Mirrors LABELS and WHOLE_NUMBER_LABELS in digest/site/search.py.
  var LABELS = {
    r: "r", d: "d", g: "g", b: "b", "β": "beta", beta: "beta", icc: "icc",
    or: "or", rr: "rr", k: "k", n: "n", p: "p", t: "t",
  };
  var WHOLE_NUMBER_LABELS = { k: true, n: true };
  var FILTERS = ["topic", "type", "year"];

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  var label = Object.keys(LABELS)
    .sort(function (a, b) { return b.length - a.length; })
    .map(escape)
    .join("|");
  var number = "[-\u2212\u2013]?(?:(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|\\.\\d+)";
  var statistic = new RegExp(
    "(^|[^\\p{L}\\p{N}_.])(" + label + ")(?:\\s*\\([\\d.,\\s]*\\))?\\s*[=:<>≤≥]?\\s*(" +
      number + ")(?![\\p{L}\\p{N}_])",
    "giu"
  );
  var decimal = /(^|[^\p{L}\p{N}_.ǂ])[-\u2212\u2013]?(\d*\.\d+)(?!\d)/gu;

  function canonicalValue(text) {
    text = text.replace(/^[-\u2212\u2013]+/, "").replace(/,/g, "");
    var parts = text.split(".");
    var whole = parts[0].replace(/^0+/, "");
    var fraction = (parts[1] || "").replace(/0+$/, "");
    return fraction ? whole + "p" + fraction : whole || "0";
  }

  function normaliseQuery(term) {
    if (term == null) return term;
    var query = String(term).replace(statistic, function (all, before, name, value) {
      var token = LABELS[name.toLowerCase()];
      if (value.indexOf(".") < 0 && !WHOLE_NUMBER_LABELS[token]) return all;
      return before + PREFIX + token + canonicalValue(value);
    });
    query = query.replace(decimal, function (all, before, value) {
      return before + PREFIX + canonicalValue(value);
    });
    return query.replace(/(^|\s)[=:<>≤≥,;[\]()]+(?=\s|$)/g, " ").replace(/\s+/g, " ").trim();
  }

  // The tokens are page metadata; the default UI would list them under each result.
  function dropTokens(result) {
    if (result && result.meta) delete result.meta.es;
    return result;
  }

  globalThis.digestSearch = { normaliseQuery: normaliseQuery, canonicalValue: canonicalValue };
  if (typeof document === "undefined") return; // loaded outside a browser, by the tests

  var script = document.currentScript;
  var root = script ? new URL("..", script.src) : new URL("/", window.location.href);

  function addHeaderSearch() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("digest-search")) return;
    var form = document.createElement("form");
    form.className = "digest-header-search";
    form.setAttribute("role", "search");
    form.action = new URL("search/", root).href;
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "Search";
    input.setAttribute("aria-label", "Search the digest");
    form.appendChild(input);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(form, source);
  }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (key) { element[key] = attributes[key]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  // Pagefind's box has only a placeholder and a title; give it a visible label.
  function labelInput(element) {
    var input = element.querySelector(".pagefind-ui__search-input");
    if (!input) return;
    input.id = element.id + "-input";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "digest-search__label";
    label.textContent = "Search the summaries";
    element.parentNode.insertBefore(label, element);
  }

  function mountSearchPage(element) {
    var bundle = new URL("pagefind/", root).href;
    load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" });
    load("script", { src: bundle + "pagefind-ui.js" }).then(function () {
      var ui = new window.PagefindUI({
        element: "#" + element.id,
        bundlePath: bundle,
        showSubResults: true,
        showImages: false,
        pageSize: 10,
        openFilters: FILTERS,
        showEmptyFilters: false,
        processTerm: normaliseQuery,
        processResult: dropTokens,
        autofocus: true,
      });
      labelInput(element);
      var params = new URLSearchParams(window.location.search);
      var filters = {};
      FILTERS.forEach(function (key) {
        if (params.getAll(key).length) filters[key] = params.getAll(key);
      });
      if (Object.keys(filters).length) ui.triggerFilters(filters);
      if (params.get("q")) ui.triggerSearch(params.get("q"));
    });
  }

  function start() {
    addHeaderSearch();
    var element = document.getElementById("digest-search");
    if (element) mountSearchPage(element);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
