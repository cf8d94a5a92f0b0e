// Progressive enhancement only: without this file the list filters' record boxes (a
// meeting, an organisation, a place, a person) take a name or slug as typed. With it,
// each offers the records matching what is typed, read from the box's `data-pick`
// address (a read-only list of {slug, label}) into a <datalist>: picking one puts its
// slug in the box.
"use strict";

const PICK_DELAY_MS = 250;

function enhancePicker(input) {
  const list = document.createElement("datalist");
  list.id = `${input.id}-picks`;
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  let timer;
  let pending;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(async () => {
      pending?.abort();
      pending = new AbortController();
      const url = `${input.dataset.pick}?${new URLSearchParams({ q: text })}`;
      try {
        const response = await fetch(url, {
          signal: pending.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) {
          return; // the box still takes what is typed
        }
        const { results } = await response.json();
        list.replaceChildren(...results.map(({ slug, label }) => new Option(label, slug)));
      } catch (error) {
        if (error.name !== "AbortError") {
          throw error;
        }
      }
    }, PICK_DELAY_MS);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-pick]").forEach(enhancePicker);
});
