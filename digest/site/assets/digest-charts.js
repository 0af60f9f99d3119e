// Interactive charts. Most charts are a static SVG inline in the page (works without
// JavaScript); their "Interactive version" button swaps in the same Vega-Lite spec drawn by
// Vega as wide as the page's column, with tooltips and points that link to their summaries. An entry's own small
// chart (figure.digest-chart-auto) is drawn by Vega once it scrolls into view. Vega is
// loaded only when needed, from this site (assets/vega/vega-embed.js), never a CDN.
(function () {
  "use strict";

  var script = document.currentScript;
  var bundleUrl = new URL("vega/vega-embed.js", script.src).href;
  var loading = null;

  function loadVega() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = bundleUrl;
        tag.onload = function () { resolve(window.vegaEmbed); };
        tag.onerror = function () { reject(new Error("Vega could not be loaded")); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function fetchSpec(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  // Draws the spec at specUrl into a new holder at the top of figure.
  function draw(figure, specUrl) {
    var holder = document.createElement("div");
    holder.className = "digest-chart-vega";
    return Promise.all([loadVega(), fetchSpec(specUrl)])
      .then(function (loaded) {
        figure.insertBefore(holder, figure.firstChild);
        return loaded[0](holder, loaded[1], { actions: false, renderer: "svg" });
      })
      .then(function () { return holder; })
      .catch(function (error) {
        holder.remove();
        throw error;
      });
  }

  function showInteractive(button) {
    var figure = button.closest("figure");
    var image = figure.querySelector(".digest-chart-static");
    button.disabled = true;
    draw(figure, button.dataset.spec)
      .then(function (holder) {
        holder.setAttribute("role", "img");
        holder.setAttribute("aria-label", image ? image.getAttribute("aria-label") : "");
        if (image) image.hidden = true;
        button.hidden = true;
      })
      .catch(function () {
        button.disabled = false;
        button.textContent = "Interactive version unavailable; try again";
      });
  }

  function drawInPlace(figure) {
    draw(figure, figure.dataset.spec).catch(function () {
      figure.querySelector("figcaption").textContent = "The chart could not be drawn.";
    });
  }

  function drawWhenVisible(figures) {
    if (!figures.length) return;
    if (!("IntersectionObserver" in window)) {
      figures.forEach(drawInPlace);
      return;
    }
    var observer = new IntersectionObserver(function (seen) {
      seen.forEach(function (item) {
        if (!item.isIntersecting) return;
        observer.unobserve(item.target);
        drawInPlace(item.target);
      });
    }, { rootMargin: "200px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  drawWhenVisible(Array.prototype.slice.call(document.querySelectorAll(".digest-chart-auto")));

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".digest-chart-live");
    if (button) showInteractive(button);
  });
})();
