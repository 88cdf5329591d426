// argmap: the map page around the picture: the outline's sections (opened on demand), the
// statement panel, focus after every action, Escape, the keyboard, and the phone's tabs.
// Every part works without it as plain links and forms; this makes them act in place.
(function () {
  "use strict";

  var page = document.getElementById("map-page");
  if (!page || !window.htmx) { return; }
  var base = page.getAttribute("data-base");
  var narrow = window.matchMedia("(max-width: 800px)");
  var panelOpener = null; // what opened the statement shown in the panel (Escape goes back there)

  function panel() { return document.getElementById("node-panel"); }
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // --- what this page shows, told to the server with every request ---------------------------
  // An edit's answer then carries only the parts of the page that show what changed.
  document.addEventListener("htmx:config:request", function (event) {
    var headers = event.detail.ctx.request.headers;
    var loaded = Array.prototype.map.call(
      document.querySelectorAll(".section-body[data-loaded]"),
      function (body) { return body.id.slice(5); });
    headers["X-Argmap-Sections"] = loaded.join(",");
    var picture = window.argmapPicture;
    headers["X-Argmap-View"] = picture ? picture.view() : (page.getAttribute("data-view") || "overview");
    // The outline lists its theses a part at a time: up to which one it lists them.
    var more = document.getElementById("theses-more");
    headers["X-Argmap-Theses"] = more ? more.getAttribute("data-until") : "";
  });

  // --- panes: tabs on a phone -------------------------------------------------------------------
  var tabs = Array.prototype.slice.call(document.querySelectorAll(".pane-tabs [role=tab]"));
  function showPane(name) {
    page.setAttribute("data-pane", name);
    tabs.forEach(function (tab) {
      var on = tab.id === "tab-" + name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
    });
    if (name === "picture" && window.argmapPicture) { window.argmapPicture.resize(); }
  }
  // On a phone, the tab of the pane that holds `element`, so that focus there is seen.
  function showPaneOf(element) {
    var pane = element.closest('[role="tabpanel"]');
    if (narrow.matches && pane) { showPane(pane.id.replace("pane-", "")); }
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener("click", function () { showPane(tab.id.slice(4)); });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) { return; }
      var next = tabs[(i + step + tabs.length) % tabs.length];
      showPane(next.id.slice(4));
      next.focus();
    });
  });
  showPane("outline");

  // --- the outline's sections: opened and closed in place, loaded when first opened -----------
  function sectionOf(el) { return el.closest(".thesis-section"); }
  function setOpen(section, open) {
    var toggle = section.querySelector(".disclose");
    var body = section.querySelector(".section-body");
    if (!toggle || !body) { return Promise.resolve(); }
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    body.hidden = !open;
    if (!open || body.hasAttribute("data-loaded") || body.hasAttribute("data-loading")) {
      return Promise.resolve();
    }
    body.setAttribute("data-loading", "");
    body.innerHTML = '<p class="muted" role="status">Loading…</p>';
    var url = base + "outline/" + section.getAttribute("data-thesis") + "/";
    return htmx.ajax("GET", url, { target: body, swap: "innerHTML" }).then(function () {
      body.removeAttribute("data-loading");
      body.setAttribute("data-loaded", "");
    });
  }
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest(".disclose") : null;
    if (toggle && page.contains(toggle)) {
      event.preventDefault();
      var section = sectionOf(toggle);
      setOpen(section, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    var all = event.target.closest ? event.target.closest("[data-outline]") : null;
    if (all) {
      var open = all.getAttribute("data-outline") === "expand";
      document.querySelectorAll("#outline .thesis-section").forEach(function (section) {
        if (!section.querySelector(".thesis-head[hidden]")) { setOpen(section, open); }
      });
    }
  });

  // --- the statement panel --------------------------------------------------------------------
  function focusPanel() {
    if (narrow.matches) { showPane("details"); }
    var title = document.getElementById("node-panel-title");
    var target = title || panel();
    var pane = document.getElementById("pane-details");
    if (pane) { pane.scrollTop = 0; }
    if (target) {
      target.focus({ preventScroll: true });
      var box = target.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) { target.scrollIntoView({ block: "nearest" }); }
    }
  }
  function showStatement(pk, opener) {
    if (opener && !panel().contains(opener)) { panelOpener = opener; }
    if (window.argmapPicture) { window.argmapPicture.select(pk); }
    return htmx.ajax("GET", base + "nodes/" + pk + "/", { target: "#node-panel", swap: "innerHTML" })
      .then(focusPanel);
  }
  window.argmapEditor = { showStatement: showStatement, focusPanel: focusPanel, showPane: showPane };

  function closePanel() {
    var box = panel();
    box.innerHTML = '<p class="muted panel-empty">Select a statement in the outline or the picture to see its details here.</p>';
    if (window.argmapPicture) { window.argmapPicture.select(null); }
    if (narrow.matches) { showPane("outline"); }
    var back = panelOpener && panelOpener.isConnected ? panelOpener : null;
    if (back) { back.focus(); } else { box.focus(); }
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    var link = event.target.closest("a[data-node-panel]");
    if (link && !(event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)) {
      event.preventDefault();
      showStatement(link.getAttribute("data-node-panel"), link);
      return;
    }
    if (event.target.closest("[data-close-panel]")) { closePanel(); return; }
    var skip = event.target.closest("[data-skip-panel]");
    if (skip) { event.preventDefault(); focusPanel(); return; }
    var show = event.target.closest("[data-show-in-outline]");
    if (show) {
      var row = document.querySelector("#outline .row-" + show.getAttribute("data-show-in-outline"));
      if (row) {
        event.preventDefault();
        var section = sectionOf(row);
        if (section) { setOpen(section, true); }
        if (narrow.matches) { showPane("outline"); }
        var statement = row.querySelector("a.statement") || row;
        statement.scrollIntoView({ block: "center" });
        statement.focus();
      }
    }
  });

  // Setting evidence aside (or putting it back) changes marks and notes above the row clicked:
  // keep that row where it is on the screen, whatever grows above it.
  var keep = null;
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest(".aside-toggle") : null;
    if (!toggle) { return; }
    var row = toggle.closest(".stmt") || toggle;
    keep = { row: row, top: row.getBoundingClientRect().top };
    window.setTimeout(function () { keep = null; }, 3000);
  }, true);
  function keepPlace() {
    if (!keep || !keep.row.isConnected) { return; }
    var moved = keep.row.getBoundingClientRect().top - keep.top;
    if (Math.abs(moved) >= 1) { window.scrollBy(0, moved); }
  }
  document.addEventListener("htmx:after:swap", keepPlace);
  document.addEventListener("htmx:after:settle", keepPlace);

  // The server asks for focus after an action (HX-Trigger: argmap:focus): the statement added
  // or saved, or Undo after a delete.
  document.addEventListener("argmap:focus", function (event) {
    if (event.target.id === "node-panel-title") { focusPanel(); } else if (event.target.focus) { event.target.focus(); }
  });

  // --- forms: who opened them, Cancel and Escape ------------------------------------------------
  var lastOpener = null;
  document.addEventListener("click", function (event) {
    var opener = event.target.closest ? event.target.closest("a[hx-get], button[hx-get]") : null;
    if (opener) { lastOpener = opener; }
  }, true);
  var panelBefore = null; // the panel's content before an Add form replaced it
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-add]")) {
      panelBefore = panel().innerHTML;
      if (narrow.matches) { showPane("details"); }
    }
  }, true);
  document.addEventListener("htmx:after:swap", function () {
    document.querySelectorAll("form.editor-form:not([data-opener-set])").forEach(function (form) {
      form.setAttribute("data-opener-set", "");
      form.argmapOpener = lastOpener;
    });
  });
  function cancelForm(form) {
    var opener = form.argmapOpener;
    var slot = form.closest(".editor-slot");
    if (slot) {
      slot.replaceChildren();
    } else if (form.parentElement === panel()) {
      panel().innerHTML = panelBefore || "";
      panelBefore = null;
    } else {
      return false;
    }
    if (opener && opener.isConnected) { showPaneOf(opener); opener.focus(); } else { focusPanel(); }
    return true;
  }
  document.addEventListener("click", function (event) {
    var dismiss = event.target.closest ? event.target.closest("[data-dismiss]") : null;
    if (!dismiss || !page.contains(dismiss)) { return; }
    var form = dismiss.closest("form");
    if (form && cancelForm(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // --- the live region ---------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-dismiss-status]")) {
      document.getElementById("map-status").replaceChildren();
    }
  });

  // --- keyboard ----------------------------------------------------------------------------------
  var dialog = document.getElementById("shortcuts-dialog");
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-shortcuts]") : null;
    if (button && dialog && dialog.showModal) { dialog.argmapOpener = button; dialog.showModal(); }
  });
  if (dialog) {
    dialog.addEventListener("close", function () {
      if (dialog.argmapOpener) { dialog.argmapOpener.focus(); }
    });
  }

  function outlineStops() {
    return Array.prototype.filter.call(
      document.querySelectorAll("#outline a.statement"),
      function (a) { return a.offsetParent !== null; });
  }

  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    if (event.key === "Escape") {
      if (dialog && dialog.open) { return; } // the dialog closes itself
      var form = active && active.closest ? active.closest("form.editor-form") : null;
      form = form || document.querySelector("#node-panel form.editor-form, #outline form.editor-form");
      if (form && cancelForm(form)) { event.preventDefault(); return; }
      if (panel().querySelector("#node-panel-title")) { event.preventDefault(); closePanel(); }
      return;
    }
    if (typing(active) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "?") {
      event.preventDefault();
      if (dialog && dialog.showModal) { dialog.argmapOpener = active; dialog.showModal(); }
      return;
    }
    if (event.key === "p") { event.preventDefault(); focusPanel(); return; }
    var add = { t: "thesis", c: "claim", e: "evidence" }[event.key];
    if (add) {
      var button = document.querySelector('[data-add="' + add + '"]');
      if (button) { event.preventDefault(); button.click(); }
      return;
    }
    if (!active || !active.closest || !active.closest("#outline")) { return; }
    var stops = outlineStops();
    var at = stops.indexOf(active);
    var section = sectionOf(active);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (at === -1) { return; }
      event.preventDefault();
      var next = stops[at + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) { next.focus(); next.scrollIntoView({ block: "nearest" }); }
    } else if (event.key === "ArrowRight" && active.classList.contains("thesis-link")) {
      event.preventDefault();
      setOpen(section, true).then(function () {
        var first = section.querySelector(".section-body a.statement");
        if (first) { first.focus(); }
      });
    } else if (event.key === "ArrowLeft" && section) {
      event.preventDefault();
      var thesis = section.querySelector(".thesis-link");
      if (active === thesis) { setOpen(section, false); } else if (thesis) { thesis.focus(); }
    }
  });

  // Arriving with ?node=12: its panel is drawn; put the keyboard there.
  if (page.hasAttribute("data-selected")) { focusPanel(); }
})();
