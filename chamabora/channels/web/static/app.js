// Live boards: a page that names a stream (data-events on <body> or any element) listens to it and
// reloads the parts marked data-live through htmx, so a payment or decision shows within a second.
(function () {
  "use strict";
  function start() {
    var source = document.querySelector("[data-events]");
    if (!source || !window.EventSource) { return; }
    var stream = new EventSource(source.getAttribute("data-events"));
    stream.addEventListener("open", function () {
      document.body.setAttribute("data-events-open", String(Date.now()));
    });
    stream.addEventListener("changed", function () {
      document.querySelectorAll("[data-live]").forEach(function (part) {
        if (window.htmx) { window.htmx.trigger(part, "live"); }
      });
      document.body.setAttribute("data-last-event", String(Date.now()));
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
