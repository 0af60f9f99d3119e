// The evidence explorer on /evidence/: every effect size of every entry in one table,
// filtered and sorted in the browser. The page holds
// <div id="digest-explorer" data-src="effects.json">; the JSON is column-oriented,
// {"fields": [...], "rows": [[...], ...]}, newest issue first.
//
// Filter and sort state lives in the query string (?topic=Empathy&measure=r&sort=d&dir=desc),
// so a view can be bookmarked or shared. Only the first PAGE rows that match are drawn;
// "Show more" draws the next ones, and the count always reports every match.
(function () {
  "use strict";

  var PAGE = 200;
  var TYPING_PAUSE = 150; // ms after the last keystroke before the text filter runs
  var MAGNITUDES = ["negligible", "small", "medium", "large"];
  var MINUS = "\u2212";
  var DASH = "\u2014";

  // The filters, in the order they appear; `key` is also the query-string parameter.
  var FILTERS = [
    { key: "topic", label: "Topic" },
    { key: "type", label: "Research type" },
    { key: "measure", label: "Measure" },
    { key: "magnitude", label: "Magnitude" },
    { key: "from", label: "Year from" },
    { key: "to", label: "Year to" },
  ];

  // The table's columns: `text` gives a row's cell text, `value` its sort key (a number,
  // a string or null; null always sorts last), `num` marks numbers (aligned right).
  function columns(f) {
    function get(name) {
      return function (row) { return row[f[name]]; };
    }
    function shown(name) {
      return function (row) { return row[f[name]] == null ? "" : String(row[f[name]]); };
    }
    function metric(name) {
      return function (row) { return row[f[name]] == null ? DASH : fixed(row[f[name]]); };
    }
    return [
      { key: "study", label: "Study", text: shown("study"), value: get("study") },
      { key: "issue", label: "Issue", text: shown("issue"), value: get("issue") },
      { key: "effect", label: "Predictor \u2192 outcome", text: effectText, value: effectText },
      { key: "measure", label: "Measure", text: shown("measure"), value: get("measure") },
      { key: "value", label: "Value", text: shown("value_text"), value: get("value"), num: true },
      {
        key: "ci", label: "95% CI", text: shown("ci_text"), value: firstNumber("ci_text"), num: true,
      },
      { key: "k", label: "k", text: shown("k_text"), value: get("k"), num: true },
      { key: "n", label: "N", text: shown("n_text"), value: get("n"), num: true },
      { key: "p", label: "p", text: shown("p_text"), value: firstNumber("p_text"), num: true },
      { key: "d", label: "d", text: metric("d"), value: get("d"), num: true },
      { key: "r", label: "r", text: metric("r"), value: get("r"), num: true },
      { key: "magnitude", label: "Magnitude", text: magnitudeText, value: magnitudeRank },
    ];

    function effectText(row) {
      var outcome = row[f.outcome];
      return outcome ? row[f.predictor] + " \u2192 " + outcome : String(row[f.predictor]);
    }
    function firstNumber(name) {
      return function (row) {
        var match = /[-\u2212]?\d*\.?\d+/.exec(row[f[name]] || "");
        return match ? parseFloat(match[0].replace(MINUS, "-")) : null;
      };
    }
    function magnitudeText(row) {
      return row[f.magnitude] || DASH;
    }
    function magnitudeRank(row) {
      var rank = MAGNITUDES.indexOf(row[f.magnitude]);
      return rank < 0 ? null : rank;
    }
  }

  function count(n) {
    return n.toLocaleString("en");
  }

  function fixed(x) {
    return x.toFixed(2).replace("-", MINUS);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text != null) node.textContent = text;
    return node;
  }

  function distinct(values, compare) {
    var seen = {};
    values.forEach(function (value) {
      if (value != null && value !== "") seen[value] = value;
    });
    return Object.keys(seen).map(function (key) { return seen[key]; }).sort(compare);
  }

  function byText(a, b) {
    return String(a).localeCompare(String(b));
  }

  function compareKeys(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }

  function Explorer(root, data, dataUrl) {
    var f = {};
    data.fields.forEach(function (name, index) { f[name] = index; });
    this.f = f;
    this.rows = data.rows;
    this.dataUrl = dataUrl;
    this.columns = columns(f);
    this.haystack = this.rows.map(function (row) {
      return [row[f.predictor], row[f.outcome], row[f.study]].join("\n").toLowerCase();
    });
    this.state = { sort: "", dir: "asc" };
    this.root = root;
    this.build();
    this.readQuery();
    this.sort();
    this.apply();
  }

  Explorer.prototype.options = function (key) {
    var f = this.f;
    var rows = this.rows;
    if (key === "topic") {
      var topics = [];
      rows.forEach(function (row) { topics.push.apply(topics, row[f.topics] || []); });
      return distinct(topics, byText);
    }
    if (key === "magnitude") {
      var present = distinct(rows.map(function (row) { return row[f.magnitude]; }));
      return MAGNITUDES.filter(function (m) { return present.indexOf(m) >= 0; });
    }
    if (key === "from" || key === "to") {
      var years = distinct(rows.map(function (row) { return row[f.year]; }), function (a, b) {
        return b - a;
      });
      return years.map(String);
    }
    return distinct(rows.map(function (row) { return row[f[key]]; }), byText);
  };

  Explorer.prototype.build = function () {
    var self = this;
    var form = element("form", { class: "digest-explorer__filters", role: "search" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.selects = {};
    FILTERS.forEach(function (filter) {
      var id = "digest-explorer-" + filter.key;
      var field = element("div", { class: "digest-explorer__field" });
      field.appendChild(element("label", { for: id }, filter.label));
      var select = element("select", { id: id, name: filter.key });
      var any = filter.key === "from" || filter.key === "to" ? "Any" : "All";
      select.appendChild(element("option", { value: "" }, any));
      self.options(filter.key).forEach(function (value) {
        select.appendChild(element("option", { value: value }, value));
      });
      select.addEventListener("change", function () { self.apply(); });
      self.selects[filter.key] = select;
      field.appendChild(select);
      form.appendChild(field);
    });
    var field = element("div", { class: "digest-explorer__field digest-explorer__field--text" });
    var text = "Predictor, outcome or study";
    field.appendChild(element("label", { for: "digest-explorer-q" }, text));
    this.search = element("input", {
      id: "digest-explorer-q", name: "q", type: "search", autocomplete: "off",
    });
    var typing;
    this.search.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { self.apply(); }, TYPING_PAUSE);
    });
    field.appendChild(this.search);
    form.appendChild(field);
    var reset = element("button", { type: "button", class: "md-button" }, "Reset");
    reset.addEventListener("click", function () { self.reset(); });
    form.appendChild(reset);

    this.count = element("p", { class: "digest-explorer__count", "aria-live": "polite" });

    var table = element("table", { class: "digest-explorer__table" });
    table.appendChild(element("caption", {}, "Select a column heading to sort by it."));
    var head = element("tr");
    this.headers = {};
    this.columns.forEach(function (column) {
      var th = element("th", { scope: "col", "data-column": column.key });
      if (column.num) th.className = "digest-explorer__num";
      var button = element("button", { type: "button" }, column.label);
      button.addEventListener("click", function () { self.toggleSort(column.key); });
      th.appendChild(button);
      head.appendChild(th);
      self.headers[column.key] = th;
    });
    table.appendChild(element("thead")).appendChild(head);
    this.body = table.appendChild(element("tbody"));
    var scroller = element("div", { class: "digest-explorer__scroll" });
    scroller.appendChild(table);

    this.more = element("button", { type: "button", class: "md-button digest-explorer__more" });
    this.more.addEventListener("click", function () { self.draw(self.drawn + PAGE); });
    this.shown = element("p", { class: "digest-explorer__shown" });

    this.root.textContent = "";
    [form, this.count, scroller, this.shown, this.more].forEach(function (node) {
      self.root.appendChild(node);
    });
  };

  Explorer.prototype.readQuery = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    FILTERS.forEach(function (filter) {
      var value = params.get(filter.key);
      if (!value) return;
      var select = self.selects[filter.key];
      // A shared link may name a value this data lacks; keep it so the count shows 0.
      if (!Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.appendChild(element("option", { value: value }, value));
      }
      select.value = value;
    });
    this.search.value = params.get("q") || "";
    var sort = params.get("sort");
    if (this.columns.some(function (column) { return column.key === sort; })) {
      this.state.sort = sort;
      this.state.dir = params.get("dir") === "desc" ? "desc" : "asc";
    }
  };

  Explorer.prototype.writeQuery = function () {
    var params = new URLSearchParams();
    var self = this;
    FILTERS.forEach(function (filter) {
      if (self.selects[filter.key].value) params.set(filter.key, self.selects[filter.key].value);
    });
    if (this.search.value.trim()) params.set("q", this.search.value.trim());
    if (this.state.sort) {
      params.set("sort", this.state.sort);
      params.set("dir", this.state.dir);
    }
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };

  Explorer.prototype.toggleSort = function (key) {
    var ascending = this.state.sort !== key || this.state.dir === "desc";
    this.state.sort = key;
    this.state.dir = ascending ? "asc" : "desc";
    this.sort();
    this.apply();
  };

  // Every row's index in the current sort order; filtering walks this list.
  Explorer.prototype.sort = function () {
    var order = this.rows.map(function (row, index) { return index; });
    var self = this;
    Object.keys(this.headers).forEach(function (key) {
      if (key === self.state.sort) {
        var dir = self.state.dir === "asc" ? "ascending" : "descending";
        self.headers[key].setAttribute("aria-sort", dir);
      } else {
        self.headers[key].removeAttribute("aria-sort");
      }
    });
    var column = this.columns.filter(function (c) { return c.key === self.state.sort; })[0];
    if (column) {
      var keys = this.rows.map(column.value);
      var sign = this.state.dir === "desc" ? -1 : 1;
      order.sort(function (a, b) {
        var x = keys[a];
        var y = keys[b];
        if (x == null || y == null) return x == null && y == null ? a - b : x == null ? 1 : -1;
        return sign * compareKeys(x, y) || a - b;
      });
    }
    this.order = order;
  };

  Explorer.prototype.matches = function () {
    var f = this.f;
    var value = {};
    var selects = this.selects;
    Object.keys(selects).forEach(function (key) { value[key] = selects[key].value; });
    var from = value.from ? Number(value.from) : -Infinity;
    var to = value.to ? Number(value.to) : Infinity;
    if (from > to) { var swap = from; from = to; to = swap; }
    var terms = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = this.rows;
    var haystack = this.haystack;
    return this.order.filter(function (index) {
      var row = rows[index];
      if (value.topic && (row[f.topics] || []).indexOf(value.topic) < 0) return false;
      if (value.type && row[f.type] !== value.type) return false;
      if (value.measure && row[f.measure] !== value.measure) return false;
      if (value.magnitude && row[f.magnitude] !== value.magnitude) return false;
      if (row[f.year] < from || row[f.year] > to) return false;
      for (var i = 0; i < terms.length; i++) {
        if (haystack[index].indexOf(terms[i]) < 0) return false;
      }
      return true;
    });
  };

  Explorer.prototype.apply = function () {
    this.matched = this.matches();
    var total = count(this.rows.length);
    this.count.textContent = count(this.matched.length) + " of " + total + " effects";
    this.writeQuery();
    this.body.textContent = "";
    this.drawn = 0;
    this.draw(PAGE);
  };

  Explorer.prototype.draw = function (upTo) {
    var end = Math.min(upTo, this.matched.length);
    var fragment = document.createDocumentFragment();
    for (var i = this.drawn; i < end; i++) {
      fragment.appendChild(this.row(this.rows[this.matched[i]]));
    }
    this.body.appendChild(fragment);
    this.drawn = end;
    var left = this.matched.length - end;
    this.more.hidden = left <= 0;
    this.more.textContent = "Show " + count(Math.min(left, PAGE)) + " more";
    this.shown.hidden = left <= 0;
    this.shown.textContent =
      "Showing the first " + count(end) + " of " + count(this.matched.length) + ".";
  };

  Explorer.prototype.row = function (row) {
    var tr = element("tr");
    var href = new URL(row[this.f.entry], this.dataUrl).href;
    this.columns.forEach(function (column) {
      var td = element("td", { "data-label": column.label });
      if (column.num) td.className = "digest-explorer__num";
      if (column.key === "study") {
        td.appendChild(element("a", { href: href }, column.text(row)));
      } else {
        td.textContent = column.text(row);
      }
      tr.appendChild(td);
    });
    return tr;
  };

  Explorer.prototype.reset = function () {
    var self = this;
    Object.keys(this.selects).forEach(function (key) { self.selects[key].value = ""; });
    this.search.value = "";
    this.state.sort = "";
    this.state.dir = "asc";
    this.sort();
    this.apply();
  };

  function start() {
    var root = document.getElementById("digest-explorer");
    if (!root) return;
    var dataUrl = new URL(root.getAttribute("data-src") || "effects.json", window.location.href);
    root.setAttribute("aria-busy", "true");
    root.textContent = "Loading the effect sizes\u2026";
    fetch(dataUrl.href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (data) {
        new Explorer(root, data, dataUrl);
        root.removeAttribute("aria-busy");
      })
      .catch(function (error) {
        root.removeAttribute("aria-busy");
        root.textContent = "The effect sizes could not be loaded (" + error.message + ").";
      });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
