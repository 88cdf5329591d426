// argmap: site-wide htmx behaviour. Loaded after htmx.min.js (both deferred, so in order).
// No inline scripts anywhere: the Content-Security-Policy forbids them.

// Tell the server this browser's time zone, so that due dates are typed and shown in it
// (argmap/lib/zones.py); it is sent with the next request.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  var told = document.cookie.split("; ").filter(function (c) { return c.indexOf("argmap_tz=") === 0; })[0];
  if (zone && told !== "argmap_tz=" + encodeURIComponent(zone)) {
    document.cookie = "argmap_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  }
})();

(function () {
  "use strict";

  // A button with data-confirm asks before it acts (a new join code, submitting, releasing a
  // review). Without JavaScript the form simply posts; removals also have a confirmation page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

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
  // "Cancel" on a form opened inline closes it; without htmx the link simply goes back.
  document.addEventListener("click", function (event) {
    var dismiss = event.target.closest ? event.target.closest("[data-dismiss]") : null;
    if (!dismiss) { return; }
    var slot = dismiss.closest(".editor-slot");
    if (!slot) { return; }
    event.preventDefault();
    slot.replaceChildren();
  });

  // The evidence fields of the statement form matter only for evidence: hide them otherwise.
  function syncEvidenceFields(form) {
    var kind = form.querySelector("[name=kind]");
    var block = form.querySelector("[data-evidence-only]");
    if (kind && block) { block.hidden = kind.value !== "evidence"; }
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-node-form]") : null;
    if (form && event.target.name === "kind") { syncEvidenceFields(form); }
  });
  htmx.onLoad(function (root) {
    var scope = root.querySelectorAll ? root : document;
    scope.querySelectorAll("form[data-node-form]").forEach(syncEvidenceFields);
    // Put the cursor in the first field of a form that has just been opened.
    var opened = scope.matches && scope.matches("form.editor-form") ? scope : scope.querySelector("form.editor-form");
    if (opened && (opened.closest(".editor-slot") || opened.closest("#node-panel"))) {
      // A statement's form starts at its text (its kind is chosen already, and rarely changed);
      // redrawn for another kind, it stays on the kind.
      var asked = opened.getAttribute("data-focus");
      var first = opened.querySelector("[aria-invalid=true]") ||
        (asked && opened.querySelector("[name=" + asked + "]")) ||
        opened.querySelector("textarea[name=text]") ||
        opened.querySelector("textarea, input:not([type=hidden]), select");
      if (first) { first.focus(); }
    }
  });

  // Paging replaces the list it pages (the evidence matrix, the timeline). htmx puts the focus
  // back on the link followed when the new page has a link of the same id; when it has none
  // (the last page has no "Next", the links below a table have no ids), the focus goes to the
  // pager's status line ("Rows 101–200 of 4,750"): keyboard and screen-reader users stay at the
  // pager, hear where they are, and the page scrolls back to the start of the list.
  var pagerUsed = null;
  document.addEventListener("htmx:before:request", function (event) {
    var nav = event.target.closest ? event.target.closest("[data-pager]") : null;
    pagerUsed = nav ? nav.getAttribute("data-pager") : null;
  });
  document.addEventListener("htmx:after:settle", function () {
    var used = pagerUsed;
    pagerUsed = null;
    var active = document.activeElement;
    if (!used || (active && active !== document.body && document.contains(active))) { return; }
    var status = document.querySelector("[data-pager='" + used + "'] [data-focus-here]");
    if (status) { status.focus(); }
  });

  document.addEventListener("htmx:error", function () {
    notify("The server could not be reached. Check your connection and try again.");
  });
})();
