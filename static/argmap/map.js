// argmap: the argument-map picture (Cytoscape.js + dagre), an enhancement over the outline.
// It draws one view at a time: all the theses (each labelled, with how much supports and opposes
// it), one thesis's argument, or one scholar's. The elements come from
// <script type="application/json" id="map-elements"> (Django's json_script) or from the
// picture endpoint, so labels are data drawn as text, never parsed as HTML. Positions are kept
// per map and view in the browser: an edit adds, moves or removes only what changed, and
// "Re-arrange" lays the view out afresh.
(function () {
  "use strict";

  var COLOURS = {
    supports: "#1d7a46", opposes: "#b3261e", undercuts: "#7a4b00",
    thesis: "#2f3f8f", claim: "#5a4fa3", evidence: "#6b5a2e", junction: "#5b6574"
  };
  var FILLS = { thesis: "#e9ecfa", claim: "#f1effa", evidence: "#f8f3e6", junction: "#5b6574" };
  var SHAPES = { thesis: "round-rectangle", claim: "ellipse", evidence: "cut-rectangle", junction: "ellipse" };
  // The overview's cards: a label of three lines and its counts at 17 px, which stays legible
  // (11 px and more on screen) when the demo's 19 theses fit a 1400 × 900 window.
  var CARD = { w: 200, h: 100, gapX: 16, gapY: 14, font: 17, chars: 62 };

  var STYLE = [
    { selector: "node", style: {
      "label": "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 150,
      "text-valign": "center", "text-halign": "center", "color": "#1d2430",
      "background-color": "#fff", "border-width": 2, "width": 170, "height": 60,
      "min-zoomed-font-size": 7
    } },
    { selector: "node[kind = 'thesis']", style: {
      "shape": SHAPES.thesis, "border-color": COLOURS.thesis, "border-width": 3,
      "background-color": FILLS.thesis, "font-weight": "bold"
    } },
    { selector: "node[kind = 'claim']", style: {
      "shape": SHAPES.claim, "border-color": COLOURS.claim, "background-color": FILLS.claim
    } },
    { selector: "node[kind = 'evidence']", style: {
      "shape": SHAPES.evidence, "border-color": COLOURS.evidence, "background-color": FILLS.evidence
    } },
    { selector: "node[kind = 'junction']", style: {
      "shape": "ellipse", "width": 8, "height": 8, "label": "", "background-color": COLOURS.junction,
      "border-width": 0
    } },
    { selector: "node.card", style: {
      "label": "data(card)", "font-size": CARD.font, "text-max-width": CARD.w - 14,
      "width": CARD.w, "height": CARD.h, "min-zoomed-font-size": 0
    } },
    { selector: "edge", style: {
      "width": 2, "curve-style": "bezier", "target-arrow-shape": "triangle",
      "line-color": COLOURS.supports, "target-arrow-color": COLOURS.supports, "arrow-scale": 1.1
    } },
    { selector: "edge[kind = 'opposes']", style: {
      "line-color": COLOURS.opposes, "target-arrow-color": COLOURS.opposes, "target-arrow-shape": "tee"
    } },
    { selector: "edge[kind = 'undercuts']", style: {
      "line-color": COLOURS.undercuts, "target-arrow-color": COLOURS.undercuts,
      "line-style": "dashed", "target-arrow-shape": "tee"
    } },
    { selector: "edge.between", style: { "opacity": 0.55, "curve-style": "unbundled-bezier" } },
    // The first half of a link drawn through a junction has no arrow head of its own.
    { selector: "edge[part]", style: { "target-arrow-shape": "none" } },
    { selector: "edge[part = 'co-premise']", style: { "line-style": "dotted" } },
    // Standings (given only the objections recorded in this map): the legend names them.
    { selector: "node[status = 'out']", style: { "background-color": "#e4e6ea", "color": "#3d4552", "border-style": "dashed" } },
    { selector: "node[status = 'undecided']", style: { "border-style": "double", "border-width": 5 } },
    { selector: "node[status = 'aside']", style: { "opacity": 0.4, "border-style": "dotted" } },
    { selector: "node:selected", style: { "border-color": "#f0a500", "border-width": 5 } },
    { selector: "node.link-source", style: { "border-color": "#f0a500", "border-width": 6, "border-style": "solid" } },
    { selector: ".faded", style: { "opacity": 0.12 } }
  ];

  var cy = null, container = null, view = "overview", linkFrom = null, pendingArrange = false;

  function shorten(text, limit) {
    text = String(text).replace(/\s+/g, " ").trim();
    if (text.length <= limit) { return text; }
    var cut = text.slice(0, limit - 1), space = cut.lastIndexOf(" ");
    return (space > limit / 2 ? cut.slice(0, space) : cut).replace(/[ ,;:.\-–—]+$/, "") + "…";
  }

  function data() {
    var script = document.getElementById("map-elements");
    return script ? JSON.parse(script.textContent) : { nodes: [], edges: [] };
  }
  function mode(text) {
    var box = document.getElementById("graph-mode");
    if (box) { box.textContent = text || ""; }
  }

  // --- positions kept per map and view -----------------------------------------------------------
  function storeKey() { return "argmap:positions:" + container.getAttribute("data-map") + ":" + view; }
  function loadPositions() {
    try { return JSON.parse(window.localStorage.getItem(storeKey()) || "{}"); } catch (e) { return {}; }
  }
  function savePositions() {
    var out = {};
    cy.nodes().forEach(function (n) { var p = n.position(); out[n.id()] = [Math.round(p.x), Math.round(p.y)]; });
    try { window.localStorage.setItem(storeKey(), JSON.stringify(out)); } catch (e) { /* full: keep going */ }
  }

  // --- layouts -----------------------------------------------------------------------------------
  function cardsLayout(nodes) {
    // The theses in reading order, in as many columns as suit the box's shape.
    if (!container.clientWidth) { pendingArrange = true; } // hidden (a phone's other tab)
    var width = Math.max(container.clientWidth, 300) - 48, height = Math.max(container.clientHeight, 200) - 48;
    // The number of columns that lets the cards be drawn largest in this box.
    var cols = 1, best = 0;
    for (var c = 1; c <= Math.max(1, nodes.length); c += 1) {
      var rows = Math.ceil(nodes.length / c);
      var zoom = Math.min(width / (c * (CARD.w + CARD.gapX)), height / (rows * (CARD.h + CARD.gapY)));
      if (zoom > best) { best = zoom; cols = c; }
    }
    nodes.forEach(function (node, i) {
      node.position({ x: (i % cols) * (CARD.w + CARD.gapX), y: Math.floor(i / cols) * (CARD.h + CARD.gapY) });
    });
  }

  function treeLayout() {
    // Theses on top; links between theses and undercuts are drawn but left out of the ranking.
    var loose = cy.edges().filter(function (edge) {
      if (edge.data("kind") === "undercuts") { return true; }
      return edge.source().data("kind") === "thesis" && edge.target().data("kind") === "thesis";
    });
    cy.elements().difference(loose).layout({
      name: "dagre", rankDir: "BT", nodeSep: 18, rankSep: 70, edgeSep: 8, animate: false, fit: false
    }).run();
    var theses = cy.nodes("[kind = 'thesis']");
    if (theses.length) {
      var top = Math.min.apply(null, theses.map(function (n) { return n.position("y"); }));
      theses.forEach(function (n) { n.position("y", top); });
    }
    wrapRanks(8);
  }

  // Dagre puts every statement of a rank on one row: wrap each rank into rows of `perRow`,
  // keeping dagre's left-to-right order.
  function wrapRanks(perRow) {
    var ranks = {};
    cy.nodes().forEach(function (node) {
      var y = Math.round(node.position("y"));
      (ranks[y] = ranks[y] || []).push(node);
    });
    var ys = Object.keys(ranks).map(Number).sort(function (a, b) { return a - b; });
    var rowHeight = 90, offset = 0;
    ys.forEach(function (y) {
      var row = ranks[y].sort(function (a, b) { return a.position("x") - b.position("x"); });
      var width = Math.min(row.length, perRow) * 190;
      row.forEach(function (node, i) {
        node.position({ x: (i % perRow) * 190 - width / 2, y: y + offset + Math.floor(i / perRow) * rowHeight });
      });
      offset += Math.floor((row.length - 1) / perRow) * rowHeight;
    });
  }

  function arrange() {
    if (view === "overview") { cardsLayout(cy.nodes()); } else { treeLayout(); }
    cy.fit(cy.elements(), 24);
    savePositions();
  }

  // A statement that arrives after an edit goes next to what it links to, and nothing else moves.
  function placed(n) { return n.data("placed"); }
  function placeNear(node) {
    var targets = node.outgoers("node").filter(placed);
    var others = node.neighborhood("node").filter(function (n) { return !n.same(node) && placed(n); });
    var at;
    if (view === "overview" || !others.length) {
      var box = cy.nodes().filter(placed).boundingBox();
      at = box.w ? { x: box.x1 + CARD.w / 2, y: box.y2 + CARD.h } : { x: 0, y: 0 };
    } else if (targets.length) {
      // Reasons sit below what they bear on (the picture runs upwards): under the lowest of
      // them, the nearest to the evidence.
      var lowest = targets.max(function (n) { return n.position("y"); }).ele;
      at = { x: lowest.position("x"), y: lowest.position("y") + 90 };
    } else {
      at = { x: others[0].position("x"), y: others[0].position("y") - 90 };
    }
    var tries = 0;
    while (tries < 40 && cy.nodes().some(function (n) {
      if (n.same(node) || !n.data("placed")) { return false; }
      var q = n.position();
      return Math.abs(q.x - at.x) < 180 && Math.abs(q.y - at.y) < 60;
    })) { at.x += 190; tries += 1; }
    node.position(at);
    node.data("placed", true);
  }
  // The new statements, each once something it links to has its place (a reason and what
  // supports it arrive together: the reason goes under its target, its support under it).
  function placeNew() {
    var waiting = cy.nodes().filter(function (n) { return !placed(n); });
    var rounds = waiting.length + 1;
    while (waiting.length && rounds > 0) {
      var ready = waiting.filter(function (n) { return n.neighborhood("node").some(placed); });
      (ready.length ? ready : waiting.slice(0, 1)).forEach(placeNear);
      waiting = cy.nodes().filter(function (n) { return !placed(n); });
      rounds -= 1;
    }
  }

  // --- drawing a view ----------------------------------------------------------------------------
  function elementsOf(payload) {
    payload.nodes.forEach(function (n) {
      if (view === "overview" && n.data.kind === "thesis") {
        n.classes = "card";
        n.data.card = shorten(n.data.text || n.data.label, CARD.chars) + "\n" + (n.data.counts || "");
      }
    });
    payload.edges.forEach(function (e) { if (view === "overview") { e.classes = "between"; } });
    return payload.nodes.concat(payload.edges);
  }

  function draw(payload, fresh) {
    var stored = fresh ? {} : loadPositions();
    cy.elements().remove();
    cy.add(elementsOf(payload));
    var missing = 0;
    cy.nodes().forEach(function (n) {
      var p = stored[n.id()];
      if (p) { n.position({ x: p[0], y: p[1] }); n.data("placed", true); } else { missing += 1; }
    });
    if (missing === cy.nodes().length) {
      arrange();
    } else {
      placeNew();
      cy.fit(cy.elements(), 24);
      savePositions();
    }
    cy.nodes().data("placed", true);
    afterDraw();
  }

  // After an edit: the same view, patched in place.
  function patch(payload) {
    var incoming = {};
    elementsOf(payload).forEach(function (ele) { incoming[ele.data.id] = ele; });
    cy.batch(function () {
      cy.elements().forEach(function (ele) {
        var next = incoming[ele.id()];
        if (!next || (ele.isEdge() && (next.data.source !== ele.data("source") || next.data.target !== ele.data("target")))) {
          ele.remove();
        }
      });
      Object.keys(incoming).forEach(function (id) {
        var ele = cy.getElementById(id), next = incoming[id];
        if (ele.length) { ele.data(next.data); } else { cy.add(next); }
      });
    });
    placeNew();
    savePositions();
    afterDraw();
  }

  function afterDraw() {
    var empty = container.querySelector(".graph-empty");
    if (empty) { empty.hidden = cy.nodes().length > 0; }
    var select = document.getElementById("graph-view");
    if (select) { select.value = view; }
    var back = document.querySelector("[data-graph=back]");
    if (back) { back.hidden = view === "overview"; }
    var page = document.getElementById("map-page");
    if (page) { page.setAttribute("data-view", view); }
    applyFocus();
    container.setAttribute("data-ready", "true");
    container.setAttribute("data-view", view);
    container.setAttribute("data-version", String(Date.now()));
    // A mark the benchmarks read (bench/picture.py): when the picture was last drawn.
    if (window.performance && performance.mark) { performance.mark("argmap:picture-drawn"); }
  }

  function setView(name) {
    if (window.performance && performance.mark) { performance.mark("argmap:view-asked"); }
    view = name || "overview";
    container.setAttribute("data-ready", "false");
    var url = container.getAttribute("data-picture-url") + "?view=" + encodeURIComponent(view);
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (payload) { draw(payload, false); })
      .catch(function () {
        if (window.argmapNotify) { window.argmapNotify("The picture could not be loaded. Reload the page."); }
      });
  }

  // --- selection and what it is used for --------------------------------------------------------
  function usedFor(start) {
    var seen = cy.collection(), frontier = start.nodes("[kind != 'thesis']");
    while (frontier.length) {
      var edges = frontier.outgoers("edge[kind != 'undercuts']").difference(seen);
      var next = edges.targets().difference(seen);
      seen = seen.union(edges).union(next);
      frontier = next.filter("[kind != 'thesis']");
    }
    return seen;
  }
  function applyFocus() {
    var selected = cy.nodes(":selected");
    var highlight = document.getElementById("graph-neighbours");
    cy.elements().removeClass("faded");
    if (selected.length && highlight && highlight.checked && view !== "overview") {
      var keep = selected.closedNeighborhood();
      keep = keep.union(keep.nodes("[kind = 'junction']").closedNeighborhood());
      keep = keep.union(usedFor(selected));
      cy.elements().difference(keep).addClass("faded");
    }
  }
  function select(pk) {
    if (!cy) { return; }
    cy.nodes().unselect();
    if (pk === null || pk === undefined) { return; }
    var node = cy.getElementById("n" + pk);
    if (node.length) { node.select(); }
  }

  function showNode(pk) {
    if (window.argmapEditor) { window.argmapEditor.showStatement(pk, null); return; }
    var url = container.getAttribute("data-node-url").replace(/\/0\/$/, "/" + pk + "/");
    htmx.ajax("GET", url, { target: "#node-panel", swap: "innerHTML" });
  }

  // --- drawing a link: choose its source, then its target; the form asks for its stance -------
  function startLink(pk) {
    linkFrom = String(pk);
    cy.nodes().removeClass("link-source");
    cy.getElementById("n" + pk).addClass("link-source");
    mode("Now choose the statement it supports or opposes, in the picture (Escape cancels).");
    if (window.argmapEditor) { window.argmapEditor.showPane("picture"); }
  }
  function endLink(target) {
    var from = linkFrom;
    stopLink();
    if (from === String(target)) { return; }
    var url = container.getAttribute("data-link-url").replace(/\/0\/links\/add\/$/, "/" + from + "/links/add/");
    htmx.ajax("GET", url + "?target=" + target, { target: "#node-panel", swap: "innerHTML" }).then(function () {
      if (window.argmapEditor) { window.argmapEditor.showPane("details"); }
      var first = document.querySelector("#node-panel input[name=kind]:checked, #node-panel input[name=kind]");
      if (first) { first.focus(); }
    });
  }
  function stopLink() {
    linkFrom = null;
    if (cy) { cy.nodes().removeClass("link-source"); }
    mode("");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && linkFrom !== null) { stopLink(); event.stopPropagation(); }
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-draw-link]") : null;
    if (button) { startLink(button.getAttribute("data-draw-link")); }
  });

  // --- life cycle ----------------------------------------------------------------------------------
  // On a wide screen the picture fills the window below where it starts, so that a whole view is
  // in sight when the page opens (it stays in view as the outline scrolls: it is sticky).
  function fitHeight() {
    if (!window.matchMedia("(min-width: 1280px)").matches) { container.style.height = ""; return; }
    var top = container.getBoundingClientRect().top + window.scrollY;
    container.style.height = Math.max(320, window.innerHeight - top - 12) + "px";
  }

  function init() {
    container = document.getElementById("map-graph");
    if (!container || !window.cytoscape) { return; }
    var page = document.getElementById("map-page");
    view = (page && page.getAttribute("data-view")) || "overview";
    cy = window.cytoscape({
      container: container, style: STYLE, minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false
    });
    fitHeight();
    cy.resize();
    window.addEventListener("resize", function () { fitHeight(); cy.resize(); });
    window.argmapCy = cy; // for the browser tests
    window.argmapSvg = function () { return window.argmapExport.svgText(cy); };
    var holder = document.getElementById("graph-data");
    if (holder) { holder.setAttribute("data-seen", "yes"); }
    draw(data(), false);
    cy.on("tap", "node", function (event) {
      var node = event.target;
      if (node.data("kind") === "junction") { return; }
      if (linkFrom !== null) { endLink(node.data("pk")); return; }
      showNode(node.data("pk"));
    });
    cy.on("dbltap", "node[kind = 'thesis']", function (event) {
      if (view === "overview") { setView("thesis:" + event.target.data("pk")); }
    });
    cy.on("select unselect", "node", applyFocus);
    cy.on("dragfree", "node", savePositions);
    var toolbar = document.getElementById("graph-toolbar");
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", function (event) {
        var action = event.target.closest("[data-graph]");
        if (!action) { return; }
        var what = action.getAttribute("data-graph");
        var centre = { x: cy.width() / 2, y: cy.height() / 2 };
        if (what === "zoom-in") { cy.zoom({ level: cy.zoom() * 1.3, renderedPosition: centre }); }
        if (what === "zoom-out") { cy.zoom({ level: cy.zoom() / 1.3, renderedPosition: centre }); }
        if (what === "fit") { cy.fit(cy.elements(), 24); }
        if (what === "arrange") { arrange(); }
        if (what === "back") { setView("overview"); }
        if (what === "png" && window.argmapExport) { window.argmapExport.png(cy); }
        if (what === "svg" && window.argmapExport) { window.argmapExport.svg(cy); }
      });
      toolbar.addEventListener("change", function (event) {
        if (event.target.id === "graph-view") { setView(event.target.value); }
        if (event.target.id === "graph-neighbours") { applyFocus(); }
      });
    }
    document.querySelectorAll("[data-draw-link]").forEach(function (b) { b.hidden = false; });
    window.argmapPicture = {
      view: function () { return view; },
      select: select,
      setView: setView,
      resize: function () {
        if (!cy) { return; }
        cy.resize();
        if (pendingArrange && container.clientWidth) { pendingArrange = false; arrange(); }
        cy.fit(cy.elements(), 24);
      },
      startLink: startLink
    };
  }

  // An edit's answer carries the current view's elements: patch the picture with them.
  function refresh() {
    var holder = document.getElementById("graph-data");
    if (!cy || !holder || holder.getAttribute("data-seen") === "yes") { return; }
    holder.setAttribute("data-seen", "yes");
    var shown = holder.getAttribute("data-view");
    if (shown && shown !== view) { return; } // the reader moved on to another view meanwhile
    patch(data());
  }
  document.addEventListener("htmx:after:swap", refresh);
  document.addEventListener("htmx:after:settle", refresh);
  document.addEventListener("htmx:after:swap", function () {
    document.querySelectorAll("[data-draw-link]").forEach(function (b) { b.hidden = !cy; });
  });

  // A page that shows a map without the editor (a submission's review) opens a statement's
  // panel from its link's own address, and folds the outline's sections, all drawn already.
  document.addEventListener("click", function (event) {
    if (window.argmapEditor || !event.target.closest || !window.htmx) { return; }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    var link = event.target.closest("a[data-node-panel]");
    if (link && document.getElementById("node-panel")) {
      event.preventDefault();
      select(link.getAttribute("data-node-panel"));
      htmx.ajax("GET", link.getAttribute("href"), { target: "#node-panel", swap: "innerHTML" });
      return;
    }
    var toggle = event.target.closest(".disclose");
    var body = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (body && body.hasAttribute("data-loaded")) {
      event.preventDefault();
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      body.hidden = !open;
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
