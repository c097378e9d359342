// Collapses the navigation menu behind a "Menu" button on narrow screens. Without JavaScript the menu
// simply stays open; no framework is needed for this.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".nav-toggle");
    var nav = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) {
      return;
    }
    document.documentElement.classList.add("has-nav-toggle");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("is-open", open);
    });
  });
})();
