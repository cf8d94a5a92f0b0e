// Progressive enhancement only: without this file the record boxes (a meeting, an
// organisation, a place, a person) take a name or slug as typed, several separated by
// semicolons where the box takes "any of these". With it, each offers the records
// matching what is typed, read from the box's `data-pick` address (a read-only list of
// {slug, label}) into a <datalist>: picking one puts its slug in the box. A box of
// several (`data-pick-many`) shows each record chosen as a token beside it instead, with
// a button to remove it, and sends one hidden field per slug (the parameter repeated).
"use strict";

const PICK_DELAY_MS = 250;

// The form notices a token added or removed as it notices a field changed: the filters'
// form then updates the list (htmx listens for "change").
function changed(input) {
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

// Tokens beside a box of several records; returns what to do with a record picked.
function tokensFor(input) {
  const tokens = document.createElement("ul");
  tokens.className = "tokens";
  const name = input.labels[0]?.textContent.trim() ?? input.name;
  tokens.setAttribute("aria-label", `${name}: chosen`);
  input.before(tokens);

  function add({ slug, label }) {
    const kept = tokens.querySelectorAll("input[type=hidden]");
    if ([...kept].some((hidden) => hidden.value === slug)) {
      return;
    }
    const token = document.createElement("li");
    const hidden = Object.assign(document.createElement("input"), {
      type: "hidden",
      name: input.name,
      value: slug,
    });
    const remove = Object.assign(document.createElement("button"), {
      type: "button",
      textContent: "×",
    });
    remove.setAttribute("aria-label", `Remove ${label}`);
    remove.addEventListener("click", () => {
      token.remove();
      input.focus();
      changed(input);
    });
    token.append(label, " ", remove, hidden);
    tokens.append(token);
  }

  // The records the server read from the address; the box is left for one more.
  if (input.dataset.chosen) {
    JSON.parse(input.dataset.chosen).forEach(add);
    input.value = "";
  }
  return (choice) => {
    add(choice);
    input.value = "";
    changed(input);
  };
}

function enhancePicker(input) {
  const list = document.createElement("datalist");
  list.id = `${input.id}-picks`;
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  const pick = "pickMany" in input.dataset ? tokensFor(input) : null;
  let timer;
  let pending;
  let offered = [];
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    // A browser puts the slug of the option picked in the box.
    const choice = offered.find(({ slug }) => slug === text);
    if (choice && pick) {
      list.replaceChildren();
      offered = [];
      pick(choice);
      return;
    }
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
        offered = (await response.json()).results;
        list.replaceChildren(...offered.map(({ slug, label }) => new Option(label, slug)));
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
