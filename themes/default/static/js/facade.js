// Click-to-load embeds (sitegen's default theme). A facade is
//   <div class="facade" data-src="https://host/embed…" data-title="…">
//     <button type="button" class="facade-load">…</button> <a href="original page">…</a>
//   </div>
// and nothing is fetched from the other host until its button is pressed (a click,
// or Enter/Space on the focused button). Then an <iframe> takes the facade's place,
// with the title, allow list and referrer policy the facade names, and gets focus so
// a keyboard reader lands in the player. Optional: data-allow, data-referrerpolicy
// (default strict-origin-when-cross-origin), data-fullscreen="false".
(function () {
  "use strict";

  function load(facade) {
    var frame = document.createElement("iframe");
    frame.src = facade.getAttribute("data-src");
    frame.title = facade.getAttribute("data-title") || "";
    var allow = facade.getAttribute("data-allow");
    if (allow) frame.setAttribute("allow", allow);
    frame.setAttribute(
      "referrerpolicy",
      facade.getAttribute("data-referrerpolicy") || "strict-origin-when-cross-origin"
    );
    if (facade.getAttribute("data-fullscreen") !== "false") frame.setAttribute("allowfullscreen", "");
    var box = document.createElement("div");
    // keep the facade's kind (its size: .facade-video is 16:9) and the author's classes
    box.className = facade.className
      .split(/\s+/)
      .map(function (name) { return name === "facade" ? "embed" : name; })
      .join(" ");
    box.appendChild(frame);
    facade.parentNode.replaceChild(box, facade);
    frame.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".facade-load");
    if (!button) return;
    var facade = button.closest(".facade");
    if (facade && facade.getAttribute("data-src")) {
      event.preventDefault();
      load(facade);
    }
  });
})();
