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
  window.addEventListener("message", function (event) {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    var command = event.data || {};
    if (command.type === "theme" && (command.theme === "light" || command.theme === "dark")) {
      document.documentElement.setAttribute("data-theme", command.theme);
    } else if (command.type === "accent" && /^#[0-9a-fA-F]{3,8}$/.test(String(command.color))) {
      document.documentElement.style.setProperty("--primary", command.color);
    }
  });
  window.monitorStudioEmbed = { post: send };
})();
