// Draws each {{< chart >}} with the bundled Chart.js. Its config is in the canvas's
// data-chart-json (raw HTML off: plain values only, parsed as JSON) or data-chart-js
// (raw HTML on, as in Hugo: the author's object literal, evaluated for that chart alone).
(function () {
  "use strict";
  function config(canvas) {
    if ("chartJson" in canvas.dataset) return JSON.parse(canvas.dataset.chartJson);
    return Function('"use strict"; return ({\n' + canvas.dataset.chartJs + "\n});")();
  }
  if (typeof Chart === "undefined") return;
  // labels in the theme's text colour, light or dark; only that default: changing the
  // default border or fill colours would turn off Chart.js's own palette (its Colors plugin)
  var muted = getComputedStyle(document.documentElement).getPropertyValue("--muted").trim();
  if (muted) Chart.defaults.color = muted;
  document.querySelectorAll("figure.chart > canvas").forEach(function (canvas) {
    try {
      new Chart(canvas, config(canvas));
      var data = canvas.parentNode.querySelector("details.chart-data");
      if (data) data.open = false; // the chart shows it now; the table stays one click away
    } catch (err) {
      canvas.parentNode.classList.add("chart-failed");
      console.error("chart:", err);
    }
  });
})();
