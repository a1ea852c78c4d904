/* Typing for Blowfish's typeit shortcode: sitegen's own small script, not the TypeIt
   library (GPL-3.0). The element holds the whole text, one .typeit-line per line; the
   text stays there for screen readers (visually hidden) while a copy hidden from them
   is typed out. With reduced motion asked for, nothing is typed and the text stays as
   written. Options come from data- attributes (see the shortcode's template). */
(function () {
  "use strict";
  if (window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches) return;

  function sleep(ms) {
    return new Promise(function (done) { setTimeout(done, ms); });
  }

  function typer(el) {
    var data = el.dataset;
    var speed = Number(data.speed) || 100;
    var lifeLike = data.lifeLike === "true";
    var breakLines = data.breakLines !== "false";
    var loop = data.loop === "true";
    var lines = Array.prototype.map.call(el.querySelectorAll(".typeit-line"), function (line) {
      return line.textContent;
    });
    if (!lines.length) return null;
    if (breakLines) el.style.minHeight = el.getBoundingClientRect().height + "px";

    var full = document.createElement("span");
    full.className = "visually-hidden";
    full.textContent = lines.join("\n");
    var shown = document.createElement("span");
    shown.className = "typeit-shown";
    shown.setAttribute("aria-hidden", "true");
    el.replaceChildren(full, shown);

    var current = null; // the text node being typed into
    function newLine() {
      if (shown.childNodes.length) shown.appendChild(document.createElement("br"));
      current = document.createTextNode("");
      shown.appendChild(current);
    }
    function pace() {
      // a person types unevenly: between half and one and a half times the speed
      return lifeLike ? speed * (0.5 + Math.random()) : speed;
    }
    async function type(text) {
      for (var i = 0; i < text.length; i++) {
        current.data += text[i];
        await sleep(pace());
      }
    }
    async function erase() {
      while (current.data.length) {
        current.data = current.data.slice(0, -1);
        await sleep(speed / 2);
      }
    }
    function clear() {
      shown.replaceChildren();
      newLine();
    }

    return async function run() {
      clear();
      if (data.initialString) {
        current.data = data.initialString;
        await sleep(Number(data.startDelay) || 0);
        await sleep(1000);
        await erase();
      } else {
        await sleep(Number(data.startDelay) || 0);
      }
      do {
        for (var n = 0; n < lines.length; n++) {
          if (n > 0) {
            if (breakLines) {
              newLine();
            } else {
              await sleep(1500);
              await erase();
            }
          }
          await type(lines[n]);
        }
        if (loop) {
          await sleep(1500);
          clear();
        }
      } while (loop);
      shown.classList.add("typeit-done");
    };
  }

  function start() {
    document.querySelectorAll(".typeit").forEach(function (el) {
      var run = typer(el);
      if (!run) return;
      if (el.dataset.waitUntilVisible === "false" || !("IntersectionObserver" in window)) {
        run();
        return;
      }
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          seen.disconnect();
          run();
        }
      });
      seen.observe(el);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
