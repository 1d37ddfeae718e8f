// The person menu in the header is a <details>: it opens and closes without any script. This
// only closes it when a tap or a click lands elsewhere, or on Escape, as a menu is expected to.
// A static file, because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  function openMenus() {
    return document.querySelectorAll("details.person-menu[open]");
  }
  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openMenus().forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    });
  });
})();
