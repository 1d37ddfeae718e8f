// The inquiry window: one click sends the form once; a second click while it is on its way
// does nothing ("Add another part" may be pressed as often as one likes).
"use strict";
(function () {
  var form = document.getElementById("inquiry-form");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    if (event.submitter && event.submitter.name !== "add_line") { form.dataset.sent = "1"; }
  });
})();
