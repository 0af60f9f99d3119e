// Copy buttons: "Copy reference" under each citation, "Copy link" among the share
// links. Each button names what it copies: data-copy is the id of an element whose text
// it copies, data-copy-text the text itself. Without JavaScript the buttons stay
// hidden and the download and share links beside them still work.
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function textOf(button) {
    if (button.dataset.copyText) {
      return button.dataset.copyText;
    }
    var source = document.getElementById(button.dataset.copy);
    return source ? source.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function say(button, message) {
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.textContent = message;
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  function setUp() {
    document.querySelectorAll("button.digest-copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(textOf(button)).then(
          function () { say(button, "Copied"); },
          function () { say(button, "Copy failed: select the text"); }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
