// Carousels and sliders (sitegen's default theme). Without this script every image
// is already in the page, in a row that scrolls and snaps (CSS). This adds the
// previous/next buttons, arrow keys on the focused row, and the timer of
// data-interval milliseconds (0: none), which pauses on hover and focus, has its own
// pause button, and never starts for a reader who prefers reduced motion.
(function () {
  "use strict";
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function setUp(root) {
    var track = root.querySelector(".carousel-track");
    var slides = track.querySelectorAll(".carousel-slide");
    var controls = root.querySelector(".carousel-controls");
    if (!track || slides.length < 2 || !controls) return;
    controls.hidden = false;

    function current() {
      return Math.round(track.scrollLeft / Math.max(track.clientWidth, 1));
    }
    function go(index) {
      var n = (index + slides.length) % slides.length;
      track.scrollTo({ left: n * track.clientWidth, behavior: still ? "auto" : "smooth" });
    }
    root.querySelector(".carousel-prev").addEventListener("click", function () { go(current() - 1); });
    root.querySelector(".carousel-next").addEventListener("click", function () { go(current() + 1); });
    track.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { go(current() - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { go(current() + 1); event.preventDefault(); }
    });

    var interval = parseInt(root.getAttribute("data-interval"), 10) || 0;
    var pause = root.querySelector(".carousel-pause");
    if (!interval || still) {
      if (pause) pause.hidden = true;
      return;
    }
    var paused = false, held = false;
    setInterval(function () {
      if (!paused && !held && !document.hidden) go(current() + 1);
    }, interval);
    function hold(on) { return function () { held = on; }; }
    root.addEventListener("mouseenter", hold(true));
    root.addEventListener("mouseleave", hold(false));
    root.addEventListener("focusin", hold(true));
    root.addEventListener("focusout", hold(false));
    if (pause) {
      pause.addEventListener("click", function () {
        paused = !paused;
        pause.setAttribute("aria-pressed", paused ? "true" : "false");
        pause.textContent = pause.getAttribute(paused ? "data-play" : "data-pause");
      });
    }
  }

  document.querySelectorAll(".carousel").forEach(setUp);
})();
