// Site search for the digest: a search box in the header of every page, and the search
// page (/search/?q=...&topic=...&type=...&year=...) built on Pagefind's JavaScript API.
//
// Effect sizes are rewritten before Pagefind sees them, exactly as digest/site/search.py
// writes them into each entry page: "d = .58" -> "ǂdp58ǂ", "0.58" -> "ǂp58ǂ".
//
// A word counts only where the site has it: Pagefind, finding no word that starts with
// a query word, falls back to the longest indexed word the query word starts with
// ("placebo" -> "place"). find() checks each word first and answers "no results" when
// one is nowhere, naming the vocabulary terms the query names instead.
(function () {
  "use strict";

  var PREFIX = "\u01c2";
  var END = PREFIX;
  // Mirrors LABELS and WHOLE_NUMBER_LABELS in digest/site/search.py.
  var LABELS = {
    r: "r", d: "d", g: "g", b: "b", "β": "beta", beta: "beta", icc: "icc",
    or: "or", rr: "rr", k: "k", n: "n", p: "p", t: "t",
  };
  var WHOLE_NUMBER_LABELS = { k: true, n: true };
  var FILTERS = [
    { key: "topic", legend: "Topic" },
    { key: "type", legend: "Research type" },
    { key: "year", legend: "Year" },
  ];
  var PAGE_SIZE = 10;
  var VEIL = 0x2500; // _VEIL in digest/site/search.py

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  var label = Object.keys(LABELS)
    .sort(function (a, b) { return b.length - a.length; })
    .map(escapeRegExp)
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

  function token(name, value) {
    return PREFIX + name + value + END;
  }

  function normaliseQuery(term) {
    if (term == null) return term;
    var query = String(term).replace(statistic, function (all, before, name, value) {
      var key = LABELS[name.toLowerCase()];
      if (value.indexOf(".") < 0 && !WHOLE_NUMBER_LABELS[key]) return all;
      return before + token(key, canonicalValue(value));
    });
    query = query.replace(decimal, function (all, before, value) {
      return before + token("", canonicalValue(value));
    });
    return query.replace(/(^|\s)[=:<>≤≥,;[\]()]+(?=\s|$)/g, " ").replace(/\s+/g, " ").trim();
  }

  function isToken(word) {
    return word.charAt(0) === PREFIX;
  }

  // As vocab.fold in digest/entries/vocab.py: no case; hyphens, underscores, spaces alike.
  function fold(text) {
    return String(text).toLowerCase().split(/[\s_\-\u2010-\u2015]+/).join(" ").trim();
  }

  // A word as Pagefind compares it: lower case, no accents, letters and digits only.
  function bare(word) {
    return String(word).toLowerCase().normalize("NFD").replace(/[^\p{L}\p{N}]/gu, "");
  }

  // The reverse of veiled() in digest/site/search.py.
  function unveil(text) {
    var quoted = Array.from(text || "", function (c) {
      return String.fromCharCode(c.codePointAt(0) - VEIL + 0x20);
    }).join("");
    return quoted ? decodeURIComponent(quoted) : "";
  }

  // The card's effects: [{tokens: [...], text: "..."}] from the page's "fx" metadata.
  function effectsOf(meta) {
    return unveil(meta && meta.fx).split("\n").filter(Boolean).map(function (line) {
      var parts = line.split("\t");
      return { tokens: parts[0].split(" "), text: parts[1] || "" };
    });
  }

  // The vocabulary terms a query names: its longest runs of words that name a term.
  function termsNamed(query, vocabulary) {
    var byWords = {};
    vocabulary.forEach(function (term) {
      term.words.forEach(function (w) { (byWords[w] = byWords[w] || []).push(term); });
    });
    var words = fold(query).split(" ").filter(Boolean);
    var found = [];
    var start = 0;
    while (start < words.length) {
      var end = words.length;
      while (end > start && !byWords[words.slice(start, end).join(" ")]) end--;
      if (end === start) { start++; continue; }
      var phrase = words.slice(start, end).join(" ");
      byWords[phrase].forEach(function (term) {
        if (found.indexOf(term) < 0) found.push(term);
      });
      found.phrases = (found.phrases || []).concat([phrase]);
      start = end;
    }
    return found;
  }

  // True where the site has the word (or words starting with it); false where Pagefind
  // would only fall back to a shorter word.
  async function present(pagefind, word) {
    var exact = await pagefind.search('"' + word + '"');
    if (exact && exact.results.length) return true;
    var loose = await pagefind.search(word);
    if (!loose || !loose.results.length) return false;
    var data = await loose.results[0].data();
    var target = bare(word);
    var words = data.content.split(/[\r\n\s]+/g);
    var seen = data.locations.map(function (at) { return words[at] || ""; });
    Object.keys(data.meta || {}).forEach(function (key) {
      if (key !== "fx" && key !== "es" && key !== "cite") {
        seen = seen.concat(data.meta[key].split(/\s+/));
      }
    });
    return seen.some(function (w) { return bare(w).indexOf(target) === 0; });
  }

  // The search behind every query: {term, missing, search}. ``missing`` lists the words
  // the site has nowhere; then ``search`` is null and nothing is shown as found.
  async function find(pagefind, query, filters) {
    var term = normaliseQuery(query || "") || null;
    var missing = [];
    var words = term ? term.split(" ") : [];
    for (var i = 0; i < words.length; i++) {
      if (!isToken(words[i]) && !(await present(pagefind, words[i]))) missing.push(words[i]);
    }
    if (missing.length) return { term: term, missing: missing, search: null };
    var search = await pagefind.search(term, { filters: filters || {} });
    return { term: term, missing: missing, search: search };
  }

  globalThis.digestSearch = {
    normaliseQuery: normaliseQuery,
    canonicalValue: canonicalValue,
    fold: fold,
    unveil: unveil,
    effectsOf: effectsOf,
    termsNamed: termsNamed,
    find: find,
  };
  if (typeof document === "undefined") return; // loaded outside a browser, by the tests

  var script = document.currentScript;
  var root = script ? new URL("..", script.src) : new URL("/", window.location.href);

  function addHeaderSearch() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.getElementById("digest-search")) return;
    var form = el("form", { className: "digest-header-search", action: new URL("search/", root).href });
    form.setAttribute("role", "search");
    var input = el("input", { type: "search", name: "q", placeholder: "Search" });
    input.setAttribute("aria-label", "Search the digest");
    form.appendChild(input);
    header.insertBefore(form, header.querySelector(".md-header__source"));
  }

  function el(tag, properties, children) {
    var element = document.createElement(tag);
    Object.keys(properties || {}).forEach(function (key) { element[key] = properties[key]; });
    (children || []).forEach(function (child) {
      if (child != null) element.append(child);
    });
    return element;
  }

  // ---- The search page's state, kept in its address -------------------------------

  function readState(search) {
    var params = new URLSearchParams(search);
    var state = { q: params.get("q") || "" };
    FILTERS.forEach(function (f) { state[f.key] = params.get(f.key) || ""; });
    return state;
  }

  function address(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (f) { if (state[f.key]) params.set(f.key, state[f.key]); });
    var text = params.toString();
    return window.location.pathname + (text ? "?" + text : "");
  }

  function filtersOf(state, except) {
    var filters = {};
    FILTERS.forEach(function (f) {
      if (state[f.key] && f.key !== except) filters[f.key] = state[f.key];
    });
    return filters;
  }

  // ---- Rendering ----------------------------------------------------------------------

  // Pagefind's excerpt is the page's text with < and > escaped and <mark> around matches.
  function excerptNode(html, className) {
    var p = el("p", { className: className });
    p.innerHTML = String(html).replace(/<(?!\/?mark>)/g, "&lt;");
    return p;
  }

  function card(data, queryTokens) {
    var meta = data.meta || {};
    var filters = data.filters || {};
    var facts = [unveil(meta.cite), meta.month, (filters.type || [])[0]].filter(Boolean).join(" · ");
    var item = el("li", { className: "digest-result" }, [
      el("h3", { className: "digest-result__title" }, [
        el("a", { href: data.url, textContent: meta.title || data.url }),
      ]),
      el("p", { className: "digest-result__facts", textContent: facts }),
    ]);
    if ((filters.topic || []).length) {
      item.append(el("p", { className: "digest-result__topics", textContent: filters.topic.join(" · ") }));
    }
    var matched = effectsOf(meta).filter(function (f) {
      return queryTokens.some(function (t) { return f.tokens.indexOf(t) >= 0; });
    });
    if (matched.length) {
      item.append(el("ul", { className: "digest-result__effects" }, matched.map(function (f) {
        return el("li", {}, [el("mark", { textContent: f.text })]);
      })));
    }
    if (data.locations.length) {
      // The page's own sections, not its title again: the snippet comes from the first
      // section the words are in, and the others are listed only where there are others.
      var sections = data.sub_results.filter(function (s) {
        return s.locations.length && s.url.indexOf("#") >= 0 && s.title !== meta.title;
      });
      item.append(excerptNode(sections.length ? sections[0].excerpt : data.excerpt, "digest-result__excerpt"));
      if (sections.length > 1) {
        item.append(el("ul", { className: "digest-result__sections" }, sections.slice(1, 3).map(function (s) {
          return el("li", {}, [
            el("a", { href: s.url, textContent: "Also in " + s.title }),
            excerptNode(s.excerpt, "digest-result__excerpt"),
          ]);
        })));
      }
    }
    return item;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  function termLine(term, state, apply) {
    var kind = { topic: "Topic", type: "Research type", instrument: "Instrument" }[term.kind];
    var link = el("a", { href: new URL(term.url, root).href, textContent: term.label });
    var line = el("li", { className: "digest-search__term" }, [kind + ": ", link]);
    if (!term.count) {
      line.append(term.kind === "topic" ? ": no summaries yet — follow this topic" : ": no summaries yet");
      return line;
    }
    line.append(" — " + plural(term.count, "summary", "summaries"));
    if (term.kind === "type" && state.type !== term.label) {
      var button = el("button", { type: "button", className: "md-button digest-search__apply", textContent: "Show only these" });
      button.addEventListener("click", function () { apply(term); });
      line.append(" ", button);
    }
    return line;
  }

  function chip(name, value, remove) {
    var button = el("button", { type: "button", className: "digest-chip", textContent: name + ": " + value });
    button.setAttribute("aria-label", "Remove filter " + name + ": " + value);
    button.append(el("span", { className: "digest-chip__x", textContent: "×" }));
    button.lastChild.setAttribute("aria-hidden", "true");
    button.addEventListener("click", remove);
    return button;
  }

  function facet(filter, values, counts, chosen, choose) {
    var names = Object.keys(values).sort(function (a, b) {
      return filter.key === "year" ? b.localeCompare(a) : a.localeCompare(b);
    });
    var set = el("fieldset", { className: "digest-facet" }, [el("legend", { textContent: filter.legend })]);
    names.forEach(function (value) {
      var count = (counts && counts[value]) || 0;
      var input = el("input", { type: "radio", name: filter.key, value: value, checked: value === chosen });
      input.disabled = count === 0 && value !== chosen;
      input.addEventListener("change", function () { choose(filter.key, value); });
      var row = el("label", { className: "digest-facet__option" + (input.disabled ? " digest-facet__option--none" : "") }, [
        input, " " + value + " ", el("span", { className: "digest-facet__count", textContent: "(" + count + ")" }),
      ]);
      set.append(row);
    });
    return set;
  }

  // ---- The search page ----------------------------------------------------------------

  function mountSearchPage(element) {
    var vocabularyData = document.getElementById("digest-search-vocabulary");
    var vocabulary = vocabularyData ? JSON.parse(vocabularyData.textContent) : [];
    var input = el("input", { type: "search", id: "digest-search-input", autocomplete: "off", className: "digest-search__input" });
    var form = el("form", { className: "digest-search__form" }, [
      el("label", { htmlFor: input.id, className: "digest-search__label", textContent: "Search the summaries" }),
      input,
    ]);
    form.setAttribute("role", "search");
    var status = el("p", { className: "digest-search__message" });
    status.setAttribute("role", "status");
    var chips = el("div", { className: "digest-search__chips" });
    var terms = el("ul", { className: "digest-search__terms" });
    var list = el("ol", { className: "digest-search__results" });
    var more = el("button", { type: "button", className: "md-button digest-search__more", textContent: "Show more results", hidden: true });
    var facets = el("div", { className: "digest-search__facets" });
    facets.setAttribute("aria-label", "Filters");
    element.append(form, el("div", { className: "digest-search__layout" }, [
      el("div", { className: "digest-search__main" }, [status, chips, terms, list, more]),
      facets,
    ]));

    var state = readState(window.location.search);
    input.value = state.q;
    input.focus();
    var pagefindPromise = null;
    var allValues = null;
    var run = 0;
    var shown = [];
    var typing = null;

    function pagefind() {
      if (!pagefindPromise) {
        var bundle = new URL("pagefind/", root).href;
        pagefindPromise = import(bundle + "pagefind.js").then(async function (module) {
          // On the main thread: a worker would fetch another copy of the search code.
          await module.options({ basePath: bundle, noWorker: true, excerptLength: 24 });
          await module.init();
          return module;
        });
      }
      return pagefindPromise;
    }

    function commit(push) {
      var target = address(state);
      if (target !== window.location.pathname + window.location.search) {
        window.history[push ? "pushState" : "replaceState"](null, "", target);
      }
      update();
    }

    function choose(key, value) {
      state[key] = value;
      commit(true);
    }

    function applyType(term) {
      var named = termsNamed(state.q, vocabulary).phrases || [];
      var words = fold(state.q).split(" ");
      var phrase = named.filter(function (p) {
        return term.words.indexOf(p) >= 0;
      })[0];
      if (phrase) {
        var at = words.join(" ").indexOf(phrase);
        state.q = (words.join(" ").slice(0, at) + words.join(" ").slice(at + phrase.length)).replace(/\s+/g, " ").trim();
        input.value = state.q;
      }
      state.type = term.label;
      commit(true);
    }

    async function facetCounts(api, term, search) {
      var counts = {};
      for (var i = 0; i < FILTERS.length; i++) {
        var key = FILTERS[i].key;
        // A chosen group counts as if it were not chosen: what each choice would give.
        var base = state[key] ? await api.search(term, { filters: filtersOf(state, key) }) : search;
        counts[key] = (base && base.filters && base.filters[key]) || {};
      }
      return counts;
    }

    function renderFacets(counts) {
      facets.replaceChildren.apply(facets, FILTERS.map(function (f) {
        return facet(f, allValues[f.key] || {}, counts[f.key], state[f.key], choose);
      }));
    }

    function renderChips() {
      chips.replaceChildren.apply(chips, FILTERS.filter(function (f) { return state[f.key]; }).map(function (f) {
        return chip(f.legend, state[f.key], function () { choose(f.key, ""); });
      }));
    }

    function renderTerms() {
      var named = termsNamed(state.q, vocabulary);
      terms.replaceChildren.apply(terms, named.map(function (t) { return termLine(t, state, applyType); }));
    }

    async function showPage(results, queryTokens, mine) {
      var next = results.slice(shown.length, shown.length + PAGE_SIZE);
      var data = await Promise.all(next.map(function (r) { return r.data(); }));
      if (mine !== run) return;
      data.forEach(function (d) { list.append(card(d, queryTokens)); });
      shown = shown.concat(next);
      more.hidden = shown.length >= results.length;
    }

    async function update() {
      var mine = ++run;
      renderChips();
      renderTerms();
      var hasFilters = Object.keys(filtersOf(state)).length > 0;
      if (!state.q.trim() && !hasFilters) {
        list.replaceChildren();
        status.textContent = "";
        more.hidden = true;
        facets.replaceChildren();
        return;
      }
      var api = await pagefind();
      if (!allValues) allValues = await api.filters();
      var found = await find(api, state.q, filtersOf(state));
      var counts = found.search ? await facetCounts(api, found.term, found.search) : {};
      if (mine !== run) return;
      list.replaceChildren();
      shown = [];
      var results = found.search ? found.search.results : [];
      if (results.length) renderFacets(counts);
      else facets.replaceChildren();
      var what = state.q.trim();
      if (!results.length) {
        status.textContent = what ? "No results for " + what : "No results";
        if (found.missing.length) {
          status.append(el("span", {
            className: "digest-search__why",
            textContent: " — no summary has " + found.missing.map(function (w) { return "“" + w + "”"; }).join(" or "),
          }));
        }
        more.hidden = true;
        return;
      }
      var count = plural(results.length, "result");
      status.textContent = what ? count + " for " + what : count;
      var queryTokens = (found.term || "").split(" ").filter(isToken);
      await showPage(results, queryTokens, mine);
      more.onclick = function () { showPage(results, queryTokens, mine); };
    }

    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        state.q = input.value;
        commit(false);
      }, 200);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      state.q = input.value;
      commit(true);
    });
    window.addEventListener("popstate", function () {
      state = readState(window.location.search);
      input.value = state.q;
      update();
    });
    update();
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
