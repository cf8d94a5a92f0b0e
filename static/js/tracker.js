// Progressive enhancement only: every page works without this file.
"use strict";

// A filter form sends every field, filled or not; drop the empty ones so that the
// URL htmx pushes (and a reader bookmarks or shares) names only the filters in use.
document.addEventListener("htmx:configRequest", (event) => {
  const data = event.detail.formData;
  if (!data || event.detail.verb !== "get") {
    return;
  }
  for (const name of new Set(data.keys())) {
    if (data.getAll(name).every((value) => value === "")) {
      data.delete(name);
    }
  }
});

// After a page load or an htmx swap, move focus where the page asks: to the summary of
// a submission's errors, or to the record just decided, so that keyboard and screen-reader
// users carry on from there instead of from the top of the page.
function focusRequested() {
  const target = document.querySelector("[data-focus-first]");
  if (target) {
    target.focus();
  }
}
document.addEventListener("DOMContentLoaded", focusRequested);
document.addEventListener("htmx:afterSettle", focusRequested);
