// argmap: the argument-map picture (Cytoscape.js + dagre), an enhancement over the outline.
// The elements come from <script type="application/json" id="map-elements"> (Django's
// json_script), so labels are data that Cytoscape draws as text, never parsed as HTML. After an
// edit the server swaps in new element data; the picture follows without a reload.
(function () {
  "use strict";

  var COLOURS = {
    supports: "#1d7a46", opposes: "#b3261e", undercuts: "#7a4b00",
    thesis: "#2f3f8f", claim: "#5a4fa3", evidence: "#6b5a2e", junction: "#5b6574"
  };
  var FILLS = { thesis: "#e9ecfa", claim: "#f1effa", evidence: "#f8f3e6", junction: "#5b6574" };
  var SHAPES = { thesis: "round-rectangle", claim: "ellipse", evidence: "cut-rectangle", junction: "ellipse" };

  var STYLE = [
    { selector: "node", style: {
      "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 150,
      "text-valign": "center", "text-halign": "center", "color": "#1d2430",
      "background-color": "#fff", "border-width": 2, "width": 170, "height": 58,
      "min-zoomed-font-size": 6
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
    // The first half of a link drawn through a junction has no arrow head of its own.
    { selector: "edge[part]", style: { "target-arrow-shape": "none" } },
    { selector: "edge[part = 'co-premise']", style: { "line-style": "dotted" } },
    // Whether a statement stands: defeated ones are drawn grey, undecided ones with a double rim.
    { selector: "node[status = 'out']", style: { "background-color": "#e4e6ea", "color": "#5b6574", "border-style": "dashed" } },
    { selector: "node[status = 'undecided']", style: { "border-style": "double", "border-width": 4 } },
    { selector: "node[status = 'aside']", style: { "opacity": 0.35, "border-style": "dotted" } },
    { selector: "node:selected", style: { "border-color": "#f0a500", "border-width": 5 } },
    { selector: ".faded", style: { "opacity": 0.12 } },
    { selector: ".filtered", style: { "display": "none" } }
  ];

  var cy = null;
  var lastData = null;

  function readElements() {
    var script = document.getElementById("map-elements");
    if (!script) { return null; }
    lastData = script.textContent;
    var data = JSON.parse(lastData);
    return data.nodes.concat(data.edges);
  }

  function layout() {
    // Theses stay on the top rank: links between theses are left out of the layout (they are
    // still drawn), otherwise an opposed thesis would be ranked above its opponent.
    // Undercuts are left out too: a reading that answers another's use of the evidence would
    // otherwise be ranked above the link it answers, and drag its own thesis down.
    var thesisLinks = cy.edges().filter(function (edge) {
      if (edge.data("kind") === "undercuts") { return true; }
      return edge.source().data("kind") === "thesis" && edge.target().data("kind") === "thesis";
    });
    var big = cy.nodes().length > 1500;
    cy.elements().difference(thesisLinks).layout({
      name: big ? "grid" : "dagre", rankDir: "BT", nodeSep: 18, rankSep: 70, edgeSep: 8,
      animate: false, fit: false
    }).run();
    if (!big) {
      // Dagre ranks each loosely connected part on its own, so a thesis can land low: put every
      // thesis on the top row, then wrap the rows.
      var theses = cy.nodes("[kind = 'thesis']");
      if (theses.length) {
        var top = Math.min.apply(null, theses.map(function (n) { return n.position("y"); }));
        theses.forEach(function (n) { n.position("y", top); });
      }
      wrapRanks(10);
    }
    cy.fit(cy.elements(":visible"), 20);
  }

  // Dagre puts every statement of a rank on one row; a debate has a hundred pieces of evidence
  // at the same rank, which makes a picture 15,000 px wide. Wrap each rank into rows of at most
  // `perRow` nodes, keeping dagre's left-to-right order (its crossing minimisation).
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
        var line = Math.floor(i / perRow), col = i % perRow;
        node.position({ x: col * 190 - width / 2, y: y + offset + line * rowHeight });
      });
      offset += Math.floor((row.length - 1) / perRow) * rowHeight;
    });
  }

  function showNode(pk) {
    var container = document.getElementById("map-graph");
    var url = container.getAttribute("data-node-url").replace(/\/0\/$/, "/" + pk + "/");
    htmx.ajax("GET", url, { target: "#node-panel", swap: "innerHTML" });
  }

  // --- focus: the neighbourhood of the selected statement, or one scholar's argument ---------

  // What a statement is used for: the chain of links it starts, through readings and key claims,
  // up to the theses it serves (not beyond them, into the debate between theses).
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
    if (selected.length && highlight && highlight.checked) {
      var keep = selected.closedNeighborhood();
      // Through a junction, the link's other half and its co-premises belong to the neighbourhood.
      keep = keep.union(keep.nodes("[kind = 'junction']").closedNeighborhood());
      keep = keep.union(usedFor(selected));
      cy.elements().difference(keep).addClass("faded");
    }
  }

  function applyScholarFilter() {
    var select = document.getElementById("graph-scholar");
    var sid = select ? select.value : "";
    cy.elements().removeClass("filtered");
    if (!sid) { return; }
    // A scholar's part of the map: statements they hold, and every link they make with its ends.
    var theirs = cy.elements().filter(function (ele) { return String(ele.data("sid") || "") === sid; });
    var keep = theirs.union(theirs.edges().connectedNodes());
    keep = keep.union(keep.nodes("[kind = 'junction']").connectedEdges().filter(function (edge) {
      return String(edge.data("sid") || "") === sid;
    }).connectedNodes());
    cy.elements().difference(keep.union(keep.edgesWith(keep))).addClass("filtered");
    cy.fit(cy.elements(":visible"), 20);
  }

  // --- export ----------------------------------------------------------------------------------

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function fileName(ext) {
    var title = document.getElementById("map-graph").getAttribute("data-title") || "argument-map";
    return title.replace(/[^\w\- ]+/g, "").trim().replace(/\s+/g, "-").slice(0, 60) + "." + ext;
  }

  function exportPng() {
    download(cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob" }), fileName("png"));
  }

  // An SVG built from the laid-out picture with DOM calls: every label is a text node, so the
  // serializer escapes whatever a user typed.
  function buildSvg() {
    var NS = "http://www.w3.org/2000/svg";
    var box = cy.elements(":visible").boundingBox();
    var pad = 20;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("width", Math.ceil(box.w + 2 * pad));
    svg.setAttribute("height", Math.ceil(box.h + 2 * pad));
    svg.setAttribute("viewBox", [box.x1 - pad, box.y1 - pad, box.w + 2 * pad, box.h + 2 * pad].join(" "));
    svg.setAttribute("font-family", "sans-serif");
    function el(name, attrs, parent) {
      var node = document.createElementNS(NS, name);
      Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
      (parent || svg).appendChild(node);
      return node;
    }
    var defs = el("defs", {});
    ["supports", "opposes", "undercuts"].forEach(function (kind) {
      var marker = el("marker", { id: "arrow-" + kind, viewBox: "0 0 10 10", refX: "10", refY: "5",
                                  markerWidth: "8", markerHeight: "8", orient: "auto-start-reverse" }, defs);
      el("path", kind === "supports" ? { d: "M0,0 L10,5 L0,10 z", fill: COLOURS[kind] }
                                     : { d: "M8,0 L8,10", stroke: COLOURS[kind], "stroke-width": "3" }, marker);
    });
    el("rect", { x: box.x1 - pad, y: box.y1 - pad, width: box.w + 2 * pad, height: box.h + 2 * pad, fill: "#fff" });
    cy.edges(":visible").forEach(function (edge) {
      var s = edge.sourceEndpoint(), t = edge.targetEndpoint(), kind = edge.data("kind");
      var attrs = { x1: s.x, y1: s.y, x2: t.x, y2: t.y, stroke: COLOURS[kind], "stroke-width": 2 };
      if (kind === "undercuts") { attrs["stroke-dasharray"] = "6 4"; }
      if (edge.data("part") === "co-premise") { attrs["stroke-dasharray"] = "2 3"; }
      if (!edge.data("part")) { attrs["marker-end"] = "url(#arrow-" + kind + ")"; }
      el("line", attrs);
    });
    cy.nodes(":visible").forEach(function (node) {
      var p = node.position(), w = node.width(), h = node.height(), kind = node.data("kind");
      var style = { fill: FILLS[kind], stroke: COLOURS[kind], "stroke-width": kind === "thesis" ? 3 : 2 };
      if (kind === "claim" || kind === "junction") {
        el("ellipse", Object.assign({ cx: p.x, cy: p.y, rx: w / 2, ry: h / 2 }, style));
      } else if (kind === "evidence") {
        var c = 8, x = p.x - w / 2, y = p.y - h / 2;
        el("polygon", Object.assign({ points: [[x + c, y], [x + w - c, y], [x + w, y + c], [x + w, y + h - c],
          [x + w - c, y + h], [x + c, y + h], [x, y + h - c], [x, y + c]].join(" ") }, style));
      } else {
        el("rect", Object.assign({ x: p.x - w / 2, y: p.y - h / 2, width: w, height: h, rx: 6 }, style));
      }
      var label = node.data("label") || "";
      if (!label) { return; }
      var lines = wrap(label, 26).slice(0, 4);
      var text = el("text", { x: p.x, y: p.y - (lines.length - 1) * 6, "text-anchor": "middle",
                              "font-size": 10, fill: "#1d2430" });
      lines.forEach(function (line, i) {
        var span = el("tspan", { x: p.x, dy: i === 0 ? 0 : 12 }, text);
        span.textContent = line;
      });
    });
    return new XMLSerializer().serializeToString(svg);
  }

  function wrap(text, width) {
    var words = text.split(/\s+/), lines = [], line = "";
    words.forEach(function (word) {
      if ((line + " " + word).trim().length > width && line) { lines.push(line); line = word; }
      else { line = (line + " " + word).trim(); }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function exportSvg() {
    download(new Blob([buildSvg()], { type: "image/svg+xml" }), fileName("svg"));
  }

  // --- life cycle ------------------------------------------------------------------------------

  function init() {
    var container = document.getElementById("map-graph");
    if (!container || !window.cytoscape) { return; }
    var elements = readElements();
    if (elements === null) { return; }
    cy = window.cytoscape({
      container: container, elements: elements, style: STYLE,
      minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false
    });
    layout();
    cy.on("tap", "node", function (event) {
      if (event.target.data("kind") !== "junction") { showNode(event.target.data("pk")); }
    });
    cy.on("select unselect", "node", applyFocus);
    var toolbar = document.getElementById("graph-toolbar");
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", function (event) {
        var action = event.target.closest("[data-graph]");
        if (!action) { return; }
        var what = action.getAttribute("data-graph");
        if (what === "zoom-in") { cy.zoom({ level: cy.zoom() * 1.3, renderedPosition: centre() }); }
        if (what === "zoom-out") { cy.zoom({ level: cy.zoom() / 1.3, renderedPosition: centre() }); }
        if (what === "fit") { cy.fit(cy.elements(":visible"), 20); }
        if (what === "png") { exportPng(); }
        if (what === "svg") { exportSvg(); }
      });
      toolbar.addEventListener("change", function (event) {
        if (event.target.id === "graph-scholar") { applyScholarFilter(); }
        if (event.target.id === "graph-neighbours") { applyFocus(); }
      });
    }
    container.setAttribute("data-ready", "true");
    window.argmapCy = cy;  // for the browser tests
    window.argmapSvg = buildSvg;
  }

  function centre() {
    return { x: cy.width() / 2, y: cy.height() / 2 };
  }

  // After an edit the server swaps in new element data: relabel in place when only data
  // changed, redraw and lay out again when statements or links came or went.
  function refresh() {
    var script = document.getElementById("map-elements");
    if (!cy || !script || script.textContent === lastData) { return; }
    var elements = readElements();
    var incoming = {};
    elements.forEach(function (ele) { incoming[ele.data.id] = ele; });
    var same = cy.elements().length === elements.length &&
      cy.elements().every(function (ele) { return Boolean(incoming[ele.id()]); });
    if (same) {
      elements.forEach(function (ele) { cy.getElementById(ele.data.id).data(ele.data); });
    } else {
      var selected = cy.nodes(":selected").map(function (n) { return n.id(); });
      cy.elements().remove();
      cy.add(elements);
      selected.forEach(function (id) { cy.getElementById(id).select(); });
      layout();
    }
    applyScholarFilter();
    applyFocus();
    document.getElementById("map-graph").setAttribute("data-version", String(Date.now()));
  }

  document.addEventListener("htmx:after:swap", refresh);
  document.addEventListener("htmx:after:settle", refresh);

  // Outline links open the node panel in place (their href is the no-JavaScript fallback).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-node-panel]") : null;
    if (!link || !window.htmx || !document.getElementById("node-panel")) { return; }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    htmx.ajax("GET", link.getAttribute("href"), { target: "#node-panel", swap: "innerHTML" });
    if (cy) {
      var node = cy.getElementById("n" + link.getAttribute("data-node-panel"));
      cy.nodes().unselect();
      if (node.length) { node.select(); }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
