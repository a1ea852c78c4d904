// The dark-mode button (partials/theme_toggle.html). theme_init.html has already
// applied a stored choice; this shows the button, keeps aria-pressed true while the
// page is dark, and stores the reader's choice. Until one is made, the page follows
// the OS, even when the OS setting changes while the page is open.
(function () {
  "use strict";
  var KEY = "sitegen-theme";
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  var osDark = matchMedia("(prefers-color-scheme: dark)");
  if (!button) return;

  function isDark() {
    var chosen = root.dataset.theme;
    return chosen ? chosen === "dark" : osDark.matches;
  }
  function show() {
    button.setAttribute("aria-pressed", String(isDark()));
  }
  button.addEventListener("click", function () {
    var next = isDark() ? "light" : "dark";
    root.dataset.theme = next;
    try {
      localStorage.setItem(KEY, next);
    } catch (e) {
      // storage off (private mode): the choice holds for this page only
    }
    show();
  });
  osDark.addEventListener("change", show);
  button.hidden = false;
  show();
})();
