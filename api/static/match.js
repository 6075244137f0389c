// KEINO explorer: the match form's CPV picker. Without JavaScript the field
// takes a typed code and the tree's divisions are plain links.
"use strict";

(function () {
  const input = document.getElementById("cpv");
  const list = document.getElementById("cpv-suggestions");
  const chosen = document.getElementById("cpv-chosen");
  if (!input || !list) return;
  const src = input.dataset.src;
  const lang = input.dataset.lang;
  let timer = null;
  let active = -1;

  async function cpv(params) {
    const answer = await fetch(src + "?" + new URLSearchParams({ ...params, lang }));
    return answer.ok ? answer.json() : [];
  }

  function pick(entry) {
    input.value = entry.code;
    chosen.textContent = entry.code + " " + entry.label;
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function show(entries) {
    list.textContent = "";
    active = -1;
    entries.forEach((entry, i) => {
      const li = document.createElement("li");
      li.id = "cpv-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.code = entry.code;
      li.append(document.createTextNode(entry.code + " " + entry.label));
      if (entry.path.length) {
        const path = document.createElement("span");
        path.className = "path";
        path.textContent = entry.path.join(" › ");
        li.append(path);
      }
      li.addEventListener("mousedown", (event) => { event.preventDefault(); pick(entry); });
      list.append(li);
    });
    list.hidden = entries.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    list._entries = entries;
  }

  function move(step) {
    const items = list.querySelectorAll("li");
    if (!items.length) return;
    if (active >= 0) items[active].setAttribute("aria-selected", "false");
    active = (active + step + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    items[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", "cpv-suggestions");
  input.setAttribute("aria-expanded", "false");
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { show([]); return; }
    timer = setTimeout(async () => show(await cpv({ q })), 150);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); pick(list._entries[active]); }
    else if (event.key === "Escape") { list.hidden = true; }
  });
  input.addEventListener("blur", () => { list.hidden = true; });

  // The tree: each code can open its narrower codes; choosing one fills the field.
  function branch(entry) {
    const li = document.createElement("li");
    if (entry.children) li.append(expander(entry.code, entry.label));
    const choose = document.createElement("a");
    choose.href = "#cpv";
    choose.dataset.code = entry.code;
    choose.textContent = entry.code + " " + entry.label;
    choose.addEventListener("click", (event) => { event.preventDefault(); pick(entry); input.focus(); });
    li.append(choose);
    return li;
  }

  function expander(code, label) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "expand";
    button.textContent = "+";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", label);
    button.addEventListener("click", async () => {
      const li = button.parentElement;
      const open = li.querySelector(":scope > ul");
      if (open) { open.remove(); button.textContent = "+"; button.setAttribute("aria-expanded", "false"); return; }
      const ul = document.createElement("ul");
      for (const entry of await cpv({ parent: code })) ul.append(branch(entry));
      li.append(ul);
      button.textContent = "−";
      button.setAttribute("aria-expanded", "true");
    });
    return button;
  }

  document.querySelectorAll("#cpv-tree ul.tree > li").forEach(async (li) => {
    const link = li.querySelector("a[data-code]");
    li.replaceChildren(branch({ code: link.dataset.code, label: link.textContent.slice(9), children: true }));
  });
})();
