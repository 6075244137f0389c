"use strict";
const $ = (id) => document.getElementById(id);
const formats = ["csv", "tsv", "json", "xml", "turtle", "jsonld"];
let named = [];

async function loadExamples() {
  try {
    const answer = await fetch("/queries");
    named = await answer.json();
  } catch (error) {
    return;
  }
  for (const q of named) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name + " — " + q.summary;
    $("examples").append(option);
  }
}

function chooseExample() {
  const q = named.find((item) => item.name === $("examples").value);
  const link = $("named-link");
  if (!q) { link.hidden = true; $("description").textContent = ""; return; }
  $("query").value = q.sparql;
  const params = q.params.map((p) => "?" + p.name + (p.example ? " (e.g. " + p.example + ")" : ""));
  $("description").textContent = q.description +
    (params.length ? " Parameters: " + params.join(", ") + " — bind them with VALUES or use the link." : "");
  link.href = q.url;
  link.hidden = false;
}

function downloadLinks(query) {
  const box = $("downloads");
  box.textContent = "Download: ";
  for (const format of formats) {
    const a = document.createElement("a");
    a.className = "dl";
    a.href = "/sparql?" + new URLSearchParams({ query, format });
    a.textContent = format;
    a.download = "keino-query." + format;
    box.append(a);
  }
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    const local = "https://w3id.org/keino/id/";
    // Only web IRIs become links: a javascript: or data: IRI in the data stays text.
    if (term.value.startsWith(local)) a.href = "/id/" + term.value.slice(local.length);
    else if (/^https?:\/\//i.test(term.value)) a.href = term.value;
    else { td.textContent = term.value; return td; }
    a.textContent = term.value;
    td.append(a);
  } else {
    td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
  }
  return td;
}

function table(data) {
  const results = $("results");
  results.textContent = "";
  if ("boolean" in data) { results.textContent = "ASK: " + data.boolean; return 1; }
  const t = document.createElement("table");
  const head = t.insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.append(th);
  }
  for (const row of data.results.bindings) {
    const tr = t.insertRow();
    for (const v of data.head.vars) tr.append(cell(row[v]));
  }
  results.append(t);
  return data.results.bindings.length;
}

async function run() {
  const query = $("query").value;
  const status = $("status");
  status.className = "";
  status.textContent = "running…";
  $("results").textContent = "";
  const started = performance.now();
  const answer = await fetch("/sparql", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "Accept": "application/sparql-results+json, text/turtle;q=0.9",
    },
    body: new URLSearchParams({ query }),
  });
  const took = Math.round(performance.now() - started);
  downloadLinks(query);
  if (!answer.ok) {
    status.className = "error";
    status.textContent = answer.status + ": " + await answer.text();
    return;
  }
  if ((answer.headers.get("content-type") || "").startsWith("application/sparql-results+json")) {
    const rows = table(await answer.json());
    status.textContent = rows + " row(s) in " + took + " ms";
  } else {
    const pre = document.createElement("pre");
    pre.textContent = await answer.text();
    $("results").append(pre);
    status.textContent = "RDF in " + took + " ms";
  }
}

$("run").addEventListener("click", run);
$("examples").addEventListener("change", chooseExample);
$("query").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
});
loadExamples();
