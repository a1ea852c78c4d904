// Posts only: copy buttons on code blocks, and the TOC sidebar marking the
// section being read. Progressive enhancement: without JavaScript the code is
// plain, selectable text, no dead button shows, and the TOC is a list of links.
// The button's words come from the script tag, so they are in the page's
// language (data-copy / data-copied, filled from the theme's i18n files).
(function () {
  "use strict";
  var words = document.currentScript.dataset;

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http on a LAN address has no Clipboard API: use a hidden textarea.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      (ok ? resolve : reject)();
    });
  }

  // The code as the reader sees it, without inline line numbers.
  function codeText(pre) {
    if (!pre.querySelector(".ln")) return pre.innerText;
    var copy = pre.cloneNode(true);
    copy.querySelectorAll(".ln").forEach(function (n) { n.remove(); });
    return copy.textContent;
  }

  document.querySelectorAll(".highlight").forEach(function (block) {
    // With line numbers in a table, the code is the last column's pre.
    var code = block.querySelector(".lntd:last-child pre") || block.querySelector("pre");
    if (!code) return;
    var button = document.createElement("button");
    var status = document.createElement("span");
    var timer;
    button.type = "button";
    button.className = "copy";
    button.textContent = words.copy;
    // Screen readers hear "Copied" through a polite live region, not a relabel.
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyText(codeText(code)).then(function () {
        button.textContent = status.textContent = words.copied;
        button.classList.add("done");
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = words.copy;
          status.textContent = "";
          button.classList.remove("done");
        }, 2000);
      }, function () {
        // Leave the label alone; the user can still select the code by hand.
      });
    });
    block.classList.add("has-copy");
    block.append(button, status);
  });

  // TOC: the last heading whose top has scrolled past the top fifth of the
  // window is "current". Checked once per frame while scrolling.
  var links = {};
  document.querySelectorAll(".toc-sidebar a[href^='#']").forEach(function (a) {
    links[decodeURIComponent(a.hash.slice(1))] = a;
  });
  var headings = Array.prototype.filter.call(
    document.querySelectorAll(".content [id]"), function (h) { return links[h.id]; });
  if (!headings.length) return;
  var marked = null, queued = false;
  function mark() {
    queued = false;
    var line = window.innerHeight / 5, current = null;
    for (var i = 0; i < headings.length && headings[i].getBoundingClientRect().top <= line; i++) {
      current = links[headings[i].id];
    }
    if (current === marked) return;
    if (marked) marked.removeAttribute("aria-current");
    if (current) current.setAttribute("aria-current", "location");
    marked = current;
  }
  window.addEventListener("scroll", function () {
    if (!queued) { queued = true; requestAnimationFrame(mark); }
  }, { passive: true });
  mark();
})();
