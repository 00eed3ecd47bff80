// bk-pin: the on-screen digits of the operator PIN form, for touch screens
// without a keyboard. The digits type into the password field; how many are
// typed is announced politely (never which). Without this script the field
// takes a keyboard as usual.
(function () {
  "use strict";

  function initPin(form) {
    var input = form.querySelector(".bk-pin__input");
    var pad = form.querySelector(".bk-pin__pad");
    var status = form.querySelector(".bk-pin__status");
    if (!input || !pad) {
      return;
    }
    pad.hidden = false;
    function announce() {
      if (status) {
        status.textContent = (status.getAttribute("data-typed") || "%d").replace("%d", String(input.value.length));
      }
    }
    pad.addEventListener("click", function (event) {
      var key = event.target.closest(".bk-pin__key");
      if (!key) {
        return;
      }
      if (key.hasAttribute("data-digit")) {
        input.value += key.getAttribute("data-digit");
      } else if (key.hasAttribute("data-back")) {
        input.value = input.value.slice(0, -1);
      } else if (key.hasAttribute("data-clear")) {
        input.value = "";
      }
      announce();
    });
  }

  function start() {
    var forms = document.querySelectorAll('[data-module="bk-pin"]');
    for (var i = 0; i < forms.length; i++) {
      initPin(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
