// KEINO SPARQL workbench: the vendored YASGUI editor on this server's /sparql,
// the named queries of /queries as examples (parameters filled), permalinks
// (/sparql?query=…) and result IRIs shown as names linking to entity pages.
"use strict";

(function () {
  const box = document.getElementById("yasgui");
  const lib = window.Yasgui && (window.Yasgui.default || window.Yasgui);
  if (!box || typeof lib !== "function") return;
  const start = JSON.parse(document.getElementById("sparql-start").textContent);
  const lang = box.dataset.lang;
  const endpoint = new URL(box.dataset.endpoint, window.location.href).href;
  const prefixLines = Object.entries(start.prefixes)
    .map(([p, iri]) => "PREFIX " + p + ": <" + iri + ">").join("\n");
  const fallback = prefixLines + "\n\nSELECT ?type (COUNT(DISTINCT ?s) AS ?entities)\n" +
    "WHERE { ?s a ?type }\nGROUP BY ?type\nORDER BY DESC(?entities)\nLIMIT 20\n";

  function permalink(query) {
    return "/sparql?" + new URLSearchParams({ query });
  }

  const yasgui = new lib(box, {
    requestConfig: {
      endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
    copyEndpointOnNewTab: true,
    tabName: box.dataset.queryLabel,
    populateFromUrl: false,
    persistenceId: null, // a permalink or an example, not an old session, decides the query
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    yasqe: {
      // Only local completions: no request leaves this server.
      autocompleters: ["prefixes", "variables"],
      createShareableLink: (yasqe) => permalink(yasqe.getValue()),
      consumeShareLink: null,
      resizeable: true,
      editorHeight: "320px",
    },
    yasr: { prefixes: start.prefixes },
  });
  const tab = yasgui.getTab();
  const yasqe = tab.getYasqe();
  yasqe.setValue(start.query || fallback);
  document.getElementById("plain-form").hidden = true; // the editor replaces the plain form

  // The permalink follows the editor.
  const link = document.getElementById("permalink");
  const follow = () => { link.href = permalink(yasqe.getValue()); };
  yasqe.on("change", follow);
  follow();

  // Examples: the named queries with their example parameter values bound.
  let named = [];
  fetch("/queries").then((answer) => answer.json()).then((list) => {
    named = list;
    const select = document.getElementById("examples");
    for (const q of list) {
      const option = document.createElement("option");
      option.value = q.name;
      option.textContent = q.name + " — " + q.summary;
      select.append(option);
    }
    select.addEventListener("change", () => {
      const q = named.find((item) => item.name === select.value);
      if (!q) return;
      yasqe.setValue(q.example_sparql);
      const filled = q.params.filter((p) => p.example && !p.optional).map((p) => "?" + p.name + " = " + p.example);
      document.getElementById("description").textContent = q.description +
        (filled.length ? " " + box.dataset.paramsNote + ": " + filled.join(", ") + "." : "");
      tab.query();
    });
  });

  // Result IRIs → names linking to entity pages (asked once per IRI).
  const labels = new Map();
  async function name(root) {
    const links = [...root.querySelectorAll("a.iri:not([data-named])")];
    const missing = [...new Set(links.map((a) => a.href))].filter((iri) => !labels.has(iri));
    for (let i = 0; i < missing.length; i += 200) {
      const params = new URLSearchParams({ lang });
      missing.slice(i, i + 200).forEach((iri) => params.append("iri", iri));
      const answer = await fetch(box.dataset.labels + "?" + params);
      const found = answer.ok ? await answer.json() : {};
      missing.slice(i, i + 200).forEach((iri) => labels.set(iri, found[iri] || null));
    }
    for (const a of links) {
      a.dataset.named = "true";
      const known = labels.get(a.href);
      if (!known) continue;
      a.title = a.href;
      a.textContent = known.label;
      a.href = known.url;
      a.removeAttribute("target");
      a.classList.add("keino-label");
      // A name is not an IRI: drop the angle brackets YASR writes around the link.
      for (const side of [a.previousSibling, a.nextSibling]) {
        if (side && side.nodeType === Node.TEXT_NODE && /^\s*[<>]\s*$/.test(side.textContent)) {
          side.textContent = "";
        }
      }
    }
  }
  // Names for YASGUI's unlabelled controls; a tab list without tabs is no tab list.
  function repair(root) {
    const named = (selector, label) => root.querySelectorAll(selector).forEach((el) => {
      if (!el.getAttribute("aria-label")) el.setAttribute("aria-label", label);
    });
    named(".CodeMirror textarea", box.dataset.queryLabel);
    named("select.tableSizer", box.dataset.rowsLabel);
    named(".tableFilter, input[type=search]", box.dataset.filterLabel);
    // A tab list holds tabs only: the "add a tab" button goes beside it.
    root.querySelectorAll("[role=tablist]").forEach((list) => {
      const add = list.querySelector(":scope > [role=presentation] > button.addTab");
      if (add) list.after(add.parentElement);
    });
    // The editor's scroll area takes the keyboard focus, so it can be scrolled without a mouse.
    root.querySelectorAll(".CodeMirror-scroll[tabindex='-1']").forEach((el) => { el.tabIndex = 0; });
  }
  // YASGUI 4.6.2 writes a few control texts in English only; a Finnish page gets them
  // in Finnish. Only whole texts that match exactly are replaced, inside the editor box.
  const FINNISH = new Map([
    ["Table", "Taulukko"], ["Response", "Vastaus"], ["Simple view", "Yksinkertainen näkymä"],
    ["Ellipse", "Lyhennä"], ["Filter query results", "Suodata tuloksia"], ["Show all", "Näytä kaikki"],
    // a view button's name holds its visible text, as it does in English
    ["Shows Table view", "Näkymä: Taulukko"], ["Shows Response view", "Näkymä: Vastaus"],
  ]);
  function translate(root) {
    if (lang !== "fi") return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const said = FINNISH.get(text.textContent.trim());
      if (said) text.textContent = text.textContent.replace(text.textContent.trim(), said);
    }
    for (const attr of ["aria-label", "title", "placeholder"]) {
      root.querySelectorAll("[" + attr + "]").forEach((el) => {
        const said = FINNISH.get(el.getAttribute(attr).trim());
        if (said) el.setAttribute(attr, said);
      });
    }
  }
  const yasr = tab.getYasr();
  let pending = null;
  new MutationObserver(() => {
    clearTimeout(pending);
    pending = setTimeout(() => { repair(box); translate(box); name(yasr.rootEl); }, 30);
  }).observe(box, { childList: true, subtree: true });
  repair(box);
  translate(box);

  if (start.query) tab.query(); // a permalink opens with its answer
  window.keinoYasgui = yasgui; // for the browser tests and the console
})();
