// argmap: the map as Argdown text. The server reads the text as it is typed (htmx posts it to
// the preview URL) and answers with the picture's elements in <script type="application/json"
// id="argdown-elements">; this file draws them with Cytoscape, numbers the text's lines and marks
// the line of an error, and keeps focus where the keyboard needs it around the review panel.
(function () {
  "use strict";

  var COLOURS = { supports: "#1d7a46", opposes: "#b3261e", undercuts: "#7a4b00",
                  thesis: "#2f3f8f", claim: "#5a4fa3", evidence: "#6b5a2e", junction: "#5b6574" };
  var FILLS = { thesis: "#e9ecfa", claim: "#f1effa", evidence: "#f8f3e6", junction: "#5b6574" };
  var STYLE = [
    { selector: "node", style: {
      "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 150,
      "text-valign": "center", "text-halign": "center", "color": "#1d2430", "width": 170,
      "height": 58, "border-width": 2, "background-color": "#fff", "min-zoomed-font-size": 6 } },
    { selector: "node[kind = 'thesis']", style: { "shape": "round-rectangle", "border-width": 3,
      "border-color": COLOURS.thesis, "background-color": FILLS.thesis, "font-weight": "bold" } },
    { selector: "node[kind = 'claim']", style: { "shape": "ellipse",
      "border-color": COLOURS.claim, "background-color": FILLS.claim } },
    { selector: "node[kind = 'evidence']", style: { "shape": "cut-rectangle",
      "border-color": COLOURS.evidence, "background-color": FILLS.evidence } },
    { selector: "node[kind = 'junction']", style: { "width": 8, "height": 8, "label": "",
      "background-color": COLOURS.junction, "border-width": 0 } },
    { selector: "edge", style: { "width": 2, "curve-style": "bezier", "arrow-scale": 1.1,
      "target-arrow-shape": "triangle", "line-color": COLOURS.supports,
      "target-arrow-color": COLOURS.supports } },
    { selector: "edge[kind = 'opposes']", style: { "line-color": COLOURS.opposes,
      "target-arrow-color": COLOURS.opposes, "target-arrow-shape": "tee" } },
    { selector: "edge[kind = 'undercuts']", style: { "line-color": COLOURS.undercuts,
      "target-arrow-color": COLOURS.undercuts, "line-style": "dashed", "target-arrow-shape": "tee" } },
    { selector: "edge[part]", style: { "target-arrow-shape": "none" } },
    { selector: "edge[part = 'co-premise']", style: { "line-style": "dotted" } }
  ];

  var cy = null;
  var drawn = null;

  function text() { return document.getElementById("argdown-text"); }

  function draw() {
    var script = document.getElementById("argdown-elements");
    var container = document.getElementById("argdown-graph");
    if (!script || !container || !window.cytoscape || script.textContent === drawn) { return; }
    drawn = script.textContent;
    var data = JSON.parse(drawn);
    if (!data || !data.nodes) { return; }  // the page before its first preview
    var elements = data.nodes.concat(data.edges);
    if (!elements.length && cy) { return; }  // an error: keep the last good picture
    if (!cy) {
      cy = window.cytoscape({ container: container, style: STYLE, minZoom: 0.05, maxZoom: 3,
                              boxSelectionEnabled: false });
      window.argdownCy = cy;  // for the browser tests
    }
    cy.elements().remove();
    cy.add(elements);
    var big = cy.nodes().length > 1500;
    cy.layout({ name: big ? "grid" : "dagre", rankDir: "BT", nodeSep: 18, rankSep: 60,
                animate: false, fit: false }).run();
    if (!big) { wrapRanks(8); }
    cy.fit(undefined, 16);
    container.setAttribute("data-drawn", String(cy.nodes("[kind != 'junction']").length));
  }

  // Dagre puts a whole rank on one row (a debate's evidence is one rank): wrap each rank into
  // rows of at most `perRow`, in dagre's order, as the map page does.
  function wrapRanks(perRow) {
    var ranks = {};
    cy.nodes().forEach(function (node) {
      var y = Math.round(node.position("y"));
      (ranks[y] = ranks[y] || []).push(node);
    });
    var offset = 0;
    Object.keys(ranks).map(Number).sort(function (a, b) { return a - b; }).forEach(function (y) {
      var row = ranks[y].sort(function (a, b) { return a.position("x") - b.position("x"); });
      var width = Math.min(row.length, perRow) * 190;
      row.forEach(function (node, i) {
        node.position({ x: (i % perRow) * 190 - width / 2, y: y + offset + Math.floor(i / perRow) * 90 });
      });
      offset += Math.floor((row.length - 1) / perRow) * 90;
    });
  }

  // Line numbers beside the text, the error's line marked; they scroll with the text.
  function numberLines() {
    var area = text();
    var gutter = document.getElementById("argdown-gutter");
    if (!area || !gutter) { return; }
    var preview = document.getElementById("argdown-preview");
    var bad = preview ? Number(preview.getAttribute("data-error-line") || 0) : 0;
    var lines = area.value.split("\n").length;
    var items = [];
    for (var i = 1; i <= lines; i++) {
      items.push(i === bad ? '<li class="argdown-error-line" title="Error on this line">' + i + "</li>"
                           : "<li>" + i + "</li>");
    }
    gutter.innerHTML = items.join("");  // numbers only: nothing a user typed
    gutter.scrollTop = area.scrollTop;
    area.setAttribute("aria-invalid", bad ? "true" : "false");
  }

  function goToLine(number) {
    var area = text();
    var lines = area.value.split("\n");
    var start = 0;
    for (var i = 0; i < number - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    area.focus();
    area.setSelectionRange(start, start + (lines[number - 1] || "").length);
    var height = area.scrollHeight / Math.max(lines.length, 1);
    area.scrollTop = Math.max(0, (number - 3) * height);
  }

  function closeReview() {
    var review = document.getElementById("argdown-review");
    if (review && review.children.length) {
      review.replaceChildren();
      text().focus();
      return true;
    }
    return false;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) { return; }
    var goto = target.closest("[data-goto-line]");
    if (goto) { goToLine(Number(goto.getAttribute("data-goto-line"))); }
    if (target.closest("[data-close-review]")) { closeReview(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && closeReview()) { event.preventDefault(); }
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "argdown-text") { numberLines(); }
  });
  document.addEventListener("scroll", function (event) {
    if (event.target.id === "argdown-text") {
      document.getElementById("argdown-gutter").scrollTop = event.target.scrollTop;
    }
  }, true);

  function settle(event) {
    draw();
    numberLines();
    // A review panel that has just arrived takes the focus on its first action.
    var swapped = event && event.detail && event.detail.ctx && event.detail.ctx.target;
    var review = document.getElementById("argdown-review");
    if (review && (!swapped || swapped.id === "argdown-review" || review.contains(swapped))) {
      var first = review.querySelector("[data-autofocus]");
      if (first && document.activeElement !== text()) {
        first.focus();
        review.scrollIntoView({ block: "nearest" });
      }
    }
  }
  document.addEventListener("htmx:after:settle", settle);
  document.addEventListener("htmx:after:swap", function () { draw(); numberLines(); });

  // argmap's own text opens with its front matter (sources, scholars): start at the statements.
  function startAtStatements() {
    var area = text();
    if (!area) { return; }
    var lines = area.value.split("\n");
    var first = lines.findIndex(function (line) { return /^(# |\[|<)/.test(line); });
    if (first > 0) {
      area.scrollTop = first * (area.scrollHeight / lines.length);
      document.getElementById("argdown-gutter").scrollTop = area.scrollTop;
    }
  }

  function init() {
    draw();
    numberLines();
    startAtStatements();
    var review = document.getElementById("argdown-review");
    var first = review && review.querySelector("[data-autofocus]");
    if (first) { first.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
