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
    const values = data.getAll(name);
    const given = values.filter((value) => value !== "");
    if (given.length < values.length) {
      // A picker's box left empty beside its chosen records: the records only.
      data.delete(name);
      given.forEach((value) => data.append(name, value));
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
