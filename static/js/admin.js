// Every admin page (templates/admin/base_site.html). The autocomplete boxes Django's
// autocomplete_fields draw (select2) are a combobox beside the <select> they stand for,
// named after nothing: the field's <label> points at the hidden select. So a screen
// reader announced "combobox" without saying which field it was, and axe-core reported
// each box. Here each box is named after its field: the select's aria-label (a tabular
// inline's cell, which has no <label>: TabularInline in summits/admin.py) or its label.
// Select2 draws boxes when the page loads and when an inline row is added, and redraws a
// multiple box's contents on every change, so the document is watched rather than one
// moment hooked.
"use strict";
{
  function fieldName(select) {
    const label = select.labels[0];
    const text = select.getAttribute("aria-label") || (label ? label.textContent : "");
    return text.replace(/:\s*$/, "").trim();
  }

  // Only if it differs: the watcher below would otherwise see its own writes forever.
  function set(element, attribute, value) {
    if (element && element.getAttribute(attribute) !== value) {
      element.setAttribute(attribute, value);
    }
  }

  function nameBoxes() {
    for (const select of document.querySelectorAll("select.select2-hidden-accessible")) {
      const box = select.nextElementSibling;
      if (!select.id || !box || !box.classList.contains("select2")) {
        continue;
      }
      const nameId = `${select.id}-name`;
      if (!document.getElementById(nameId)) {
        const name = document.createElement("span");
        name.id = nameId;
        name.hidden = true;
        name.textContent = fieldName(select);
        box.append(name);
      }
      const single = box.querySelector(".select2-selection--single");
      if (single) {
        // The field's name, then the record chosen (the box's text).
        const shown = single.querySelector(".select2-selection__rendered");
        set(single, "aria-labelledby", `${nameId} ${shown.id}`);
        set(shown, "aria-labelledby", nameId);
        continue;
      }
      set(box.querySelector(".select2-selection--multiple"), "aria-labelledby", nameId);
      set(box.querySelector(".select2-search__field"), "aria-labelledby", nameId);
      // "Remove all", a mouse-only cross drawn inside the list of records chosen (where
      // only list items belong); each record keeps its own cross, and Backspace works.
      for (const clear of box.querySelectorAll(".select2-selection__clear")) {
        set(clear, "aria-hidden", "true");
      }
    }
  }

  new MutationObserver(nameBoxes).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
}
