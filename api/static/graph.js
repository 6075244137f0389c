// KEINO explorer: the neighbourhood as an interactive cytoscape.js graph.
// Progressive enhancement: the page carries a server-drawn SVG; this script
// replaces it with a zoomable, draggable graph when cytoscape and the JSON load.
"use strict";

(function () {
  const box = document.getElementById("graph-live");
  if (!box || typeof window.cytoscape !== "function") return;

  // The kind colours of explorer.css, read from its custom properties.
  const css = getComputedStyle(document.documentElement);
  const colour = (kind) => (css.getPropertyValue("--" + kind) || "").trim() || "#9e9e9e";

  function short(label) {
    return label.length > 40 ? label.slice(0, 39) + "…" : label;
  }

  // A group's name on two lines: what and when, then how many and how much.
  function twoLines(label) {
    const at = label.indexOf(": ");
    return at < 0 ? short(label) : short(label.slice(0, at)) + "\n" + short(label.slice(at + 2));
  }

  function elements(data) {
    const nodes = data.nodes.map((n) => ({
      data: { ...n, short: n.group ? twoLines(n.label) : short(n.label), colour: colour(n.kind) },
      classes: n.depth === 0 ? "center" : (n.group ? "group" : ""),
    }));
    const edges = data.edges.map((e) => ({ data: { ...e, short: short(e.label) } }));
    return nodes.concat(edges);
  }

  const STYLE = [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        label: "data(short)",
        "font-size": 12,
        color: "#1b1f24",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 2,
        width: 18,
        height: 18,
      },
    },
    { selector: "node.center", style: { width: 30, height: 30, "font-weight": "bold", "border-width": 3, "border-color": "#1b1f24" } },
    // a group of many records: a larger square; a tap opens the list of its records
    { selector: "node.group", style: { shape: "round-rectangle", width: 26, height: 26, "border-width": 2, "border-color": "#1b1f24", "text-wrap": "wrap", "text-max-width": 320 } },
    { selector: "node:selected, node.focus", style: { "border-width": 3, "border-color": "#0b5394" } },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "line-color": "#8a96a3",
        "target-arrow-color": "#8a96a3",
        "target-arrow-shape": "triangle",
        "curve-style": "bezier",
        label: "data(short)",
        "font-size": 10,
        color: "#4a5361",
        "text-rotation": "autorotate",
        "text-background-color": "#fbfcfd",
        "text-background-opacity": 0.9,
        "text-background-padding": 1,
      },
    },
    { selector: ".hidden", style: { display: "none" } },
  ];

  function layout(cy) {
    // cose with label sizes counted: no label is drawn over another node's label.
    return cy.layout({
      name: "cose",
      animate: false,
      randomize: false,
      nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => 140,
      nodeRepulsion: () => 1200000,
      nodeOverlap: 40,
      gravity: 0.25,
      numIter: 1500,
      padding: 30,
    });
  }

  // cose counts labels but may still leave two boxes touching: push every
  // overlapping pair apart along the shorter way out until none overlaps.
  function separate(cy) {
    const gap = 6;
    const nodes = cy.nodes().toArray();
    for (let round = 0; round < 200; round++) {
      let moved = false;
      const boxes = nodes.map((n) => n.boundingBox({ includeLabels: true }));
      // Labels are wide, so the shorter way out is mostly up or down, and a large
      // graph would grow into a tall column drawn too small to read: the taller the
      // drawing is than wide, the more sideways moves are preferred.
      const all = cy.nodes().boundingBox({ includeLabels: true });
      const tall = Math.max(1, (1.6 * all.h) / Math.max(all.w, 1));
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = boxes[i], b = boxes[j];
          const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + gap;
          const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + gap;
          if (dx <= 0 || dy <= 0) continue;
          const p = nodes[i].position(), q = nodes[j].position();
          const shift = dx < dy * tall
            ? { x: (p.x <= q.x ? -dx : dx) / 2, y: 0 }
            : { x: 0, y: (p.y <= q.y ? -dy : dy) / 2 };
          nodes[i].position({ x: p.x + shift.x, y: p.y + shift.y });
          nodes[j].position({ x: q.x - shift.x, y: q.y - shift.y });
          boxes[i] = nodes[i].boundingBox({ includeLabels: true });
          boxes[j] = nodes[j].boundingBox({ includeLabels: true });
          moved = true;
        }
      }
      if (!moved) return;
    }
  }

  // The canvas is wider than tall: a layout that came out tall (two hubs one above
  // the other) is turned a quarter, so fitting it does not shrink its labels away.
  function widen(cy) {
    const all = cy.nodes().boundingBox();
    if (all.h <= all.w) return;
    cy.nodes().positions((n) => ({ x: n.position("y"), y: n.position("x") }));
  }

  function filters(cy, data) {
    const set = document.getElementById("graph-filters");
    for (const [kind, name] of Object.entries(data.kinds)) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.checked = true;
      input.value = kind;
      input.addEventListener("change", () => {
        cy.nodes().filter((n) => n.data("kind") === kind && n.data("depth") > 0)
          .toggleClass("hidden", !input.checked);
      });
      const dot = document.createElement("span");
      dot.className = "dot kind-" + kind;
      dot.setAttribute("aria-hidden", "true");
      label.append(input, dot, document.createTextNode(name));
      set.append(label);
    }
  }

  function controls(cy) {
    const zoom = (factor) => cy.zoom({
      level: cy.zoom() * factor,
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
    document.getElementById("zoom-in").addEventListener("click", () => zoom(1.25));
    document.getElementById("zoom-out").addEventListener("click", () => zoom(0.8));
    document.getElementById("zoom-fit").addEventListener("click", () => cy.fit(undefined, 30));
  }

  async function start() {
    const answer = await fetch(box.dataset.src, { headers: { Accept: "application/json" } });
    if (!answer.ok) return; // the SVG stays
    const data = await answer.json();
    box.hidden = false;
    const cy = window.cytoscape({
      container: document.getElementById("graph-canvas"),
      elements: elements(data),
      style: STYLE,
      minZoom: 0.2,
      maxZoom: 4,
      wheelSensitivity: 0.3,
    });
    layout(cy).run();
    widen(cy);
    separate(cy);
    cy.fit(undefined, 30);
    // A tap (not a drag) opens the node's entity page (a group's: its list of records).
    cy.on("tap", "node", (event) => { window.location.href = event.target.data("url"); });
    cy.on("mouseover", "node", (event) => { event.target.addClass("focus"); box.title = event.target.data("label"); });
    cy.on("mouseout", "node", (event) => { event.target.removeClass("focus"); box.title = ""; });
    filters(cy, data);
    controls(cy);
    document.getElementById("graph-fallback").hidden = true;
    window.keinoGraph = cy; // for the browser tests and the console
    box.dataset.ready = "true";
  }

  start();
})();
