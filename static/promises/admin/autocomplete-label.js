"use strict";
// Django's autocomplete (select2) names its combobox only by the value chosen, so a screen
// reader hears a promise's text, or nothing, without the field's label (axe:
// aria-input-field-name). Once select2 has built its boxes, each is named by its field's
// <label> and then by what is chosen. Loaded by promises/admin/widgets.py after Django's
// autocomplete.js, whose ready handler builds the boxes before this one runs; a file of the
// site's own, as the admin's CSP requires.
django.jQuery(() => {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const container = select.nextElementSibling;
    const box = container && container.querySelector(".select2-selection");
    if (!label || !box) {
      continue;
    }
    if (!label.id) {
      label.id = `${select.id}-label`;
    }
    const shown = box.querySelector(".select2-selection__rendered");
    box.setAttribute("aria-labelledby", shown && shown.id ? `${label.id} ${shown.id}` : label.id);
    if (shown) {
      // select2 gives the chosen value the role of a text box, which then needs a name too.
      shown.setAttribute("aria-labelledby", label.id);
    }
  }
});
