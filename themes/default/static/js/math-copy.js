// Copying text that holds formulas puts their TeX on the clipboard: each
// <math> (even one only partly selected) becomes its alttext between $…$, or
// $$…$$ for a display formula. The page renders with no script; this only
// changes what a copy gives. sitegen's own, in the manner of KaTeX's copy-tex.
(function () {
  "use strict";
  function tex(math) {
    var source = math.getAttribute("alttext") || math.textContent;
    return math.getAttribute("display") === "block" ? "$$" + source + "$$" : "$" + source + "$";
  }
  function within(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element && element.closest("math");
  }
  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !event.clipboardData) return;
    var text = "", html = "", found = false;
    for (var i = 0; i < selection.rangeCount; i++) {
      var range = selection.getRangeAt(i);
      var holder = document.createElement("div");
      holder.appendChild(range.cloneContents());
      html += holder.innerHTML;
      // A range inside one formula clones its pieces, not the <math> around them.
      var math = within(range.commonAncestorContainer);
      if (math) {
        text += tex(math);
        found = true;
        continue;
      }
      holder.querySelectorAll("math").forEach(function (part) {
        part.replaceWith(document.createTextNode(tex(part)));
        found = true;
      });
      text += holder.textContent;
    }
    if (!found) return;  // no formula: the browser's own copy
    event.clipboardData.setData("text/plain", text);
    event.clipboardData.setData("text/html", html);
    event.preventDefault();
  });
})();
