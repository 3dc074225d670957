// Monitor Studio's embedded pages talk to the page that frames them (README, "Embedding").
// Events go only to the parent, and only when the parent is one of the origins the
// embedding application registered (<meta name="embed-origins">); commands are taken only
// from that origin. The page itself says when it is ready (after hydration) and what
// happened (draft-saved, published, cancelled) through window.monitorStudioEmbed.post. The
// page loads this script before its own, so the app finds it defined when it starts.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="embed-origins"]');
  if (!meta || window.parent === window) return;
  var origins = meta.content.split(" ").filter(Boolean);
  var parentOrigin = null;
  if (location.ancestorOrigins && location.ancestorOrigins.length) {
    parentOrigin = location.ancestorOrigins[0];
  } else if (document.referrer) {
    try { parentOrigin = new URL(document.referrer).origin; } catch (e) { parentOrigin = null; }
  }
  if (origins.indexOf(parentOrigin) === -1) return;

  var lastHeight = -1;
  function post(type, data) {
    var message = { source: "monitor-studio", type: type };
    for (var key in data || {}) message[key] = data[key];
    window.parent.postMessage(message, parentOrigin);
  }
  function measure() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      post("resize", { height: height });
    }
  }
  function send(type, data) {
    post(type, data);
    if (type === "ready") {
      measure();
      if (window.ResizeObserver) new ResizeObserver(measure).observe(document.documentElement);
      else window.addEventListener("resize", measure);
    }
  }
  // White or near-black text, whichever reads better on the accent (WCAG luminance).
  function textOn(hex) {
    var h = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, "$&$&").slice(1) : hex.slice(1);
    var channel = function (i) {
      var c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    var luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#fff" : "#0b0c0f";
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    var command = event.data || {};
    if (command.type === "theme" && (command.theme === "light" || command.theme === "dark")) {
      document.documentElement.setAttribute("data-theme", command.theme);
    } else if (command.type === "accent" && /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(String(command.color))) {
      var style = document.documentElement.style;
      style.setProperty("--primary", command.color);
      style.setProperty("--primary-text", textOn(command.color));
    }
  });
  window.monitorStudioEmbed = { post: send };
})();
