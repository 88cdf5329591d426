// argmap: site-wide htmx behaviour. Loaded after htmx.min.js (both deferred, so in order).
// No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  if (!window.htmx) { return; }

  // 4xx answers carry a re-rendered form with its error messages, so htmx swaps them (its
  // default); a 5xx page must never land inside the document: say so instead.
  htmx.config.noSwap.push("5xx");

  function notify(text) {
    var box = document.getElementById("app-alert");
    if (!box) {
      box = document.createElement("div");
      box.id = "app-alert";
      box.className = "app-alert";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = false;
    window.clearTimeout(notify.timer);
    notify.timer = window.setTimeout(function () { box.hidden = true; }, 8000);
  }
  window.argmapNotify = notify;

  document.addEventListener("htmx:response:error", function (event) {
    var status = event.detail && event.detail.ctx && event.detail.ctx.response.status;
    if (status >= 500) {
      notify("Something went wrong on the server and nothing was changed. Please try again.");
    } else if (status === 403) {
      notify("You are not allowed to do that here, or your session has expired: reload the page.");
    } else if (status === 404) {
      notify("That item no longer exists, or you cannot see it. Reload the page.");
    }
  });
  document.addEventListener("htmx:error", function () {
    notify("The server could not be reached. Check your connection and try again.");
  });
})();
