/* Scrolling for Blowfish's marquee shortcode (sitegen's own code). The page holds
   the items once, wrapped onto lines; here a second copy is added after them so the
   loop has no gap (hidden from screen readers and out of the keyboard's reach), and
   the CSS animation starts. With reduced motion asked for, nothing changes. */
(function () {
  "use strict";
  if (window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches) return;

  function start() {
    document.querySelectorAll(".marquee").forEach(function (marquee) {
      var track = marquee.querySelector(".marquee-track");
      var items = track && track.querySelector(".marquee-content");
      if (!items || marquee.classList.contains("marquee-ready")) return;
      var copy = items.cloneNode(true);
      copy.classList.add("marquee-copy");
      copy.setAttribute("aria-hidden", "true");
      copy.inert = true;
      track.appendChild(copy);
      marquee.classList.add("marquee-ready");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
