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
