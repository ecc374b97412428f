// Behaviour shared by every page. The Content-Security-Policy allows no inline script and no
// eval, so htmx `hx-on` attributes cannot be used: their handlers live here instead.
(function () {
  "use strict";
  // A tree toggle (organisation tree, document cascade) that has loaded its branch is open.
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.matches && elt.matches("button.toggle[aria-controls]") && event.detail.successful) {
      elt.setAttribute("aria-expanded", "true");
    }
  });
})();
