// argmap: the argument-map picture (Cytoscape.js + dagre), an enhancement over the outline.
// The elements come from <script type="application/json" id="map-elements"> (Django's
// json_script), so labels are data that Cytoscape draws as text, never parsed as HTML.
(function () {
  "use strict";

  var COLOURS = {
    supports: "#1d7a46", opposes: "#b3261e", undercuts: "#7a4b00",
    thesis: "#2f3f8f", claim: "#5a4fa3", evidence: "#6b5a2e"
  };

  var STYLE = [
    { selector: "node", style: {
      "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 150,
      "text-valign": "center", "text-halign": "center", "color": "#1d2430",
      "background-color": "#fff", "border-width": 2, "width": 170, "height": 58, "padding": 4
    } },
    { selector: "node[kind = 'thesis']", style: {
      "shape": "round-rectangle", "border-color": COLOURS.thesis, "border-width": 3,
      "background-color": "#e9ecfa", "font-weight": "bold"
    } },
    { selector: "node[kind = 'claim']", style: {
      "shape": "ellipse", "border-color": COLOURS.claim, "background-color": "#f1effa"
    } },
    { selector: "node[kind = 'evidence']", style: {
      "shape": "cut-rectangle", "border-color": COLOURS.evidence, "background-color": "#f8f3e6"
    } },
    { selector: "node[kind = 'junction']", style: {
      "shape": "ellipse", "width": 8, "height": 8, "label": "", "background-color": "#5b6574",
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
    { selector: "node:selected", style: { "border-color": "#f0a500", "border-width": 5 } },
    { selector: ".faded", style: { "opacity": 0.15 } },
    { selector: ".hidden", style: { "display": "none" } }
  ];

  function readElements() {
    var script = document.getElementById("map-elements");
    if (!script) { return null; }
    var data = JSON.parse(script.textContent);
    return data.nodes.concat(data.edges);
  }

  function layout(cy) {
    // Theses stay on the top rank: links between theses are left out of the layout (they are
    // still drawn), otherwise an opposed thesis would be ranked above its opponent.
    var thesisLinks = cy.edges().filter(function (edge) {
      return edge.source().data("kind") === "thesis" && edge.target().data("kind") === "thesis";
    });
    var big = cy.nodes().length > 1500;
    cy.elements().difference(thesisLinks).layout({
      name: big ? "grid" : "dagre", rankDir: "BT", nodeSep: 18, rankSep: 70, edgeSep: 8,
      animate: false, fit: false
    }).run();
    if (!big) { wrapRanks(cy, 10); }
    cy.fit(undefined, 20);
  }

  // Dagre puts every statement of a rank on one row; a debate has a hundred pieces of evidence
  // at the same rank, which makes a picture 15,000 px wide. Wrap each rank into rows of at most
  // `perRow` nodes, keeping dagre's left-to-right order (its crossing minimisation).
  function wrapRanks(cy, perRow) {
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
        // Junctions are small: keep them near their own rank rather than in a row of statements.
        node.position({ x: col * 190 - width / 2, y: y + offset + line * rowHeight });
      });
      offset += Math.floor((row.length - 1) / perRow) * rowHeight;
    });
  }

  function showNode(pk) {
    var container = document.getElementById("map-graph");
    var url = container.getAttribute("data-node-url").replace(/\/0\/$/, "/" + pk + "/");
    if (window.htmx) {
      htmx.ajax("GET", url, { target: "#node-panel", swap: "innerHTML" });
    } else {
      window.location.href = url;
    }
  }

  function init() {
    var container = document.getElementById("map-graph");
    if (!container || !window.cytoscape) { return; }
    var elements = readElements();
    if (elements === null) { return; }
    var cy = window.cytoscape({
      container: container, elements: elements, style: STYLE,
      minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false
    });
    layout(cy);
    cy.on("tap", "node", function (event) {
      var node = event.target;
      if (node.data("kind") !== "junction") { showNode(node.data("pk")); }
    });
    container.setAttribute("data-ready", "true");
    window.argmapCy = cy;  // for the browser tests and the toolbar
  }

  // Outline links open the node panel in place (their href is the no-JavaScript fallback).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-node-panel]") : null;
    if (!link || !window.htmx || !document.getElementById("node-panel")) { return; }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    htmx.ajax("GET", link.getAttribute("href"), { target: "#node-panel", swap: "innerHTML" });
    if (window.argmapCy) {
      var node = window.argmapCy.getElementById("n" + link.getAttribute("data-node-panel"));
      window.argmapCy.nodes().unselect();
      if (node.length) { node.select(); }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
