// Interactive charts: each chart is a static SVG (works without JavaScript and in
// e-mail); its "Interactive version" button swaps in the same Vega-Lite spec rendered
// by Vega, with tooltips and points that link to their summaries. Vega is loaded only
// then, from this site (assets/vega/vega-embed.js), never from a CDN.
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

  function showInteractive(button) {
    var figure = button.closest("figure");
    var image = figure.querySelector("img");
    var holder = document.createElement("div");
    holder.className = "digest-chart-vega";
    holder.setAttribute("role", "img");
    holder.setAttribute("aria-label", image ? image.alt : "");
    button.disabled = true;
    return Promise.all([loadVega(), fetchSpec(button.dataset.spec)])
      .then(function (loaded) {
        figure.insertBefore(holder, figure.firstChild);
        return loaded[0](holder, loaded[1], { actions: false, renderer: "svg" });
      })
      .then(function () {
        if (image) image.hidden = true;
        button.hidden = true;
      })
      .catch(function () {
        holder.remove();
        button.disabled = false;
        button.textContent = "Interactive version unavailable; try again";
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".digest-chart-live");
    if (button) showInteractive(button);
  });
})();
