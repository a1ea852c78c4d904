/* Blowfish's accordion shortcode, mode="collapse": opening one item closes the others
   of the same accordion (sitegen's own code). The items are <details>, so without
   this script they still open and close, only independently. */
(function () {
  "use strict";
  // toggle does not bubble; listening in the capture phase catches it for every item
  document.addEventListener("toggle", function (event) {
    var item = event.target;
    if (!item.open || !item.matches || !item.matches(".accordion[data-mode=collapse] > details")) return;
    Array.prototype.forEach.call(item.parentElement.children, function (other) {
      if (other !== item && other.tagName === "DETAILS") other.open = false;
    });
  }, true);
})();
