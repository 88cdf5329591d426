// argmap: the live map. Changes others make arrive by server-sent events (htmx's SSE extension,
// hx-sse:connect on #live; argmap/live/views.py) and are drawn in place with the page's own
// partials; #presence lists who else has the map open and what each selects or edits.
//
// - This page has a random tab id, sent with every htmx request (X-Argmap-Tab): a change it
//   made itself comes back with its id and is skipped, its own answer already drew it.
// - Another's change: one GET of the parts that may show it (maps:map-changes), for the theses
//   this page lists and the statement its panel shows. While the reader has a form open in the
//   panel, the panel is left alone and a notice offers to show the change.
// - What this page selects and edits is posted (debounced) to the presence endpoint.
(function () {
  "use strict";

  var box = document.getElementById("live-box");
  if (!box || !window.htmx || !window.fetch) { return; }

  var tab = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : "t" + Math.random().toString(36).slice(2) + Date.now().toString(36);
  var known = Number(box.getAttribute("data-revision")) || 0;
  var status = document.getElementById("live-status");
  var notice = document.getElementById("live-notice");
  var signedIn = box.hasAttribute("data-signed-in");

  document.addEventListener("htmx:config:request", function (event) {
    event.detail.ctx.request.headers["X-Argmap-Tab"] = tab;
  });

  // Sources of their own for the page's requests, so none waits behind (or cancels) another.
  function helper(id) {
    var el = document.createElement("div");
    el.id = id;
    el.hidden = true;
    box.appendChild(el);
    return el;
  }
  var changesSource = helper("live-changes");
  var presenceSource = helper("live-presence");
  var live = document.createElement("div");
  live.id = "live";
  live.hidden = true;
  live.setAttribute("hx-sse:connect", box.getAttribute("data-stream") + "?tab=" + encodeURIComponent(tab));
  box.appendChild(live);
  box.hidden = false;

  function setStatus(state, text) {
    status.setAttribute("data-state", state);
    status.textContent = text;
  }

  function later(fn, ms) {
    var timer = null;
    return function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  // --- who else is here -------------------------------------------------------------------------
  var fetchPresence = later(function () {
    htmx.ajax("GET", box.getAttribute("data-presence") + "?tab=" + encodeURIComponent(tab),
      { source: presenceSource, target: "#presence", swap: "outerHTML" });
  }, 120);

  function nameOf(otherTab) {
    var who = otherTab && document.querySelector('#presence [data-tab="' + CSS.escape(otherTab) + '"] .who');
    return who ? who.textContent : "Someone";
  }

  // --- what this page selects and edits ---------------------------------------------------------
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers:inherited") || "{}")["x-csrftoken"] || ""; }
    catch (e) { return ""; }
  }
  function doing() {
    var panel = document.getElementById("node-panel");
    var title = panel && panel.querySelector("#node-panel-title[data-pk]");
    var form = panel && panel.querySelector("form.editor-form");
    var action = form ? form.getAttribute("action") || "" : "";
    var node = /\/nodes\/(\d+)\/edit\//.exec(action);
    var link = /\/links\/(\d+)\/(edit|undercut)\//.exec(action);
    return {
      selecting: title ? title.getAttribute("data-pk") : "",
      editing_node: node ? node[1] : "",
      editing_link: link ? link[1] : ""
    };
  }
  var told = "";
  var report = later(function () {
    if (!signedIn) { return; }
    var now = doing();
    var key = JSON.stringify(now);
    if (key === told) { return; }
    told = key;
    var body = new URLSearchParams(now);
    body.set("tab", tab);
    fetch(box.getAttribute("data-presence"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Argmap-Tab": tab }
    }).catch(function () { told = ""; });
  }, 250);
  var panelEl = document.getElementById("node-panel");
  if (panelEl && window.MutationObserver) {
    new MutationObserver(report).observe(panelEl, { childList: true, subtree: true });
  }

  // --- others' changes --------------------------------------------------------------------------
  function editing() {
    var panel = document.getElementById("node-panel");
    return !!(panel && panel.querySelector("form.editor-form"));
  }
  var running = false, again = false;
  function refresh() {
    if (running) { again = true; return; }
    running = true;
    var theses = Array.prototype.map.call(
      document.querySelectorAll("#outline-theses > .thesis-section[data-thesis]"),
      function (s) { return s.getAttribute("data-thesis"); });
    var url = box.getAttribute("data-changes") + "?theses=" + theses.join(",");
    var title = document.querySelector("#node-panel #node-panel-title[data-pk]");
    if (title && !editing()) { url += "&panel=" + title.getAttribute("data-pk"); }
    htmx.ajax("GET", url, { source: changesSource, target: "#live-changes", swap: "none" })
      .catch(function () { /* the next change or reconnection tries again */ })
      .then(function () {
        running = false;
        if (again) { again = false; refresh(); }
      });
  }
  var refreshSoon = later(refresh, 60);

  function heard(event) {
    var data = {};
    try { data = JSON.parse(event.detail.data || "{}"); } catch (e) { return {}; }
    return data;
  }

  live.addEventListener("hello", function (event) {
    var data = heard(event);
    setStatus("live", "Live");
    fetchPresence();
    if (data.rev > known) { known = data.rev; refreshSoon(); } // changed while connecting
  });
  live.addEventListener("change", function (event) {
    var data = heard(event);
    if (data.rev > known) { known = data.rev; }
    if (data.tab === tab) { return; } // this page's own change: its answer drew it
    if (editing()) {
      notice.querySelector("[data-live-who]").textContent = nameOf(data.tab);
      notice.hidden = false;
    }
    refreshSoon();
  });
  live.addEventListener("presence", fetchPresence);
  live.addEventListener("resync", function () { refreshSoon(); fetchPresence(); });
  // A server without ASGI (a WSGI app server) answers 204: this page is then not live.
  live.addEventListener("htmx:after:request", function (event) {
    if (event.detail.ctx.response.status === 204) { setStatus("off", "Not live: reload to see changes"); }
  });
  live.addEventListener("htmx:sse:error", function () { setStatus("down", "Reconnecting…"); });
  live.addEventListener("htmx:sse:close", function () { setStatus("down", "Reconnecting…"); });

  // "Show": the reader chooses to see the change in the panel (their open form goes).
  notice.querySelector("[data-live-show]").addEventListener("click", function () {
    notice.hidden = true;
    var title = document.querySelector("#node-panel #node-panel-title[data-pk]");
    var form = document.querySelector("#node-panel form.editor-form");
    var pk = title ? title.getAttribute("data-pk") : null;
    var match = !pk && form && /\/nodes\/(\d+)\//.exec(form.getAttribute("action") || "");
    pk = pk || (match ? match[1] : null);
    if (pk && window.argmapEditor) { window.argmapEditor.showStatement(pk); } else { refresh(); }
  });
  // A form closed or saved: nothing is held back any more.
  if (panelEl && window.MutationObserver) {
    new MutationObserver(function () { if (!editing()) { notice.hidden = true; } })
      .observe(panelEl, { childList: true, subtree: true });
  }

  htmx.process(live);
})();
