// Wide tables scroll sideways inside the page: Material wraps each Markdown table in
// a .md-typeset__scrollwrap. A wrapper that scrolls becomes a focusable region named
// after the heading above it, so the keyboard can scroll it too (WCAG 2.1.1).
(function () {
  "use strict";

  var WRAPPER = ".md-typeset__scrollwrap";

  // The text of the nearest heading before the table, without its permalink sign.
  function nameOf(wrapper) {
    var headings = document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3");
    var name = "Table";
    headings.forEach(function (heading) {
      if (heading.compareDocumentPosition(wrapper) & Node.DOCUMENT_POSITION_FOLLOWING) {
        var copy = heading.cloneNode(true);
        copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
        name = copy.textContent.trim() || name;
      }
    });
    return name + " (table, scrolls sideways)";
  }

  function update() {
    document.querySelectorAll(WRAPPER).forEach(function (wrapper) {
      if (wrapper.scrollWidth > wrapper.clientWidth) {
        wrapper.tabIndex = 0;
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", nameOf(wrapper));
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) {
          wrapper.removeAttribute(name);
        });
      }
    });
  }

  // Material wraps the tables when its document$ emits; run after it, and on resizing.
  if (window.document$) {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("resize", update);
})();
