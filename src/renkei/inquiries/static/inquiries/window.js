// The inquiry window: one click sends the form once; a second click while it is on its way
// does nothing ("Add another part" may be pressed as often as one likes).
//
// The back button: a browser that reloads the page instead of keeping it refills what was
// typed but not the hidden key (the server makes a new one), so "send" again would make a
// second inquiry. The key of a sent form is remembered for this tab, and put back when the
// browser has refilled the fields: the server then answers as for the first send (or 409 if
// the content was changed).
"use strict";
(function () {
  var form = document.getElementById("inquiry-form");
  if (!form) { return; }
  var key = form.querySelector('input[name="submission_key"]');
  var slot = "renkei-window-key:" + window.location.pathname;

  function refilled() {
    var fields = form.querySelectorAll("input[type=text], input[type=email], input[type=tel], textarea");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value !== fields[i].defaultValue) { return true; }
    }
    return false;
  }

  function restoreKey() {
    var sent = null;
    try { sent = window.sessionStorage.getItem(slot); } catch (e) { return; }
    if (sent && key && refilled()) { key.value = sent; }
  }

  // Browsers refill fields after the document is parsed; pageshow comes after that. A page
  // kept whole in the back/forward cache keeps its key and may be sent again (the server
  // knows the key), so it forgets that it was on its way.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { delete form.dataset.sent; }
    restoreKey();
  });

  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    if (event.submitter && event.submitter.name !== "add_line") {
      form.dataset.sent = "1";
      try { window.sessionStorage.setItem(slot, key ? key.value : ""); } catch (e) { /* private mode */ }
    }
  });
})();
