/*
 * Gives the per-language inputs of wagtail-modeltranslation (title_ar, intro_fa,
 * body_ar-0-value, …) the writing direction and language of their language, so that
 * Arabic and Farsi are typed right to left. Also for fields added later (StreamField).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var rtl = (script && script.dataset.rtlLanguages || "").split(" ").filter(Boolean);
  if (!rtl.length) { return; }
  var pattern = new RegExp("_(" + rtl.join("|") + ")(?:$|-)");

  function mark(root) {
    var inputs = root.querySelectorAll("input[name], textarea[name], select[name]");
    inputs.forEach(function (input) {
      var match = pattern.exec(input.name);
      // Slugs stay Latin script, left to right, in every language.
      if (!match || input.name.indexOf("slug_") === 0) { return; }
      var box = input.closest(".w-field__input") || input;
      if (box.getAttribute("dir") === "rtl") { return; }
      box.setAttribute("dir", "rtl");
      box.setAttribute("lang", match[1]);
    });
  }

  function start() {
    mark(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (m) {
        m.addedNodes.forEach(function (node) { if (node.querySelectorAll) { mark(node); } });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
