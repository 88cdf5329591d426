// argmap: the picture as a file: PNG from Cytoscape, and an SVG built from the laid-out view with
// DOM calls, so that every label is a text node the serializer escapes. Lines are drawn first,
// then the shapes, then the text on top: no line crosses a label.
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var COLOURS = {
    supports: "#1d7a46", opposes: "#b3261e", undercuts: "#7a4b00",
    thesis: "#2f3f8f", claim: "#5a4fa3", evidence: "#6b5a2e", junction: "#5b6574"
  };
  var FILLS = { thesis: "#e9ecfa", claim: "#f1effa", evidence: "#f8f3e6", junction: "#5b6574" };

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

  function wrap(text, width) {
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (word) {
      if ((line + " " + word).trim().length > width && line) { lines.push(line); line = word; }
      else { line = (line + " " + word).trim(); }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function buildSvg(cy) {
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
    var lines = el("g", { "class": "edges" });
    var shapes = el("g", { "class": "nodes" });
    var labels = el("g", { "class": "labels" });
    cy.edges(":visible").forEach(function (edge) {
      var s = edge.sourceEndpoint(), t = edge.targetEndpoint(), kind = edge.data("kind");
      var attrs = { x1: s.x, y1: s.y, x2: t.x, y2: t.y, stroke: COLOURS[kind], "stroke-width": 2 };
      if (kind === "undercuts") { attrs["stroke-dasharray"] = "6 4"; }
      if (edge.data("part") === "co-premise") { attrs["stroke-dasharray"] = "2 3"; }
      if (!edge.data("part")) { attrs["marker-end"] = "url(#arrow-" + kind + ")"; }
      el("line", attrs, lines);
    });
    cy.nodes(":visible").forEach(function (node) {
      var p = node.position(), w = node.width(), h = node.height(), kind = node.data("kind");
      var style = { fill: FILLS[kind], stroke: COLOURS[kind], "stroke-width": kind === "thesis" ? 3 : 2 };
      if (node.data("status") === "out") { style.fill = "#e4e6ea"; style["stroke-dasharray"] = "5 3"; }
      if (kind === "claim" || kind === "junction") {
        el("ellipse", Object.assign({ cx: p.x, cy: p.y, rx: w / 2, ry: h / 2 }, style), shapes);
      } else if (kind === "evidence") {
        var c = 8, x = p.x - w / 2, y = p.y - h / 2;
        el("polygon", Object.assign({ points: [[x + c, y], [x + w - c, y], [x + w, y + c], [x + w, y + h - c],
          [x + w - c, y + h], [x + c, y + h], [x, y + h - c], [x, y + c]].join(" ") }, style), shapes);
      } else {
        el("rect", Object.assign({ x: p.x - w / 2, y: p.y - h / 2, width: w, height: h, rx: 6 }, style), shapes);
      }
      var label = node.data("card") || node.data("label") || "";
      if (!label) { return; }
      var size = node.hasClass("card") ? 14 : 10;
      var rows = [];
      String(label).split("\n").forEach(function (part) { rows = rows.concat(wrap(part, node.hasClass("card") ? 28 : 26)); });
      rows = rows.slice(0, 5);
      var text = el("text", { x: p.x, y: p.y - (rows.length - 1) * (size * 0.6), "text-anchor": "middle",
                              "font-size": size, fill: "#1d2430" }, labels);
      rows.forEach(function (row, i) {
        var span = el("tspan", { x: p.x, dy: i === 0 ? 0 : size * 1.2 }, text);
        span.textContent = row;
      });
    });
    return new XMLSerializer().serializeToString(svg);
  }

  window.argmapExport = {
    svgText: buildSvg,
    svg: function (cy) { download(new Blob([buildSvg(cy)], { type: "image/svg+xml" }), fileName("svg")); },
    png: function (cy) { download(cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob" }), fileName("png")); }
  };
})();
