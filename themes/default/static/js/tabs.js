/* Tabs for Blowfish's tabs shortcode (sitegen's own code, no library).
   The page holds every panel, each under its label, so it reads fine without this
   script. Here each set gets a tablist built from those labels, with the ARIA tabs
   pattern: arrow keys, Home and End move between tabs, one panel shows at a time.
   Sets sharing a data-group switch together, by label. */
(function () {
  "use strict";

  function panelsOf(set) {
    return Array.prototype.filter.call(set.children, function (el) {
      return el.classList.contains("tab-panel");
    });
  }

  function select(set, index, focus) {
    set._tabs.forEach(function (tab, i) {
      var on = i === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      set._panels[i].hidden = !on;
    });
    if (focus) set._tabs[index].focus();
  }

  function selectLabel(set, label) {
    var index = set._labels.indexOf(label);
    if (index >= 0) select(set, index, false);
  }

  function choose(set, index, focus) {
    select(set, index, focus);
    var group = set.getAttribute("data-group");
    if (!group) return;
    document.querySelectorAll(".tabs-ready").forEach(function (other) {
      if (other !== set && other.getAttribute("data-group") === group) {
        selectLabel(other, set._labels[index]);
      }
    });
  }

  function onKey(set, event) {
    var count = set._tabs.length;
    var now = set._tabs.indexOf(event.currentTarget);
    var rtl = getComputedStyle(set).direction === "rtl";
    var next = {
      ArrowRight: now + (rtl ? -1 : 1),
      ArrowLeft: now + (rtl ? 1 : -1),
      Home: 0,
      End: count - 1
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    choose(set, (next + count) % count, true);
  }

  function build(set) {
    var panels = panelsOf(set);
    if (!panels.length) return;
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    set._tabs = [];
    set._panels = panels;
    set._labels = [];
    panels.forEach(function (panel, i) {
      var label = panel.querySelector(".tab-label");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = panel.id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      tab.innerHTML = label ? label.innerHTML : String(i + 1);
      tab.addEventListener("click", function () { choose(set, i, false); });
      tab.addEventListener("keydown", function (event) { onKey(set, event); });
      list.appendChild(tab);
      set._tabs.push(tab);
      set._labels.push(tab.textContent.trim());
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
    });
    set.insertBefore(list, set.firstChild);
    set.classList.add("tabs-ready");
    var first = set._labels.indexOf(set.getAttribute("data-default") || "");
    select(set, first >= 0 ? first : 0, false);
  }

  function start() {
    document.querySelectorAll(".tabs").forEach(build);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
