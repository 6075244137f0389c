// KEINO explorer: progressive enhancement only; every page works without it.
// Redraw the neighbourhood as soon as the depth changes.
document.addEventListener("DOMContentLoaded", () => {
  const depth = document.querySelector("form.inline select#depth");
  if (depth) depth.addEventListener("change", () => depth.form.submit());
});
