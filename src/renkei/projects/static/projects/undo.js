// The undo of a shop-floor tap counts its seconds down; at zero the button is disabled, as the
// server would refuse it then anyway. Without JavaScript the button shows the seconds left when
// the page was drawn and works the same.
(function () {
  "use strict";
  var button = document.getElementById("undo-button");
  if (!button) {
    return;
  }
  var deadline = Date.now() + Number(button.dataset.seconds || "0") * 1000;
  function tick() {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) {
      button.disabled = true;
      button.textContent = button.dataset.expired;
      return;
    }
    button.textContent = button.dataset.label.replace("{s}", String(left));
    window.setTimeout(tick, 1000);
  }
  tick();
})();
